import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ImportIssues } from "~/components/import-issues";
import { FieldError, SubmitButton } from "~/components/forms";
import { ResultMessage } from "~/components/result-message";
import { NextStep } from "~/components/setup/next-step";
import { getDb } from "~/db.server";
import { IMPORT_MAX_BYTES } from "~/domain/areas/schemas";
import { importOrganizationsUpload } from "~/domain/organizations/import.server";
import { ORGANIZATION_CSV_COLUMNS } from "~/domain/organizations/labels";
import { kindNames } from "~/domain/kinds/names.server";
import { searchOrganizations } from "~/domain/organizations/organizations.server";
import { setupState } from "~/domain/setup/setup.server";
import { requireSetupAdmin } from "~/utils/setup.server";
import { readUpload } from "~/utils/upload.server";

export const meta: MetaFunction = () => [{ title: "Uppsättning: föreningar – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSetupAdmin(request);
  const db = getDb();
  if (!setupState(db).municipalityCode) throw redirect("/installera");
  const url = new URL(request.url);
  const organizations = searchOrganizations(db, { page: 1 });
  return {
    organizations: organizations.items.map((o) => ({ id: o.id, name: o.name, kind: kindNames(db).organization[o.kind], areaName: o.areaName })),
    total: organizations.total,
    added: url.searchParams.has("tillagda") ? Number(url.searchParams.get("tillagda")) || 0 : null,
    skipped: Number(url.searchParams.get("fanns")) || 0,
  };
}

type ActionData = { error?: string; issues: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSetupAdmin(request);
  const upload = await readUpload(request, {
    maxBytes: IMPORT_MAX_BYTES,
    fields: ["file"],
    tooLarge: "Filen är för stor. Den får vara högst 2 MB.",
    unreadable: "Välj en CSV-fil och försök igen.",
  });
  if (!upload.ok) return data<ActionData>({ error: upload.message, issues: [] }, { status: 400 });
  const formData = upload.formData;
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return data<ActionData>({ error: "Välj en CSV-fil med föreningarna.", issues: [] }, { status: 400 });
  const outcome = importOrganizationsUpload(getDb(), actor, new Uint8Array(await file.arrayBuffer()));
  if (!outcome.ok) return data<ActionData>({ issues: outcome.issues }, { status: 400 });
  throw redirect(`/installera/foreningar?${new URLSearchParams({ tillagda: String(outcome.added), fanns: String(outcome.skipped) })}`);
}

export default function SetupOrganizations() {
  const { organizations, total, added, skipped } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const issues = actionData?.issues ?? [];
  const fileError = actionData?.error ?? (issues.length ? "Filen importerades inte. Se felen ovan." : undefined);
  return (
    <>
      <h1>Föreningar</h1>
      <p className="lead">
        Byalag, byaföreningar och hembygdsföreningar som turnén bjuder in. Läs in dem från en CSV-fil (ett kalkylark sparat som CSV), eller lägg till dem en och
        en under Föreningar senare.
      </p>
      {added !== null ? (
        <ResultMessage className="notice">
          {added === 1 ? "1 förening har lagts till." : `${added} föreningar har lagts till.`}
          {skipped ? ` ${skipped} fanns redan och lämnades orörda.` : ""}
        </ResultMessage>
      ) : null}
      <ImportIssues issues={issues} />
      <Form method="post" encType="multipart/form-data" className="stack card" aria-labelledby="setup-org-import">
        <h2 id="setup-org-import">Läs in från CSV</h2>
        <div className="field ao-file">
          <label htmlFor="setup-org-file">
            CSV-fil<span className="required"> (obligatoriskt)</span>
          </label>
          <p id="setup-org-file-hint" className="hint">
            Kolumner: {ORGANIZATION_CSV_COLUMNS.join(", ")}. Namn, typ och ort måste finnas; orten ska vara en ort eller ett område som finns. Högst 2 MB.
          </p>
          <input
            id="setup-org-file"
            name="file"
            type="file"
            required
            accept=".csv,text/csv"
            aria-describedby={fileError ? "setup-org-file-hint setup-org-file-error" : "setup-org-file-hint"}
            aria-invalid={fileError ? true : undefined}
          />
          <FieldError id="setup-org-file-error" errors={fileError ? [fileError] : undefined} />
        </div>
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Läs in föreningarna
        </SubmitButton>
        <p>
          <a href="/installera/foreningar/mall.csv" download>
            Ladda ner en mall (CSV)
          </a>{" "}
          med kolumnerna och två påhittade exempel.
        </p>
      </Form>
      <section aria-labelledby="setup-orgs-heading">
        <h2 id="setup-orgs-heading">Föreningar nu ({total})</h2>
        {organizations.length ? (
          <ul>
            {organizations.map((o) => (
              <li key={o.id}>
                {o.name}{" "}
                <span className="muted">
                  ({o.kind}, {o.areaName})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Inga föreningar ännu. Du kan också hoppa över steget och lägga till dem senare.</p>
        )}
        {total > organizations.length ? (
          <p>
            <Link to="/organisationer">Alla {total} föreningar</Link>
          </p>
        ) : null}
      </section>
      <NextStep from="/installera/foreningar" />
    </>
  );
}
