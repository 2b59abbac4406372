import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { ClientOnly } from "~/components/client-only";
import { FieldError } from "~/components/form-fields";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { Conflict, NotFound } from "~/domain/errors";
import { formatWhen, REPLY_STRINGS, replyLangOf, replyPageHref, type ReplyLang, type ReplyStrings } from "~/domain/invitations/i18n";
import { getReplyView, submitReply, type ReplyView } from "~/domain/invitations/invitations.server";
import { REPLY_FORM_HEADERS, invitationIdFrom } from "~/domain/invitations/reply-cookie.server";
import { replySchemaFor } from "~/domain/invitations/schemas";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { getEnv } from "~/env.server";
import { formatIsoDate } from "~/utils/dates";
import { ResultMessage } from "~/components/result-message";
import { replyDocumentHandle, replyMeta } from "~/domain/invitations/reply-document";

const StopsMap = lazy(() => import("~/components/map/stops-map.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => replyMeta(data);

export const handle = replyDocumentHandle;

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const h = new Headers(REPLY_FORM_HEADERS);
  for (const [k, v] of [...loaderHeaders, ...actionHeaders]) if (k !== "set-cookie") h.set(k, v);
  return h;
};

function deadlineText(lang: ReplyLang, deadline: string): string {
  if (lang === "sv") return formatIsoDate(deadline);
  const [y, m, d] = deadline.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(Date.UTC(y, m - 1, d));
}

/** Only what the page shows, already formatted in the reader's language. */
function pageData(view: ReplyView, lang: ReplyLang) {
  const t = REPLY_STRINGS[lang];
  return {
    lang,
    version: view.version,
    isVisit: view.kind === "visit_offer",
    organizationName: view.organizationName,
    municipalityName: view.municipalityName,
    office: view.office,
    deadline: deadlineText(lang, view.deadline),
    open: view.open,
    allowOtherTime: view.allowOtherTime,
    place: view.place ? { title: view.place.title, venue: view.place.venue, when: formatWhen(lang, view.place.startsAt, view.place.endsAt) } : null,
    areaName: view.areaPoint?.name ?? null,
    times: view.times.map((x) => ({ id: x.id, label: formatWhen(lang, x.startsAt, x.endsAt) })),
    advisorFunctions: view.advisorFunctions.map((f) => ({ value: f.code, label: t.advisorNames[f.code] ?? f.name })),
    answerGroups: view.answerGroups.map((g) => ({ value: g.code, label: t.groupNames[g.code] ?? g.description })),
    defaults: view.reply
      ? {
          version: String(view.version),
          answer: view.reply.answer,
          timeChoice: view.reply.chosenTimeId ?? (view.reply.suggestedTime ? "other" : ""),
          suggestedTime: view.reply.suggestedTime ?? "",
          advisorFunctions: view.reply.advisorFunctions,
          answerGroups: view.reply.answerGroups,
          attendees: view.reply.attendees ? String(view.reply.attendees) : "",
          message: view.reply.message ?? "",
          contactName: view.reply.contactName ?? "",
          contactPhone: view.reply.contactPhone ?? "",
        }
      : { version: String(view.version) },
    answered: view.reply?.answer ?? null,
    /** What the thank-you page says happens now. */
    next: view.reply
      ? {
          booked: view.booked
            ? {
                title: view.booked.title,
                when: formatWhen(lang, view.booked.startsAt, view.booked.endsAt),
                where: view.booked.venue ?? view.areaPoint?.name ?? null,
              }
            : null,
          suggestedTime: view.reply.answer === "yes" ? view.reply.suggestedTime : null,
        }
      : null,
    map: (() => {
      const point = view.place ?? view.areaPoint;
      if (!point) return null;
      const env = getEnv();
      return {
        lat: point.lat,
        lng: point.lng,
        title: view.place?.title ?? view.areaPoint?.name ?? "",
        tileUrl: env.MAP_TILE_URL,
        tileAttribution: env.MAP_TILE_ATTRIBUTION,
      };
    })(),
  };
}

async function loadView(request: Request) {
  const lang = replyLangOf(request);
  const invitationId = await invitationIdFrom(request);
  if (!invitationId) return { lang, view: null };
  try {
    return { lang, view: getReplyView(getDb(), invitationId) };
  } catch (error) {
    if (error instanceof NotFound) return { lang, view: null };
    throw error;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { lang, view } = await loadView(request);
  const organization = getMunicipalityName(getDb());
  if (!view) return data({ page: null, lang, organization, saved: false }, { status: 404, headers: REPLY_FORM_HEADERS });
  const saved = new URL(request.url).searchParams.get("sparat") === "1" && view.reply !== null;
  return data({ page: pageData(view, lang), lang, organization, saved }, { headers: REPLY_FORM_HEADERS });
}

export async function action({ request }: ActionFunctionArgs) {
  const { lang, view } = await loadView(request);
  if (!view) return data({ result: undefined, raced: false, notFound: true }, { status: 404, headers: REPLY_FORM_HEADERS });
  const t = REPLY_STRINGS[lang];
  const schema = replySchemaFor(t, { isVisit: view.kind === "visit_offer", allowOtherTime: view.allowOtherTime });
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), raced: false, notFound: false }, { status: 400, headers: REPLY_FORM_HEADERS });
  }
  if (!view.open) {
    return data(
      { result: submission.reply({ formErrors: [t.closed(deadlineText(lang, view.deadline))] }), raced: false, notFound: false },
      { status: 400, headers: REPLY_FORM_HEADERS },
    );
  }
  try {
    submitReply(getDb(), view.invitationId, submission.value, { origin: appOrigin(request), lang });
  } catch (error) {
    if (error instanceof Conflict && error.code === "stale") {
      // Lost the race: show the answer that won, with a clear message.
      return data({ result: undefined, raced: true, notFound: false }, { status: 409, headers: REPLY_FORM_HEADERS });
    }
    if (error instanceof Conflict && error.field === "timeChoice") {
      return data(
        { result: submission.reply({ fieldErrors: { timeChoice: [t.errTime] } }), raced: false, notFound: false },
        { status: 400, headers: REPLY_FORM_HEADERS },
      );
    }
    if (error instanceof Conflict && error.code === "closed") {
      return data(
        { result: submission.reply({ formErrors: [t.closed(deadlineText(lang, view.deadline))] }), raced: false, notFound: false },
        { status: 400, headers: REPLY_FORM_HEADERS },
      );
    }
    if (error instanceof NotFound) return data({ result: undefined, raced: false, notFound: true }, { status: 404, headers: REPLY_FORM_HEADERS });
    throw error;
  }
  throw redirect(`/svar?sparat=1&lang=${lang}`, { headers: REPLY_FORM_HEADERS });
}

