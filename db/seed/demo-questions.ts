import { and, count, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "~/db.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { addDaysIso, stockholmDate, stockholmTime, stockholmToUtc } from "~/utils/dates";
import { areas, fieldQuestions, stopAssignments, stops, tours, userAdvisorFunctions, userAnswerGroups, users } from "../schema";
import { currentDemoTour, DEMO_TOUR_LEADER_EMAIL } from "./demo-tours";

/**
 * Field questions for the demo tours (issue 6): residents' questions at the held stops of 2017 and
 * a handful at the current season's past stops. Every question goes through recordFieldQuestion,
 * so case numbers, history events and (with a case system configured) delivery rows are exactly
 * what the field page would make. Deterministic: a seeded PRNG picks the questions, so two runs
 * with the same `now` give the same data. The people asking are fictional; phone numbers are from
 * PTS's series for fiction (070-174 06 05 … 99) and e-mail addresses are @example.se.
 */

type Category = `g:${"BSU" | "ASSF" | "BBMT"}` | `f:${string}` | "other";
type Template = {
  category: Category;
  topics: string[];
  /** {ort} is the locality the question concerns. */
  question: string;
  /** What the guide answered on the spot (omitted now and then, as in real logging). */
  answer: string;
  /** Where the question goes when it cannot be answered on the spot. */
  department: string;
  /** Relative frequency. */
  weight?: number;
};

export const DEMO_QUESTION_TEMPLATES: Template[] = [
  // BBMT: bo, bygga, miljö och tillstånd; the town's environment and traffic.
  {
    category: "g:BBMT",
    topics: ["trafik"],
    question: "Bilarna kör alldeles för fort genom {ort}, särskilt på morgonen vid skolan. Kan kommunen sätta upp farthinder?",
    answer: "Förklarade hur man lämnar en synpunkt om trafiksäkerhet och att stadsbyggnadsförvaltningen gör hastighetsmätningar efter anmälan.",
    department: "stadsbyggnad",
    weight: 4,
  },
  {
    category: "g:BBMT",
    topics: ["trafik", "stadsmiljo"],
    question: "Gatubelysningen längs gång- och cykelvägen i {ort} har varit släckt i flera veckor. Vem ansvarar för den?",
    answer: "Gatubelysningen sköts av stadsbyggnadsförvaltningen; visade felanmälan i appen och på webben.",
    department: "stadsbyggnad",
    weight: 3,
  },
  {
    category: "g:BBMT",
    topics: ["bygglov"],
    question: "Behöver jag bygglov för en friggebod på 15 kvadratmeter på tomten i {ort}?",
    answer: "Friggebod upp till 15 kvm kräver normalt inte bygglov om den står minst 4,5 meter från tomtgränsen; visade kartan och reglerna.",
    department: "stadsbyggnad",
    weight: 4,
  },
  {
    category: "g:BBMT",
    topics: ["bygglov"],
    question: "Vi vill bygga ett växthus och ett nytt staket mot vägen. Hur söker man bygglov och hur lång tid tar det?",
    answer: "Gick igenom e-tjänsten för bygglov, vilka ritningar som behövs och handläggningstiden.",
    department: "stadsbyggnad",
    weight: 2,
  },
  {
    category: "g:BBMT",
    topics: ["stadsmiljo"],
    question: "Gräset i lekparken i {ort} klipps för sällan och gungorna är trasiga. Vem sköter parken?",
    answer: "Parken sköts av stadsbyggnadsförvaltningen; hjälpte till att felanmäla gungorna direkt.",
    department: "stadsbyggnad",
    weight: 3,
  },
  {
    category: "g:BBMT",
    topics: ["stadsmiljo", "miljo"],
    question: "Det är mycket nedskräpning vid busshållplatsen och återvinningsstationen i {ort}. Kan det tömmas oftare?",
    answer: "Återvinningsstationen sköts av NSR; gav deras kontaktuppgifter och visade hur man anmäler nedskräpning på kommunens mark.",
    department: "miljo",
    weight: 3,
  },
  {
    category: "g:BBMT",
    topics: ["miljo"],
    question: "Grannens värmepump låter mycket på nätterna. Vart vänder jag mig med bullerstörningar?",
    answer: "Förklarade att miljöförvaltningen handlägger klagomål på buller och hur man gör en anmälan.",
    department: "miljo",
    weight: 2,
  },
  {
    category: "g:BBMT",
    topics: ["miljo", "stadsmiljo"],
    question: "Trafikbullret från väg 111 har ökat. Finns det planer på bullerplank vid {ort}?",
    answer: "Väg 111 är Trafikverkets väg; gav kontaktuppgifter till Trafikverket och visade kommunens bullerkartläggning.",
    department: "stadsbyggnad",
  },
  {
    category: "g:BBMT",
    topics: ["bredband"],
    question: "När kommer fiber till vår del av {ort}? Vi har fortfarande bara kopparnät.",
    answer: "Berättade om stadens bredbandsstrategi och vilka nätägare som bygger i området; gav länk till intresseanmälan.",
    department: "stadsbyggnad",
    weight: 3,
  },
  {
    category: "g:BBMT",
    topics: ["stadsmiljo"],
    question: "Kan kommunen ställa ut fler bänkar och papperskorgar längs promenadstråket i {ort}?",
    answer: "Visade hur man lämnar ett medborgarförslag och en synpunkt till stadsbyggnadsförvaltningen.",
    department: "stadsbyggnad",
  },
  {
    category: "g:BBMT",
    topics: ["bygglov", "stadsmiljo"],
    question: "Vad händer med den gamla skoltomten i {ort}? Vi har hört att det ska byggas bostäder.",
    answer: "Visade detaljplanen som är ute på samråd och hur man lämnar synpunkter före sista datum.",
    department: "stadsbyggnad",
    weight: 2,
  },
  {
    category: "g:BBMT",
    topics: ["miljo"],
    question: "Får man elda trädgårdsavfall på tomten i {ort}?",
    answer: "Eldning av trädgårdsavfall är inte tillåten inom detaljplanelagt område; tipsade om kompost och återvinningscentralen.",
    department: "miljo",
  },
  // Traffic and buses that are not the municipality's own (övrigt).
  {
    category: "other",
    topics: ["kollektivtrafik"],
    question: "Busslinje 219 går för sällan på kvällar och helger. Kan kommunen påverka Skånetrafiken?",
    answer: "Skånetrafiken ansvarar för linjerna; visade hur man lämnar synpunkter till dem och att staden samråder om trafikplanen varje år.",
    department: "stadsbyggnad",
    weight: 3,
  },
  {
    category: "other",
    topics: ["kollektivtrafik", "trafik"],
    question: "Busshållplatsen i {ort} saknar väderskydd och belysning. Vem kan ordna det?",
    answer: "Väderskydd vid hållplatser ordnas av staden i samråd med Skånetrafiken; hjälpte till att lämna en synpunkt.",
    department: "stadsbyggnad",
    weight: 2,
  },
  {
    category: "other",
    topics: ["ovrigt"],
    question: "Hur gör jag för att få ett parkeringstillstånd för rörelsehindrad?",
    answer: "Visade e-tjänsten för parkeringstillstånd och vilket läkarintyg som behövs.",
    department: "stadsbyggnad",
  },
  {
    category: "other",
    topics: ["ovrigt"],
    question: "Hur kan jag påverka det kommunen beslutar om {ort}?",
    answer: "Berättade om medborgarförslag, synpunkter via kontaktcenter, öppna nämndsammanträden och dialogmöten.",
    department: "kultur",
    weight: 2,
  },
  // BSU: barnomsorg, skola och utbildning.
  {
    category: "g:BSU",
    topics: ["skola"],
    question: "Vi flyttar till {ort} i augusti. Hur söker vi förskoleplats och hur lång är kön?",
    answer: "Visade e-tjänsten för förskoleplats; plats erbjuds inom fyra månader från ansökan.",
    department: "skol_fritid",
    weight: 4,
  },
  {
    category: "g:BSU",
    topics: ["skola"],
    question: "Kommer barnen i {ort} att få plats i den närmaste skolan, eller måste de åka buss till en annan skola?",
    answer: "Förklarade skolvalet och närhetsprincipen, och när besked om skolplacering kommer.",
    department: "skol_fritid",
    weight: 3,
  },
  {
    category: "g:BSU",
    topics: ["skola", "trafik"],
    question: "Har mitt barn rätt till skolskjuts? Vägen till skolan saknar cykelbana.",
    answer: "Gick igenom reglerna för skolskjuts och hur man ansöker om prövning av trafikfarlig väg.",
    department: "skol_fritid",
    weight: 2,
  },
  {
    category: "g:BSU",
    topics: ["fritid"],
    question: "Finns det någon fritidsgård eller mötesplats för ungdomar i {ort}?",
    answer: "Berättade om närmaste fritidsgård och om de öppna aktiviteterna på sommarlovet.",
    department: "skol_fritid",
    weight: 2,
  },
  {
    category: "g:BSU",
    topics: ["skola"],
    question: "Hur ansöker man till vuxenutbildningen? Jag vill läsa in gymnasiet.",
    answer: "Visade vuxenutbildningens kurskatalog och ansökningsperioderna.",
    department: "arbetsmarknad",
  },
  {
    category: "g:BSU",
    topics: ["fritid", "foreningsliv"],
    question: "Kan idrottsföreningen i {ort} få boka skolans gymnastiksal på kvällarna?",
    answer: "Visade bokningssystemet för lokaler och hur föreningar registrerar sig för att få föreningspris.",
    department: "skol_fritid",
  },
  // ÄSSF: äldreomsorg, stöd och sociala frågor.
  {
    category: "g:ASSF",
    topics: ["aldreomsorg"],
    question: "Min mamma i {ort} klarar inte längre att handla och städa själv. Hur ansöker man om hemtjänst?",
    answer: "Förklarade biståndsbedömningen, hur man kontaktar en biståndshandläggare och att man kan välja utförare.",
    department: "vard_omsorg",
    weight: 4,
  },
  {
    category: "g:ASSF",
    topics: ["aldreomsorg"],
    question: "Hur lång är kön till särskilt boende, och kan man önska ett boende nära {ort}?",
    answer: "Gick igenom hur ansökan om särskilt boende går till och att man kan önska boende.",
    department: "vard_omsorg",
    weight: 3,
  },
  {
    category: "g:ASSF",
    topics: ["aldreomsorg", "trafik"],
    question: "Min pappa behöver färdtjänst för att ta sig till vårdcentralen. Hur söker han?",
    answer: "Visade ansökan om färdtjänst och vilka intyg som behövs.",
    department: "vard_omsorg",
    weight: 2,
  },
  {
    category: "g:ASSF",
    topics: ["ovrigt"],
    question: "Jag är orolig för en granne som verkar ensam och inte klarar sig. Vem kan jag prata med?",
    answer: "Förklarade hur man gör en orosanmälan eller kontaktar socialtjänstens mottagning, även anonymt.",
    department: "social",
    weight: 2,
  },
  {
    category: "g:ASSF",
    topics: ["ekonomi"],
    question: "Hur ansöker man om ekonomiskt bistånd, och vad räknas in?",
    answer: "Gick igenom ansökan om ekonomiskt bistånd och vilka underlag som behövs.",
    department: "social",
  },
  {
    category: "g:ASSF",
    topics: ["aldreomsorg"],
    question: "Finns det trygghetslarm för äldre som bor ensamma i {ort}?",
    answer: "Berättade om trygghetslarm, hur man ansöker och vad det kostar.",
    department: "vard_omsorg",
    weight: 2,
  },
  // The advisor functions.
  {
    category: "f:energy_climate",
    topics: ["miljo", "ekonomi"],
    question: "Lönar det sig att byta oljepanna mot bergvärme eller luft-vattenvärmepump i ett hus från 1970-talet?",
    answer: "Energirådgivaren jämförde värmepumpstyperna, ungefärliga kostnader och återbetalningstid, och gav checklista för offerter.",
    department: "miljo",
    weight: 4,
  },
  {
    category: "f:energy_climate",
    topics: ["miljo"],
    question: "Vi funderar på solceller på taket. Behövs bygglov och finns det bidrag?",
    answer: "Solceller på villatak kräver oftast inte bygglov utanför kulturmiljöer; berättade om skattereduktionen för grön teknik.",
    department: "stadsbyggnad",
    weight: 3,
  },
  {
    category: "f:energy_climate",
    topics: ["miljo", "trafik"],
    question: "Var finns laddstolpar för elbil i {ort}, och kan bostadsrättsföreningen få stöd för att sätta upp egna?",
    answer: "Visade laddkartan och Naturvårdsverkets ladda hemma-stöd.",
    department: "stadsbyggnad",
  },
  {
    category: "f:budget_debt",
    topics: ["ekonomi"],
    question: "Jag har flera smålån och betalningsanmärkningar. Kan någon hjälpa mig att få överblick?",
    answer: "Budget- och skuldrådgivaren bokade ett kostnadsfritt samtal och berättade om skuldsanering.",
    department: "social",
    weight: 3,
  },
  {
    category: "f:budget_debt",
    topics: ["ekonomi"],
    question: "Hur gör man en hushållsbudget när elpriset har stigit så mycket?",
    answer: "Gick igenom budgetmallen och Konsumentverkets beräkningar av skäliga levnadskostnader.",
    department: "social",
    weight: 2,
  },
  {
    category: "f:consumer",
    topics: ["ekonomi"],
    question: "Hantverkaren som lade om taket har gjort ett dåligt jobb och svarar inte. Vad har jag för rättigheter?",
    answer: "Konsumentrådgivaren förklarade konsumenttjänstlagen och hur man reklamerar skriftligt.",
    department: "miljo",
    weight: 3,
  },
  {
    category: "f:consumer",
    topics: ["ekonomi", "bredband"],
    question: "Jag blev uppringd och fick ett nytt elavtal som jag inte ville ha. Kan jag ångra det?",
    answer: "Förklarade ångerrätten vid telefonförsäljning och hjälpte till med ett ångerbrev.",
    department: "miljo",
    weight: 2,
  },
  {
    category: "f:eu_information",
    topics: ["foreningsliv", "fritid"],
    question: "Vi vill starta en ungdomsgård i {ort} i byalagets regi. Finns det stöd att söka?",
    answer:
      "Ja, via Leader: gav kontakt till Leader Skåne Nordvästs verksamhetsledare och berättade hur ett EU Leader-projekt söks, med medfinansiering från staden.",
    department: "kultur",
    weight: 3,
  },
  {
    category: "f:eu_information",
    topics: ["foreningsliv"],
    question: "Kan byalaget i {ort} få EU-stöd för att rusta upp bygdegården?",
    answer: "Berättade om landsbygdsprogrammet och Leader, och gav kontakt till Leader-kontoret för ett första samtal.",
    department: "kultur",
    weight: 2,
  },
  {
    category: "f:volunteer_center",
    topics: ["foreningsliv"],
    question: "Jag är nybliven pensionär och vill göra något meningsfullt. Hur blir man volontär?",
    answer: "Volontärcenter berättade om uppdrag som läxhjälp, besöksvän och språkcafé, och tog emot en intresseanmälan.",
    department: "social",
    weight: 2,
  },
  {
    category: "f:volunteer_center",
    topics: ["foreningsliv"],
    question: "Vår förening i {ort} behöver fler volontärer till loppisen. Kan volontärcenter hjälpa oss?",
    answer: "Föreningen kan lägga ut uppdrag på volontärcenters webb; gav kontaktuppgifter.",
    department: "social",
  },
  {
    category: "f:senior",
    topics: ["aldreomsorg"],
    question: "Vad finns det för aktiviteter för seniorer i {ort}, och finns det trygghetsboende?",
    answer: "Seniorrådgivaren berättade om träffpunkterna, seniorernas friskvård och hur man söker trygghetsboende.",
    department: "vard_omsorg",
    weight: 3,
  },
  {
    category: "f:senior",
    topics: ["ekonomi", "aldreomsorg"],
    question: "Har jag rätt till bostadstillägg som pensionär?",
    answer: "Förklarade bostadstillägget från Pensionsmyndigheten och hjälpte till att räkna på det.",
    department: "social",
  },
  {
    category: "f:disability",
    topics: ["ovrigt"],
    question: "Vår son har en funktionsnedsättning. Vilket stöd kan vi få enligt LSS, till exempel korttidsvistelse?",
    answer: "Rådgivaren gick igenom insatserna enligt LSS och hur man ansöker hos en handläggare.",
    department: "vard_omsorg",
    weight: 2,
  },
  {
    category: "f:disability",
    topics: ["bygglov"],
    question: "Jag behöver ta bort tröskeln och bygga om badrummet. Kan jag få bostadsanpassningsbidrag?",
    answer: "Förklarade bostadsanpassningsbidraget, vilket intyg som behövs och att ansökan görs innan arbetet börjar.",
    department: "stadsbyggnad",
    weight: 2,
  },
];

/** Fictional residents who want a reply. Phones: PTS's fiction series; e-mails: @example.se. */
const RESIDENTS = [
  { name: "Greta Andersson", phone: "070-174 06 41", email: "greta.andersson@example.se" },
  { name: "Bengt Svensson", phone: "070-174 06 42", email: null },
  { name: "Yasmin Haddad", phone: null, email: "yasmin.haddad@example.se" },
  { name: "Olle Mårtensson", phone: "070-174 06 44", email: "olle.m@example.se" },
  { name: "Ingrid Ek", phone: "070-174 06 45", email: null },
  { name: "Tomas Lind", phone: null, email: "tomas.lind@example.se" },
  { name: "Leila Karimi", phone: "070-174 06 47", email: "leila.karimi@example.se" },
  { name: "Stig Holmberg", phone: "070-174 06 48", email: null },
  { name: "Maria Nordin", phone: "070-174 06 49", email: "maria.nordin@example.se" },
  { name: "Ali Rahimi", phone: null, email: "ali.rahimi@example.se" },
];

/** Where people at a fair or a market in town come from. */
const LOCALITIES = ["Ödåkra", "Rydebäck", "Mörarp", "Påarp", "Kattarp", "Hittarp", "Laröd", "Bårslöv", "Gantofta", "Allerum", "Hasslarp", "Domsten"];
const TOWN_AREAS = new Set(["Helsingborg", "Centrum"]);

/** Mulberry32: small, fast and good enough for demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A version-4-shaped UUID from the PRNG, so reruns make the same ids. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function pickWeighted<T extends { weight?: number }>(items: T[], random: () => number): T {
  const total = items.reduce((sum, i) => sum + (i.weight ?? 1), 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.weight ?? 1;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

export type DemoQuestionsReport = { questions: number; answeredOnSpot: number; stops: number };

/** Share of questions answered on the spot (KKiK: about 90 % in 2016). */
const ANSWERED_SHARE = 0.9;
/** How many of the current season's past held stops get questions, and how many each. */
const CURRENT_STOPS = 3;
const CURRENT_PER_STOP = [3, 6] as const;

/**
 * Adds demo field questions to a database whose demo tours and staffing are loaded and which
 * has no field questions yet. Returns null if it did nothing.
 */
export function seedDemoQuestions(db: Db, now: Date = new Date()): DemoQuestionsReport | null {
  if ((db.select({ n: count() }).from(fieldQuestions).get()?.n ?? 0) > 0) return null;
  const heldStops = (tourName: string) =>
    db
      .select({ id: stops.id, title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt, areaName: areas.name })
      .from(stops)
      .innerJoin(tours, eq(tours.id, stops.tourId))
      .leftJoin(areas, eq(areas.id, stops.areaId))
      .where(and(eq(tours.name, tourName), eq(stops.status, "held"), lt(stops.endsAt, now)))
      .orderBy(stops.startsAt, stops.id)
      .all();
  const plan = [
    ...heldStops("KC rullar ut 2017").map((s) => ({ stop: s, range: [8, 25] as const })),
    ...heldStops(currentDemoTour(now).name)
      .slice(-CURRENT_STOPS)
      .map((s) => ({ stop: s, range: CURRENT_PER_STOP })),
  ];
  if (plan.length === 0) return null;

  const people = db.select({ id: users.id, email: users.email, role: users.role }).from(users).where(eq(users.active, true)).all();
  const leader = people.find((p) => p.email === DEMO_TOUR_LEADER_EMAIL);
  const groupsOf = new Map<string, Set<string>>();
  for (const g of db.select().from(userAnswerGroups).all()) groupsOf.set(g.userId, (groupsOf.get(g.userId) ?? new Set()).add(`g:${g.groupCode}`));
  for (const f of db.select().from(userAdvisorFunctions).all()) groupsOf.set(f.userId, (groupsOf.get(f.userId) ?? new Set()).add(`f:${f.functionCode}`));
  const staff = people.filter((p) => groupsOf.has(p.id)).sort((a, b) => a.email.localeCompare(b.email));
  const bookings = db
    .select({ stopId: stopAssignments.stopId, userId: stopAssignments.userId })
    .from(stopAssignments)
    .where(
      and(
        inArray(
          stopAssignments.stopId,
          plan.map((p) => p.stop.id),
        ),
        eq(stopAssignments.status, "confirmed"),
      ),
    )
    .all();

  // Made first, recorded in the order they reached the server, so case numbers follow time.
  const planned: { actor: { id: string; role: (typeof people)[number]["role"] }; input: ReturnType<typeof fieldQuestionSchema.parse>; receivedAt: Date }[] = [];
  let resident = 0;
  for (const { stop, range } of plan) {
    const random = prng(hash(`${stop.title}:${stockholmDate(stop.startsAt)}`));
    const booked = staff.filter((p) => bookings.some((b) => b.stopId === stop.id && b.userId === p.id));
    // Multi-day stops (fairs, the city festival) are logged within each day's opening hours.
    const firstDay = stockholmDate(stop.startsAt);
    const lastDay = stockholmDate(stop.endsAt);
    const opens = stockholmTime(stop.startsAt);
    const closes = stockholmTime(stop.endsAt);
    const days: { from: number; to: number }[] = [];
    for (let d = firstDay; d <= lastDay; d = addDaysIso(d, 1)) {
      const from = stockholmToUtc(d, opens).getTime();
      const to = stockholmToUtc(d, closes).getTime();
      days.push(to > from ? { from, to } : { from: stop.startsAt.getTime(), to: stop.endsAt.getTime() });
    }
    const n = range[0] + Math.floor(random() * (range[1] - range[0] + 1));
    for (let i = 0; i < n; i++) {
      const template = pickWeighted(DEMO_QUESTION_TEMPLATES, random);
      const ort = stop.areaName && !TOWN_AREAS.has(stop.areaName) ? stop.areaName : LOCALITIES[Math.floor(random() * LOCALITIES.length)]!;
      const day = days[Math.floor(random() * days.length)]!;
      // Not in the first ten minutes (setting up); a little before closing at the latest.
      const span = Math.max(60_000, day.to - day.from - 15 * 60_000);
      const loggedAt = new Date(day.from + 10 * 60_000 + Math.floor(random() * span));
      const answered = random() < ANSWERED_SHARE;
      const withAnswer = random() < 0.8;
      const replyWanted = !answered && random() < 0.6;
      const contact = replyWanted ? RESIDENTS[resident++ % RESIDENTS.length]! : null;
      // Who logged it: someone booked on the stop in the question's role, else anyone booked, else any qualified staff.
      const qualified = (p: { id: string }) => template.category === "other" || groupsOf.get(p.id)?.has(template.category);
      const bookedQualified = booked.filter(qualified);
      const loggedBy =
        bookedQualified[Math.floor(random() * bookedQualified.length)] ?? booked[Math.floor(random() * booked.length)] ?? staff.find(qualified) ?? leader;
      const id = uuid(random);
      const receivedAt = new Date(loggedAt.getTime() + 20_000 + Math.floor(random() * 60_000));
      if (!loggedBy) continue;
      const input = fieldQuestionSchema.parse({
        id,
        stopId: stop.id,
        loggedAt: loggedAt.toISOString(),
        question: template.question.replaceAll("{ort}", ort),
        category: template.category,
        topics: template.topics,
        answeredOnSpot: answered,
        answer: answered && withAnswer ? template.answer : undefined,
        departmentCode: answered ? undefined : template.department,
        replyWanted,
        contactName: contact?.name,
        contactPhone: contact?.phone ?? undefined,
        contactEmail: contact?.email ?? undefined,
      });
      planned.push({ actor: { id: loggedBy.id, role: loggedBy.role }, input, receivedAt });
    }
  }
  planned.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.input.id.localeCompare(b.input.id));
  // One outer transaction, so the seed commits (and syncs to disk) once rather than per question;
  // inside it each recordFieldQuestion runs as a savepoint, with the same rows as in the app.
  let answeredOnSpot = 0;
  db.transaction((tx) => {
    for (const q of planned) {
      // Made-up history: no receipts to the made-up residents' addresses.
      recordFieldQuestion(tx as unknown as Db, q.actor, q.input, q.receivedAt, { notifyResident: false });
      if (q.input.answeredOnSpot) answeredOnSpot++;
    }
  });
  const questions = planned.length;
  return { questions, answeredOnSpot, stops: plan.length };
}
