/**
 * The field form's check when its schema comes in a chunk loaded after hydration (ADR 030): what
 * Conform gets from onValidate before the chunk is there, once it is, and when it cannot be loaded.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { checkFieldQuestion } from "~/components/field/question-check";
import { createQuestionCheck, type CheckLoader, type QuestionCheck } from "~/components/field/use-question-check";

/** A loader whose chunk arrives (or fails) when the test says so. */
function deferredLoader() {
  let current: QuestionCheck | null = null;
  let settle!: (check: QuestionCheck | null) => void;
  const promise = new Promise<QuestionCheck | null>((resolve) => {
    settle = (check) => {
      current = check;
      resolve(check);
    };
  });
  const loader: CheckLoader = { loaded: () => current, load: () => promise };
  return { loader, arrive: () => settle(checkFieldQuestion), fail: () => settle(null) };
}

function fakeForm(id = "falt-0") {
  const form = { id, isConnected: true, requestSubmit: vi.fn() };
  return form as typeof form & HTMLFormElement;
}

function validateIntent(name: string) {
  const data = new FormData();
  data.set("question", "");
  data.set("__intent__", JSON.stringify({ type: "validate", payload: { name } }));
  return data;
}

function completeQuestion() {
  const data = new FormData();
  data.set("id", randomUUID());
  data.set("loggedAt", "2027-03-11T10:15:00.000Z");
  data.set("stopId", "stop-1");
  data.set("question", "När byggs gång- och cykelvägen?");
  data.set("category", "other");
  data.set("answeredOnSpot", "ja");
  return data;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A submission's errors (a successful one has none). */
const errorOf = (submission: object): Record<string, string[] | null> | null | undefined =>
  "error" in submission ? (submission.error as Record<string, string[] | null> | null) : undefined;

describe("the field form's check before its schema has loaded", () => {
  it("keeps the errors on screen for a field checked on blur, and checks that field once the schema is there", async () => {
    const { loader, arrive } = deferredLoader();
    const check = createQuestionCheck(loader);
    const validate = vi.fn();
    check.formRef.current = { id: "falt-0", allErrors: { category: ["Välj kategori"] }, validate } as never;
    check.start();
    const form = fakeForm();

    const submission = check.onValidate({ form, formData: validateIntent("question"), submitter: null });
    expect(submission.status).toBeUndefined();
    // null keeps a field's error in Conform: nothing is cleared, nothing new is claimed.
    expect(errorOf(submission)).toEqual({ category: null });
    expect(form.requestSubmit).not.toHaveBeenCalled();

    arrive();
    await tick();
    expect(validate).toHaveBeenCalledWith({ name: "question" });
  });

  it("stops a save, and submits it again with the same button once the schema is there", async () => {
    const { loader, arrive } = deferredLoader();
    const check = createQuestionCheck(loader);
    check.formRef.current = { id: "falt-0", allErrors: {}, validate: vi.fn() } as never;
    const form = fakeForm();
    const button = { isConnected: true, form } as unknown as HTMLButtonElement;

    const first = check.onValidate({ form, formData: completeQuestion(), submitter: button });
    // An error result with no errors: Conform prevents the submit and shows nothing.
    expect(first.status).toBe("error");
    expect(errorOf(first)).toEqual({});
    // A second press while waiting does not queue a second save.
    check.onValidate({ form, formData: completeQuestion(), submitter: button });

    arrive();
    await tick();
    expect(form.requestSubmit).toHaveBeenCalledTimes(1);
    expect(form.requestSubmit).toHaveBeenCalledWith(button);

    // The resubmitted save is checked by the schema, as every later one is.
    const second = check.onValidate({ form, formData: completeQuestion(), submitter: button });
    expect(second.status).toBe("success");
  });

  it("lets the save go to the server, unchecked in the browser, when the schema's chunk cannot be loaded", async () => {
    const { loader, fail } = deferredLoader();
    const check = createQuestionCheck(loader);
    const form = fakeForm();
    let resubmitted: ReturnType<typeof check.onValidate> | null = null;
    form.requestSubmit.mockImplementation(() => {
      // requestSubmit dispatches the submit event at once: Conform calls onValidate inside it.
      resubmitted = check.onValidate({ form, formData: new FormData(), submitter: null });
    });

    check.onValidate({ form, formData: new FormData(), submitter: null });
    fail();
    await tick();
    expect(form.requestSubmit).toHaveBeenCalledTimes(1);
    // `error: null` is Conform's "not decided here": it neither reports nor prevents the submit.
    expect(errorOf(resubmitted!)).toBeNull();
    expect(resubmitted!.status).toBe("error");
    // Only that one submit: the next press waits for the chunk again.
    const next = check.onValidate({ form, formData: new FormData(), submitter: null });
    expect(errorOf(next)).toEqual({});
  });
});

describe("the field form's check once its schema has loaded", () => {
  it("is the shared schema, with the same Swedish messages as the server", async () => {
    const check = createQuestionCheck();
    check.start();
    await tick();
    await vi.waitFor(async () => {
      const result = check.onValidate({ form: fakeForm(), formData: new FormData(), submitter: null });
      expect(result.status).toBe("error");
      expect(errorOf(result)?.question).toEqual(["Skriv frågan"]);
      expect(errorOf(result)?.category).toEqual(["Välj kategori"]);
      expect(errorOf(result)?.answeredOnSpot).toEqual(["Ange om frågan besvarades på plats"]);
    });
    const ok = check.onValidate({ form: fakeForm(), formData: completeQuestion(), submitter: null });
    expect(ok.status).toBe("success");
  });
});
