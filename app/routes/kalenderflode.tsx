import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useHydrated } from "~/components/client-only";
import { getDb } from "~/db.server";
import { createFeedKey, feedUrls, getActiveFeedKey, revokeFeedKey } from "~/domain/calendar/feed-keys.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { feedKeyIntentSchema } from "~/domain/calendar/schemas";
import { tourOptions } from "~/domain/tours/tours.server";
import { requireUser } from "~/session.server";
import { formatDateTime } from "~/utils/format";
import { SubmitButton } from "~/components/forms";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "Kalenderflöde – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const active = getActiveFeedKey(getDb(), user);
  return { activeSince: active ? formatDateTime(active.createdAt) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: feedKeyIntentSchema });
  if (submission.status !== "success") throw new Response("Okänd åtgärd.", { status: 400 });
  const db = getDb();
  if (submission.value.intent === "revoke") {
    revokeFeedKey(db, user);
    throw redirect("/kalenderflode?aterkallad=1");
  }
  // The key is in this one answer and nowhere else: not in the URL, the session or the database.
  const { key } = createFeedKey(db, user);
  return data({ created: feedUrls(appOrigin(request), key, tourOptions(db)) }, { headers: { "Cache-Control": "no-store" } });
}

function CopyField({ id, label, value, onCopied }: { id: string; label: string; value: string; onCopied: (label: string) => void }) {
  const hydrated = useHydrated();
  async function copy() {
    const input = document.getElementById(id) as HTMLInputElement | null;
    try {
      await navigator.clipboard.writeText(value);
      onCopied(label);
    } catch {
      // No clipboard permission: select the text so Ctrl+C / long press copies it.
      input?.focus();
      input?.select();
    }
  }
  return (
    <div className="field feed-url">
      <label htmlFor={id}>{label}</label>
      <div className="feed-url__row">
        <input id={id} type="text" readOnly value={value} spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
        {hydrated ? (
          <button type="button" className="button feed-url__copy" onClick={copy} aria-label={`Kopiera adressen: ${label}`}>
            Kopiera
          </button>
        ) : null}
      </div>
    </div>
  );
}

export default function CalendarFeedPage() {
  const { activeSince } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [copied, setCopied] = useState<string | null>(null);
  const created = actionData?.created;
  const busy = navigation.state === "submitting";

  return (
    <div className="container narrow feed-page">
      <h1>Kalenderflöde</h1>
      <p className="lead">
        Prenumerera på ditt schema eller på turnéns stopp i din egen kalender, till exempel Outlook, Google Kalender eller kalendern i mobilen. Kalendern hämtar
        ändringar av sig själv.
      </p>
      <p>
        Adressen är personlig och fungerar utan inloggning. <b>Mitt schema</b> visar de stopp du är bokad på, med din roll; inställda stopp står kvar som
        inställda. <b>Alla stopp</b> visar turnéns stopp från 60 dagar bakåt, även förslag och interna anteckningar. Dela inte adressen med någon. Kommer den i
        fel händer kan du återkalla den och skapa en ny.
      </p>

      <div>
        {searchParams.has("aterkallad") && !created ? <ResultMessage className="notice">Adressen är återkallad och slutar fungera nu.</ResultMessage> : null}
      </div>

      {created ? (
        <section className="card stack" aria-labelledby="ny-adress">
          <h2 id="ny-adress">Din nya adress</h2>
          <p className="notice">Kopiera adressen nu och lägg in den i din kalender. Av säkerhetsskäl visas den bara den här gången.</p>
          <CopyField id="flode-mitt-schema" label="Mitt schema" value={created.mine} onCopied={setCopied} />
          <CopyField id="flode-alla" label="Alla stopp" value={created.all} onCopied={setCopied} />
          {created.tours.length ? (
            <>
              <h3>En turné i taget</h3>
              {created.tours.map((t) => (
                <CopyField key={t.id} id={`flode-${t.id}`} label={t.name} value={t.url} onCopied={setCopied} />
              ))}
            </>
          ) : null}
          <p role="status" className="feed-copied">
            {copied ? `Kopierat: ${copied}.` : ""}
          </p>
        </section>
      ) : activeSince ? (
        <section className="card stack" aria-labelledby="aktiv-adress">
          <h2 id="aktiv-adress">Du har en aktiv adress</h2>
          <p>Skapad {activeSince}. Av säkerhetsskäl visas den inte igen. Har du tappat bort den, skapa en ny: den gamla slutar då att fungera.</p>
          <div className="feed-actions">
            <Form method="post">
              <SubmitButton name="intent" value="create" className="button" busy={busy}>
                Skapa ny adress
              </SubmitButton>
            </Form>
            <Form method="post">
              <SubmitButton name="intent" value="revoke" className="button button--danger" busy={busy}>
                Återkalla adressen
              </SubmitButton>
            </Form>
          </div>
        </section>
      ) : (
        <section className="card stack" aria-labelledby="skapa-adress">
          <h2 id="skapa-adress">Skapa en adress</h2>
          <p>Du har ingen aktiv adress till kalenderflödet.</p>
          <Form method="post">
            <SubmitButton name="intent" value="create" className="button" busy={busy}>
              Skapa adress
            </SubmitButton>
          </Form>
        </section>
      )}

      {created ? (
        <section className="card stack" aria-labelledby="hantera-adress">
          <h2 id="hantera-adress">Återkalla</h2>
          <p>Om adressen kommer i fel händer: återkalla den, så slutar den fungera direkt.</p>
          <Form method="post">
            <SubmitButton name="intent" value="revoke" className="button button--danger" busy={busy}>
              Återkalla adressen
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="sa-gor-du" className="prose">
        <h2 id="sa-gor-du">Så lägger du in adressen</h2>
        <ul>
          <li>
            <b>Outlook:</b> Lägg till kalender → Prenumerera från webben (eller Från Internet), klistra in adressen.
          </li>
          <li>
            <b>Google Kalender:</b> Andra kalendrar → plustecknet → Från webbadress, klistra in adressen.
          </li>
          <li>
            <b>iPhone:</b> Inställningar → Kalender → Konton → Lägg till konto → Annat → Lägg till prenumererad kalender.
          </li>
        </ul>
        <p className="muted">Kalenderprogrammen hämtar ändringar med olika mellanrum, från några minuter till ett dygn.</p>
      </section>
    </div>
  );
}
