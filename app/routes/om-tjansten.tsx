import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [
  { title: "Om tjänsten – Rullar ut" },
  { name: "description", content: "Om Rullar ut, datakällorna och hur tjänsten hanterar personuppgifter och tillgänglighet." },
];

type Source = { what: string; from: string; href?: string; license: string };

/** The sources of the reference data, as listed in db/seed/data/SOURCES.md. */
const SOURCES: Source[] = [
  {
    what: "Tätorternas koordinater",
    from: "sphrak/svenska-stader, filen src/svenska-stader.csv (version 094e2ec)",
    href: "https://github.com/sphrak/svenska-stader",
    license: "Apache-2.0, © 2019 Niclas Kron",
  },
  {
    what: "Folkmängd i tätorterna (2018, SCB)",
    from: "Wikipedia: Helsingborg Municipality, tabellen Localities",
    href: "https://en.wikipedia.org/wiki/Helsingborg_Municipality",
    license: "CC BY-SA 4.0",
  },
  {
    what: "Stadsdelarnas koordinater, folkmängd och statistikkoder, samt Vallåkra",
    from: "Svenskspråkiga Wikipedia, artiklarnas faktarutor",
    href: "https://sv.wikipedia.org/wiki/Helsingborg",
    license: "CC BY-SA 4.0",
  },
  {
    what: "Laröd som del av tätorten Hittarp",
    from: "Helsingborgs stadslexikon",
    href: "https://stadslexikon.helsingborg.se/lard/",
    license: "Faktauppgift",
  },
  {
    what: "Kommungränsen",
    from: "marcusasplund/kommundata, Svenska_kommuner_2017.geo.json (version f942fa7), ursprungligen från Natural Earth",
    href: "https://github.com/marcusasplund/kommundata",
    license: "MIT, © 2017 Marcus Asplund",
  },
  {
    what: "Byalag och föreningar som kontaktcentret besökt",
    from: "Helsingborgs kontaktcenter, årsrapport 2017: Bland byalag och föreningar",
    href: "https://kc.helsingborg.se/sa-jobbar-kontaktcenter/arsrapport-2017/kontaktcenter-under-aret/bland-byalag-och-foreningar/",
    license: "Faktauppgift",
  },
  {
    what: "Övriga föreningar",
    from: "Föreningarnas egna webbplatser och publikationer (Byabladet, odakraby.se m.fl.)",
    license: "Faktauppgift",
  },
  {
    what: "Kontaktcentrets adress, telefon och e-post",
    from: "Helsingborgs stad, företagare.helsingborg.se: Vem gör vad",
    href: "https://foretagare.helsingborg.se/regler-tillstand-och-anmalan/anvanda-allman-mark/uteservering/vem-gor-vad/",
    license: "Faktauppgift",
  },
  {
    what: "Kontaktcentrets koordinater",
    from: "helsingborg-stad/app-mitt-helsingborg (version aef4f5e)",
    href: "https://github.com/helsingborg-stad/app-mitt-helsingborg",
    license: "MIT, © Helsingborgs stad",
  },
  {
    what: "Kartbilder",
    from: "OpenStreetMap (eller den kartserver kommunen har valt)",
    href: "https://www.openstreetmap.org/copyright",
    license: "Kartdata © OpenStreetMap-bidragsgivare, ODbL",
  },
];

export default function AboutPage() {
  return (
    <div className="container narrow prose">
      <h1>Om tjänsten</h1>
      <p>
        Rullar ut är kontaktcentrets verktyg för turnén <i>KC rullar ut</i>, där kontaktcentret möter invånare utanför
        centralorten: i byalag, föreningar och stadsdelar, på mässor och marknader. Här planeras turnén, byalagen bjuds in,
        stoppen bemannas och invånarnas frågor loggas som ärenden.
      </p>

      <h2>Datakällor</h2>
      <p>
        Områden, föreningar och kommungräns kommer från öppna källor. Vissa koordinater är uppskattade, och de är markerade
        så i databasen.
      </p>
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
            {SOURCES.map((s) => (
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
        Vi sparar så lite som möjligt. För personal: namn, e-postadress, roll och vilka svarsgrupper och rådgivarfunktioner man
        tillhör. För föreningarnas kontaktpersoner: namn, roll, e-post och telefon, för att kunna skicka inbjudningar.
        Personuppgifter skrivs aldrig till loggar. Lösenord lagras bara som hashvärden (argon2id).
      </p>

      <h2>Tillgänglighet</h2>
      <p>
        Tjänsten ska uppfylla WCAG 2.1 nivå AA enligt lagen om tillgänglighet till digital offentlig service. Den går att
        använda med tangentbord och skärmläsare och på mobil. Kartans innehåll finns alltid också som tabell. Om något inte
        fungerar, kontakta kontaktcentret.
      </p>
    </div>
  );
}
