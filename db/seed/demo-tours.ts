import { count, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db.server";
import { addDaysIso, stockholmToUtc, todayInStockholm } from "~/utils/dates";
import { randomId } from "../id";
import { areas, auditLog, municipalitySettings, organizations, stopNeeds, stops, tours, users, type StopKind, type StopStatus } from "../schema";

/**
 * Demo tours for the demo data (called at the end of seedDemo):
 *   - "KC rullar ut 2016": socioeconomically weaker neighbourhoods (Söder, Planteringen, Drottninghög);
 *   - "KC rullar ut 2017": localities far from the central town, modelled on KC's annual report 2017
 *     (byalag visits in Rydebäck, Ödåkra, Laröd and Mörarp, info evenings at KC, fairs, the
 *     Christmas market, Hx, Mångfaldsveckan, Knutpunkten, Kulturhotellet, Invasam's annual meeting);
 *   - a tour around `now` (a year from now − 6 months) with held stops in the past and
 *     confirmed, planned, proposed and one cancelled stop in the future.
 * Also tags the areas the tours aim at. Visitor numbers, summaries and notes are made up for the demo.
 * Written directly (not through the verbs), in one synchronous transaction, with audit rows
 * by the demo tour leader so the history pages are not empty.
 */

export const TAG_SOCIOECONOMIC = "socioekonomiskt fokus";
export const TAG_FAR_FROM_CENTRE = "långt från centralorten";

/** Neighbourhoods of the 2016 tour. */
export const SOCIOECONOMIC_AREAS = ["Söder", "Planteringen", "Drottninghög"] as const;

/**
 * A tätort or småort at least this far from the KC office counts as "långt från centralorten".
 * Every locality outside the central town qualifies (the nearest, Östra Ramlösa and Laröd, are about
 * 5.5 km away; the central town's own point is 0.6 km); the stadsdelar are part of the central town.
 */
export const FAR_FROM_CENTRE_KM = 5;

export const DEMO_TOUR_LEADER_EMAIL = "turne@rullarut.example";
export const INTERNAL_NOTE_PREFIX = "Intern anteckning:";

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

type Need = { f: string; n?: number } | { g: string; n?: number };

type Place =
  /** At the KC office: its address and position, no area. */
  | { office: true }
  /** At an area's position, optionally hosted by an organization (which must belong to the area). */
  | { area: string; org?: string };

type DemoStop = {
  title: string;
  kind: StopKind;
  status: StopStatus;
  place: Place;
  venueName?: string;
  venueAddress?: string;
  /** Stockholm date and times; endDate for stops that span days. */
  date: string;
  start: string;
  end: string;
  endDate?: string;
  publicDescription?: string;
  /** Must start with INTERNAL_NOTE_PREFIX. */
  internalNotes?: string;
  expectedVisitors?: number;
  actualVisitors?: number;
  summary?: string;
  needs: Need[];
};

type DemoTour = { name: string; focus: string; startsOn: string; endsOn: string; targetTags: string[]; stops: DemoStop[] };

const HELSINGBORG_ARENA = "Helsingborg Arena";
const STORTORGET = "Stortorget, Helsingborg";

// ---------------------------------------------------------------------------------------
// 2016: socioekonomiskt svagare områden
// ---------------------------------------------------------------------------------------

const TOUR_2016: DemoTour = {
  name: "KC rullar ut 2016",
  focus:
    "Socioekonomiskt svagare områden: Söder, Planteringen och Drottninghög. Vi möter invånarna där de bor, " +
    "berättar vad kontaktcenter kan hjälpa till med och hur man kan påverka kommunen.",
  startsOn: "2016-04-01",
  endsOn: "2016-12-31",
  targetTags: [TAG_SOCIOECONOMIC],
  stops: [
    {
      title: "KC på Drottninghög",
      kind: "other",
      status: "held",
      place: { area: "Drottninghög" },
      venueName: "Drottninghögs centrum",
      date: "2016-04-20",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter finns i Drottninghögs centrum. Kom och ställ dina frågor om kommunens service.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} första stoppet på turnén; tältet behöver tyngder vid blåst.`,
      expectedVisitors: 80,
      actualVisitors: 94,
      summary:
        "Många frågade om renoveringen av bostäderna och om parkering under byggtiden. Flera ville veta hur man " +
        "söker förskoleplats och hur man lämnar synpunkter till kommunen. Budget- och skuldrådgivaren hade många samtal.",
      needs: [{ g: "BBMT" }, { g: "BSU" }, { f: "budget_debt" }],
    },
    {
      title: "KC på Söder",
      kind: "other",
      status: "held",
      place: { area: "Söder" },
      venueName: "Söderpunkten",
      date: "2016-05-18",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter finns vid Söderpunkten. Fråga oss om allt som rör kommunen.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} tolk på arabiska efterfrågades, ordna till nästa besök.`,
      expectedVisitors: 70,
      actualVisitors: 63,
      summary:
        "Frågor om trygghet och belysning i parkerna, om försörjningsstöd och om var man söker jobb via kommunen. " +
        "Flera visste inte att kontaktcenter svarar på frågor om alla förvaltningar.",
      needs: [{ g: "ASSF" }, { g: "BBMT" }, { f: "budget_debt" }],
    },
    {
      title: "KC på Planteringen",
      kind: "other",
      status: "held",
      place: { area: "Planteringen" },
      venueName: "KC:s tält på Planteringen",
      date: "2016-06-08",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter står med tält på Planteringen. Välkommen med frågor om skola, boende och stöd.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} bra samarbete med fastighetsvärden, fråga om el till tältet nästa gång.`,
      expectedVisitors: 60,
      actualVisitors: 71,
      summary:
        "Mest frågor om skolval och fritidsaktiviteter för barn, och om hur man anmäler fel i bostadsområdet. " +
        "Konsumentrådgivaren fick frågor om telefonförsäljning och abonnemang.",
      needs: [{ g: "BSU" }, { g: "BBMT" }, { f: "consumer" }],
    },
    {
      title: "Kvällsträff på Drottninghög",
      kind: "other",
      status: "held",
      place: { area: "Drottninghög" },
      venueName: "Drottninghögs bibliotek",
      date: "2016-09-14",
      start: "17:00",
      end: "19:30",
      publicDescription: "Kvällsträff med kontaktcenter och rådgivare på Drottninghögs bibliotek.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} kvällstid gav fler förvärvsarbetande besökare än i april.`,
      expectedVisitors: 50,
      actualVisitors: 58,
      summary:
        "Invånarna frågade om äldreomsorg för föräldrar, om färdtjänst och om hur man överklagar ett beslut. " +
        "Flera ville engagera sig som volontärer och fick kontakt med volontärcenter.",
      needs: [{ g: "ASSF", n: 2 }, { f: "volunteer_center" }, { f: "senior" }],
    },
    {
      title: "KC på Söder, höst",
      kind: "other",
      status: "held",
      place: { area: "Söder" },
      venueName: "Söderpunkten",
      date: "2016-10-12",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter är tillbaka vid Söderpunkten. Kom och fråga!",
      internalNotes: `${INTERNAL_NOTE_PREFIX} två ärenden om fukt i lägenhet skickades vidare till miljöförvaltningen.`,
      expectedVisitors: 70,
      actualVisitors: 82,
      summary:
        "Frågor om fukt och mögel i bostäder, om bygglov för inglasade balkonger och om trafiken på Södergatan. " +
        "Många tog med sig information om hur man lämnar synpunkter.",
      needs: [{ g: "BBMT", n: 2 }, { g: "ASSF" }, { f: "consumer" }],
    },
    {
      title: "Kvällsträff på Planteringen",
      kind: "other",
      status: "held",
      place: { area: "Planteringen" },
      venueName: "Föreningslokal på Planteringen",
      date: "2016-11-09",
      start: "17:00",
      end: "19:30",
      publicDescription: "Kvällsträff med kontaktcenter på Planteringen. Rådgivare om ekonomi och energi finns på plats.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} sista stoppet 2016; underlag till årsrapporten skickat.`,
      expectedVisitors: 40,
      actualVisitors: 47,
      summary: "Flera frågor om höga elräkningar och hur man byter elavtal, om skuldsanering och om barnomsorg på obekväm arbetstid.",
      needs: [{ f: "budget_debt" }, { f: "energy_climate" }, { g: "BSU" }],
    },
  ],
};

