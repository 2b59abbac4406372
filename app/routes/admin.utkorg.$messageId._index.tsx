import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { OUTBOX_STATUS_LABELS, linkifyText, outboxKindLabel } from "~/domain/email/labels";
import { getOutboxMessage, retryMessage } from "~/domain/email/outbox-admin.server";
import { requireRole } from "~/session.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { handleDomain } from "~/utils/http.server";
import { SubmitButton } from "~/components/forms";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.message.subject ?? "Meddelande"} – Utkorg – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  return handleDomain(() => ({ message: getOutboxMessage(getDb(), actor, params.messageId!) }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const form = await request.formData();
  if (form.get("intent") !== "retry") throw new Response("Okänd åtgärd", { status: 400 });
  await handleDomain(() => retryMessage(getDb(), actor, params.messageId!));
  throw redirect(`/admin/utkorg/${params.messageId}?igen=1`);
}

function size(bytes: number): string {
  return bytes < 1024 ? `${formatNumber(bytes)} byte` : `${formatNumber(Math.round(bytes / 1024))} kB`;
}

export default function OutboxMessagePage() {
  const { message } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const canRetry = message.status === "failed" || message.status === "bounced";
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/admin/utkorg">Utkorg</Link>
      </p>
      <h1 className="outbox-subject">{message.subject}</h1>
      <div>{searchParams.has("igen") ? <ResultMessage className="notice">Meddelandet ligger i kö och skickas igen.</ResultMessage> : null}</div>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`outbox-status outbox-status--${message.status}`}>{OUTBOX_STATUS_LABELS[message.status]}</span>
        </dd>
        <dt>Till</dt>
        <dd className="outbox-address">{message.toAddress}</dd>
        <dt>Typ</dt>
        <dd>{outboxKindLabel(message.kind)}</dd>
        <dt>Skapat</dt>
        <dd>{formatDateTime(message.createdAt)}</dd>
        {message.sentAt ? (
          <>
            <dt>Skickat</dt>
            <dd>{formatDateTime(message.sentAt)}</dd>
          </>
        ) : message.status === "pending" && message.attempts > 0 ? (
          <>
            <dt>Nästa försök</dt>
            <dd>{formatDateTime(message.nextAttemptAt)}</dd>
          </>
        ) : null}
        <dt>Försök</dt>
        <dd>{message.attempts}</dd>
        {message.lastError ? (
          <>
            <dt>Senaste fel</dt>
            <dd className="outbox-error">{message.lastError}</dd>
          </>
        ) : null}
      </dl>
      {canRetry ? (
        <Form method="post" className="outbox-retry">
          <SubmitButton name="intent" value="retry" className="button" busy={navigation.state === "submitting"}>
            Försök igen
          </SubmitButton>
        </Form>
      ) : null}
      <section className="card" aria-labelledby="outbox-body-heading">
        <h2 id="outbox-body-heading">Meddelandet</h2>
        <div className="outbox-body">
          {linkifyText(message.textBody).map((part, i) =>
            part.type === "link" ? (
              <a key={i} href={part.value} rel="noopener noreferrer">
                {part.value}
              </a>
            ) : (
              <span key={i}>{part.value}</span>
            ),
          )}
        </div>
        {message.htmlBody ? <p className="hint">Meddelandet skickas också som HTML; här visas textversionen.</p> : null}
      </section>
      {message.attachments.length ? (
        <section className="card" aria-labelledby="outbox-attachments-heading">
          <h2 id="outbox-attachments-heading">Bilagor</h2>
          <ul>
            {message.attachments.map((a) => (
              <li key={a.index}>
                <a href={`/admin/utkorg/${message.id}/bilaga/${a.index}`} download={a.filename}>
                  {a.filename}
                </a>{" "}
                <span className="muted">
                  ({a.contentType}, {size(a.size)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
