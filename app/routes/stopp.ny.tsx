import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { StopForm } from "~/components/stops/stop-form";
import { getDb } from "~/db.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { stopFormOptions } from "~/domain/stops/form-options.server";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { currentTourId } from "~/domain/tours/tours.server";
import { requireRole } from "~/session.server";
import { isIsoDate, todayInStockholm } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Nytt stopp – Rullar ut" }];

const PLANNERS = ["admin", "tour_leader"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, PLANNERS);
  const db = getDb();
  const url = new URL(request.url);
  const options = stopFormOptions(db);
  const date = url.searchParams.get("datum");
  const tourId = url.searchParams.get("turne") ?? currentTourId(db, todayInStockholm()) ?? options.tours[0]?.id ?? "";
  const areaId = url.searchParams.get("omrade") ?? "";
  return {
    options,
    map: mapViewProps(db),
    defaults: {
      tourId,
      kind: "village_visit",
      status: "proposed",
      areaId,
      startDate: date && isIsoDate(date) ? date : "",
      startTime: "10:00",
      endTime: "14:00",
      lat: url.searchParams.get("lat") ?? "",
      lng: url.searchParams.get("lng") ?? "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, PLANNERS);
  const submission = parseWithZod(await request.formData(), { schema: stopSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let id: string;
  try {
    id = createStop(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/stopp/${id}?skapat=1`);
}

export default function NewStopPage() {
  const { options, defaults, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/turneer">Turnéer</Link>
      </p>
      <h1>Nytt stopp</h1>
      {options.tours.length === 0 ? (
        <p className="notice">
          Det finns ingen turné ännu. <Link to="/turneer/ny">Skapa en turné</Link> först.
        </p>
      ) : (
        <StopForm id="new-stop" map={map} options={options} defaultValue={defaults} lastResult={actionData?.result} submitLabel="Spara stoppet" />
      )}
    </div>
  );
}