// ---------------------------------------------------------------------------------------
// 2017: orter långt från centralorten (KC:s årsrapport 2017)
// ---------------------------------------------------------------------------------------

const TOUR_2017: DemoTour = {
  name: "KC rullar ut 2017",
  focus:
    "Orter långt från centralorten. Alla byalag bjuds in till informationskvällar på kontaktcenter, och vi besöker de " +
    "byalag och föreningar som vill ha besök. Vi finns också på mässor, julmarknaden, Hx och andra evenemang.",
  startsOn: "2017-01-01",
  endsOn: "2017-12-31",
  targetTags: [TAG_FAR_FROM_CENTRE],
  stops: [
    {
      title: "Informationskväll för byalagen",
      kind: "info_evening",
      status: "held",
      place: { office: true },
      venueName: "Helsingborgs stads kontaktcenter",
      date: "2017-02-09",
      start: "18:00",
      end: "20:00",
      publicDescription: "Alla byalag i Helsingborg är välkomna till kontaktcenter för en kväll om kommunens service och turnén 2017.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} tolv byalag representerade; fyra ville ha besök under året.`,
      expectedVisitors: 30,
      actualVisitors: 26,
      summary:
        "Byalagen berättade vad som är viktigt i deras orter: kollektivtrafik, trafiksäkerhet och service på landsbygden. " +
        "Rydebäck, Ödåkra, Laröd och Södra Luggude Hembygdsförening i Mörarp bad om besök.",
      needs: [{ g: "BBMT" }, { f: "eu_information" }],
    },
    {
      title: "Bomässan",
      kind: "fair",
      status: "held",
      place: { area: "Helsingborg" },
      venueName: HELSINGBORG_ARENA,
      date: "2017-03-11",
      start: "10:00",
      endDate: "2017-03-12",
      end: "16:00",
      publicDescription: "Träffa kontaktcenter och energi- och klimatrådgivningen i vår monter på Bomässan.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} montern delas med stadsbyggnadsförvaltningen.`,
      expectedVisitors: 400,
      actualVisitors: 520,
      summary: "Mest frågor om bygglov, solceller och bidrag för energieffektivisering. Många ville veta hur man hittar " + "detaljplanen för sin fastighet.",
      needs: [
        { f: "energy_climate", n: 2 },
        { g: "BBMT", n: 2 },
      ],
    },
    {
      title: "Byabesök hos Rydebäcks Byalag",
      kind: "village_visit",
      status: "held",
      place: { area: "Rydebäck", org: "Rydebäcks Byalag" },
      venueName: "Byalagets lokal, Rydebäck",
      date: "2017-03-15",
      start: "18:30",
      end: "20:30",
      publicDescription: "Kontaktcenter besöker Rydebäcks Byalag. Alla i Rydebäck är välkomna med frågor.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} byalaget vill ha svar om farthindren på Rydebäcksvägen inom en månad.`,
      expectedVisitors: 40,
      actualVisitors: 46,
      summary:
        "Invånarna frågade om den lokala trafiken: hastigheter genom byn, gång- och cykelväg och bussturer på kvällen. " +
        "Konsumentrådgivaren fick frågor om hantverkstjänster, energirådgivaren om bergvärme och solceller.",
      needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
    },
    {
      title: "Invasams årsmöte",
      kind: "other",
      status: "held",
      place: { area: "Helsingborg" },
      venueName: "Invasams årsmöte, Helsingborg",
      date: "2017-03-29",
      start: "18:00",
      end: "20:00",
      publicDescription: "Kontaktcenter presenterar sig på Invasams årsmöte.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} inbjudan kom via föreningens ordförande; tio minuter på dagordningen.`,
      expectedVisitors: 50,
      actualVisitors: 55,
      summary:
        "Frågor om svenska för invandrare, om föreningsbidrag och om hur man blir volontär. Flera visste inte att " +
        "man kan ringa kontaktcenter med frågor om alla kommunens verksamheter.",
      needs: [{ f: "volunteer_center" }, { g: "BSU" }, { g: "ASSF" }],
    },
    {
      title: "Byabesök hos Ödåkra Byaförening",
      kind: "village_visit",
      status: "held",
      place: { area: "Ödåkra", org: "Ödåkra Byaförening" },
      venueName: "Byaföreningens lokal, Ödåkra",
      date: "2017-04-05",
      start: "18:30",
      end: "20:30",
      publicDescription: "Kontaktcenter besöker Ödåkra Byaförening. Välkommen med frågor om kommunen.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} fråga om bullerplank vid E4 vidarebefordrad till stadsbyggnadsförvaltningen.`,
      expectedVisitors: 35,
      actualVisitors: 41,
      summary:
        "Frågor om ortens miljö: skötsel av parker och lekplatser, buller från E4 och den nya bebyggelsen. " +
        "Flera ville veta hur man lämnar medborgarförslag. Energirådgivaren svarade om tilläggsisolering.",
      needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
    },
    {
      title: "Seniormässan",
      kind: "fair",
      status: "held",
      place: { area: "Helsingborg" },
      venueName: HELSINGBORG_ARENA,
      date: "2017-04-27",
      start: "10:00",
      end: "16:00",
      publicDescription: "Kontaktcenter, seniorrådgivaren och konsumentrådgivningen finns på Seniormässan.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} ta med fler trycksaker i stor stil nästa år.`,
      expectedVisitors: 300,
      actualVisitors: 340,
      summary: "Frågor om hemtjänst, trygghetslarm och färdtjänst, och om bedrägerier per telefon. Seniorrådgivaren " + "bokade flera uppföljande samtal.",
      needs: [{ f: "senior" }, { f: "consumer" }, { g: "ASSF", n: 2 }],
    },
    {
      title: "Byabesök hos Byalaget i Laröd",
      kind: "village_visit",
      status: "held",
      place: { area: "Laröd", org: "Byalaget i Laröd" },
      venueName: "Byalagets lokal, Laröd",
      date: "2017-05-10",
      start: "18:30",
      end: "20:30",
      publicDescription: "Kontaktcenter besöker byalaget i Laröd. Alla boende är välkomna.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} byalaget önskar återbesök om ett år.`,
      expectedVisitors: 30,
      actualVisitors: 34,
      summary:
        "Invånarna frågade om trafiksäkerheten vid skolvägen, om badplatsen och om utbyggnaden av fiber. " + "Konsumentrådgivaren svarade om bredbandsavtal.",
      needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
    },
    {
      title: "KC på Knutpunkten",
      kind: "other",
      status: "held",
      place: { area: "Centrum" },
      venueName: "Knutpunkten",
      venueAddress: "Järnvägsgatan 10, Helsingborg",
      date: "2017-05-31",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter finns i resecentret Knutpunkten. Ställ dina frågor i förbifarten.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} platsen bokad via fastighetsägaren; ställ bordet nära biljettautomaterna.`,
      expectedVisitors: 150,
      actualVisitors: 190,
      summary: "Många korta frågor: parkeringstillstånd, busskort för skolbarn och var man anmäler trasig gatubelysning. " + "De flesta fick svar direkt.",
      needs: [{ g: "BBMT" }, { g: "BSU" }, { g: "ASSF" }, { f: "consumer" }],
    },
    {
      title: "Kulturhotellets container",
      kind: "other",
      status: "held",
      place: { area: "Helsingborg" },
      venueName: "Kulturhotellet, Helsingborg",
      date: "2017-06-14",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter i Kulturhotellets container. Kom förbi och prata med oss.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} containern saknar el, ta med batteri till surfplattorna.`,
      expectedVisitors: 40,
      actualVisitors: 37,
      summary: "Unga vuxna frågade om sommarjobb, studiestöd och lokaler för kulturföreningar. Volontärcenter fick flera intresseanmälningar.",
      needs: [{ f: "volunteer_center" }, { g: "BSU" }],
    },
    {
      title: "Hx stadsfest",
      kind: "city_festival",
      status: "held",
      place: { area: "Centrum" },
      venueName: "Stortorget",
      venueAddress: STORTORGET,
      date: "2017-08-17",
      start: "12:00",
      endDate: "2017-08-19",
      end: "20:00",
      publicDescription: "Kontaktcenter har tält på Stortorget under Hx. Träffa kommunvägledare och rådgivare.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} tre dagar, bemanning i två pass per dag.`,
      expectedVisitors: 800,
      actualVisitors: 1150,
      summary:
        "Stor spridning av frågor: renhållning i stan, evenemangstillstånd, förskola och äldreomsorg. " +
        "Många ville veta vad kontaktcenter är och tog med sig telefonnumret.",
      needs: [{ g: "BSU" }, { g: "ASSF" }, { g: "BBMT" }, { f: "volunteer_center" }],
    },
    {
      title: "Informationskväll för byalagen, höst",
      kind: "info_evening",
      status: "held",
      place: { office: true },
      venueName: "Helsingborgs stads kontaktcenter",
      date: "2017-09-21",
      start: "18:00",
      end: "20:00",
      publicDescription: "Byalagen är välkomna till kontaktcenter för en återkoppling på vårens besök.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} återkoppling på frågorna från Rydebäck, Ödåkra och Laröd.`,
      expectedVisitors: 25,
      actualVisitors: 22,
      summary: "Vi berättade vad som hänt med frågorna från vårens byabesök. Byalagen frågade om landsbygdsutveckling " + "och om EU-stöd till lokala projekt.",
      needs: [{ g: "BBMT" }, { f: "eu_information" }],
    },
    {
      title: "Besök hos Södra Luggude Hembygdsförening",
      kind: "village_visit",
      status: "held",
      place: { area: "Mörarp", org: "Södra Luggude Hembygdsförening" },
      venueName: "Hembygdsföreningens lokal, Mörarp",
      date: "2017-10-04",
      start: "18:30",
      end: "20:30",
      publicDescription: "Kontaktcenter besöker Södra Luggude Hembygdsförening i Mörarp. Alla är välkomna.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} kontaktuppgifter till Leader-kontoret skickade till föreningen dagen efter.`,
      expectedVisitors: 35,
      actualVisitors: 39,
      summary:
        "Frågor om ortens miljö och trafiken genom Mörarp. Föreningen ville ha stöd till en fritidsgård för ungdomar; " +
        "EU-informatören gav kontakt med EU:s Leaderprogram för lokala utvecklingsprojekt.",
      needs: [{ f: "consumer" }, { f: "energy_climate" }, { f: "eu_information" }, { g: "BSU" }],
    },
    {
      title: "Företagardagarna",
      kind: "fair",
      status: "held",
      place: { area: "Helsingborg" },
      venueName: HELSINGBORG_ARENA,
      date: "2017-10-18",
      start: "09:00",
      endDate: "2017-10-19",
      end: "16:00",
      publicDescription: "Kontaktcenter finns på Företagardagarna med svar om tillstånd och kommunens service till företag.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} samordnat med näringslivsenheten.`,
      expectedVisitors: 250,
      actualVisitors: 230,
      summary: "Frågor om serveringstillstånd, skyltlov, upplåtelse av allmän mark och EU-finansiering för små företag.",
      needs: [{ g: "BBMT", n: 2 }, { f: "eu_information" }],
    },
    {
      title: "Mångfaldsveckan",
      kind: "other",
      status: "held",
      place: { area: "Helsingborg" },
      venueName: "Mångfaldsveckan, Helsingborg",
      date: "2017-11-08",
      start: "10:00",
      end: "14:00",
      publicDescription: "Kontaktcenter deltar i Mångfaldsveckan. Välkommen med frågor på flera språk.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} kollegor med arabiska och persiska bemannade bordet.`,
      expectedVisitors: 80,
      actualVisitors: 76,
      summary: "Frågor om modersmålsundervisning, tillgänglighet för personer med funktionsnedsättning och föreningsliv.",
      needs: [{ f: "disability" }, { f: "volunteer_center" }, { g: "BSU" }],
    },
    {
      title: "Cityföreningens julmarknad",
      kind: "market",
      status: "held",
      place: { area: "Centrum" },
      venueName: "Stortorget",
      venueAddress: STORTORGET,
      date: "2017-12-09",
      start: "11:00",
      end: "16:00",
      publicDescription: "Kontaktcenter finns på Cityföreningens julmarknad på Stortorget. Vi bjuder på glögg och svar.",
      internalNotes: `${INTERNAL_NOTE_PREFIX} kallt, ta med värmare och extra personal för skiftbyten.`,
      expectedVisitors: 300,
      actualVisitors: 410,
      summary:
        "Frågor om julklappsköp och ångerrätt, om budget inför jul och om snöröjning. " + "Budget- och skuldrådgivaren och konsumentrådgivaren hade fullt upp.",
      needs: [{ f: "budget_debt" }, { f: "consumer" }, { g: "BBMT" }],
    },
  ],
};

