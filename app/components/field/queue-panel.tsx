import { useState } from "react";
import { discard } from "~/field-client/queue";
import { formatDayTimeIntl, stockholmDate, stockholmTime } from "~/utils/stockholm-clock";
import type { Connection, FieldQueue } from "./use-field-queue";

const CONNECTION_TEXT: Record<Connection, string> = {
  online: "Uppkopplad.",
  offline: "Ingen uppkoppling – frågorna sparas på enheten.",
  unreachable: "Ingen kontakt med servern – frågorna sparas på enheten.",
};

function questions(n: number) {
  return n === 1 ? "1 fråga" : `${n} frågor`;
}

/** "14:05" today, "tors 11 mars 2027 14:05" another day (formatDayTimeIntl: no date-fns in the browser). */
function sentWhen(at: number, now = Date.now()) {
  return stockholmDate(at) === stockholmDate(now) ? stockholmTime(at) : formatDayTimeIntl(at);
}

/**
 * The connection and the queue, always on screen and read out politely by screen readers (issue
 * 13): online or not, how many questions wait on the device, when a question was last sent, and
 * "Skicka nu" to send at once instead of waiting for the next retry. Below it: an expired session,
 * refused permission, and the questions the server refused.
 */
export function FieldQueuePanel({ queue, hydrated }: { queue: FieldQueue; hydrated: boolean }) {
  const [sending, setSending] = useState(false);
  const waiting = queue.items.filter((i) => i.state === "waiting");
  const invalid = queue.items.filter((i) => i.state === "invalid");
  const known = hydrated && queue.ready;

  async function sendNow() {
    setSending(true);
    try {
      await queue.sync(true);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="field-mode__queue">
      <div className="field-mode__sync">
        <p role="status" className="field-mode__sync-status">
          {known ? (
            <>
              <span className={`field-mode__connection field-mode__connection--${queue.connection}`}>
                <span className="field-mode__connection-dot" aria-hidden="true" />
                {CONNECTION_TEXT[queue.connection]}
              </span>{" "}
              <span className={`field-mode__queue-status${waiting.length ? " field-mode__queue-status--waiting" : ""}`}>
                {/* Plain symbols, not emoji: a tablet without an emoji font shows an empty box. */}
                <span aria-hidden="true">{waiting.length ? "↑ " : "✓ "}</span>
                {sending && waiting.length
                  ? `Skickar ${questions(waiting.length)} …`
                  : waiting.length
                    ? `${questions(waiting.length)} väntar på att skickas.`
                    : invalid.length
                      ? "Allt annat är skickat."
                      : "Allt är skickat."}
              </span>
              {queue.lastSentAt ? <span className="field-mode__last-sent"> Senast skickat {sentWhen(queue.lastSentAt)}.</span> : null}
            </>
          ) : null}
        </p>
        {hydrated ? (
          <button type="button" className="button button--secondary field-mode__send-now" onClick={() => void sendNow()}>
            Skicka nu
          </button>
        ) : null}
      </div>
      {queue.needsLogin ? (
        <div role="alert" className="form-error">
          <p>
            Du är utloggad – logga in igen, dina frågor ligger kvar. <a href="/logga-in?redirectTo=%2Ffalt">Logga in</a>
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
