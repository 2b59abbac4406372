import { getCollectionProps, getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormError, TextareaField, TextField, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { caseSystemSaveSchema, formatServiceCodes } from "~/domain/cases/case-system-schemas";
import {
  DEFAULT_CASE_TIMEOUT_SECONDS,
  effectiveCaseSystem,
  getCaseSystemSettings,
  updateCaseSystemSettings,
  type CaseSystemField,
} from "~/domain/cases/case-system.server";
import {
  countUndeliveredCases,
  deliveryCounts,
  listFailedDeliveries,
  queueUndeliveredCases,
  retryAllFailedDeliveries,
  serviceCoverage,
  testCaseSystem,
} from "~/domain/cases/delivery.server";
import { Conflict } from "~/domain/errors";
import { requireRole } from "~/session.server";
import { addDaysIso, formatIsoDate, isIsoDate, startOfStockholmDay, stockholmDate, stockholmTime, todayInStockholm } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "Ärendesystem – Rullar ut" }];

const ENV_NAMES: Record<CaseSystemField, string> = {
  adapter: "CASE_SYSTEM",
  open311BaseUrl: "CASE_SYSTEM_URL",
  open311ApiKey: "CASE_SYSTEM_API_KEY",
  open311JurisdictionId: "CASE_SYSTEM_JURISDICTION",
  open311ServiceCodes: "CASE_SYSTEM_SERVICE_MAP",
  webhookUrl: "CASE_WEBHOOK_URL",
  webhookSecret: "CASE_WEBHOOK_SECRET",
  emailTo: "CASE_EMAIL_TO",
  maxAttempts: "CASE_DELIVERY_MAX_ATTEMPTS",
  timeoutSeconds: "CASE_SYSTEM_TIMEOUT_SECONDS",
};

const ADAPTERS = [
  { value: "none", label: "Inget externt system", hint: "Rullar uts ärendelista är ärendesystemet. Inget skickas." },
  { value: "open311", label: "Open311 (GeoReport v2)", hint: "Ärendena skickas som requests.json till en Open311-tjänst." },
  { value: "webhook", label: "Signerad webhook (JSON)", hint: "Ärendena skickas som JSON, signerade med en delad hemlighet." },
  {
    value: "email",
    label: "E-post till ärendesystemets inkorg",
    hint: "Ett e-postmeddelande per ärende, med ärendenumret i ämnesraden och en bifogad JSON-fil. För system som läser in e-post, t.ex. Artvise eller en funktionsbrevlåda.",
  },
  {
    value: "support_management",
    label: "SupportManagement (Sundsvalls öppna API)",
    hint: "Ett ärende (errand) per fråga, och ärendets status hämtas tillbaka. Adress, kommunkod, namnrymd, inloggning och klassificering ställs in med miljövariablerna CASE_SM_* på servern.",
  },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const defaultSince = addDaysIso(todayInStockholm(), -UNDELIVERED_DAYS);
  await requireRole(request, ["admin"]);
  const db = getDb();
  const row = getCaseSystemSettings(db);
  const effective = effectiveCaseSystem(db);
  return {
    settings: {
      adapter: row?.adapter ?? "none",
      open311BaseUrl: row?.open311BaseUrl ?? "",
      open311JurisdictionId: row?.open311JurisdictionId ?? "",
      open311ServiceCodes: formatServiceCodes(row?.open311ServiceCodes ?? {}),
      webhookUrl: row?.webhookUrl ?? "",
      emailTo: row?.emailTo ?? "",
      maxAttempts: String(row?.maxAttempts ?? 8),
      timeoutSeconds: String(row?.timeoutSeconds ?? DEFAULT_CASE_TIMEOUT_SECONDS),
      // Write-only: the page learns only whether one is stored.
      hasApiKey: Boolean(row?.open311ApiKey),
      hasWebhookSecret: Boolean(row?.webhookSecret),
    },
    effective: {
      adapter: effective.adapter,
      source: effective.source,
      maxAttempts: effective.maxAttempts,
      timeoutSeconds: Math.round(effective.timeoutMs / 1000),
      requestsPerSecond: effective.requestsPerSecond,
      problems: effective.problems,
      overridden: effective.overridden.map((f) => ENV_NAMES[f]),
    },
    counts: deliveryCounts(db),
    failed: listFailedDeliveries(db, 20),
    // Which categories would find no Open311 service: shown before any case fails (issue 12).
    coverage: await serviceCoverage(db, effective),
    undelivered: { since: defaultSince, count: countUndeliveredCases(db, startOfStockholmDay(defaultSince)) },
  };
}

