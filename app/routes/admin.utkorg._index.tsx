import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { OUTBOX_STATUSES } from "#db/enums";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, pageParam } from "~/components/pager";
import { getDb } from "~/db.server";
import { OUTBOX_STATUS_LABELS, outboxKindLabel, parseOutboxStatus } from "~/domain/email/labels";
import { listOutbox } from "~/domain/email/outbox-admin.server";
import { getEnv } from "~/env.server";
import { requireRole } from "~/session.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Utkorg – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const url = new URL(request.url);
  const status = parseOutboxStatus(url.searchParams.get("status"));
  return handleDomain(() => ({
    ...listOutbox(getDb(), actor, { status, page: pageParam(url) }),
    status: status ?? "",
    smtpConfigured: Boolean(getEnv().SMTP_URL),
  }));
}

export default function OutboxPage() {
  const { items, total, page, pageCount, status, smtpConfigured } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Utkorg</h1>
      </div>
      <p className={smtpConfigured ? "notice" : "warning"}>
        {smtpConfigured ? "Meddelanden skickas via e-postservern." : "Ingen e-postserver är inställd (SMTP_URL): meddelanden stannar här och kan öppnas nedan."}
      </p>
      <Form method="get" className="card filters" role="search" aria-label="Filtrera utkorgen">
        <div className="field">
          <label htmlFor="outbox-status">Status</label>
          <select id="outbox-status" name="status" defaultValue={status}>
            <option value="">Alla</option>
            {OUTBOX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {OUTBOX_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Visa
        </button>
        {status ? <Link to="/admin/utkorg">Visa alla</Link> : null}
      </Form>
      {items.length === 0 ? (
        <p className="outbox-empty">{status ? "Inga meddelanden med den statusen." : "Utkorgen är tom: inga meddelanden har skapats ännu."}</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="outbox-caption">
            <table className="table outbox-table">
              <caption id="outbox-caption">Meddelanden ({formatNumber(total)}), nyast först</caption>
              <thead>
                <tr>
                  <th scope="col">Ämne</th>
                  <th scope="col">Status</th>
                  <th scope="col">Typ</th>
                  <th scope="col">Mottagare</th>
                  <th scope="col">Skapat</th>
                  <th scope="col">Försök</th>
                  <th scope="col">Senaste fel</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link to={m.id}>{m.subject}</Link>
                    </th>
                    <td>
                      <span className={`outbox-status outbox-status--${m.status}`}>{OUTBOX_STATUS_LABELS[m.status]}</span>
                    </td>
                    <td>{outboxKindLabel(m.kind)}</td>
                    <td className="outbox-address">{m.toAddress}</td>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td>{m.attempts}</td>
                    <td className="outbox-error">{m.lastError ?? <span className="muted">–</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageCount={pageCount} label="Sidor i utkorgen" />
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
