/**
 * The field form's check (use-field-form.ts, ADRs 030 and 040): which fields show errors, and what
 * a save does before the schema's chunk is there, once it is, and when it cannot be loaded. The
 * check is the real one (the shared schema through Conform's parseWithZod); the form is a stand-in
 * with the parts of an HTMLFormElement the check uses, and its values are a real FormData.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { checkFieldQuestion } from "~/components/field/question-check";
import { createFieldFormCheck, type Check, type CheckLoader, type Errors } from "~/components/field/use-field-form";
import { questionCheck } from "~/components/field/use-question-check";
import type { FieldQuestionInput } from "~/domain/field/schemas";

type Question = FieldQuestionInput;

/** A loader whose chunk arrives (or fails) when the test says so. */
function deferredLoader() {
  let current: Check<Question> | null = null;
  let settle!: (check: Check<Question> | null) => void;
  const promise = new Promise<Check<Question> | null>((resolve) => {
    settle = (check) => {
      current = check;
      resolve(check);
    };
  });
  const loader: CheckLoader<Question> = { loaded: () => current, load: () => promise };
  return { loader, arrive: () => settle(checkFieldQuestion), fail: () => settle(null) };
}

const loadedLoader: CheckLoader<Question> = { loaded: () => checkFieldQuestion, load: () => Promise.resolve(checkFieldQuestion) };

const FIELDS = ["stopId", "question", "category", "answeredOnSpot", "departmentCode"] as const;

/** A form with the field page's controls in its order, whose values the test sets. */
function fakeForm(values: Record<string, string> = {}) {
  const elements = [
    ...FIELDS.map((name) => ({
      tagName: name === "question" ? "TEXTAREA" : name === "departmentCode" ? "SELECT" : "INPUT",
      type: "text",
      name,
      focus: vi.fn(),
    })),
    { tagName: "BUTTON", type: "submit", name: "intent", focus: vi.fn() },
  ];
  const form = { isConnected: true, elements, requestSubmit: vi.fn(), values };
  return form as typeof form & HTMLFormElement;
}

function formData(form: { values: Record<string, string> }) {
  const data = new FormData();
  for (const [name, value] of Object.entries(form.values)) data.set(name, value);
  return data;
}

function completeQuestion(): Record<string, string> {
  return {
    id: randomUUID(),
    loggedAt: "2027-03-11T10:15:00.000Z",
    stopId: "stop-1",
    question: "När byggs gång- och cykelvägen?",
    category: "other",
    answeredOnSpot: "ja",
  };
}

function setup(loader: CheckLoader<Question>) {
  const shown: Errors[] = [];
  const valid = vi.fn();
  const check = createFieldFormCheck(loader, {
    show: (errors) => shown.push(errors),
    valid,
    read: (form) => formData(form as unknown as { values: Record<string, string> }),
  });
  return { check, shown, valid, last: () => shown.at(-1) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the field form's check once its schema has loaded", () => {
  it("shows a field's error when it loses the focus, and only that field's", () => {
    const { check, last } = setup(loadedLoader);
    const form = fakeForm({ question: "ab" });
    check.blur(form, "question");
    expect(last()).toEqual({ question: ["Skriv frågan (minst 3 tecken)"] });
    // Typing in a field that has not been checked yet changes nothing on screen.
    check.blur(form, "category");
    expect(last()).toEqual({ question: ["Skriv frågan (minst 3 tecken)"], category: ["Välj kategori"] });
  });

  it("checks a checked field again as it is typed in, and not a field nobody has left yet", () => {
    const { check, shown, last } = setup(loadedLoader);
    const form = fakeForm({ question: "ab" });
    check.input(form, "question");
    expect(shown).toHaveLength(0);
    check.blur(form, "question");
    form.values.question = "abc";
    check.input(form, "question");
    expect(last()).toEqual({});
    // A second blur of a checked field does not check it again (it is checked as it changes).
    check.blur(form, "question");
    expect(shown).toHaveLength(2);
  });

  it("a failed save shows every error, with the same Swedish messages as the server, and focuses the first field in error", () => {
    const { check, last, valid } = setup(loadedLoader);
    const form = fakeForm({ id: randomUUID(), loggedAt: "2027-03-11T10:15:00.000Z", stopId: "stop-1" });
    expect(check.submit(form, null)).toBe("handled");
    expect(last()).toEqual({
      question: ["Skriv frågan"],
      category: ["Välj kategori"],
      answeredOnSpot: ["Ange om frågan besvarades på plats"],
    });
    const [stop, question, category] = form.elements;
    expect(question!.focus).toHaveBeenCalledTimes(1);
    expect(stop!.focus).not.toHaveBeenCalled();
    expect(category!.focus).not.toHaveBeenCalled();
    expect(valid).not.toHaveBeenCalled();
    // After a save every field is checked as it changes.
    form.values.question = "Var finns närmaste återvinningsstation?";
    check.input(form, "question");
    expect(last()).not.toHaveProperty("question");
    expect(last()).toHaveProperty("category");
  });

  it("a save that passes hands the schema's value to the page and clears the errors", () => {
    const { check, last, valid } = setup(loadedLoader);
    const form = fakeForm(completeQuestion());
    const button = { tagName: "BUTTON" } as unknown as HTMLButtonElement;
    expect(check.submit(form, button)).toBe("handled");
    expect(last()).toEqual({});
    expect(valid).toHaveBeenCalledTimes(1);
    const [value, submitter] = valid.mock.calls[0]!;
    expect(value).toMatchObject({ stopId: "stop-1", category: "other", answeredOnSpot: true, topics: [], replyWanted: false });
    expect(value.loggedAt).toBeInstanceOf(Date);
    expect(submitter).toBe(button);
  });

  it("a reset (the next question) forgets which fields were checked; the server's errors are checked from the start", () => {
    const { check, shown, last } = setup(loadedLoader);
    const form = fakeForm({});
    check.submit(form, null);
    check.reset();
    const count = shown.length;
    check.input(form, "question");
    expect(shown).toHaveLength(count);
    check.seed({ question: ["Skriv frågan"] });
    check.input(form, "question");
    expect(last()).toEqual({ question: ["Skriv frågan"] });
  });
});

