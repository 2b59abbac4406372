import { z } from "zod";
import { ROLES } from "#db/enums";
import { emailSchema, passwordSchema } from "~/domain/auth/schemas";

const checkboxList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const userFields = {
  name: z
    .string({ required_error: "Ange namn" })
    .trim()
    .min(2, "Namnet måste ha minst 2 tecken")
    .max(120, "Namnet får ha högst 120 tecken"),
  email: emailSchema,
  role: z.enum(ROLES, {
    errorMap: (issue, ctx) => ({ message: ctx.data === undefined ? "Välj roll" : "Välj en giltig roll" }),
  }),
  answerGroups: checkboxList,
  advisorFunctions: checkboxList,
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

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserFields = z.infer<typeof createUserSchema> extends infer T
  ? Omit<T, "password"> & { password?: string }
  : never;
