import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { getContactCenterName, getSettings } from "~/domain/settings/settings.server";
import { DEMO_MUNICIPALITY_CODE, demoCredits } from "~/domain/reference/demo-credits.server";
import { setupState } from "~/domain/setup/setup.server";

export const meta: MetaFunction = () => [
  { title: "Om tjänsten – Rullar ut" },
  { name: "description", content: "Om Rullar ut, datakällorna och hur tjänsten hanterar personuppgifter och tillgänglighet." },
];

type Source = { what: string; from: string; href?: string; license: string };

/** The national reference data every install chooses its municipality from (db/seed/data/sweden/SOURCES.md). */
const NATIONAL_SOURCES: Source[] = [
  {
    what: "Tätorternas namn och koordinater (alla kommuner)",
    from: "sphrak/svenska-stader, filen src/svenska-stader.csv (version 094e2ec), kontrollerad mot kommungränserna",
    href: "https://github.com/sphrak/svenska-stader",
    license: "Apache-2.0, © 2019 Niclas Kron",
  },
  {
    what: "Kommungränserna (alla 290 kommuner, förenklade)",
    from: "marcusasplund/kommundata, Svenska_kommuner_2017.geo.json (version f942fa7), ursprungligen från Natural Earth",
    href: "https://github.com/marcusasplund/kommundata",
    license: "MIT, © 2017 Marcus Asplund",
  },
  {
    what: "Kartbilder",
    from: "OpenStreetMap (eller den kartserver kommunen har valt)",
    href: "https://www.openstreetmap.org/copyright",
    license: "Kartdata © OpenStreetMap-bidragsgivare, ODbL",
  },
];

export async function loader() {
  const db = getDb();
  const state = setupState(db);
  const settings = state.municipalityCode ? getSettings(db) : null;
  // The demo's own data (Helsingborg's) are credited where they are used: in the demo's install.
  const sources = state.municipalityCode === DEMO_MUNICIPALITY_CODE ? [...NATIONAL_SOURCES, ...demoCredits()] : NATIONAL_SOURCES;
  return { contactCenter: getContactCenterName(db), officeAddress: settings?.officeAddress || null, sources };
}

/** When the accessibility statement was last reviewed (DIGG: the date must be stated). */
const STATEMENT_REVIEWED = { iso: "2026-12-06", text: "6 december 2026" };

export default function AboutPage() {
  const { contactCenter, officeAddress, sources } = useLoaderData<typeof loader>();
  return (
    <div className="container narrow prose">
      <h1>Om tjänsten</h1>
      <p>
        Rullar ut är kontaktcentrets verktyg för turnén <i>KC rullar ut</i>, där kontaktcentret möter invånare utanför centralorten: i byalag, föreningar och
        stadsdelar, på mässor och marknader. Här planeras turnén, byalagen bjuds in, stoppen bemannas och invånarnas frågor loggas som ärenden.
      </p>

      <h2>Datakällor</h2>
      <p>Områden, föreningar och kommungräns kommer från öppna källor. Vissa koordinater är uppskattade, och de är markerade så i databasen.</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="sources-caption">
        <table className="table">
          <caption id="sources-caption">Källor och licenser</caption>
          <thead>
            <tr>
              <th scope="col">Uppgift</th>
              <th scope="col">Källa</th>
              <th scope="col">Licens</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.what}>
                <th scope="row">{s.what}</th>
                <td>{s.href ? <a href={s.href}>{s.from}</a> : s.from}</td>
                <td>{s.license}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Personuppgifter</h2>
      <p>
        Vi sparar så lite som möjligt. För personal: namn, e-postadress, roll och vilka svarsgrupper och rådgivarfunktioner man tillhör. För föreningarnas
        kontaktpersoner: namn, roll, e-post och telefon, för att kunna skicka inbjudningar. Personuppgifter skrivs aldrig till loggar. Lösenord lagras bara som
        hashvärden (argon2id).
      </p>

      <h2 id="tillganglighet">Tillgänglighetsredogörelse</h2>
      <p>
        {contactCenter} står bakom Rullar ut. Vi vill att så många som möjligt ska kunna använda tjänsten: personalen, de föreningar som svarar på inbjudningar
        och invånare som letar efter kommande besök. Här beskriver vi hur tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service,
        vilka brister vi känner till och hur du kan rapportera brister till oss.
      </p>

      <h3>Hur tillgänglig är tjänsten?</h3>
      <p>
        Tjänsten är delvis förenlig med lagen. Vi arbetar mot WCAG 2.2 nivå AA, som går längre än lagens krav (WCAG 2.1 AA genom standarden EN 301 549). Allt
        går att använda med tangentbord och skärmläsare, från 320 pixlars bredd (motsvarar 400 % förstoring) upp till en stor skärm. Svarssidan för föreningarna
        finns på svenska och engelska.
      </p>

      <h3>Innehåll som inte är tillgängligt</h3>
      <ul>
        <li>
          Kartbilderna (kartplattorna) har ingen textbeskrivning. Allt som kartorna visar, områden, stopp och besök, finns också i tabeller och listor på samma
          sida.
        </li>
        <li>
          Kalkylbladet som rapporten kan laddas ned som (Excel) och CSV-filerna har inte testats med skärmläsare. Samma siffror finns i tabellerna på
          rapportsidan.
        </li>
        <li>
          Kartans markörer för många stopp nära varandra slås ihop till kluster. Klustren öppnas med tangentbordet, men hur många stopp de innehåller läses inte
          upp. Tabellen under kartan har samma stopp.
        </li>
      </ul>

      <h3>Vad kan du göra om du inte kan använda delar av tjänsten?</h3>
      <p>
        Kontakta {contactCenter}
        {officeAddress ? `, ${officeAddress},` : ""} så hjälper vi dig att få informationen på ett annat sätt, till exempel som text i ett mejl eller per
        telefon. Föreningar kan också svara på en inbjudan genom att svara på mejlet eller ringa.
      </p>

      <h3>Rapportera brister i tjänstens tillgänglighet</h3>
      <p>
        Vi strävar efter att tjänsten ska vara så tillgänglig som möjligt. Om du upptäcker problem som inte beskrivs här, eller om du anser att vi inte
        uppfyller lagens krav, kontakta {contactCenter} så att vi får veta att problemet finns.
      </p>

      <h3>Tillsyn</h3>
      <p>
        Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med
        hur vi hanterar dina synpunkter kan du <a href="https://www.digg.se/tdosanmalan">kontakta DIGG och påtala det</a>.
      </p>

      <h3>Hur vi testat tjänsten</h3>
      <p>Vi har själva granskat tjänsten (självskattning). Varje ändring testas automatiskt i en riktig webbläsare (Chromium):</p>
      <ul>
        <li>axe-core på varje sida och i varje tillstånd som testerna går igenom, med reglerna för WCAG 2.0, 2.1 och 2.2 nivå A och AA;</li>
        <li>att fokus aldrig döljs av fasta element som spara-raden i fältläget (WCAG 2.4.11);</li>
        <li>att formulären går att använda utan sidledsrullning vid 320 pixlars bredd (WCAG 1.4.10);</li>
        <li>att fokus hamnar på resultatet efter att ett formulär skickats och på rubriken efter ett sidbyte.</li>
      </ul>
      <p>Vi har också gått igenom flödena med tangentbord och på en mobil med 375 pixlars bredd. Tjänsten har inte granskats av någon extern part.</p>
      <p>
        Redogörelsen uppdaterades senast den <time dateTime={STATEMENT_REVIEWED.iso}>{STATEMENT_REVIEWED.text}</time>.
      </p>
    </div>
  );
}
