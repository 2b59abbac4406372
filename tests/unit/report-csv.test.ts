import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "~/domain/report/csv";

const read = (csv: string) => parse(csv, { bom: true, delimiter: ";", record_delimiter: "\r\n" }) as string[][];

describe("toCsv", () => {
  it("starts with a UTF-8 BOM and uses semicolons and CRLF", () => {
    const csv = toCsv([
      ["Område", "Frågor"],
      ["Ödåkra", 12],
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toBe("\uFEFFOmråde;Frågor\r\nÖdåkra;12\r\n");
  });

  it.each(["=SUM(A1:A2)", "+46 42 10 50 00", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"])("neutralises a text cell starting a formula: %j", (cell) => {
    const csv = toCsv([[cell]]);
    expect(read(csv)[0]![0]).toBe(`'${cell}`);
  });

  it("leaves numbers alone, negative ones too, and writes null as an empty cell", () => {
    const csv = toCsv([[-12.5, 0, null, "ok"]]);
    expect(csv).toBe("\uFEFF-12.5;0;;ok\r\n");
    expect(read(csv)[0]).toEqual(["-12.5", "0", "", "ok"]);
  });

  it("quotes quotes, semicolons and line breaks so they survive a round trip", () => {
    const rows = [['Han sa "hej"', "a;b", "rad 1\nrad 2", "rad 1\r\nrad 2", "vanlig"]];
    const csv = toCsv(rows);
    expect(csv).toContain('"Han sa ""hej"""');
    expect(csv).toContain('"a;b"');
    expect(read(csv)).toEqual(rows);
  });
});
