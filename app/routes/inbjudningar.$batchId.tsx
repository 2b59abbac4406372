import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { Conflict } from "~/domain/errors";
import { getBoard, resendInvitation, revokeInvitation } from "~/domain/invitations/invitations.server";
import { BOARD_STATE_LABELS, BOARD_STATES, INVITATION_KIND_LABELS, organizationCount, type BoardState } from "~/domain/invitations/labels";
import { requirePlannerUser } from "~/session.server";
import { formatIsoDate, formatPeriod, stockholmDate, stockholmTime } from "~/utils/dates";
import { handleDomain, domainStatus } from "~/utils/http.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "Inbjudningar: översikt – Rullar ut" }];

const when = (d: Date | null) => (d ? `${stockholmDate(d)} ${stockholmTime(d)}` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const url = new URL(request.url);
  const filter = BOARD_STATES.find((s) => s === url.searchParams.get("status")) ?? null;
  const board = await handleDomain(() => getBoard(getDb(), actor, params.batchId!));
  const counts = Object.fromEntries(BOARD_STATES.map((s) => [s, board.rows.filter((r) => r.state === s).length])) as Record<BoardState, number>;
  return {
    filter,
    counts,
    sentCount: url.searchParams.get("skickat"),
    batch: {
      id: board.batch.id,
      kind: board.batch.kind,
      subject: board.batch.subject,
      tourId: board.batch.tourId,
      deadline: formatIsoDate(board.batch.deadline),
      tourName: board.tourName,
      stop: board.stopTitle && board.stopStartsAt && board.stopEndsAt ? `${board.stopTitle}, ${formatPeriod(board.stopStartsAt, board.stopEndsAt)}` : null,
      times: board.times.map((t) => formatPeriod(t.startsAt, t.endsAt)),
    },
    rows: board.rows
      .filter((r) => !filter || r.state === filter)
      .map((r) => ({
        id: r.id,
        organizationName: r.organizationName,
        emails: r.emails,
        state: r.state,
        sentAt: when(r.sentAt),
        openedAt: when(r.openedAt),
        respondedAt: when(r.respondedAt),
        revokedAt: when(r.revokedAt),
        stopId: r.stopId && board.batch.kind === "visit_offer" ? r.stopId : null,
        chosenTime: r.chosenTime ? formatPeriod(r.chosenTime.startsAt, r.chosenTime.endsAt) : null,
        reply: r.reply
          ? {
              suggestedTime: r.reply.suggestedTime,
              wanted: [...r.reply.advisorFunctions.map((c) => board.names.functions[c] ?? c), ...r.reply.answerGroups.map((c) => board.names.groups[c] ?? c)],
              attendees: r.reply.attendees,
              message: r.reply.message,
              contact: [r.reply.contactName, r.reply.contactPhone].filter(Boolean).join(", "),
            }
          : null,
      })),
  };
}

const actionSchema = z.object({ intent: z.enum(["revoke", "resend"]), invitationId: z.string().min(1) });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: "Ogiltig begäran.", ok: false }, { status: 400 });
  const { intent, invitationId } = parsed.data;
  try {
    return await handleDomain(() => {
      if (intent === "revoke") {
        revokeInvitation(getDb(), actor, params.batchId!, invitationId);
        return { message: "Inbjudan är återkallad. Länken fungerar inte längre.", ok: true };
      }
      const n = resendInvitation(getDb(), actor, params.batchId!, invitationId, { origin: appOrigin(request) });
      return { message: `Inbjudan skickades igen till ${n} ${n === 1 ? "adress" : "adresser"} med en ny länk.`, ok: true };
    });
  } catch (error) {
    if (error instanceof Response && error.status === 409) return data({ message: await error.text(), ok: false }, { status: 409 });
    if (error instanceof Conflict) return data({ message: error.message, ok: false }, { status: domainStatus(error, "form") });
    throw error;
  }
}

