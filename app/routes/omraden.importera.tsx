import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ImportIssues } from "~/components/import-issues";
import { FieldError, FormError, SubmitButton, collectionProps } from "~/components/forms";
import { getDb } from "~/db.server";
import { CSV_COLUMNS, IMPORT_MAX_BYTES, importAreasSchema, type ImportMode } from "~/domain/areas/schemas";
import { importAreasUpload } from "~/domain/areas/transfer.server";
import { requirePlannerUser } from "~/session.server";
import { readUpload } from "~/utils/upload.server";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Importera områden – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  return null;
}

const TOO_LARGE = "Filen är för stor. Den får vara högst 2 MB.";

function fileError(message: string): { result: SubmissionResult<string[]>; issues: string[] } {
  return { result: { status: "error", error: { file: [message] } }, issues: [] };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const upload = await readUpload(request, {
    maxBytes: IMPORT_MAX_BYTES,
    fields: ["file", "mode"],
    tooLarge: TOO_LARGE,
    unreadable: "Välj en CSV- eller GeoJSON-fil och försök igen.",
  });
  if (!upload.ok) return data(fileError(upload.message), { status: 400 });
  const formData = upload.formData;
  const submission = parseWithZod(formData, { schema: importAreasSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["file"] }), issues: [] as string[] }, { status: 400 });
  }
  const { file, mode } = submission.value;
  let outcome: ReturnType<typeof importAreasUpload>;
  try {
    outcome = importAreasUpload(getDb(), actor, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), mode });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: ["file"] });
  }
  if (!outcome.ok) {
    return data({ result: submission.reply({ hideFields: ["file"] }), issues: outcome.issues }, { status: 400 });
  }
  const counts = new URLSearchParams({
    importerat: "1",
    tillagda: String(outcome.added),
    uppdaterade: String(outcome.updated),
    oforandrade: String(outcome.unchanged),
  });
  throw redirect(`/omraden?${counts}`);
}

const MODES: { value: ImportMode; label: string; hint: string }[] = [
  {
    value: "upsert",
    label: "Lägg till nya, uppdatera befintliga med samma namn",
    hint: "Ett område vars namn redan finns (stora och små bokstäver spelar ingen roll) får värdena från filen.",
  },
  {
    value: "add_only",
    label: "Lägg bara till nya",
    hint: "Ett namn som redan finns räknas som fel, och då importeras ingenting.",
  },
];

export default function ImportAreasPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "import-areas",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    defaultValue: { mode: "upsert" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: importAreasSchema }),
  });
  const issues: string[] = actionData && "issues" in actionData ? (actionData.issues as string[]) : [];
  const { key: fileKey, ...fileProps } = getInputProps(fields.file, { type: "file", ariaDescribedBy: fields.file.descriptionId });
  const modes = collectionProps(
    fields.mode,
    "radio",
    MODES.map((m) => m.value),
  );
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/omraden">Områden</Link>
      </p>
      <h1>Importera områden</h1>
      <p className="lead">Från en CSV-fil (kalkylark) eller en GeoJSON-fil (kartverktyg). Antingen importeras hela filen, eller ingenting.</p>

      <ImportIssues issues={issues} />

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <div className="field ao-file">
          <label htmlFor={fields.file.id}>
            Fil<span className="required"> (obligatoriskt)</span>
          </label>
          <p id={fields.file.descriptionId} className="hint">
            .csv, .geojson eller .json, högst 2 MB.
          </p>
          <input key={fileKey} {...fileProps} required accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json" />
          <FieldError id={fields.file.errorId} errors={fields.file.errors} />
        </div>
        <fieldset className="field" aria-describedby={fields.mode.errors?.length ? fields.mode.errorId : undefined}>
          <legend>Om ett område med samma namn redan finns</legend>
          {modes.map(({ key, ...props }) => {
            const mode = MODES.find((m) => m.value === props.value)!;
            return (
              <div className="ao-radio" key={key}>
                <input {...props} aria-describedby={`${props.id}-hint`} />
                <label htmlFor={props.id}>
                  {mode.label}
                  <span id={`${props.id}-hint`} className="hint">
                    {mode.hint}
                  </span>
                </label>
              </div>
            );
          })}
          <FieldError id={fields.mode.errorId} errors={fields.mode.errors} />
        </fieldset>
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Importera
        </SubmitButton>
      </Form>

      <section className="card prose ao-format" aria-labelledby="import-format">
        <h2 id="import-format">Så ska filen se ut</h2>
        <p>
          <strong>CSV:</strong> en rubrikrad med kolumnerna <code>{CSV_COLUMNS.join(", ")}</code> i valfri ordning. <code>name</code>, <code>kind</code>,{" "}
          <code>lat</code> och <code>lng</code> måste finnas; saknas en annan kolumn lämnas det värdet orört för befintliga områden. Kommatecken eller semikolon
          mellan kolumnerna, decimalpunkt eller decimalkomma. Flera taggar skiljs åt med semikolon i samma cell. Raderna räknas som i en textredigerare:
          rubrikraden är rad 1.
        </p>
        <p>
          <strong>Typ (kind):</strong> <code>tatort</code>, <code>smaort</code>, <code>stadsdel</code> eller <code>other</code> (eller Tätort, Småort, Stadsdel,
          Annat område).
        </p>
        <p>
          <strong>GeoJSON:</strong> en FeatureCollection av punkter (Point) med egenskaperna ovan (utom lat och lng, som tas från punkten). Objekten räknas från
          1.
        </p>
        <p>
          Enklast är att utgå från en export: <a href="/omraden/export.csv">CSV</a> eller <a href="/omraden/export.geojson">GeoJSON</a>.
        </p>
      </section>
    </div>
  );
}
