import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { attemptLogin } from "~/domain/auth/login.server";
import { OIDC_FAILURE_TEXT, oidcSettings, passwordLoginEnabled, type OidcFailure } from "~/domain/auth/oidc.server";
import { loginSchema } from "~/domain/auth/schemas";
import { getUser, safeRedirect, startSession } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Logga in – Rullar ut" }];

const SSO_MESSAGES: Record<OidcFailure | "busy", string> = {
  ...OIDC_FAILURE_TEXT,
  busy: "För många inloggningar från din adress just nu. Vänta en minut och försök igen.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const user = await getUser(request);
  if (user) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  const sso = oidcSettings();
  const failure = url.searchParams.get("sso");
  return {
    // Single sign-on (ADR 036): the button's text, or null when it is not set up.
    sso: sso ? { name: sso.name } : null,
    passwordLogin: passwordLoginEnabled(),
    ssoError: failure && failure in SSO_MESSAGES ? SSO_MESSAGES[failure as keyof typeof SSO_MESSAGES] : null,
    loggedOut: url.searchParams.get("utloggad") === "1",
  };
}

const PASSWORD_LOGIN_OFF = "Inloggning med lösenord är avstängd. Logga in med kommunens konto i stället.";

export async function action({ request, context }: ActionFunctionArgs) {
  // With single sign-on only, a password is never checked, whoever posts it (ADR 036).
  if (!passwordLoginEnabled()) {
    return data({ result: { status: "error" as const, error: { "": [PASSWORD_LOGIN_OFF] } } }, { status: 403 });
  }
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
  const { sso, passwordLogin, ssoError, loggedOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(loginSchema, {
    id: "login",
    lastResult: actionData?.result,
  });
  const busy = navigation.state !== "idle" && navigation.formAction === "/logga-in";
  const back = searchParams.get("redirectTo");
  return (
    <div className="container narrow">
      <h1>Logga in</h1>
      <p>För kontaktcentrets personal, turnéledare och administratörer.</p>
      {loggedOut ? (
        <p role="status" className="notice">
          Du är utloggad.
        </p>
      ) : null}
      {ssoError ? (
        <div role="alert" className="form-error">
          <p>{ssoError}</p>
        </div>
      ) : null}
      {sso ? (
        <p className="login-sso">
          {/* A link, not a form: it only sends the browser to the provider, and works without JavaScript. */}
          <a className="button" href={back ? `/logga-in/sso?${new URLSearchParams({ redirectTo: back })}` : "/logga-in/sso"}>
            {`Logga in med ${sso.name}`}
          </a>
        </p>
      ) : null}
      {passwordLogin ? (
        <>
          {sso ? <h2 className="login-password-heading">Eller med e-post och lösenord</h2> : null}
          <Form method="post" {...getFormProps(form)} noValidate className="stack card">
            <FormError form={form} />
            <input type="hidden" name="redirectTo" value={back ?? ""} />
            <TextField label="E-postadress" meta={fields.email} type="email" autoComplete="username" required />
            <TextField label="Lösenord" meta={fields.password} type="password" autoComplete="current-password" required />
            <SubmitButton className="button" busy={busy}>
              {busy ? "Loggar in …" : "Logga in"}
            </SubmitButton>
          </Form>
          <p className="muted">Har du glömt ditt lösenord? Kontakta en administratör på kontaktcentret, som kan sätta ett nytt.</p>
        </>
      ) : null}
    </div>
  );
}