export default function InvitationBoardPage() {
  const { batch, rows, counts, filter, sentCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container">
      <p className="breadcrumb">
        <Link to={`/inbjudningar?turne=${encodeURIComponent(batch.tourId)}`}>Inbjudningar</Link>
      </p>
      <h1>{batch.subject}</h1>
      <p className="muted">
        {INVITATION_KIND_LABELS[batch.kind]} · {batch.tourName} · sista svarsdag {batch.deadline}
      </p>
      {batch.stop ? <p>{batch.stop}</p> : null}
      {batch.times.length ? <p>Föreslagna tider: {batch.times.join("; ")}</p> : null}
      {sentCount ? (
        <ResultMessage className="notice notice--success">
          Inbjudan skickades till {organizationCount(Number(sentCount))}.{counts.draft ? ` ${counts.draft} saknar e-postadress och står kvar som utkast.` : ""}
        </ResultMessage>
      ) : null}
      {actionData ? (
        <p className={`notice ${actionData.ok ? "notice--success" : "notice--warning"}`} role={actionData.ok ? "status" : "alert"}>
          {actionData.message}
        </p>
      ) : null}
      <nav aria-label="Filtrera på status" className="invitation-filter">
        <ul>
          <li>
            <Link to="?" aria-current={!filter ? "page" : undefined}>
              alla ({Object.values(counts).reduce((a, b) => a + b, 0)})
            </Link>
          </li>
          {BOARD_STATES.filter((s) => counts[s] > 0).map((s) => (
            <li key={s}>
              <Link to={`?status=${s}`} aria-current={filter === s ? "page" : undefined}>
                {BOARD_STATE_LABELS[s]} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="table-wrap">
        <table className="table invitation-board">
          <caption className="visually-hidden">Inbjudna organisationer och deras svar</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Status</th>
              <th scope="col">Datum</th>
              <th scope="col">Svar</th>
              <th scope="col">Åtgärder</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`invitation-${r.id}`}>
                <th scope="row">
                  {r.organizationName}
                  {r.emails === 0 ? <span className="muted"> (saknar e-post)</span> : null}
                </th>
                <td>
                  <span className={`invitation-state invitation-state--${r.state}`}>{BOARD_STATE_LABELS[r.state]}</span>
                </td>
                <td className="invitation-dates">
                  {r.sentAt ? <span>Skickad {r.sentAt}</span> : null}
                  {r.openedAt ? <span>Öppnad {r.openedAt}</span> : null}
                  {r.respondedAt ? <span>Svar {r.respondedAt}</span> : null}
                  {r.revokedAt ? <span>Återkallad {r.revokedAt}</span> : null}
                </td>
                <td>
                  {r.chosenTime ? <p>Vald tid: {r.chosenTime}</p> : null}
                  {r.reply?.suggestedTime ? <p>Föreslagen tid: {r.reply.suggestedTime}</p> : null}
                  {r.reply?.wanted.length ? <p>Önskar: {r.reply.wanted.join(", ")}</p> : null}
                  {r.reply?.attendees ? <p>Deltagare: {r.reply.attendees}</p> : null}
                  {r.reply?.message ? <p>Meddelande: {r.reply.message}</p> : null}
                  {r.reply?.contact ? <p>Kontakt: {r.reply.contact}</p> : null}
                  {r.stopId ? (
                    <p>
                      <Link to={`/stopp/${r.stopId}`}>Visa stoppet</Link>
                    </p>
                  ) : null}
                </td>
                <td>
                  <div className="button-row">
                    {r.state !== "accepted" && r.state !== "declined" && r.emails > 0 ? (
                      <Form method="post">
                        <input type="hidden" name="invitationId" value={r.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="resend"
                          className="button button--secondary"
                          aria-label={`Skicka igen till ${r.organizationName}`}
                        >
                          Skicka igen
                        </button>
                      </Form>
                    ) : null}
                    {r.state !== "revoked" && r.state !== "draft" ? (
                      <Form method="post">
                        <input type="hidden" name="invitationId" value={r.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="revoke"
                          className="button button--secondary"
                          aria-label={`Återkalla inbjudan till ${r.organizationName}`}
                        >
                          Återkalla
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
