import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { attemptLogin } from "~/domain/auth/login.server";
import { loginSchema } from "~/domain/auth/schemas";
import { getUser, safeRedirect, startSession } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Logga in – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const db = getDb();
  const result = await attemptLogin(db, { email, password, ip: context.clientIp });
  if (!result.ok) {
    const retryAfter = result.reason === "rate_limited" ? result.retryAfterSeconds : null;
    return data(
      {
        result: submission.reply({
          hideFields: ["password"],
          formErrors: [
            retryAfter !== null
              ? `För många misslyckade inloggningsförsök. Vänta ${retryAfter <= 60 ? "en minut" : `${Math.ceil(retryAfter / 60)} minuter`} och försök sedan igen.`
              : "Fel e-postadress eller lösenord. Kontrollera stavningen och försök igen.",
          ],
        }),
      },
      { status: retryAfter !== null ? 429 : 401, headers: retryAfter !== null ? { "Retry-After": String(retryAfter) } : undefined },
    );
  }
  const cookie = await startSession(db, result.userId);
  throw redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  const busy = navigation.state !== "idle" && navigation.formAction === "/logga-in";
  return (
    <div className="container narrow">
      <h1>Logga in</h1>
      <p>För kontaktcentrets personal, turnéledare och administratörer.</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField label="E-postadress" meta={fields.email} type="email" autoComplete="username" required />
        <TextField label="Lösenord" meta={fields.password} type="password" autoComplete="current-password" required />
        <SubmitButton className="button" busy={busy}>
          {busy ? "Loggar in …" : "Logga in"}
        </SubmitButton>
      </Form>
      <p className="muted">
        Har du glömt ditt lösenord? Kontakta en administratör på kontaktcentret, som kan sätta ett nytt.
      </p>
    </div>
  );
}
