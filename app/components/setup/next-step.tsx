import { NavLink } from "@remix-run/react";
import { SETUP_STEPS } from "~/domain/setup/steps";

/** The link to the set-up's next step, at the end of each step. */
export function NextStep({ from }: { from: string }) {
  const i = SETUP_STEPS.findIndex((s) => s.path === from);
  const next = SETUP_STEPS[i + 1];
  if (!next) return null;
  return (
    <p className="setup__next">
      <NavLink className="button" to={next.path}>
        Nästa steg: {next.title}
      </NavLink>
    </p>
  );
}
