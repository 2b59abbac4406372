// Builds the national reference data under db/seed/data/sweden/ (municipalities.json, places.json, SOURCES.md)
// from two public sources, fetched by hand beforehand:
//
//   node scripts/build-sweden-data.mjs <Svenska_kommuner_2017.geo.json> <svenska-stader.csv>
//
//   - marcusasplund/kommundata, file Svenska_kommuner_2017.geo.json (MIT): the 290 municipality boundaries of 2017.
//   - sphrak/svenska-stader, file src/svenska-stader.csv (Apache-2.0): localities with a WGS84 point.
//
// Every place is assigned by point-in-polygon against the unsimplified boundary and kept only when that agrees with
// the municipality the CSV names; the boundaries are then simplified (per municipality, with a smaller tolerance where
// the shared one would push a shipped place outside) and rounded to 5 decimals. The run is deterministic: the same
// inputs give byte-identical outputs. The output folder is <SEED_DATA_DIR ?? db/seed/data>/sweden.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { simplify } from "@turf/simplify";
import { parse } from "csv-parse/sync";

/** Douglas-Peucker tolerance in degrees (about 330 m north-south, 120–190 m east-west at Swedish latitudes). */
const TOLERANCE = 0.003;
/** Decimals kept in boundary coordinates (1e-5 degrees is about 1 m). */
const DECIMALS = 5;
/** Sweden's rough bounding box; every output coordinate must fall inside it. */
const BBOX = { minLng: 10, maxLng: 25, minLat: 55, maxLat: 70 };

/** The git blob ids of the input versions this data was built from, so SOURCES.md can name the commit. */
const KNOWN_INPUTS = {
  "7cd4c7a9b1d56307fe96055d2fe3dcd29c920fe6": {
    repo: "marcusasplund/kommundata",
    file: "Svenska_kommuner_2017.geo.json",
    commit: "f942fa7c78d8618bec8ec653c3a7db8a273d745b",
    date: "2022-11-25",
  },
  "91fb9e241f0295b846bf57e4921cdf8a7d58c9c1": {
    repo: "sphrak/svenska-stader",
    file: "src/svenska-stader.csv",
    commit: "094e2ec252738f5b0ee23469e5ae47d9f644c543",
    date: "2020-12-19",
  },
};

/** County (län) by the first two digits of the municipality code. */
const COUNTIES = {
  "01": "Stockholms län",
  "03": "Uppsala län",
  "04": "Södermanlands län",
  "05": "Östergötlands län",
  "06": "Jönköpings län",
  "07": "Kronobergs län",
  "08": "Kalmar län",
  "09": "Gotlands län",
  10: "Blekinge län",
  12: "Skåne län",
  13: "Hallands län",
  14: "Västra Götalands län",
  17: "Värmlands län",
  18: "Örebro län",
  19: "Västmanlands län",
  20: "Dalarnas län",
  21: "Gävleborgs län",
  22: "Västernorrlands län",
  23: "Jämtlands län",
  24: "Västerbottens län",
  25: "Norrbottens län",
};

/** Municipality names that really end in -s: "Borås kommun" is Borås, whereas "Lunds kommun" is Lund. */
const NAMES_ENDING_IN_S = new Set([
  "Alingsås",
  "Bengtsfors",
  "Bollnäs",
  "Borås",
  "Degerfors",
  "Grums",
  "Hagfors",
  "Hofors",
  "Hällefors",
  "Höganäs",
  "Kramfors",
  "Munkfors",
  "Mönsterås",
  "Robertsfors",
  "Sotenäs",
  "Storfors",
  "Strängnäs",
  "Torsås",
  "Tranås",
  "Vännäs",
  "Västerås",
]);
/** Official names whose genitive is not just name + s. */
const IRREGULAR_NAMES = { "Falu kommun": "Falun" };
/** Municipality spellings used in the CSV that are not the municipality's name. */
const CSV_MUNICIPALITY_ALIASES = {
  Falu: "Falun",
  Grum: "Grums",
  Torså: "Torsås",
  Tranå: "Tranås",
  "Skinnskattebergs k.": "Skinnskatteberg",
};

