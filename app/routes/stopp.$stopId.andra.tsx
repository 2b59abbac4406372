import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StopForm } from "~/components/stops/stop-form";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { stopFormOptions } from "~/domain/stops/form-options.server";
import { stopSchema } from "~/domain/stops/schemas";
import { getStop, updateStop } from "~/domain/stops/stops.server";
import { requirePlannerUser } from "~/session.server";
import { stockholmDate, stockholmTime } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ändra ${data?.title ?? "stopp"} – Rullar ut` }];

const text = (v: number | string | null) => (v === null ? "" : String(v));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  const db = getDb();
  const stop = await handleDomain(() => getStop(db, params.stopId!));
  const startDate = stockholmDate(stop.startsAt);
  const endDate = stockholmDate(stop.endsAt);
  return {
    id: stop.id,
    title: stop.title,
    options: stopFormOptions(db),
    map: mapViewProps(db),
    defaults: {
      tourId: stop.tourId,
      title: stop.title,
      kind: stop.kind,
      status: stop.status,
      areaId: stop.areaId ?? "",
      organizationId: stop.organizationId ?? "",
      venueName: stop.venueName ?? "",
      venueAddress: stop.venueAddress ?? "",
      lat: String(stop.lat).replace(".", ","),
      lng: String(stop.lng).replace(".", ","),
      startDate,
      startTime: stockholmTime(stop.startsAt),
      endDate: endDate === startDate ? "" : endDate,
      endTime: stockholmTime(stop.endsAt),
      publicDescription: stop.publicDescription ?? "",
      internalNotes: stop.internalNotes ?? "",
      expectedVisitors: text(stop.expectedVisitors),
      actualVisitors: text(stop.actualVisitors),
      summary: stop.summary ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const submission = parseWithZod(await request.formData(), { schema: stopSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    updateStop(getDb(), actor, params.stopId!, submission.value, { origin: appOrigin(request) });
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/stopp/${params.stopId}?sparat=1`);
}

export default function EditStopPage() {
  const { id, title, options, defaults, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to={`/stopp/${id}`}>{title}</Link>
      </p>
      <h1>Ändra stopp</h1>
      <StopForm id={`edit-stop-${id}`} map={map} options={options} defaultValue={defaults} lastResult={actionData?.result} submitLabel="Spara ändringar" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
