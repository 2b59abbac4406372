import { discard } from "~/field-client/queue";
import type { QueueState } from "./use-field-queue";

/**
 * The queue's state, read out politely by screen readers: how many questions wait on the
 * device, whether the session has expired, and the questions the server refused.
 */
export function FieldQueuePanel({ queue, hydrated }: { queue: QueueState; hydrated: boolean }) {
  const waiting = queue.items.filter((i) => i.state === "waiting");
  const invalid = queue.items.filter((i) => i.state === "invalid");
  let text = "";
  if (hydrated && queue.ready) {
    text = waiting.length
      ? `Sparade på enheten, väntar på uppkoppling (${waiting.length})`
      : invalid.length
        ? "Allt annat är skickat"
        : "Allt är skickat";
  }
  return (
    <div className="field-mode__queue">
      <p role="status" aria-live="polite" className={`field-mode__queue-status${waiting.length ? " field-mode__queue-status--waiting" : ""}`}>
        {text ? (
          <>
            <span aria-hidden="true">{waiting.length ? "⏳ " : "✓ "}</span>
            {text}
          </>
        ) : null}
      </p>
      {queue.needsLogin ? (
        <div role="alert" className="form-error">
          <p>
            Du är utloggad – logga in igen, dina frågor ligger kvar.{" "}
            <a href="/logga-in?redirectTo=%2Ffalt">Logga in</a>
          </p>
        </div>
      ) : null}
      {queue.forbidden ? (
        <div role="alert" className="form-error">
          <p>{queue.forbidden}. Frågorna ligger kvar på enheten.</p>
        </div>
      ) : null}
      {invalid.length ? (
        <section className="field-mode__invalid" aria-labelledby="falt-avvisade">
          <h2 id="falt-avvisade">Frågor som inte kunde tas emot ({invalid.length})</h2>
          <p>Skriv in frågan på nytt med rättade uppgifter, och ta sedan bort den gamla.</p>
          <ul>
            {invalid.map((item) => (
              <li key={item.id}>
                <p className="field-mode__invalid-question">{item.payload.question}</p>
                <p className="field-error">
                  <span aria-hidden="true">⚠ </span>
                  {item.lastError}
                </p>
                <button type="button" className="button button--secondary" onClick={() => void discard(item.id)}>
                  Ta bort frågan
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {waiting.length && waiting.some((i) => i.lastError) ? (
        <details className="field-mode__waiting">
          <summary>Visa frågorna som väntar</summary>
          <ul>
            {waiting.map((item) => (
              <li key={item.id}>
                {item.payload.question}
                {item.lastError ? <span className="hint"> – senaste försöket: {item.lastError}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
