import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NeedsForm, type NeedsFormRole } from "~/components/staffing/needs-form";
import { getDb } from "~/db.server";
import { Conflict } from "~/domain/errors";
import { activeRoleKeys, needsWithFill, roleLabels, setStopNeeds } from "~/domain/staffing/staffing.server";
import { needFieldName, stopNeedsSchema } from "~/domain/stops/schemas";
import { getStop, stopHasInvitation } from "~/domain/stops/stops.server";
import { requirePlannerUser } from "~/session.server";
import { formatPeriod } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Behov för ${data?.stop.title ?? "stopp"} – Rullar ut` }];

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The roles of active answer groups and advisor functions, and any deactivated one the stop still needs. */
function offeredRoles(db: ReturnType<typeof getDb>, stopId: string) {
  const active = activeRoleKeys(db);
  const needed = new Set(
    needsWithFill(db, stopId)
      .filter((n) => n.count > 0)
      .map((n) => n.key as string),
  );
  return [...roleLabels(db)].filter(([key]) => active.has(key) || needed.has(key));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  const db = getDb();
  const stop = await handleDomain(() => getStop(db, params.stopId!));
  const fill = new Map(needsWithFill(db, stop.id).map((n) => [n.key as string, n]));
  const roles: NeedsFormRole[] = offeredRoles(db, stop.id).map(([key, label]) => ({
    key,
    field: needFieldName(key),
    label: capitalize(label),
    kind: key.startsWith("f:") ? "function" : "group",
    count: fill.get(key)?.count ?? 0,
    filled: fill.get(key)?.filled ?? 0,
  }));
  return {
    stop: { id: stop.id, title: stop.title, period: formatPeriod(stop.startsAt, stop.endsAt) },
    roles,
    fromInvitation: stopHasInvitation(db, stop.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const db = getDb();
  const keys = offeredRoles(db, params.stopId!).map(([key]) => key);
  const submission = parseWithZod(await request.formData(), { schema: stopNeedsSchema(keys) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    setStopNeeds(db, actor, params.stopId!, submission.value);
  } catch (error) {
    // The verb names the field by role key ("f:consumer"); the form's field is "f_consumer".
    const mapped = error instanceof Conflict && error.field ? new Conflict(error.message, needFieldName(error.field)) : error;
    return replyWithDomainError(submission, mapped);
  }
  throw redirect(`/stopp/${params.stopId}?behov=1#bemanning`);
}

export default function StopNeedsPage() {
  const { stop, roles, fromInvitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to={`/stopp/${stop.id}`}>{stop.title}</Link>
      </p>
      <h1>Behov av personal</h1>
      <p>
        {stop.title}, {stop.period}
      </p>
      {fromInvitation ? (
        <p className="notice staffing-needs__source" role="note">
          Behoven kommer från byalagets svar. Du kan ändra dem här.
        </p>
      ) : null}
      <NeedsForm id={`needs-${stop.id}`} roles={roles} lastResult={actionData?.result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
