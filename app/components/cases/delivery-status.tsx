import { Form, useNavigation } from "@remix-run/react";
import { stockholmDate, stockholmTime } from "~/utils/dates";
import { SubmitButton } from "~/components/forms";

/** The case page's box for the delivery to the external case system (docs/decisions/017-case-delivery.md). */
export type DeliveryStatusProps = {
  delivery: {
    adapter: string;
    status: "pending" | "sending" | "delivered" | "failed";
    attempts: number;
    lastError: string | null;
    externalId: string | null;
    externalStatus: string | null;
    deliveredAt: Date | string | null;
  } | null;
  caseId: string;
  canRetry: boolean;
};

export const DELIVERY_STATUS_LABELS: Record<NonNullable<DeliveryStatusProps["delivery"]>["status"], string> = {
  pending: "Väntar på att skickas",
  sending: "Skickas",
  delivered: "Levererad",
  failed: "Leverans misslyckad",
};

const ADAPTER_LABELS: Record<string, string> = { open311: "Open311 (GeoReport v2)", webhook: "Webhook", none: "Inget" };
const EXTERNAL_STATUS_LABELS: Record<string, string> = { open: "Öppen", closed: "Avslutad" };

const when = (d: Date | string) => `${stockholmDate(d)} kl. ${stockholmTime(d)}`;

export function DeliveryStatus({ delivery, caseId, canRetry }: DeliveryStatusProps) {
  const navigation = useNavigation();
  const action = `/arenden/${caseId}/leverans`;
  const busy = navigation.state !== "idle" && navigation.formAction === action;
  return (
    <section className="cases-delivery card" aria-labelledby="cases-delivery-heading">
      <h2 id="cases-delivery-heading">Leverans till ärendesystemet</h2>
      {delivery === null ? (
        <p>Ärendet skickas inte till något externt system: Rullar uts ärendelista är ärendesystemet.</p>
      ) : (
        <>
          <dl className="cases-delivery__facts">
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`cases-delivery__status cases-delivery__status--${delivery.status}`}>
                  <span aria-hidden="true">{delivery.status === "failed" ? "⚠ " : delivery.status === "delivered" ? "✓ " : "… "}</span>
                  {DELIVERY_STATUS_LABELS[delivery.status]}
                </span>
              </dd>
            </div>
            <div>
              <dt>System</dt>
              <dd>{ADAPTER_LABELS[delivery.adapter] ?? delivery.adapter}</dd>
            </div>
            <div>
              <dt>Försök</dt>
              <dd>{delivery.attempts}</dd>
            </div>
            {delivery.deliveredAt ? (
              <div>
                <dt>Levererad</dt>
                <dd>{when(delivery.deliveredAt)}</dd>
              </div>
            ) : null}
            {delivery.externalId ? (
              <div>
                <dt>Id i ärendesystemet</dt>
                <dd>{delivery.externalId}</dd>
              </div>
            ) : null}
            {delivery.externalStatus ? (
              <div>
                <dt>Status i ärendesystemet</dt>
                <dd>{EXTERNAL_STATUS_LABELS[delivery.externalStatus] ?? delivery.externalStatus}</dd>
              </div>
            ) : null}
            {delivery.lastError && delivery.status !== "delivered" ? (
              <div>
                <dt>Senaste fel</dt>
                <dd className="cases-delivery__error">{delivery.lastError}</dd>
              </div>
            ) : null}
          </dl>
          {delivery.status === "failed" && canRetry ? (
            <Form method="post" action={action}>
              <input type="hidden" name="intent" value="retry" />
              <SubmitButton className="button" busy={busy}>
                {busy ? "Skickar om …" : "Försök igen"}
              </SubmitButton>
            </Form>
          ) : delivery.status === "failed" ? (
            <p className="muted">Turnéledaren kan skicka ärendet igen.</p>
          ) : null}
        </>
      )}
    </section>
  );
}
