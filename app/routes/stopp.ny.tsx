import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { StopForm } from "~/components/stops/stop-form";
import { getDb } from "~/db.server";
import { DomainError, Forbidden } from "~/domain/errors";
import { mapViewProps } from "~/domain/map/map-view.server";
import { stopProposal } from "~/domain/priorities/priorities.server";
import { stopFormOptions } from "~/domain/stops/form-options.server";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { requirePlannerUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { isIsoDate } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Nytt stopp – Rullar ut" }];

/**
 * "Föreslå stopp" on /prioriteringar links here with ?forslag=1: the form is filled in with a visit
 * to the area (stopProposal) and nothing is saved until the tour leader picks the date and saves
 * (issue 13, point 6a). An area or tour that can no longer get stops is said so, over a plain form.
 */
function readProposal(...args: Parameters<typeof stopProposal>) {
  try {
    const p = stopProposal(...args);
    return { areaName: p.areaName, defaults: p.defaults, error: null };
  } catch (error) {
    if (error instanceof DomainError && !(error instanceof Forbidden)) return { areaName: null, defaults: {}, error: error.message };
    throw error;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const options = stopFormOptions(db);
  const date = url.searchParams.get("datum");
  const tourId = chosenTourId(db, actor, url.searchParams) ?? options.tours[0]?.id ?? "";
  const areaId = url.searchParams.get("omrade") ?? "";
  const proposal = url.searchParams.get("forslag") === "1" && areaId && tourId ? readProposal(db, actor, { areaId, tourId }) : null;
  return {
    options,
    map: mapViewProps(db),
    proposal: proposal ? { areaName: proposal.areaName, error: proposal.error, tourId } : null,
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
      ...proposal?.defaults,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
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
  const { options, defaults, map, proposal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        {proposal ? <Link to={`/prioriteringar?turne=${proposal.tourId}`}>Var ska vi åka?</Link> : <Link to="/turneer">Turnéer</Link>}
      </p>
      <h1>Nytt stopp</h1>
      {proposal?.areaName ? (
        <p role="status" className="notice">
          Förslag: besök i {proposal.areaName}. Kontrollera uppgifterna, välj datum och tid och spara stoppet. Inget är sparat än.
        </p>
      ) : null}
      {proposal?.error ? (
        <p role="alert" className="notice notice--warning">
          Förslaget kunde inte fyllas i: {proposal.error}
        </p>
      ) : null}
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
