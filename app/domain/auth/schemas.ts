import { z } from "zod";

/** NIST SP 800-63B: at least 10 characters here, no composition rules, long passphrases welcome. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export const passwordSchema = z
  .string({ required_error: "Ange ett lösenord" })
  .min(PASSWORD_MIN, `Lösenordet måste ha minst ${PASSWORD_MIN} tecken`)
  .max(PASSWORD_MAX, `Lösenordet får ha högst ${PASSWORD_MAX} tecken`);

export const emailSchema = z
  .string({ required_error: "Ange en e-postadress" })
  .trim()
  .max(254, "E-postadressen är för lång")
  .email("Ange en giltig e-postadress, t.ex. namn@kommunen.se")
  .transform((e) => e.toLowerCase());

export const loginSchema = z.object({
  email: emailSchema,
  // At login we only require something typed; length rules apply when a password is set.
  password: z.string({ required_error: "Ange ditt lösenord" }).max(PASSWORD_MAX, "Lösenordet är för långt"),
  redirectTo: z.string().optional(),
});