/** Cases made while no case system was set: by default those of the last 90 days are offered. */
const UNDELIVERED_DAYS = 90;

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const db = getDb();
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "test") {
    const result = await testCaseSystem(effectiveCaseSystem(db), fetch, db);
    return data({ test: result, result: undefined });
  }
  if (intent === "retryAll") {
    const n = await handleDomain(() => retryAllFailedDeliveries(db, actor));
    throw redirect(`/admin/arendesystem?omsanda=${n}`);
  }
  if (intent === "queueUndelivered") {
    const since = String(formData.get("fran") ?? "").trim();
    const fail = (message: string) => data({ undeliveredError: message, since, result: undefined, test: undefined }, { status: 400 });
    if (!since) return fail("Välj ett datum.");
    if (!isIsoDate(since)) return fail("Skriv datumet som ÅÅÅÅ-MM-DD.");
    if (since > todayInStockholm()) return fail("Datumet kan inte vara i framtiden.");
    try {
      const n = queueUndeliveredCases(db, actor, startOfStockholmDay(since));
      throw redirect(`/admin/arendesystem?koade=${n}`);
    } catch (error) {
      if (error instanceof Conflict) return fail(error.message);
      throw error;
    }
  }
  const submission = parseWithZod(formData, { schema: caseSystemSaveSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["open311ApiKey", "webhookSecret"] }), test: undefined }, { status: 400 });
  }
  const v = submission.value;
  try {
    updateCaseSystemSettings(db, actor, {
      adapter: v.adapter,
      open311BaseUrl: v.open311BaseUrl ?? null,
      open311ApiKey: v.open311ApiKey,
      open311JurisdictionId: v.open311JurisdictionId ?? null,
      open311ServiceCodes: v.open311ServiceCodes,
      webhookUrl: v.webhookUrl ?? null,
      webhookSecret: v.webhookSecret,
      emailTo: v.emailTo ?? null,
      maxAttempts: v.maxAttempts,
      timeoutSeconds: v.timeoutSeconds,
    });
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: ["open311ApiKey", "webhookSecret"] });
  }
  throw redirect("/admin/arendesystem?sparad=1");
}

const ADAPTER_NAMES: Record<string, string> = {
  none: "inget externt system",
  open311: "Open311",
  webhook: "webhook",
  email: "e-post",
  support_management: "SupportManagement",
};

