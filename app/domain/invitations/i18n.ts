/** Every UI string of the reply page (/svar), in Swedish and English. Pure: used by server and browser. */
import { contactCenterName, contactCentreNameEn } from "~/domain/settings/names";
import { formatPeriod, TIME_ZONE } from "~/utils/dates";

export const REPLY_LANGS = ["sv", "en"] as const;
export type ReplyLang = (typeof REPLY_LANGS)[number];

/** The language asked for in the address (?lang=sv|en), or null when none was. */
export function replyLang(value: string | null | undefined): ReplyLang | null {
  return value === "en" || value === "sv" ? value : null;
}

/**
 * The browser's most preferred language from Accept-Language ("da-DK,sv;q=0.9" → "da-dk"), or
 * null without one. Equal weights keep their order; q=0 means "not this one".
 */
export function firstAcceptedLanguage(header: string | null | undefined): string | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.tag && l.tag !== "*" && Number.isFinite(l.q) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag ?? null;
}

/**
 * The reply page's language (issue 13, point 4): what the address asks for (the language switch),
 * else Swedish for a browser that prefers Swedish (sv, sv-SE, sv-FI…) or says nothing, else English.
 */
export function negotiateReplyLang(asked: string | null | undefined, acceptLanguage: string | null | undefined): ReplyLang {
  const explicit = replyLang(asked);
  if (explicit) return explicit;
  const first = firstAcceptedLanguage(acceptLanguage);
  return first === null || first === "sv" || first.startsWith("sv-") ? "sv" : "en";
}

export function replyLangOf(request: Request): ReplyLang {
  return negotiateReplyLang(new URL(request.url).searchParams.get("lang"), request.headers.get("Accept-Language"));
}

/** The reply page's address in a language: the switch is a plain link, so it works without JavaScript. */
export function replyPageHref(lang: ReplyLang): string {
  return `/svar?lang=${lang}`;
}

const sv = {
  htmlLang: "sv",
  otherLang: { code: "en" as ReplyLang, label: "In English", htmlLang: "en" },
  title: "Svara på inbjudan",
  documentTitle: "Svara på inbjudan – Rullar ut",
  skipLink: "Hoppa till huvudinnehållet",
  footerLead: (organization: string | null) => `Rullar ut – ${contactCenterName(organization)} ute bland invånarna.`,
  footerLinks: [
    { href: "/har-finns-vi", label: "Här finns vi: kommande besök" },
    { href: "/om-tjansten", label: "Om tjänsten och datakällor" },
  ],
  notFoundTitle: "Länken fungerar inte",
  notFoundBody: "Länken är ogiltig, har gått ut eller har återkallats. Kontakta kontaktcenter om ni vill svara på inbjudan.",
  tooManyTitle: "För många försök",
  tooManyBody: "För många försök från din uppkoppling. Vänta en minut och försök igen.",
  invitedBy: (organization: string | null) => `${contactCenterName(organization)} bjuder in`,
  to: (org: string) => `till ${org}`,
  kindInfoEvening: "Informationskväll",
  kindVisit: "Erbjudande om besök",
  when: "När",
  where: "Var",
  deadline: (date: string) => `Svara senast ${date}.`,
  closed: (date: string) => `Sista svarsdag var ${date}. Svaret kan inte längre ändras.`,
  currentAnswer: "Ert nuvarande svar",
  answerYes: "Ja, vi kommer / vi vill ha besök",
  answerNo: "Nej tack",
  answerLegend: "Ert svar",
  timeLegend: "Vilken tid passar?",
  otherTime: "Föreslå en annan tid",
  suggestedTime: "Vilken tid föreslår ni?",
  suggestedTimeHint: "T.ex. ”en tisdagskväll i maj”",
  advisorsLegend: "Vilka rådgivare vill ni träffa?",
  groupsLegend: "Vilka frågor vill ni ställa till kommunen?",
  attendees: "Hur många tror ni kommer?",
  message: "Meddelande till kontaktcenter",
  contactName: "Ert namn",
  contactPhone: "Telefonnummer",
  honeypot: "Lämna tomt",
  submit: "Skicka svaret",
  saved: "Tack! Ert svar är sparat.",
  nextTitle: "Det här händer nu",
  bookedVisit: (when: string, where: string | null) => `Besöket är bokat: ${when}${where ? `, ${where}` : ""}.`,
  bookedEvening: (title: string, when: string, where: string | null) => `Ni är anmälda till ${title}: ${when}${where ? `, ${where}` : ""}.`,
  confirmationWithCalendar: "Vi har skickat en bekräftelse med en kalenderfil till er e-postadress. Öppna filen för att lägga in tiden i er kalender.",
  suggestedNext: (suggestion: string) => `Ni föreslog en egen tid: ”${suggestion}”. Vi hör av oss för att bestämma tiden.`,
  confirmationSent: "Vi har skickat en bekräftelse till er e-postadress.",
  declinedNext: "Ni har tackat nej. Vill ni ha besök en annan gång är ni välkomna att höra av er.",
  changeUntil: (date: string) => `Ni kan ändra ert svar till och med ${date}.`,
  changeLink: "Ändra ert svar",
  raced: "Svaret ändrades samtidigt från en annan flik eller person. Här är det senaste svaret; skicka igen om ni vill ändra det.",
  required: "(obligatoriskt)",
  errAnswer: "Välj ja eller nej",
  errTime: "Välj en av tiderna",
  errSuggestedTime: "Skriv vilken tid ni föreslår",
  errAttendees: "Ange antalet som ett heltal, minst 1",
  errContactName: "Skriv ert namn",
  errPhone: "Telefonnumret får bara innehålla siffror, +, -, ( ) och mellanslag",
  errTooLong: (n: number) => `Högst ${n} tecken`,
  mapLabel: "Karta över platsen",
  privacyTitle: "Så hanterar vi era uppgifter",
  privacy: (organization: string | null, address: string) => [
    `${contactCenterName(organization)} sparar ert svar, namn och telefonnummer och det ni skriver i meddelandet för att kunna planera besöket eller informationskvällen och kontakta er om det.`,
    "Den rättsliga grunden är att utföra en uppgift av allmänt intresse (kommunens service till invånare och föreningar).",
    "Uppgifterna sparas tills turnéns rapport är klar, högst 24 månader, och lämnas inte ut till andra.",
    `Ni har rätt att få veta vad vi sparar, få fel rättade och i vissa fall få uppgifterna raderade. Kontakta ${contactCenterName(organization)}, ${address}. Ni kan också klaga hos Integritetsskyddsmyndigheten (IMY).`,
  ],
  advisorNames: {} as Record<string, string>,
  groupNames: {} as Record<string, string>,
};

