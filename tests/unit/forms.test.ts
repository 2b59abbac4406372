/**
 * The form helpers that stand in for Conform's own on hot pages (issue 15) give what Conform gives.
 * The metadata comes from Conform's useForm in a real server render.
 */
import { getCollectionProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { inputProps, listFieldViews, textareaProps } from "~/components/form-fields";
import { collectionProps, readField } from "~/components/forms";

type Fields = ReturnType<typeof useForm<Record<string, unknown>>>[1];

function withFields(lastResult: SubmissionResult<string[]> | undefined, read: (fields: Fields) => void) {
  function Probe() {
    const [, fields] = useForm<Record<string, unknown>>({ id: "prov", lastResult });
    read(fields);
    return null;
  }
  renderToString(createElement(Probe));
}

const WITH_ERRORS: SubmissionResult<string[]> = {
  status: "error",
  initialValue: { orgs: ["a", "c"], pick: "b", name: "Ödåkra" },
  error: { orgs: ["Välj minst en organisation"], name: ["För kort"] },
};

describe("readField", () => {
  it("gives the ids, name, key, errors and initial value Conform gives", () => {
    for (const result of [undefined, WITH_ERRORS]) {
      withFields(result, (fields) => {
        for (const name of ["orgs", "pick", "name"]) {
          const meta = fields[name]!;
          const read = readField(meta);
          for (const prop of ["key", "id", "name", "formId", "errorId", "descriptionId", "errors", "required", "initialValue"] as const) {
            expect(read[prop], `${name}.${prop}`).toEqual(meta[prop]);
          }
        }
      });
    }
  });
});

describe("listFieldViews", () => {
  it("gives the ids, names, errors and first values Conform's getFieldList and getFieldset give", () => {
    const defaults = {
      times: [
        { date: "", start: "18:00", end: "20:00" },
        { date: "2027-05-04", start: "18:00", end: "20:00" },
      ],
    };
    const failed: SubmissionResult<string[]> = {
      status: "error",
      initialValue: {
        times: [
          { date: "4 maj", start: "18", end: "" },
          { date: "", start: "18:00", end: "20:00" },
          { date: "2027-06-01", start: "", end: "" },
        ],
      },
      error: { "times[0].date": ["Skriv datum som ÅÅÅÅ-MM-DD"], "times[2].start": ["Ange starttid"] },
    };
    let compared = 0;
    for (const lastResult of [undefined, failed]) {
      function Probe() {
        const [form, fields] = useForm<typeof defaults>({ id: "prov", lastResult, defaultValue: defaults });
        const ours = listFieldViews(form, "times", ["date", "start", "end"] as const);
        const conform = fields.times.getFieldList();
        expect(ours).toHaveLength(conform.length);
        conform.forEach((row, i) => {
          const set = row.getFieldset();
          for (const k of ["date", "start", "end"] as const) {
            const { key: _key, ...theirs } = readField(set[k]);
            expect(ours[i]!.fields[k], `times[${i}].${k}`).toEqual(theirs);
            compared += 1;
          }
        });
        return null;
      }
      renderToString(createElement(Probe));
    }
    expect(compared).toBe(15);
  });
});

describe("inputProps and textareaProps (the field page's, without Conform's code)", () => {
  it("give the same props as Conform's getInputProps and getTextareaProps, with and without errors and first values", () => {
    let compared = 0;
    const result: SubmissionResult<string[]> = {
      ...WITH_ERRORS,
      initialValue: { ...WITH_ERRORS.initialValue, agree: "on" },
      error: { ...WITH_ERRORS.error, agree: ["Kryssa i"] },
    };
    for (const lastResult of [undefined, result]) {
      withFields(lastResult, (fields) => {
        for (const name of ["name", "pick", "agree", "missing"]) {
          const meta = fields[name]!;
          for (const type of ["text", "email", "tel", "hidden", "checkbox"] as const) {
            for (const ariaDescribedBy of [undefined, "hint"]) {
              expect(inputProps(readField(meta), { type, ariaDescribedBy }), `${name} ${type}`).toEqual(
                getInputProps(meta, { type, ariaDescribedBy } as Parameters<typeof getInputProps>[1]),
              );
              compared += 1;
            }
          }
          expect(textareaProps(readField(meta), { ariaDescribedBy: "hint" })).toEqual(getTextareaProps(meta, { ariaDescribedBy: "hint" }));
          expect(textareaProps(readField(meta))).toEqual(getTextareaProps(meta));
        }
      });
    }
    expect(compared).toBe(80);
  });
});

describe("collectionProps", () => {
  it("gives the same props as Conform's getCollectionProps, for checkboxes and radios, with and without errors", () => {
    let compared = 0;
    for (const result of [undefined, WITH_ERRORS]) {
      withFields(result, (fields) => {
        for (const [name, type] of [
          ["orgs", "checkbox"],
          ["pick", "radio"],
          ["orgs", "radio"],
          ["pick", "checkbox"],
        ] as const) {
          const values = ["a", "b", "c", "d"];
          const ours = collectionProps(fields[name]!, type, values);
          expect(ours).toEqual(getCollectionProps(fields[name]!, { type, options: values }));
          compared += 1;
        }
      });
    }
    expect(compared).toBe(8);
    withFields(WITH_ERRORS, (fields) => {
      const boxes = collectionProps(fields.orgs!, "checkbox", ["a", "b", "c"]);
      expect(boxes.map((b) => b.defaultChecked)).toEqual([true, false, true]);
      expect(boxes[0]).toMatchObject({ name: "orgs", "aria-invalid": true, "aria-describedby": "prov-orgs-error" });
    });
  });
});