const collator = new Intl.Collator("sv");

function fail(message) {
  console.error(`build-sweden-data: ${message}`);
  process.exit(1);
}

function gitBlobId(buffer) {
  return createHash("sha1").update(`blob ${buffer.length}\0`).update(buffer).digest("hex");
}

/** The file holds several top-level JSON values one after the other (two identical arrays in the 2017 version). */
function parseConcatenatedJson(text) {
  const values = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  if (depth !== 0) fail("unbalanced JSON in the boundary file");
  return values;
}

function municipalityName(official) {
  if (IRREGULAR_NAMES[official]) return IRREGULAR_NAMES[official];
  if (!official.endsWith(" kommun")) fail(`unexpected municipality name "${official}"`);
  const base = official.slice(0, -" kommun".length);
  return base.endsWith("s") && !NAMES_ENDING_IN_S.has(base) ? base.slice(0, -1) : base;
}

function polygonsOf(geometry) {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

function bboxOf(geometry) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(geometry))
    for (const ring of polygon)
      for (const [lng, lat] of ring) {
        b[0] = Math.min(b[0], lng);
        b[1] = Math.min(b[1], lat);
        b[2] = Math.max(b[2], lng);
        b[3] = Math.max(b[3], lat);
      }
  return b;
}

function contains(municipality, geometry, lng, lat) {
  const [w, s, e, n] = municipality.bbox;
  return lng >= w && lng <= e && lat >= s && lat <= n && booleanPointInPolygon([lng, lat], geometry);
}

/** Shortest distance in km from a point to a geometry's rings (equirectangular; fine for a report). */
function distanceKm(lng, lat, geometry) {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const polygon of polygonsOf(geometry))
    for (const ring of polygon)
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = (ring[i][0] - lng) * k;
        const ay = ring[i][1] - lat;
        const dx = (ring[i + 1][0] - lng) * k - ax;
        const dy = ring[i + 1][1] - lat - ay;
        const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy) * 111.2);
      }
  return best;
}

const round = (x) => Math.round(x * 10 ** DECIMALS) / 10 ** DECIMALS;

/** Rounds a ring and removes the repeated points rounding can create; null if it collapses below a triangle. */
function roundRing(ring) {
  const out = [];
  for (const [lng, lat] of ring) {
    const p = [round(lng), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1]) out.push(out[0]);
  return out.length >= 4 ? out : null;
}

function simplifyAndRound(geometry, tolerance) {
  const simplified = tolerance > 0 ? simplify(geometry, { tolerance, highQuality: true }) : geometry;
  const polygons = [];
  for (const polygon of polygonsOf(simplified)) {
    const outer = roundRing(polygon[0]);
    if (!outer) continue; // an islet that rounding collapses
    polygons.push([outer, ...polygon.slice(1).map(roundRing).filter(Boolean)]);
  }
  if (polygons.length === 0) fail("a boundary collapsed entirely");
  return polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] } : { type: "MultiPolygon", coordinates: polygons };
}

function vertexCount(geometry) {
  let n = 0;
  for (const polygon of polygonsOf(geometry)) for (const ring of polygon) n += ring.length;
  return n;
}

// --- read the inputs -------------------------------------------------------------------------------------------------

const [geoPath, csvPath] = process.argv.slice(2);
if (!geoPath || !csvPath) fail("usage: node scripts/build-sweden-data.mjs <kommundata.geo.json> <svenska-stader.csv>");
const geoBuffer = fs.readFileSync(geoPath);
const csvBuffer = fs.readFileSync(csvPath);
const inputs = [geoBuffer, csvBuffer].map((buffer, i) => {
  const blob = gitBlobId(buffer);
  return { blob, known: KNOWN_INPUTS[blob] ?? null, path: [geoPath, csvPath][i] };
});
for (const input of inputs) if (!input.known) console.warn(`warning: ${input.path} (blob ${input.blob}) is not the version SOURCES.md was written for`);