export default function ReplyPage() {
  const { page, lang, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = REPLY_STRINGS[lang];
  if (!page || actionData?.notFound) {
    return (
      <div className="container narrow reply-page">
        <h1>{t.notFoundTitle}</h1>
        <p>{t.notFoundBody}</p>
      </div>
    );
  }
  const thanks = saved && page.next && !actionData;
  return (
    <div className="container narrow reply-page">
      <p className="reply-lang">
        {/* A plain link: the switch works without JavaScript. */}
        <a href={replyPageHref(t.otherLang.code)} hrefLang={t.otherLang.htmlLang} lang={t.otherLang.htmlLang}>
          {t.otherLang.label}
        </a>
      </p>
      <p className="reply-kicker">{t.invitedBy(page.municipalityName)}</p>
      <h1>
        {page.isVisit ? t.kindVisit : (page.place?.title ?? t.kindInfoEvening)}
        <span className="reply-org"> – {t.to(page.organizationName)}</span>
      </h1>
      {thanks ? (
        <ThankYou page={page} t={t} lang={lang} />
      ) : (
        <>
          {actionData?.raced ? (
            <p className="notice notice--warning" role="alert">
              {t.raced}
            </p>
          ) : null}
          <dl className="reply-facts">
            {page.place ? (
              <>
                <dt>{t.when}</dt>
                <dd>{page.place.when}</dd>
                <dt>{t.where}</dt>
                <dd>{page.place.venue ?? page.place.title}</dd>
              </>
            ) : page.areaName ? (
              <>
                <dt>{t.where}</dt>
                <dd>{page.areaName}</dd>
              </>
            ) : null}
          </dl>
          {page.map ? <PlaceMap map={page.map} label={t.mapLabel} /> : null}
          <p>{page.open ? t.deadline(page.deadline) : t.closed(page.deadline)}</p>
          {page.open ? (
            <ReplyForm key={`${page.version}-${actionData?.raced ? "r" : ""}`} page={page} t={t} lastResult={actionData?.result} lang={lang} />
          ) : null}
        </>
      )}
      <section className="reply-privacy" aria-labelledby="reply-privacy-title">
        <h2 id="reply-privacy-title">{t.privacyTitle}</h2>
        {t.privacy(page.municipalityName, page.office.address).map((p) => (
          <p key={p}>{p}</p>
        ))}
      </section>
    </div>
  );
}

/**
 * After an answer: what happens now (issue 13, point 4). The booked time and place, that a
 * confirmation (with a calendar file when there is a time) went to their e-mail, and until when
 * the answer can be changed. Not the form, and not all the times that were proposed.
 */
function ThankYou({ page, t, lang }: { page: Page; t: ReplyStrings; lang: ReplyLang }) {
  const next = page.next!;
  const yes = page.answered === "yes";
  return (
    <>
      <ResultMessage className="notice notice--success">{t.saved}</ResultMessage>
      <section aria-labelledby="reply-next-title" className="reply-next">
        <h2 id="reply-next-title">{t.nextTitle}</h2>
        <ul>
          {yes && next.booked ? (
            <li>
              <strong>
                {page.isVisit ? t.bookedVisit(next.booked.when, next.booked.where) : t.bookedEvening(next.booked.title, next.booked.when, next.booked.where)}
              </strong>
            </li>
          ) : null}
          {yes && !next.booked && next.suggestedTime ? <li>{t.suggestedNext(next.suggestedTime)}</li> : null}
          {yes ? <li>{next.booked ? t.confirmationWithCalendar : t.confirmationSent}</li> : <li>{t.declinedNext}</li>}
          {page.open ? (
            <li>
              {t.changeUntil(page.deadline)} <a href={replyPageHref(lang)}>{t.changeLink}</a>
            </li>
          ) : null}
        </ul>
      </section>
    </>
  );
}

/** A small map of the place, only in the browser; the place is also written out above it. */
function PlaceMap({ map, label }: { map: NonNullable<Page["map"]>; label: string }) {
  const fallback = <div className="map map--placeholder reply-map" />;
  return (
    <section className="map-region" aria-label={label}>
      <ClientOnly fallback={fallback}>
        {() => (
          <Suspense fallback={fallback}>
            <StopsMap
              className="map reply-map"
              markers={[{ id: "place", lat: map.lat, lng: map.lng, title: map.title, lines: [], href: "#reply", linkText: "↓" }]}
              boundary={null}
              center={[map.lat, map.lng]}
              zoom={13}
              tileUrl={map.tileUrl}
              tileAttribution={map.tileAttribution}
            />
          </Suspense>
        )}
      </ClientOnly>
    </section>
  );
}

type Page = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["page"]>;

function ReplyForm({ page, t, lastResult, lang }: { page: Page; t: ReplyStrings; lastResult?: SubmissionResult<string[]>; lang: ReplyLang }) {
  const schema = replySchemaFor(t, { isVisit: page.isVisit, allowOtherTime: page.allowOtherTime });
  const [form, fields] = useSchemaForm(schema, {
    id: "reply",
    lastResult,
    defaultValue: page.defaults,
  });
  const answers = getCollectionProps(fields.answer, { type: "radio", options: ["yes", "no"] });
  const timeOptions = [...page.times.map((x) => x.id), ...(page.allowOtherTime ? ["other"] : [])];
  const times = getCollectionProps(fields.timeChoice, { type: "radio", options: timeOptions });
  const timeLabel = new Map([...page.times.map((x) => [x.id, x.label] as const), ["other", t.otherTime] as const]);
  const functions = getCollectionProps(fields.advisorFunctions, { type: "checkbox", options: page.advisorFunctions.map((o) => o.value) });
  const groups = getCollectionProps(fields.answerGroups, { type: "checkbox", options: page.answerGroups.map((o) => o.value) });
  const fnLabel = new Map(page.advisorFunctions.map((o) => [o.value, o.label]));
  const grLabel = new Map(page.answerGroups.map((o) => [o.value, o.label]));
  const text = (
    name: "suggestedTime" | "contactName" | "contactPhone" | "attendees",
    label: string,
    opts: { type?: "text" | "tel" | "number"; hint?: string; autoComplete?: string; required?: boolean } = {},
  ) => {
    const meta: FieldMetadata<unknown> = fields[name];
    const { key, ...props } = getInputProps(meta, { type: opts.type ?? "text", ariaDescribedBy: opts.hint ? meta.descriptionId : undefined });
    return (
      <div className="field">
        <label htmlFor={meta.id}>
          {label}
          {opts.required ? <span className="required"> {t.required}</span> : null}
        </label>
        {opts.hint ? (
          <p id={meta.descriptionId} className="hint">
            {opts.hint}
          </p>
        ) : null}
        <input key={key} {...props} autoComplete={opts.autoComplete} inputMode={opts.type === "number" ? "numeric" : undefined} />
        <FieldError id={meta.errorId} errors={meta.errors} />
      </div>
    );
  };
  const { key: messageKey, ...messageProps } = getTextareaProps(fields.message);
  // reloadDocument: the reply cookie is scoped to Path=/svar, which Remix's data requests
  // (/svar.data) do not match; a plain form post keeps the cookie narrow and works without JS.
  return (
    <Form reloadDocument method="post" action={`/svar?index&lang=${lang}`} {...getFormProps(form)} noValidate className="stack card reply-form">
      <div id={form.errorId} role="alert">
        {form.errors?.length ? <p className="form-error">{form.errors.join(" ")}</p> : null}
      </div>
      <input type="hidden" name={fields.version.name} value={String(page.version)} />
      <fieldset className="field" aria-describedby={fields.answer.errors?.length ? fields.answer.errorId : undefined}>
        <legend>
          {t.answerLegend} <span className="required">{t.required}</span>
        </legend>
        {answers.map(({ key, ...props }) => (
          <div className="radio" key={key}>
            <input {...props} />
            <label htmlFor={props.id}>{props.value === "yes" ? t.answerYes : t.answerNo}</label>
          </div>
        ))}
        <FieldError id={fields.answer.errorId} errors={fields.answer.errors} />
      </fieldset>
      {page.isVisit ? (
        <fieldset className="field" aria-describedby={fields.timeChoice.errors?.length ? fields.timeChoice.errorId : undefined}>
          <legend>{t.timeLegend}</legend>
          {times.map(({ key, ...props }) => (
            <div className="radio" key={key}>
              <input {...props} />
              <label htmlFor={props.id}>{timeLabel.get(props.value)}</label>
            </div>
          ))}
          <FieldError id={fields.timeChoice.errorId} errors={fields.timeChoice.errors} />
          {page.allowOtherTime ? text("suggestedTime", t.suggestedTime, { hint: t.suggestedTimeHint }) : null}
        </fieldset>
      ) : null}
      <fieldset className="field checkbox-group">
        <legend>{t.advisorsLegend}</legend>
        {functions.map(({ key, ...props }) => (
          <div className="checkbox" key={key}>
            <input {...props} />
            <label htmlFor={props.id}>{fnLabel.get(props.value)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className="field checkbox-group">
        <legend>{t.groupsLegend}</legend>
        {groups.map(({ key, ...props }) => (
          <div className="checkbox" key={key}>
            <input {...props} />
            <label htmlFor={props.id}>{grLabel.get(props.value)}</label>
          </div>
        ))}
      </fieldset>
      {text("attendees", t.attendees, { type: "number" })}
      <div className="field">
        <label htmlFor={fields.message.id}>{t.message}</label>
        <textarea key={messageKey} {...messageProps} rows={4} />
        <FieldError id={fields.message.errorId} errors={fields.message.errors} />
      </div>
      {text("contactName", t.contactName, { autoComplete: "name" })}
      {text("contactPhone", t.contactPhone, { type: "tel", autoComplete: "tel" })}
      {/* Honeypot: off-screen, hidden from assistive technology, never focused by keyboard. */}
      <div className="reply-hp" aria-hidden="true">
        <label htmlFor="reply-website">{t.honeypot}</label>
        <input id="reply-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <div>
        <button type="submit" className="button">
          {t.submit}
        </button>
      </div>
    </Form>
  );
}