describe("the field form's check before its schema has loaded", () => {
  it("keeps what is on screen for a field checked on blur, and checks that field once the schema is there", async () => {
    const { loader, arrive } = deferredLoader();
    const { check, shown, last } = setup(loader);
    const form = fakeForm({ question: "" });

    check.blur(form, "question");
    // Nothing is cleared and nothing new is claimed while there is no check.
    expect(shown).toHaveLength(0);
    expect(form.requestSubmit).not.toHaveBeenCalled();

    arrive();
    await tick();
    expect(last()).toEqual({ question: ["Skriv frågan"] });
  });

  it("stops a save, and submits it again with the same button once the schema is there", async () => {
    const { loader, arrive } = deferredLoader();
    const { check, valid } = setup(loader);
    const form = fakeForm(completeQuestion());
    const button = { tagName: "BUTTON", isConnected: true, form } as unknown as HTMLButtonElement;

    expect(check.submit(form, button)).toBe("handled");
    // A second press while waiting does not queue a second save.
    expect(check.submit(form, button)).toBe("handled");
    expect(valid).not.toHaveBeenCalled();

    arrive();
    await tick();
    expect(form.requestSubmit).toHaveBeenCalledTimes(1);
    expect(form.requestSubmit).toHaveBeenCalledWith(button);

    // The resubmitted save is checked by the schema, as every later one is.
    expect(check.submit(form, button)).toBe("handled");
    expect(valid).toHaveBeenCalledTimes(1);
  });

  it("lets the save go to the server, unchecked in the browser, when the schema's chunk cannot be loaded", async () => {
    const { loader, fail } = deferredLoader();
    const { check, shown } = setup(loader);
    const form = fakeForm({});
    let resubmitted: string | null = null;
    form.requestSubmit.mockImplementation(() => {
      // requestSubmit dispatches the submit event at once: the page's onSubmit asks the check inside it.
      resubmitted = check.submit(form, null);
    });

    expect(check.submit(form, null)).toBe("handled");
    fail();
    await tick();
    expect(form.requestSubmit).toHaveBeenCalledTimes(1);
    expect(resubmitted).toBe("post");
    expect(shown).toHaveLength(0);
    // Only that one submit: the next press waits for the chunk again.
    expect(check.submit(form, null)).toBe("handled");
  });
});

describe("the field form's chunk", () => {
  it("loads the shared schema's check", async () => {
    const loaded = await questionCheck.load();
    expect(loaded).toBe(checkFieldQuestion);
    expect(questionCheck.loaded()).toBe(checkFieldQuestion);
    const result = loaded!(new FormData());
    expect(result.status).toBe("error");
  });
});