const arrays = parseConcatenatedJson(geoBuffer.toString("utf8"));
const features = arrays[0];
if (!Array.isArray(features)) fail("the boundary file does not start with an array of features");
const identicalCopies = arrays.slice(1).every((a) => JSON.stringify(a) === JSON.stringify(features));
if (!identicalCopies) console.warn("warning: the boundary file's arrays differ; the first one is used");

const municipalities = features
  .map((f) => {
    const code = String(f.properties.code).padStart(4, "0");
    const type = f.geometry?.type;
    if (type !== "Polygon" && type !== "MultiPolygon") fail(`${code} has geometry type ${type}`);
    const county = COUNTIES[code.slice(0, 2)];
    return {
      code,
      name: municipalityName(f.properties.name),
      ...(county ? { county } : {}),
      officialName: f.properties.name,
      geometry: f.geometry,
      bbox: bboxOf(f.geometry),
    };
  })
  .sort((a, b) => a.code.localeCompare(b.code));

const codes = new Set(municipalities.map((m) => m.code));
if (municipalities.length !== 290 || codes.size !== 290) fail(`expected 290 distinct codes, got ${codes.size} of ${municipalities.length}`);
for (const m of municipalities) if (!/^\d{4}$/.test(m.code)) fail(`bad code ${m.code}`);
const byName = new Map(municipalities.map((m) => [m.name, m]));
if (byName.size !== 290) fail("municipality names are not distinct");
for (const m of municipalities) {
  const [w, s, e, n] = m.bbox;
  if (w < BBOX.minLng || e > BBOX.maxLng || s < BBOX.minLat || n > BBOX.maxLat) fail(`${m.code} lies outside Sweden's bbox`);
}

// --- places ----------------------------------------------------------------------------------------------------------

const rows = parse(csvBuffer, { columns: true, skip_empty_lines: true, trim: true });
const placesByCode = new Map(municipalities.map((m) => [m.code, []]));
const dropped = []; // { row, reason, detail }
const aliased = []; // rows kept after mapping a misspelt municipality name
for (const row of rows) {
  const lat = Number(row.Latitude);
  const lng = Number(row.Longitude);
  const csvName = row.Municipality;
  const named = byName.get(CSV_MUNICIPALITY_ALIASES[csvName] ?? csvName);
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) {
    dropped.push({ row, reason: "no coordinates" });
    continue;
  }
  if (!named) {
    dropped.push({ row, reason: "unknown municipality" });
    continue;
  }
  const containing = municipalities.filter((m) => contains(m, m.geometry, lng, lat));
  if (containing.length === 0) {
    const d = distanceKm(lng, lat, named.geometry);
    dropped.push({
      row,
      reason: d <= 10 ? "outside every boundary, near the named municipality" : "outside every boundary, far from the named municipality",
      detail: `${d.toFixed(1)} km outside ${named.name}`,
    });
    continue;
  }
  const home = containing.find((m) => m.code === named.code);
  if (!home) {
    dropped.push({
      row,
      reason: "point in another municipality",
      detail: `point lies in ${containing.map((m) => `${m.name} (${m.code})`).join(", ")}`,
    });
    continue;
  }
  const list = placesByCode.get(home.code);
  if (list.some((p) => p.name === row.Locality)) {
    dropped.push({ row, reason: "duplicate", detail: `a second "${row.Locality}" in ${home.name}` });
    continue;
  }
  if (named.name !== csvName) aliased.push({ row, name: named.name });
  list.push({ name: row.Locality, lat, lng, population: null, populationYear: null });
}
for (const list of placesByCode.values()) list.sort((a, b) => collator.compare(a.name, b.name));

// --- boundaries ------------------------------------------------------------------------------------------------------

