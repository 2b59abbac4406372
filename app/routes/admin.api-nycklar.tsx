import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/domain/report/api-keys.server";
import { requireRole } from "~/session.server";
import { formatDateTime } from "~/utils/format";
import { replyWithDomainError } from "~/utils/forms.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "API-nycklar – Rullar ut" }];

const createSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ required_error: "Ange ett namn (minst 2 tecken)." })
    .trim()
    .min(2, "Ange ett namn (minst 2 tecken).")
    .max(80, "Namnet får vara högst 80 tecken."),
});
const revokeSchema = z.object({ intent: z.literal("revoke"), id: z.string().min(1) });
const actionSchema = z.discriminatedUnion("intent", [createSchema, revokeSchema]);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const keys = listApiKeys(getDb(), actor).map((k) => ({
    id: k.id,
    name: k.name,
    createdAt: formatDateTime(k.createdAt),
    createdBy: k.createdByName,
    lastUsedAt: k.lastUsedAt ? formatDateTime(k.lastUsedAt) : null,
    revokedAt: k.revokedAt ? formatDateTime(k.revokedAt) : null,
  }));
  return { keys };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const db = getDb();
  const input = submission.value;
  if (input.intent === "revoke") {
    try {
      revokeApiKey(db, actor, input.id);
    } catch (error) {
      return replyWithDomainError(submission, error);
    }
    throw redirect("/admin/api-nycklar?aterkallad=1");
  }
  try {
    // The key is in this one answer and nowhere else: not in the URL, the session or the database.
    const { key } = createApiKey(db, actor, { name: input.name });
    return data({ result: submission.reply({ resetForm: true }), created: { name: input.name, key } }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
}

export default function ApiKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const created = (actionData as { created?: { name: string; key: string } | null } | undefined)?.created ?? null;
  const [form, fields] = useSchemaForm(actionSchema, {
    id: "create-api-key",
    lastResult: actionData?.result,
  });
  const busy = navigation.state === "submitting";
  return (
    <div className="container narrow apikeys-page">
      <p className="breadcrumb">
        <Link to="/admin/installningar">Inställningar</Link>
      </p>
      <h1>API-nycklar</h1>
      <p className="lead">
        Med en API-nyckel kan kommunens egna instrumentpaneler hämta rapportens siffror som JSON från <code>/api/rapport</code>, utan inloggning. Nyckeln
        skickas i huvudet <code>Authorization: Bearer &lt;nyckel&gt;</code>. Se <code>docs/api.md</code>.
      </p>

      <div>
        {searchParams.has("aterkallad") && !created ? <ResultMessage className="notice">Nyckeln är återkallad och slutar fungera nu.</ResultMessage> : null}
      </div>

      {created ? (
        <section className="card stack apikeys-created" aria-labelledby="apikeys-created-heading">
          <h2 id="apikeys-created-heading">Ny nyckel: {created.name}</h2>
          <p className="notice">Kopiera nyckeln nu. Av säkerhetsskäl visas den bara den här gången; vi sparar bara ett kontrollvärde.</p>
          <div className="field">
            <label htmlFor="apikeys-new-key">API-nyckel</label>
            <input
              id="apikeys-new-key"
              type="text"
              readOnly
              value={created.key}
              spellCheck={false}
              autoComplete="off"
              className="apikeys-key"
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
        </section>
      ) : null}

      <Form method="post" {...getFormProps(form)} noValidate className="stack card" aria-labelledby="apikeys-create-heading">
        <h2 id="apikeys-create-heading">Skapa nyckel</h2>
        <FormError form={form} />
        <input type="hidden" name="intent" value="create" />
        <TextField label="Namn" meta={fields.name} required hint="Vem eller vad nyckeln är till, t.ex. ”Kommunens instrumentpanel”." />
        <SubmitButton className="button" busy={busy}>
          Skapa nyckel
        </SubmitButton>
      </Form>

      <h2 id="apikeys-list-heading">Nycklar</h2>
      {keys.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="apikeys-caption">
          <table className="table apikeys-table">
            <caption id="apikeys-caption">API-nycklar, de senaste först</caption>
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col">Skapad</th>
                <th scope="col">Senast använd</th>
                <th scope="col">Status</th>
                <th scope="col">Åtgärd</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    {k.createdAt}
                    {k.createdBy ? <span className="muted"> av {k.createdBy}</span> : null}
                  </td>
                  <td>{k.lastUsedAt ?? "Aldrig"}</td>
                  <td>{k.revokedAt ? `Återkallad ${k.revokedAt}` : "Aktiv"}</td>
                  <td>
                    {k.revokedAt ? (
                      "–"
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={k.id} />
                        <SubmitButton name="intent" value="revoke" className="button button--secondary" busy={busy} aria-label={`Återkalla ${k.name}`}>
                          Återkalla
                        </SubmitButton>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Det finns inga API-nycklar än.</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