export default function CaseSystemPage() {
  const { settings, effective, counts, failed, undelivered, coverage } = useLoaderData<typeof loader>();
  const uncovered = coverage?.categories.filter((c) => c.serviceCode === null) ?? [];
  const actionData = useActionData<typeof action>();
  const test = actionData && "test" in actionData ? actionData.test : undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useSchemaForm(caseSystemSaveSchema, {
    id: "case-system",
    lastResult: actionData?.result,
    defaultValue: { ...settings, open311ApiKey: "", webhookSecret: "" },
  });
  const adapters = getCollectionProps(fields.adapter, { type: "radio", options: ADAPTERS.map((a) => a.value) });
  const retried = searchParams.get("omsanda");
  const queued = searchParams.get("koade");
  const undeliveredError = actionData && "undeliveredError" in actionData ? actionData.undeliveredError : undefined;
  const undeliveredSince = actionData && "since" in actionData ? actionData.since : undelivered.since;

  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/admin/installningar">Inställningar</Link>
      </p>
      <h1>Ärendesystem</h1>
      <p className="lead">Vart fältfrågornas ärenden levereras. Varje ärende skickas en gång; misslyckade försök görs om med ökande väntetid.</p>

      <div>
        {searchParams.has("sparad") ? <ResultMessage className="notice">Inställningarna har sparats.</ResultMessage> : null}
        {retried !== null ? (
          <ResultMessage className="notice">{retried === "1" ? "1 ärende skickas igen." : `${retried} ärenden skickas igen.`}</ResultMessage>
        ) : null}
        {queued !== null ? (
          <ResultMessage className="notice">
            {queued === "0"
              ? "Det fanns inga äldre ärenden att skicka från det datumet."
              : queued === "1"
                ? "1 äldre ärende skickas till ärendesystemet."
                : `${queued} äldre ärenden skickas till ärendesystemet.`}
          </ResultMessage>
        ) : null}
      </div>

      <section className="card" aria-labelledby="cs-now">
        <h2 id="cs-now">Just nu</h2>
        <p>
          Ärendena går till <strong>{ADAPTER_NAMES[effective.adapter]}</strong>
          {effective.source === "env" ? " (bestäms av miljövariabeln CASE_SYSTEM)" : ""}. Högst {effective.maxAttempts} försök per ärende, svar inom{" "}
          {effective.timeoutSeconds} s, högst {effective.requestsPerSecond.toLocaleString("sv-SE")} anrop per sekund.
        </p>
        {effective.overridden.length ? (
          <p className="warning">
            Miljövariabler gäller före inställningarna nedan: <code>{effective.overridden.join(", ")}</code>. Ändra dem på servern.
          </p>
        ) : null}
        {effective.problems.length ? (
          <div className="warning">
            <p>Ärendena väntar tills inställningen är komplett:</p>
            <ul>
              {effective.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p>
          Väntar: {counts.pending + counts.sending} · Levererade: {counts.delivered} · Leverans misslyckad: {counts.failed}
        </p>
        <Form method="post" className="case-system__test">
          <input type="hidden" name="intent" value="test" />
          <SubmitButton className="button button--secondary" busy={busyIntent === "test"}>
            {busyIntent === "test" ? "Testar …" : "Testa anslutningen"}
          </SubmitButton>
          <span className="hint">
            {" "}
            Testar den sparade inställningen. Open311: hämtar services.json. Webhook: skickar en signerad ping. E-post: skickar ett testmeddelande till
            inkorgen. SupportManagement: loggar in och läser ärendelistan.
          </span>
        </Form>
        <div role="status" aria-live="polite">
          {test ? (
            <p className={test.ok ? "notice" : "form-error"}>
              <span aria-hidden="true">{test.ok ? "✓ " : "⚠ "}</span>
              {test.ok ? "Anslutningen fungerar. " : "Anslutningen fungerar inte. "}
              {test.message}
            </p>
          ) : null}
        </div>
      </section>

      {coverage ? (
        <section className="card" aria-labelledby="cs-services">
          <h2 id="cs-services">Tjänstekoder per kategori</h2>
          {coverage.error ? (
            <p className="warning">Tjänsterna kunde inte hämtas från Open311 ({coverage.error}). Bara tjänstekoderna nedan kunde prövas.</p>
          ) : null}
          {uncovered.length ? (
            <div className="warning">
              <p>
                {uncovered.length === 1 ? "1 kategori" : `${uncovered.length} kategorier`} saknar tjänst i Open311. Ärenden i{" "}
                {uncovered.length === 1 ? "den" : "dem"} (utan förvaltning som matchar) kommer att misslyckas tills du lägger till en rad i tjänstekoderna,
                t.ex. <code>{uncovered[0]!.category} = …</code> eller <code>default = …</code>:
              </p>
              <ul>
                {uncovered.map((c) => (
                  <li key={c.category}>
                    {c.label} (<code>{c.category}</code>)
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>Alla kategorier har en tjänst i Open311.</p>
          )}
          <details>
            <summary>Visa alla kategorier och deras tjänstekod</summary>
            <ul>
              {coverage.categories.map((c) => (
                <li key={c.category}>
                  {c.label} (<code>{c.category}</code>): {c.serviceCode ? <code>{c.serviceCode}</code> : <strong>ingen tjänst</strong>}
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}

      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <h2>Inställningar</h2>
        <input type="hidden" name="intent" value="save" />
        <FormError form={form} />
        <fieldset className="field" aria-describedby={fields.adapter.errors?.length ? fields.adapter.errorId : undefined}>
          <legend>Skicka ärendena till</legend>
          {adapters.map(({ key, ...props }) => {
            const a = ADAPTERS.find((x) => x.value === props.value)!;
            return (
              <div className="case-system__radio" key={key}>
                <input {...props} aria-describedby={`${props.id}-hint`} />
                <label htmlFor={props.id}>
                  {a.label}
                  <span id={`${props.id}-hint`} className="hint">
                    {a.hint}
                  </span>
                </label>
              </div>
            );
          })}
          <FieldError id={fields.adapter.errorId} errors={fields.adapter.errors} />
        </fieldset>

        <h3>Open311 (GeoReport v2)</h3>
        <TextField
          label="Adress till tjänsten"
          meta={fields.open311BaseUrl}
          type="url"
          inputMode="url"
          hint="Utan /services.json på slutet, t.ex. https://open311.example.se/api/v2"
        />
        <TextField
          label="API-nyckel"
          meta={fields.open311ApiKey}
          type="password"
          autoComplete="off"
          hint={settings.hasApiKey ? "En nyckel är sparad. Lämna tomt för att behålla den." : "Ingen nyckel är sparad."}
        />
        <TextField label="Jurisdiction-id" meta={fields.open311JurisdictionId} hint="Om tjänsten kräver det, t.ex. kommunen.se" />
        <TextareaField
          label="Tjänstekoder"
          meta={fields.open311ServiceCodes}
          rows={5}
          hint={
            <>
              En rad per regel: <code>nyckel = kod</code>. Nycklar: <code>department:miljo</code>, <code>g:BSU</code>, <code>f:consumer</code>,{" "}
              <code>other</code> och <code>default</code>. Det som saknas matchas mot tjänsternas kod och namn (även kategorins långa namn), därefter{" "}
              <code>default</code>. Kan också sättas med miljövariabeln <code>CASE_SYSTEM_SERVICE_MAP</code>.
            </>
          }
        />

        <h3>Webhook</h3>
        <TextField
          label="Adress"
          meta={fields.webhookUrl}
          type="url"
          inputMode="url"
          hint="Tar emot POST med JSON, t.ex. https://arenden.example.se/rullarut"
        />
        <TextField
          label="Delad hemlighet"
          meta={fields.webhookSecret}
          type="password"
          autoComplete="off"
          hint={settings.hasWebhookSecret ? "En hemlighet är sparad. Lämna tomt för att behålla den." : "Minst 16 tecken. Ingen hemlighet är sparad."}
        />
        <details className="case-system__help">
          <summary>Så verifierar mottagaren signaturen</summary>
          <p>
            Varje ärende skickas som <code>POST</code> och signeras enligt <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>, så mottagaren kan
            använda ett färdigt bibliotek för att verifiera det:
          </p>
          <ul>
            <li>
              <code>Content-Type: application/json</code>
            </li>
            <li>
              <code>webhook-id</code> och <code>Idempotency-Key</code>: ärendets id (samma vid varje nytt försök; svara 409 om ni redan har det)
            </li>
            <li>
              <code>webhook-timestamp</code>: tiden i sekunder sedan 1970 (UTC)
            </li>
            <li>
              <code>webhook-signature</code>: <code>v1,</code> följt av HMAC-SHA256 i base64 av <code>{"${webhook-id}.${webhook-timestamp}.${body}"}</code>
            </li>
          </ul>
          <p>
            Mottagarens bibliotek vill ha hemligheten som <code>whsec_</code> följt av nyckeln i base64. Är den delade hemligheten redan på den formen används
            den som den är; annars är nyckeln hemlighetens egna tecken (UTF-8), alltså <code>whsec_</code> + hemligheten i base64.
          </p>
          <p>
            Den första signaturen skickas också, till och med 2027-12-31, för mottagare som byggdes för den: <code>X-Rullarut-Timestamp</code> (samma tid) och{" "}
            <code>X-Rullarut-Signature</code>: <code>sha256=</code> följt av HMAC-SHA256 i hex av <code>{"${timestamp}.${body}"}</code> med den delade
            hemligheten.
          </p>
          <p>Räkna ut signaturen över den råa kroppen och jämför i konstant tid. Svar 2xx eller 409 räknas som levererat.</p>
        </details>

        <h3>E-post</h3>
        <TextField
          label="Inkorgens adress"
          meta={fields.emailTo}
          type="email"
          inputMode="email"
          autoComplete="off"
          hint="Ärendesystemets eller funktionsbrevlådans adress, t.ex. arenden@kommunen.se. Meddelandena går genom utkorgen (Utkorg) och e-postservern i SMTP_URL."
        />

        <h3>Försök</h3>
        <TextField
          label="Högsta antal försök"
          meta={fields.maxAttempts}
          inputMode="numeric"
          required
          hint="Därefter markeras ärendet ”leverans misslyckad”. 1–100."
        />
        <TextField
          label="Tidsgräns för svar (sekunder)"
          meta={fields.timeoutSeconds}
          inputMode="numeric"
          required
          hint="Så länge väntar vi på ärendesystemets svar. Kommer inget svar är det okänt om ärendet kom fram; det kontrolleras innan det skickas igen. 1–300, förval 30."
        />
        <SubmitButton className="button" busy={busyIntent === "save"}>
          Spara
        </SubmitButton>
      </Form>

      {effective.adapter !== "none" ? (
        <section className="card" aria-labelledby="cs-undelivered">
          <h2 id="cs-undelivered">Ärenden som aldrig skickats</h2>
          <p>
            Ärenden som skapades medan inget ärendesystem var inställt har inte skickats. Från och med {formatIsoDate(undelivered.since)} gäller det{" "}
            <strong>{undelivered.count}</strong> {undelivered.count === 1 ? "ärende" : "ärenden"}.
          </p>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="queueUndelivered" />
            <div className="field">
              <label htmlFor="cs-undelivered-since">Skicka ärenden skapade från och med</label>
              <input
                id="cs-undelivered-since"
                name="fran"
                type="date"
                defaultValue={undeliveredSince}
                required
                aria-invalid={undeliveredError ? true : undefined}
                aria-describedby={undeliveredError ? "cs-undelivered-error" : undefined}
              />
              <FieldError id="cs-undelivered-error" errors={undeliveredError ? [undeliveredError] : undefined} />
            </div>
            <SubmitButton className="button" busy={busyIntent === "queueUndelivered"}>
              Skicka dem till ärendesystemet
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="cs-failed">
        <h2 id="cs-failed">Leverans misslyckad</h2>
        {failed.length === 0 ? (
          <p>Inga ärenden har misslyckats.</p>
        ) : (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="cs-failed-caption">
              <table className="table">
                <caption id="cs-failed-caption">
                  {counts.failed} ärenden{counts.failed > failed.length ? ` (de ${failed.length} senaste visas)` : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Ärende</th>
                    <th scope="col">Skapat</th>
                    <th scope="col" className="num">
                      Försök
                    </th>
                    <th scope="col">Fel</th>
                  </tr>
                </thead>
                <tbody>
                  {failed.map((f) => (
                    <tr key={f.caseId}>
                      <th scope="row">
                        <Link to={`/arenden/${f.caseId}`}>{f.number}</Link>
                      </th>
                      <td>
                        {stockholmDate(f.createdAt)} {stockholmTime(f.createdAt)}
                      </td>
                      <td className="num">{f.attempts}</td>
                      <td>{f.lastError}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Form method="post">
              <input type="hidden" name="intent" value="retryAll" />
              <SubmitButton className="button" busy={busyIntent === "retryAll"}>
                Försök igen med alla
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