const tightened = []; // { municipality, tolerance, places }
const output = municipalities.map((m) => {
  const places = placesByCode.get(m.code);
  let tolerance = TOLERANCE;
  let boundary = simplifyAndRound(m.geometry, tolerance);
  const outside = () => places.filter((p) => !booleanPointInPolygon([p.lng, p.lat], boundary));
  const firstOutside = outside();
  while (outside().length > 0) {
    tolerance = tolerance > TOLERANCE / 64 ? tolerance / 2 : 0;
    boundary = simplifyAndRound(m.geometry, tolerance);
    if (tolerance === 0) break;
  }
  if (outside().length > 0)
    fail(
      `${m.code} ${m.name}: ${outside()
        .map((p) => p.name)
        .join(", ")} outside even the unsimplified boundary`,
    );
  if (firstOutside.length > 0) tightened.push({ m, tolerance, places: firstOutside.map((p) => p.name) });
  const [w, s, e, n] = bboxOf(boundary);
  if (w < BBOX.minLng || e > BBOX.maxLng || s < BBOX.minLat || n > BBOX.maxLat) fail(`${m.code} simplified lies outside Sweden's bbox`);
  return { code: m.code, name: m.name, ...(m.county ? { county: m.county } : {}), boundary };
});

// --- write -----------------------------------------------------------------------------------------------------------

const outDir = path.join(process.env.SEED_DATA_DIR ?? "db/seed/data", "sweden");
fs.mkdirSync(outDir, { recursive: true });
// One municipality per line and one place per line: compact, yet diffs stay readable.
const municipalitiesJson = `[\n${output.map((m) => JSON.stringify(m)).join(",\n")}\n]\n`;
const placesJson = `{\n${municipalities
  .map((m) => {
    const list = placesByCode.get(m.code);
    return list.length === 0 ? `${JSON.stringify(m.code)}: []` : `${JSON.stringify(m.code)}: [\n${list.map((p) => `  ${JSON.stringify(p)}`).join(",\n")}\n]`;
  })
  .join(",\n")}\n}\n`;
fs.writeFileSync(path.join(outDir, "municipalities.json"), municipalitiesJson);
fs.writeFileSync(path.join(outDir, "places.json"), placesJson);

const placeCount = [...placesByCode.values()].reduce((n, l) => n + l.length, 0);
const withoutPlaces = municipalities.filter((m) => placesByCode.get(m.code).length === 0);
const withoutNamesake = municipalities.filter((m) => placesByCode.get(m.code).length > 0 && !placesByCode.get(m.code).some((p) => p.name === m.name));
const rowsNaming = (m) => rows.filter((r) => (CSV_MUNICIPALITY_ALIASES[r.Municipality] ?? r.Municipality) === m.name).length;
const droppedNamesakes = dropped.filter((d) => d.row.Locality === (CSV_MUNICIPALITY_ALIASES[d.row.Municipality] ?? d.row.Municipality));
const rawVertices = municipalities.reduce((n, m) => n + vertexCount(m.geometry), 0);
const outVertices = output.reduce((n, m) => n + vertexCount(m.boundary), 0);
const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KB`;
const csvRow = (r) => `${r.Locality} (CSV: ${r.Municipality}, ${r.County}; ${r.Latitude}, ${r.Longitude})`;
const reasons = [
  "point in another municipality",
  "outside every boundary, near the named municipality",
  "outside every boundary, far from the named municipality",
  "duplicate",
  "unknown municipality",
  "no coordinates",
];

const sourceLine = (input) =>
  input.known
    ? `github \`${input.known.repo}\`, file \`${input.known.file}\`, commit ${input.known.commit.slice(0, 7)} (${input.known.date}), git blob ${input.blob.slice(0, 7)}`
    : `file \`${path.basename(input.path)}\`, git blob ${input.blob} (not the version this text was written for)`;

