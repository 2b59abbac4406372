import { useEffect, useRef, type ReactNode } from "react";

/**
 * The outcome of a staffing action ("Boka", "Anmäl mig", "Avanmäl mig") where the person will read
 * it: a status (or, for a refusal, an alert) that takes focus when it appears, so keyboard and
 * screen-reader users land on the result rather than at the top of the page (issue 13, point 5d).
 *
 * Without JavaScript the server renders it with `autofocus`, which the browser honours on load;
 * with JavaScript it is focused after each navigation or answer that brings a message, named by
 * `focusKey` (a location key or the action's answer), so a revalidation does not steal focus.
 */
export function ResultMessage({
  tone = "status",
  focusKey,
  id,
  className,
  children,
}: {
  tone?: "status" | "alert";
  focusKey: unknown;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div ref={ref} id={id} role={tone} tabIndex={-1} autoFocus className={`result-message ${className ?? ""}`.trim()}>
      {children}
    </div>
  );
}

/**
 * A question asked before an action that is hard to take back (withdrawing from a stop): a labelled
 * group that takes focus when it appears, with and without JavaScript, like ResultMessage.
 */
export function ConfirmPanel({ labelId, question, children }: { labelId: string; question: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} role="group" aria-labelledby={labelId} tabIndex={-1} autoFocus className="confirm-panel">
      <p id={labelId} className="confirm-panel__question">
        {question}
      </p>
      {children}
    </div>
  );
}
