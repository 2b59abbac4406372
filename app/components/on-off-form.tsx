import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";

/** What the card says and posts for one direction of the switch. */
export type OnOffStep = { heading: string; text: string; intent: string; label: string };

/**
 * A card that takes something out of use or back into it (archive and restore, deactivate and
 * activate) with one post of `intent`: it says what the press will do, and the press that takes
 * something out of use is the dangerous-looking one.
 */
export function OnOffForm({ inUse, takeOut, bringBack, busy }: { inUse: boolean; takeOut: OnOffStep; bringBack: OnOffStep; busy: boolean }) {
  const step = inUse ? takeOut : bringBack;
  return (
    <Form method="post" className="card stack">
      <h2>{step.heading}</h2>
      <p>{step.text}</p>
      <SubmitButton name="intent" value={step.intent} className={inUse ? "button button--danger" : "button"} busy={busy}>
        {step.label}
      </SubmitButton>
    </Form>
  );
}