const md = `# Sources for the national reference data (db/seed/data/sweden)

Generated by \`node scripts/build-sweden-data.mjs <Svenska_kommuner_2017.geo.json> <svenska-stader.csv>\`; do not edit by hand, change the script and run it again.
The inputs were read from stored copies of the GitHub repositories (no live web).

## municipalities.json: ${output.length} municipalities (${kb(municipalitiesJson)})

Fields: \`code\` (4-digit kommunkod), \`name\`, \`county\` (län), \`boundary\` (GeoJSON Polygon or MultiPolygon, WGS84 [lng, lat]). Sorted by code.

- **Source:** ${sourceLine(inputs[0])}. The file holds ${arrays.length} JSON arrays${identicalCopies ? " with identical content" : " that differ"}; the first is used. It has the 2017 set of 290 municipalities (codes 0114–2584, Knivsta 0330 included), each \`{ code, name }\` plus a geometry.
- **License:** MIT, copyright line "Copyright (c) 2017 Marcus Asplund". Its notice, which must travel with copies, is quoted in full under "License notices" below.
  - The repository's README says the geometry comes from Natural Earth Data (public domain) and the boundaries are those of 2017.
- **Names:** \`name\` is the official name less " kommun" and the genitive -s ("Lunds kommun" → Lund), except for the ${NAMES_ENDING_IN_S.size} names that really end in -s (Borås, Västerås, …) and "Falu kommun" → Falun. Codes are zero-padded to 4 digits (the source has "764" for 0764).
- **County:** from the first two digits of the code (the länskod); checked against the Län column of the same repository's \`Svenska_kommuner_2017.csv\`, and all 290 agree.
- **Simplification:** \`@turf/simplify\` (Douglas-Peucker, highQuality) with tolerance ${TOLERANCE}° (about ${Math.round(TOLERANCE * 111200)} m north-south), then coordinates rounded to ${DECIMALS} decimals (about 1 m) and points repeated by rounding removed; islets that rounding collapses below a triangle are left out. ${rawVertices} vertices became ${outVertices}.
  - Where the simplified boundary would leave one of the municipality's shipped places outside, that municipality is simplified again with half the tolerance until all its places are inside (${tightened.length === 0 ? "not needed for any municipality" : tightened.map((t) => `${t.m.name} ${t.m.code}: ${t.tolerance}° for ${t.places.join(", ")}`).join("; ")}).
  - Simplification is done per municipality, so neighbouring boundaries no longer share exact edges: expect slivers and small overlaps of up to about the tolerance along borders. Use the data for display and rough checks, not for deciding near-border cases.
- **Checks (the script fails otherwise):** exactly 290 distinct 4-digit codes, distinct names, every geometry a Polygon or MultiPolygon, every coordinate (before and after simplification) inside lng 10–25, lat 55–70, every shipped place inside its municipality's shipped boundary.
- **Known limitation:** the Natural Earth coastline is coarse. Many islands and coastal strips are missing (Öckerö's boundary is only a sliver off Hisingen), so coastal towns fall outside every boundary; see the dropped towns below.

## places.json: ${placeCount} places in ${municipalities.length - withoutPlaces.length} municipalities (${kb(placesJson)})

An object keyed by municipality code (all 290 codes, an empty list where there is no place); each place is \`{ name, lat, lng, population, populationYear }\`, sorted by name.

- **Source:** ${sourceLine(inputs[1])}. Columns: Locality, Municipality, County, Latitude, Longitude (${rows.length} rows). Coordinates are kept as given (6 decimals, WGS84).
- **License:** Apache-2.0, copyright line "Copyright 2019 Niclas Kron" (notice quoted below). This is a modified version: rows dropped, columns renamed and reordered, municipality codes and null population fields added, as described here.
- **Population:** the CSV has no population column, and I found no openly licensed copy of SCB's tätort table with coordinates in the stored corpus, so \`population\` and \`populationYear\` are null for every place.
- **What the places are:** the CSV's localities are mostly SCB tätorter, but it also has a few districts (e.g. Alvik in Stockholm), and it lacks the municipalities around Stockholm whose built-up areas SCB counts as part of the Stockholm tätort.
- **Assignment:** each point is tested against every unsimplified boundary (\`@turf/boolean-point-in-polygon\`). A place is kept only when the municipality that contains the point is the one the CSV's Municipality column names. The CSV's misspelt municipality names ${Object.entries(
  CSV_MUNICIPALITY_ALIASES,
)
  .map(([a, b]) => `"${a}" → ${b}`)
  .join(
    ", ",
  )} are read as those municipalities (${aliased.length} places kept that way). No coordinate was changed: I have no second open source to correct a point from, so every point that disagrees with its named municipality is dropped.
- **Not used:** the CSV's County column, which is often wrong (it seems to follow the point rather than the municipality).

### Municipalities without any place (${withoutPlaces.length})
${withoutPlaces.map((m) => `- ${m.name} (${m.code}): ${rowsNaming(m) === 0 ? "no CSV row names it" : `the CSV's ${rowsNaming(m)} row(s) naming it were all dropped (see below)`}`).join("\n")}

### Dropped towns that bear their municipality's name (${droppedNamesakes.length})
These are (or look like) central towns; their municipalities ship without them.
${droppedNamesakes.map((d) => `${d.row.Locality} (${d.reason}${d.detail ? `: ${d.detail}` : ""})`).join("; ")}.

### Municipalities with places but none bearing the municipality's name (${withoutNamesake.length})
Often fine, since the central town has another name (Gotland → Visby, Ale → Nödinge-Nol, Berg → Svenstavik, …); in other cases the central town was dropped below.
${withoutNamesake.map((m) => `${m.name} (${m.code})`).join(", ")}.

### Dropped rows (${dropped.length} of ${rows.length})
${reasons
  .map((reason) => {
    const list = dropped.filter((d) => d.reason === reason);
    if (list.length === 0) return null;
    const intro = {
      "point in another municipality":
        "The point lies inside a different municipality than the one the CSV names: mostly a geocode of a namesake elsewhere (e.g. Viken, Höganäs, is given a point in Jönköping).",
      "outside every boundary, near the named municipality":
        "The point lies outside every boundary but within 10 km of the named municipality: coastal and island towns cut off by the coarse coastline, or slightly wrong points.",
      "outside every boundary, far from the named municipality":
        "The point lies outside every boundary and more than 10 km from the named municipality: a wrong geocode.",
      duplicate: "A second row with the same name in the same municipality.",
      "unknown municipality": "The CSV names no municipality of the 2017 set.",
      "no coordinates": "The row has no usable coordinates.",
    }[reason];
    return `#### ${reason[0].toUpperCase()}${reason.slice(1)} (${list.length})\n${intro}\n\n${list.map((d) => `- ${csvRow(d.row)}${d.detail ? `: ${d.detail}` : ""}`).join("\n")}\n`;
  })
  .filter(Boolean)
  .join("\n")}
