import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { count } from "drizzle-orm";
import { organizations } from "#db/schema";
import { SubmitButton } from "~/components/forms";
import { AreasMapClientOnly } from "~/components/map/lazy-map";
import { getDb } from "~/db.server";
import { areaMapPoint, listAreas } from "~/domain/areas/areas.server";
import { Conflict } from "~/domain/errors";
import { listItems } from "~/domain/field/lists.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { getSettings } from "~/domain/settings/settings.server";
import { completeSetup, setupState } from "~/domain/setup/setup.server";
import { requireSetupAdmin } from "~/utils/setup.server";
import { domainStatus } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Uppsättning: klart – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSetupAdmin(request);
  const db = getDb();
  const state = setupState(db);
  if (!state.municipalityCode) throw redirect("/installera");
  const settings = getSettings(db);
  const areas = listAreas(db);
  const countOf = (kind: Parameters<typeof listItems>[1]) => listItems(db, kind).length;
  return {
    complete: state.complete,
    ready: state.hasContactCenter,
    name: settings.name,
    officeName: settings.officeName,
    officeAddress: settings.officeAddress,
    counts: {
      areas: areas.length,
      answerGroups: countOf("answer_group"),
      advisorFunctions: countOf("advisor_function"),
      departments: countOf("department"),
      topics: countOf("topic"),
      organizations: db.select({ n: count() }).from(organizations).get()?.n ?? 0,
    },
    areas: areas.map(areaMapPoint),
    map: mapViewProps(db),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSetupAdmin(request);
  try {
    completeSetup(getDb(), actor);
  } catch (error) {
    if (error instanceof Conflict) return data({ error: error.message }, { status: domainStatus(error, "form") });
    throw error;
  }
  throw redirect("/?uppsatt=1");
}

export default function SetupDone() {
  const { complete, ready, name, officeName, officeAddress, counts, areas, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const rows: [string, number, string][] = [
    ["Orter och områden", counts.areas, "/installera"],
    ["Svarsgrupper", counts.answerGroups, "/installera/roller"],
    ["Rådgivarfunktioner", counts.advisorFunctions, "/installera/roller"],
    ["Förvaltningar", counts.departments, "/installera/fragor"],
    ["Ämnen", counts.topics, "/installera/fragor"],
    ["Föreningar", counts.organizations, "/installera/foreningar"],
  ];
  return (
    <>
      <h1>{complete ? "Uppsättningen är klar" : "Nästan klart"}</h1>
      <p className="lead">
        {name}, {officeName}
        {officeAddress ? `, ${officeAddress}` : ""}.
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="setup-summary-caption">
        <table className="table">
          <caption id="setup-summary-caption">Det här är uppsatt</caption>
          <thead>
            <tr>
              <th scope="col">Vad</th>
              <th scope="col" className="num">
                Antal
              </th>
              <th scope="col">Ändra</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, n, to]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{n}</td>
                <td>
                  <Link to={to}>
                    Ändra<span className="visually-hidden"> {label.toLowerCase()}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AreasMapClientOnly label={`Översiktskarta över ${name}`} areas={areas} {...map} />
      {complete ? (
        <p>
          <Link className="button" to="/">
            Till startsidan
          </Link>
        </p>
      ) : (
        <Form method="post" className="stack">
          {actionData?.error ? (
            <p className="form-error" role="alert">
              {actionData.error}
            </p>
          ) : null}
          {!ready ? (
            <p>
              Kontaktcentrets adress saknas: <Link to="/installera/kontaktcenter">fyll i den i steg 2</Link>.
            </p>
          ) : null}
          <SubmitButton className="button" busy={navigation.state === "submitting"}>
            Slutför och öppna Rullar ut
          </SubmitButton>
          <p className="muted">Allt kan ändras senare under Admin. Sedan lägger du till turnéledare och personal under Användare.</p>
        </Form>
      )}
    </>
  );
}