// ---------------------------------------------------------------------------------------
// The tour around `now`
// ---------------------------------------------------------------------------------------

/** Adds months to a YYYY-MM-DD date, keeping the day where the month allows (31 Aug − 6 months → 28/29 Feb). */
function addMonthsIso(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The date, or the next Monday if it falls on a weekend. */
function weekdayOnOrAfter(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return dow === 6 ? addDaysIso(date, 2) : dow === 0 ? addDaysIso(date, 1) : date;
}

/**
 * The demo tour around `now`: from now − 6 months to the day before now + 6 months, named after
 * its year, or "KC rullar ut 2026/2027" when it spans two years.
 */
export function currentDemoTour(now: Date): DemoTour {
  const today = todayInStockholm(now);
  const startsOn = addMonthsIso(today, -6);
  // One year, both ends inclusive: 1 July gives 1 January … 31 December.
  const endsOn = addDaysIso(addMonthsIso(today, 6), -1);
  const y1 = startsOn.slice(0, 4);
  const y2 = endsOn.slice(0, 4);
  const day = (offset: number) => weekdayOnOrAfter(addDaysIso(today, offset));
  return {
    name: y1 === y2 ? `KC rullar ut ${y1}` : `KC rullar ut ${y1}/${y2}`,
    focus:
      "Orter långt från centralorten och områden med socioekonomiskt fokus som inte haft besök på länge. " +
      "Vi besöker byalag och föreningar som vill ha besök och finns på mötesplatser i stadsdelarna.",
    startsOn,
    endsOn,
    targetTags: [TAG_FAR_FROM_CENTRE, TAG_SOCIOECONOMIC],
    stops: [
      // Held, in the past.
      {
        title: "Byabesök hos Allerum-Hjälmshults Byaförening",
        kind: "village_visit",
        status: "held",
        place: { area: "Allerum", org: "Allerum-Hjälmshults Byaförening" },
        venueName: "Byaföreningens lokal, Allerum",
        date: day(-150),
        start: "18:30",
        end: "20:30",
        publicDescription: "Kontaktcenter besöker Allerum-Hjälmshults Byaförening. Alla i Allerum och Hjälmshult är välkomna.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} byaföreningen tar fram en lista med frågor om gatubelysningen.`,
        expectedVisitors: 35,
        actualVisitors: 42,
        summary: "Frågor om gatubelysning och hastigheter genom byn, om förskoleplatser och om bredband. " + "Energirådgivaren svarade om värmepumpar.",
        needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
      },
      {
        title: "KC på Knutpunkten",
        kind: "other",
        status: "held",
        place: { area: "Centrum" },
        venueName: "Knutpunkten",
        venueAddress: "Järnvägsgatan 10, Helsingborg",
        date: day(-100),
        start: "10:00",
        end: "14:00",
        publicDescription: "Kontaktcenter finns i resecentret Knutpunkten. Ställ dina frågor i förbifarten.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} många resenärer från Landskrona; hänvisa till deras kommun vid behov.`,
        expectedVisitors: 150,
        actualVisitors: 168,
        summary: "Korta frågor om parkering, färdtjänst och bygglov. Nästan alla fick svar direkt.",
        needs: [{ g: "BBMT" }, { g: "ASSF" }, { f: "senior" }],
      },
      {
        title: "Besök hos Fleninge Hembygdsförening",
        kind: "village_visit",
        status: "held",
        place: { area: "Fleninge", org: "Fleninge Hembygdsförening" },
        venueName: "Hembygdsföreningens lokal, Fleninge",
        date: day(-60),
        start: "18:30",
        end: "20:30",
        publicDescription: "Kontaktcenter besöker Fleninge Hembygdsförening. Välkommen med frågor om kommunen.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} föreningen vill bjuda in grannbyarna nästa gång.`,
        expectedVisitors: 25,
        actualVisitors: 29,
        summary: "Invånarna frågade om kollektivtrafiken till Ödåkra, om dagvatten efter kraftiga regn och om stöd till " + "föreningens kulturarrangemang.",
        needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
      },
      {
        title: "KC på Drottninghög",
        kind: "other",
        status: "held",
        place: { area: "Drottninghög" },
        venueName: "Drottninghögs centrum",
        date: day(-20),
        start: "10:00",
        end: "14:00",
        publicDescription: "Kontaktcenter finns i Drottninghögs centrum. Kom och ställ dina frågor.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} stort intresse för budgetrådgivning, boka två rådgivare nästa gång.`,
        expectedVisitors: 90,
        actualVisitors: 104,
        summary:
          "Frågor om den nya bebyggelsen i stadsdelen, om skolskjuts och om hjälp med räkningar. " + "Budget- och skuldrådgivaren hade kö hela förmiddagen.",
        needs: [{ f: "budget_debt" }, { g: "BSU" }, { g: "BBMT" }],
      },
      // Confirmed, in the future: these show on the public schedule.
      {
        title: "Öppet hus med Wällufsbygdens Hembygdsförening",
        kind: "village_visit",
        status: "confirmed",
        place: { area: "Påarp", org: "Wällufsbygdens Hembygdsförening" },
        venueName: "Hembygdsföreningens lokal, Påarp",
        date: day(7),
        start: "10:00",
        end: "14:00",
        publicDescription:
          "Kontaktcenter kommer till Påarp! Ställ frågor om allt som rör kommunen, till exempel trafik, bygglov och " +
          "äldreomsorg. Konsumentrådgivare och energi- och klimatrådgivare finns på plats. Ingen föranmälan behövs.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} föreningen ordnar kaffe; vi tar med roll-up och surfplattor.`,
        expectedVisitors: 40,
        needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
      },
      {
        title: "Rådgivarsoffa på Drottninghög",
        kind: "other",
        status: "confirmed",
        place: { area: "Drottninghög" },
        venueName: "Drottninghögs bibliotek",
        date: day(14),
        start: "10:00",
        end: "14:00",
        publicDescription:
          "Rådgivarsoffa på Drottninghögs bibliotek: få snabba råd om budget, skulder och konsumentfrågor, och " +
          "ställ frågor till kommunvägledare om skola och förskola.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} biblioteket har bokat grupprummet åt oss.`,
        expectedVisitors: 60,
        needs: [{ f: "budget_debt" }, { f: "consumer" }, { g: "BSU" }],
      },
      {
        title: "Byabesök hos Rydebäcks Byalag",
        kind: "village_visit",
        status: "confirmed",
        place: { area: "Rydebäck", org: "Rydebäcks Byalag" },
        venueName: "Byalagets lokal, Rydebäck",
        date: day(30),
        start: "10:00",
        end: "14:00",
        publicDescription:
          "Kontaktcenter besöker Rydebäcks Byalag igen. Kom och fråga om trafiken, ortens miljö eller något annat " +
          "som rör kommunen. Energi- och klimatrådgivaren svarar på frågor om solceller och uppvärmning.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} följ upp frågorna om farthinder från förra besöket.`,
        expectedVisitors: 45,
        needs: [{ f: "consumer" }, { f: "energy_climate" }, { g: "BBMT" }],
      },
      {
        title: "KC besöker Kattarp",
        kind: "village_visit",
        status: "confirmed",
        place: { area: "Kattarp" },
        venueName: "KC:s tält i centrala Kattarp",
        date: day(45),
        start: "10:00",
        end: "14:00",
        publicDescription:
          "Kontaktcenter står med tält i centrala Kattarp. Välkommen med frågor om kommunens service; " +
          "seniorrådgivaren och en kommunvägledare för äldreomsorg och stöd finns på plats.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} inget byalag i Kattarp; inbjudan sprids via anslagstavlan och skolan.`,
        expectedVisitors: 30,
        needs: [{ f: "senior" }, { g: "ASSF" }, { g: "BBMT" }],
      },
      // Cancelled, in the future.
      {
        title: "KC besöker Gantofta",
        kind: "village_visit",
        status: "cancelled",
        place: { area: "Gantofta" },
        venueName: "Samlingslokal i Gantofta",
        date: day(21),
        start: "18:30",
        end: "20:30",
        internalNotes: `${INTERNAL_NOTE_PREFIX} inställt: lokalen var dubbelbokad. Nytt datum föreslås till våren.`,
        expectedVisitors: 25,
        needs: [{ f: "consumer" }, { g: "BBMT" }],
      },
      // Planned and proposed, further ahead.
      {
        title: "KC besöker Hasslarp",
        kind: "village_visit",
        status: "planned",
        place: { area: "Hasslarp" },
        venueName: "Samlingslokal i Hasslarp",
        date: day(60),
        start: "18:30",
        end: "20:30",
        publicDescription: "Kontaktcenter besöker Hasslarp. Mer information kommer.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} väntar på besked om lokal.`,
        expectedVisitors: 25,
        needs: [{ f: "energy_climate" }, { g: "BBMT" }],
      },
      {
        title: "Informationskväll för byalagen",
        kind: "info_evening",
        status: "planned",
        place: { office: true },
        venueName: "Helsingborgs stads kontaktcenter",
        date: day(100),
        start: "18:00",
        end: "20:00",
        publicDescription: "Alla byalag är välkomna till kontaktcenter för en kväll om turnén och kommunens service.",
        internalNotes: `${INTERNAL_NOTE_PREFIX} skicka inbjudan till alla byalag sex veckor före.`,
        expectedVisitors: 30,
        // An info evening for every byalag needs more people than a village visit.
        needs: [{ g: "BBMT", n: 2 }, { g: "BSU" }, { g: "ASSF" }, { f: "eu_information" }, { f: "volunteer_center" }],
      },
      {
        title: "KC besöker Tånga och Rögle",
        kind: "village_visit",
        status: "proposed",
        place: { area: "Tånga och Rögle" },
        date: day(75),
        start: "18:30",
        end: "20:30",
        internalNotes: `${INTERNAL_NOTE_PREFIX} förslag: fråga skolan om lokal.`,
        needs: [{ f: "consumer" }, { g: "BBMT" }],
      },
      {
        title: "KC besöker Utvälinge",
        kind: "village_visit",
        status: "proposed",
        place: { area: "Utvälinge" },
        date: day(120),
        start: "10:00",
        end: "14:00",
        internalNotes: `${INTERNAL_NOTE_PREFIX} förslag: längst från centralorten, har aldrig haft besök.`,
        needs: [{ f: "senior" }, { g: "ASSF" }],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------

export type DemoToursReport = { tours: number; stops: number; stopNeeds: number; taggedAreas: number };

const DAY_MS = 86_400_000;

/** Times that read well in the history: nothing after `now`. */
function notAfter(t: number, now: Date): Date {
  return new Date(Math.min(t, now.getTime()));
}

/** The demo tours, in the order they are written. */
export function demoTours(now: Date): DemoTour[] {
  return [TOUR_2016, TOUR_2017, currentDemoTour(now)];
}

/**
 * Loads the demo tours and their stops, and tags the areas they aim at. Does nothing (returns null)
 * when the database already has tours, or has no areas (reference data not loaded).
 */
export function seedDemoTours(db: Db, now: Date = new Date()): DemoToursReport | null {
  return db.transaction((tx) => {
    if ((tx.select({ n: count() }).from(tours).get()?.n ?? 0) > 0) return null;
    const allAreas = tx
      .select({ id: areas.id, name: areas.name, kind: areas.kind, lat: areas.lat, lng: areas.lng, tags: areas.tags })
      .from(areas)
      .where(isNull(areas.archivedAt))
      .all();
    if (allAreas.length === 0) return null;
    const settings = tx.select().from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get();
    if (!settings) return null;
    const office = { lat: settings.officeLat, lng: settings.officeLng, address: settings.officeAddress, name: settings.officeName };
    const leader = tx.select({ id: users.id }).from(users).where(eq(users.email, DEMO_TOUR_LEADER_EMAIL)).get();
    const actorUserId = leader?.id ?? null;

    // Tags.
    const areaByName = new Map(allAreas.map((a) => [a.name, a]));
    const tagsById = new Map(allAreas.map((a) => [a.id, [...a.tags]]));
    const addTag = (areaId: string, tag: string) => {
      const tags = tagsById.get(areaId)!;
      if (!tags.includes(tag)) tags.push(tag);
    };
    for (const name of SOCIOECONOMIC_AREAS) {
      const area = areaByName.get(name);
      if (area) addTag(area.id, TAG_SOCIOECONOMIC);
    }
    for (const a of allAreas) {
      if ((a.kind === "tatort" || a.kind === "smaort") && distanceKm(a, office) >= FAR_FROM_CENTRE_KM) addTag(a.id, TAG_FAR_FROM_CENTRE);
    }
    let taggedAreas = 0;
    for (const a of allAreas) {
      const tags = tagsById.get(a.id)!;
      if (tags.length !== a.tags.length) {
        tx.update(areas).set({ tags }).where(eq(areas.id, a.id)).run();
        taggedAreas++;
      }
    }

    const orgRows = tx.select({ id: organizations.id, name: organizations.name, areaId: organizations.areaId }).from(organizations).all();
    const orgByName = new Map(orgRows.map((o) => [o.name, o]));

    const audit: (typeof auditLog.$inferInsert)[] = [];
    const needRows: (typeof stopNeeds.$inferInsert)[] = [];
    let stopCount = 0;
    const list = demoTours(now);
    for (const tour of list) {
      const tourId = randomId();
      const tourCreated = notAfter(stockholmToUtc(tour.startsOn, "09:00").getTime() - 45 * DAY_MS, new Date(now.getTime() - 2 * 3_600_000));
      const tourValues = { name: tour.name, focus: tour.focus, startsOn: tour.startsOn, endsOn: tour.endsOn, targetTags: tour.targetTags };
      tx.insert(tours)
        .values({ id: tourId, ...tourValues, createdAt: tourCreated, updatedAt: tourCreated })
        .run();
      audit.push({ at: tourCreated, actorUserId, action: "tour.create", entityType: "tour", entityId: tourId, details: { ...tourValues } });

      for (const s of tour.stops) {
        if (s.internalNotes && !s.internalNotes.startsWith(INTERNAL_NOTE_PREFIX)) {
          throw new Error(`Demodata: den interna anteckningen för "${s.title}" ska börja med "${INTERNAL_NOTE_PREFIX}"`);
        }
        let areaId: string | null = null;
        let organizationId: string | null = null;
        let lat = office.lat;
        let lng = office.lng;
        let venueAddress = s.venueAddress ?? null;
        if ("office" in s.place) {
          venueAddress ??= office.address;
        } else {
          const area = areaByName.get(s.place.area);
          if (!area) throw new Error(`Demodata: inget område heter "${s.place.area}"`);
          areaId = area.id;
          lat = area.lat;
          lng = area.lng;
          if (s.place.org) {
            const org = orgByName.get(s.place.org);
            if (!org) throw new Error(`Demodata: ingen organisation heter "${s.place.org}"`);
            if (org.areaId !== area.id) throw new Error(`Demodata: "${s.place.org}" hör inte till ${s.place.area}`);
            organizationId = org.id;
          }
        }
        const startsAt = stockholmToUtc(s.date, s.start);
        const endsAt = stockholmToUtc(s.endDate ?? s.date, s.end);
        if (endsAt <= startsAt) throw new Error(`Demodata: "${s.title}" slutar innan det börjar`);

        // The story in the history: created (as confirmed or planned), then held or cancelled.
        const created = notAfter(startsAt.getTime() - 28 * DAY_MS, new Date(now.getTime() - 3_600_000));
        const initialStatus: StopStatus = s.status === "held" ? "confirmed" : s.status === "cancelled" ? "planned" : s.status;
        const later =
          s.status === "held"
            ? notAfter(endsAt.getTime() + DAY_MS, now)
            : s.status === "cancelled"
              ? notAfter(startsAt.getTime() - 3 * DAY_MS, new Date(now.getTime() - 1_800_000))
              : null;

        const stopId = randomId();
        const values = {
          tourId,
          title: s.title,
          kind: s.kind,
          status: s.status,
          areaId,
          organizationId,
          lat,
          lng,
          venueName: s.venueName ?? null,
          venueAddress,
          startsAt,
          endsAt,
          publicDescription: s.publicDescription ?? null,
          internalNotes: s.internalNotes ?? null,
          expectedVisitors: s.expectedVisitors ?? null,
          actualVisitors: s.status === "held" ? (s.actualVisitors ?? null) : null,
          summary: s.status === "held" ? (s.summary ?? null) : null,
        };
        tx.insert(stops)
          .values({ id: stopId, ...values, createdAt: created, updatedAt: later ?? created })
          .run();
        stopCount++;

        const createdValues = { ...values, status: initialStatus, actualVisitors: null, summary: null };
        const changes: Record<string, [unknown, unknown]> = {};
        for (const [key, value] of Object.entries(createdValues)) {
          if (value === null) continue;
          changes[key] = key === "internalNotes" ? ["…", "…"] : [null, value instanceof Date ? value.toISOString() : value];
        }
        audit.push({ at: created, actorUserId, action: "stop.create", entityType: "stop", entityId: stopId, details: { changes } });
        if (s.status === "held" && later) {
          audit.push({
            at: later,
            actorUserId,
            action: "stop.held",
            entityType: "stop",
            entityId: stopId,
            details: { changes: { status: [initialStatus, "held"], actualVisitors: [null, values.actualVisitors] } },
          });
        } else if (s.status === "cancelled" && later) {
          audit.push({
            at: later,
            actorUserId,
            action: "stop.status",
            entityType: "stop",
            entityId: stopId,
            details: { changes: { status: [initialStatus, "cancelled"] } },
          });
        }

        for (const need of s.needs) {
          needRows.push(
            "f" in need
              ? { stopId, functionCode: need.f, groupCode: null, count: need.n ?? 1 }
              : { stopId, functionCode: null, groupCode: need.g, count: need.n ?? 1 },
          );
        }
      }
    }
    if (needRows.length) tx.insert(stopNeeds).values(needRows).run();
    if (audit.length) tx.insert(auditLog).values(audit).run();
    return { tours: list.length, stops: stopCount, stopNeeds: needRows.length, taggedAreas };
  });
}