## License notices

### marcusasplund/kommundata (MIT)

> MIT License
>
> Copyright (c) 2017 Marcus Asplund
>
> Permission is hereby granted, free of charge, to any person obtaining a copy
> of this software and associated documentation files (the "Software"), to deal
> in the Software without restriction, including without limitation the rights
> to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
> copies of the Software, and to permit persons to whom the Software is
> furnished to do so, subject to the following conditions:
>
> The above copyright notice and this permission notice shall be included in all
> copies or substantial portions of the Software.
>
> THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
> IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
> FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
> AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
> LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
> OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
> SOFTWARE.

### sphrak/svenska-stader (Apache-2.0)

> Copyright 2019 Niclas Kron
>
> Licensed under the Apache License, Version 2.0 (the "License");
> you may not use this file except in compliance with the License.
> You may obtain a copy of the License at
>
>    http://www.apache.org/licenses/LICENSE-2.0
>
> Unless required by applicable law or agreed to in writing, software
> distributed under the License is distributed on an "AS IS" BASIS,
> WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
> See the License for the specific language governing permissions and
> limitations under the License.
`;
fs.writeFileSync(path.join(outDir, "SOURCES.md"), md);

console.log(
  [
    `municipalities: ${output.length}, ${kb(municipalitiesJson)}, ${rawVertices} → ${outVertices} vertices (tolerance ${TOLERANCE}°)`,
    `tightened: ${tightened.map((t) => `${t.m.code} ${t.m.name} ${t.tolerance}`).join(", ") || "none"}`,
    `places: ${placeCount} kept of ${rows.length} rows, ${kb(placesJson)}; ${aliased.length} via a municipality alias`,
    `dropped: ${dropped.length} (${reasons.map((r) => `${r}: ${dropped.filter((d) => d.reason === r).length}`).join("; ")})`,
    `without places: ${withoutPlaces.map((m) => `${m.code} ${m.name}`).join(", ") || "none"}`,
  ].join("\n"),
);