export type ReplyStrings = typeof sv;

const en: ReplyStrings = {
  htmlLang: "en",
  otherLang: { code: "sv", label: "På svenska", htmlLang: "sv" },
  title: "Reply to the invitation",
  documentTitle: "Reply to the invitation – Rullar ut",
  skipLink: "Skip to main content",
  footerLead: (organization: string | null) => `Rullar ut – ${contactCentreNameEn(organization)}, out among residents.`,
  footerLinks: [
    { href: "/har-finns-vi", label: "Where to find us: upcoming visits (in Swedish)" },
    { href: "/om-tjansten", label: "About the service and its data sources (in Swedish)" },
  ],
  notFoundTitle: "The link does not work",
  notFoundBody: "The link is invalid, has expired or has been withdrawn. Please contact the contact centre if you want to reply.",
  tooManyTitle: "Too many attempts",
  tooManyBody: "Too many attempts from your connection. Please wait a minute and try again.",
  invitedBy: (organization: string | null) => `${capitalize(contactCentreNameEn(organization))} invites`,
  to: (org: string) => `${org}`,
  kindInfoEvening: "Information evening",
  kindVisit: "Offer of a visit",
  when: "When",
  where: "Where",
  deadline: (date: string) => `Please reply by ${date}.`,
  closed: (date: string) => `The last day to reply was ${date}. The reply can no longer be changed.`,
  currentAnswer: "Your current reply",
  answerYes: "Yes, we will come / we would like a visit",
  answerNo: "No, thank you",
  answerLegend: "Your reply",
  timeLegend: "Which time suits you?",
  otherTime: "Suggest another time",
  suggestedTime: "Which time do you suggest?",
  suggestedTimeHint: "E.g. “a Tuesday evening in May”",
  advisorsLegend: "Which advisors would you like to meet?",
  groupsLegend: "Which questions would you like to ask the municipality?",
  attendees: "How many people do you expect?",
  message: "Message to the contact centre",
  contactName: "Your name",
  contactPhone: "Phone number",
  honeypot: "Leave empty",
  submit: "Send the reply",
  saved: "Thank you! Your reply has been saved.",
  nextTitle: "What happens now",
  bookedVisit: (when: string, where: string | null) => `The visit is booked: ${when}${where ? `, ${where}` : ""}.`,
  bookedEvening: (title: string, when: string, where: string | null) => `You are registered for ${title}: ${when}${where ? `, ${where}` : ""}.`,
  confirmationWithCalendar: "We have sent a confirmation with a calendar file to your e-mail address. Open the file to add the time to your calendar.",
  suggestedNext: (suggestion: string) => `You suggested a time of your own: “${suggestion}”. We will contact you to settle the time.`,
  confirmationSent: "We have sent a confirmation to your e-mail address.",
  declinedNext: "You have declined. If you would like a visit another time, you are welcome to contact us.",
  changeUntil: (date: string) => `You can change your reply until ${date}.`,
  changeLink: "Change your reply",
  raced: "The reply was changed at the same time from another tab or person. This is the latest reply; send again if you want to change it.",
  required: "(required)",
  errAnswer: "Choose yes or no",
  errTime: "Choose one of the times",
  errSuggestedTime: "Write the time you suggest",
  errAttendees: "Enter the number as a whole number, at least 1",
  errContactName: "Write your name",
  errPhone: "The phone number may only contain digits, +, -, ( ) and spaces",
  errTooLong: (n: number) => `At most ${n} characters`,
  mapLabel: "Map of the place",
  privacyTitle: "How we handle your data",
  privacy: (organization: string | null, address: string) => [
    `${capitalize(contactCentreNameEn(organization))} stores your reply, name, phone number and your message in order to plan the visit or the information evening and to contact you about it.`,
    "The legal basis is a task carried out in the public interest (the municipality's service to residents and associations).",
    "The data is kept until the tour's report is done, at most 24 months, and is not shared with others.",
    `You have the right to know what we store, to have errors corrected and in some cases to have the data erased. Contact ${contactCentreNameEn(organization)}, ${address}. You may also complain to the Swedish Authority for Privacy Protection (IMY).`,
  ],
  advisorNames: {
    budget_debt: "Budget and debt advice",
    consumer: "Consumer advice",
    energy_climate: "Energy and climate advice",
    eu_information: "EU information",
    volunteer_center: "Volunteer centre",
    senior: "Advice for seniors",
    disability: "Disability advice",
  },
  groupNames: {
    BSU: "Childcare, school and education",
    ASSF: "Elderly care, support and social questions",
    BBMT: "Housing, building, environment and permits",
  },
};

