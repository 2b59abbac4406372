import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseEnv as parseProcessEnv } from "~/env.server";
import { makeTempDir } from "../support/db";

const parseEnv = (source: Record<string, string | undefined>) => parseProcessEnv(source as NodeJS.ProcessEnv);
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir("rullarut-mailenv-");
});
afterEach(() => tmp.remove());
const base = () => ({ DATABASE_PATH: `${tmp.dir}/db.sqlite` });

describe("e-mail configuration", () => {
  it("defaults to no mail server, the worker on when one is set, 8 attempts and a local From", () => {
    const env = parseEnv(base());
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_WORKER).toBe(true);
    expect(env.MAIL_MAX_ATTEMPTS).toBe(8);
    expect(env.MAIL_FROM).toBe("Rullar ut <no-reply@localhost>");
  });

  it("accepts smtp:// and smtps:// addresses and MAIL_WORKER=0", () => {
    expect(parseEnv({ ...base(), SMTP_URL: "smtp://u:p@mail.example:587" }).SMTP_URL).toBe("smtp://u:p@mail.example:587");
    expect(parseEnv({ ...base(), SMTP_URL: "smtps://mail.example" }).SMTP_URL).toBe("smtps://mail.example");
    expect(parseEnv({ ...base(), MAIL_WORKER: "0" }).MAIL_WORKER).toBe(false);
  });

  it("refuses a non-SMTP address without echoing it (it holds a password)", () => {
    let error: unknown;
    try {
      parseEnv({ ...base(), SMTP_URL: "https://user:hemligt-lösenord@mail.example" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("SMTP_URL");
    expect((error as ConfigError).message).not.toContain("hemligt");
  });

  it("refuses a MAIL_MAX_ATTEMPTS that is not a whole number from 1", () => {
    expect(() => parseEnv({ ...base(), MAIL_MAX_ATTEMPTS: "0" })).toThrow(/MAIL_MAX_ATTEMPTS/);
    expect(() => parseEnv({ ...base(), MAIL_MAX_ATTEMPTS: "tre" })).toThrow(/MAIL_MAX_ATTEMPTS/);
  });
});
