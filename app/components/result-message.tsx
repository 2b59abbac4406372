import { useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * The answer to a form where the person will read it ("Inställningarna har sparats.", "Bokad",
 * a refusal): a status (or, for a refusal, an alert) that takes focus when it appears, so keyboard
 * and screen-reader users land on the result rather than on the page's top or on nothing at all
 * (issue 13, points 5d and 9; WCAG 2.4.3 and 4.1.3). Every page shows its answers through this.
 *
 * Without JavaScript the server renders it with `autofocus`, which the browser honours on load;
 * with JavaScript it is focused after each navigation or answer that brings a message, named by
 * `focusKey` (the action's answer; by default the location's key, which every navigation and
 * redirect after a post renews), so a revalidation does not steal focus.
 */
export function ResultMessage({
  tone = "status",
  focusKey,
  id,
  className,
  children,
}: {
  tone?: "status" | "alert";
  focusKey?: unknown;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const location = useLocation();
  const key = focusKey === undefined ? location.key : focusKey;
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- ADR 025: the answer takes the focus, also in a browser without JavaScript
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
    // eslint-disable-next-line jsx-a11y/no-autofocus -- ADR 024: the question takes the focus when it appears, also in a browser without JavaScript
    <div ref={ref} role="group" aria-labelledby={labelId} tabIndex={-1} autoFocus className="confirm-panel">
      <p id={labelId} className="confirm-panel__question">
        {question}
      </p>
      {children}
    </div>
  );
}