export const REPLY_STRINGS: Record<ReplyLang, ReplyStrings> = { sv, en };

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A stop's time in the reply's language: "tors 11 mars 2027 18:00–20:00" or "Thursday, 11 March 2027, 18:00–20:00". */
export function formatWhen(lang: ReplyLang, start: Date, end: Date): string {
  if (lang === "sv") return formatPeriod(start, end);
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const hm = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${day.format(start)}, ${hm.format(start)}–${hm.format(end)}`;
}

type ConfirmationPlace = { title: string; when: string; location: string | null };

/**
 * The confirmation e-mail after a yes, in the language the contact replied in: a contact who read
 * the reply page in English gets the confirmation in English too.
 */
export const CONFIRMATION_MAIL: Record<
  ReplyLang,
  {
    subject: (place: ConfirmationPlace | null, organization: string | null) => string;
    body: (input: { organizationName: string; place: ConfirmationPlace | null; suggestedTime: string | null; organization: string | null }) => string;
  }
> = {
  sv: {
    subject: (place, organization) => `Bekräftelse: ${place?.title ?? `ert svar till ${contactCenterName(organization)}`}`,
    body: ({ organizationName, place, suggestedTime, organization }) =>
      [
        `Hej ${organizationName}!`,
        "",
        `Tack för ert svar. ${
          place
            ? `Välkomna: ${place.title}, ${place.when}${place.location ? `, ${place.location}` : ""}.`
            : `Vi hör av oss om tiden${suggestedTime ? ` (ni föreslog: ${suggestedTime})` : ""}.`
        }`,
        place ? "Tiden finns i den bifogade kalenderfilen." : "",
        "",
        "Ni kan ändra ert svar fram till sista svarsdag via länken i inbjudan.",
        "",
        `Vänliga hälsningar\n${contactCenterName(organization)}`,
      ].join("\n"),
  },
  en: {
    subject: (place, organization) => `Confirmation: ${place?.title ?? `your reply to ${contactCentreNameEn(organization)}`}`,
    body: ({ organizationName, place, suggestedTime, organization }) =>
      [
        `Hello ${organizationName},`,
        "",
        `Thank you for your reply. ${
          place
            ? `Welcome: ${place.title}, ${place.when}${place.location ? `, ${place.location}` : ""}.`
            : `We will be in touch about the time${suggestedTime ? ` (you suggested: ${suggestedTime})` : ""}.`
        }`,
        place ? "The time is in the attached calendar file." : "",
        "",
        "You can change your reply until the last day to reply, through the link in the invitation.",
        "",
        `Kind regards\n${capitalize(contactCentreNameEn(organization))}`,
      ].join("\n"),
  },
};
