/** The uploaded municipality boundary's checks (domain/setup/boundary.ts): what is accepted, and each refusal's Swedish message. */
import { describe, expect, it } from "vitest";
import { checkBoundary } from "~/domain/setup/boundary";
import { municipalityByCode } from "~/domain/reference/sweden.server";

const square = (lng: number, lat: number) => [
  [
    [lng, lat],
    [lng + 0.1, lat],
    [lng + 0.1, lat + 0.1],
    [lng, lat + 0.1],
    [lng, lat],
  ],
];

describe("checkBoundary", () => {
  it("accepts a shipped municipality's boundary, as a geometry, a Feature and a FeatureCollection", () => {
    const geometry = municipalityByCode("1781")!.boundary;
    for (const value of [
      geometry,
      { type: "Feature", properties: {}, geometry },
      { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry }] },
    ]) {
      const result = checkBoundary(JSON.stringify(value));
      expect(result.ok).toBe(true);
    }
  });

  it("merges several polygon features into one MultiPolygon (a municipality with islands)", () => {
    const text = JSON.stringify({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: square(14, 59) } },
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: square(14.5, 59.2) } },
      ],
    });
    const result = checkBoundary(text);
    expect(result).toMatchObject({ ok: true, geometry: { type: "MultiPolygon" }, vertices: 10 });
  });

  it.each([
    ["not JSON", "{ inte json", /inte giltig JSON/],
    ["points instead of an area", JSON.stringify({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [14, 59] } }), /måste vara en yta/],
    [
      "SWEREF 99 TM metres",
      JSON.stringify({
        type: "Polygon",
        coordinates: [
          [
            [440000, 6570000],
            [450000, 6570000],
            [450000, 6580000],
            [440000, 6570000],
          ],
        ],
      }),
      /inte i WGS84/,
    ],
    ["latitude first", JSON.stringify({ type: "Polygon", coordinates: square(59, 14) }), /omvänd ordning/],
    ["outside Sweden", JSON.stringify({ type: "Polygon", coordinates: square(2, 48) }), /utanför Sverige/],
    [
      "a ring that is not closed",
      JSON.stringify({
        type: "Polygon",
        coordinates: [
          [
            [14, 59],
            [14.1, 59],
            [14.1, 59.1],
            [14, 59.1],
          ],
        ],
      }),
      /inte sluten/,
    ],
    ["an empty collection", JSON.stringify({ type: "FeatureCollection", features: [] }), /tom/],
    ["no GeoJSON type", JSON.stringify({ hello: "world" }), /saknar typ/],
  ])("refuses %s with a message that says what to fix", (_what, text, message) => {
    const result = checkBoundary(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(message);
  });
});
