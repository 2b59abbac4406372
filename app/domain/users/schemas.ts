import { z } from "zod";
import { ROLES } from "#db/enums";
import { emailSchema, passwordSchema } from "~/domain/auth/schemas";

const checkboxList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const userFields = {
  name: z.string({ required_error: "Ange namn" }).trim().min(2, "Namnet måste ha minst 2 tecken").max(120, "Namnet får ha högst 120 tecken"),
  email: emailSchema,
  role: z.enum(ROLES, {
    errorMap: (issue, ctx) => ({ message: ctx.data === undefined ? "Välj roll" : "Välj en giltig roll" }),
  }),
  answerGroups: checkboxList,
  advisorFunctions: checkboxList,
  /** Timanställd. */
  hourly: checkbox,
};

export const createUserSchema = z.object({ ...userFields, password: passwordSchema });

export const updateUserSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    ...userFields,
    // Empty means "keep the current password".
    password: passwordSchema.optional(),
  }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("activate") }),
]);

/** `hourly` may be left out by trusted callers (seeding, the command line): not hourly, or unchanged on update. */
export type CreateUserInput = Omit<z.infer<typeof createUserSchema>, "hourly"> & { hourly?: boolean };
export type UpdateUserFields = Omit<CreateUserInput, "password"> & { password?: string };
