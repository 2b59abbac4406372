import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { getDb } from "~/db.server";
import { setupState } from "~/domain/setup/setup.server";
import { SETUP_STEPS } from "~/domain/setup/steps";
import { requireSetupAdmin } from "~/utils/setup.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSetupAdmin(request);
  return { state: setupState(getDb()) };
}

/** The set-up's frame: which step you are on, and every step as a link (each can be revisited). */
export default function SetupLayout() {
  const { state } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const index = SETUP_STEPS.findIndex((s) => s.path === pathname.replace(/\/$/, ""));
  return (
    <div className="container setup">
      <p className="setup__kicker">{state.complete ? "Uppsättning (klar, kan ändras)" : "Sätt upp Rullar ut"}</p>
      <nav aria-label="Uppsättningens steg" className="setup__steps">
        <ol>
          {SETUP_STEPS.map((step, i) => (
            <li key={step.path}>
              <NavLink to={step.path} end aria-current={i === index ? "step" : undefined}>
                <span className="setup__step-number">{i + 1}</span> {step.title}
              </NavLink>
            </li>
          ))}
        </ol>
      </nav>
      {index >= 0 ? (
        <p className="setup__progress">
          Steg {index + 1} av {SETUP_STEPS.length}
        </p>
      ) : null}
      <Outlet />
    </div>
  );
}
