import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AbsenceNotice, AbsencePanel } from "~/components/absences";
import { UserFields } from "~/components/admin/user-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OnOffForm } from "~/components/on-off-form";
import { FormError, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { absenceFormSchema } from "~/domain/staffing/absence-schemas";
import { absencePanel, addAbsence, removeAbsence } from "~/domain/staffing/absences.server";
import { ROLE_LABELS } from "~/domain/users/roles";
import { updateUserSchema } from "~/domain/users/schemas";
import { getUserById, listReferenceData, setUserActive, updateUser } from "~/domain/users/users.server";
import { requireRole } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "Användare"} – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const db = getDb();
  return handleDomain(() => ({
    user: getUserById(db, actor, params.userId!),
    reference: listReferenceData(db),
    isSelf: actor.id === params.userId,
    absence: absencePanel(db, actor, params.userId!, new URL(request.url)),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const userId = params.userId!;
  const db = getDb();
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "add-absence" || intent === "remove-absence") {
    const absence = parseWithZod(formData, { schema: absenceFormSchema });
    if (absence.status !== "success") return data({ result: null, absenceResult: absence.reply() }, { status: 400 });
    try {
      if (absence.value.intent === "add-absence") {
        const { id } = addAbsence(db, actor, userId, absence.value);
        throw redirect(`/admin/anvandare/${userId}?franvaro=${id}#franvaro-lista`);
      }
      removeAbsence(db, actor, userId, absence.value.absenceId);
    } catch (error) {
      if (error instanceof Response) throw error;
      const reply = replyWithDomainError(absence, error);
      return data({ result: null, absenceResult: reply.data.result }, { status: 400 });
    }
    throw redirect(`/admin/anvandare/${userId}?franvaro-borttagen=1#franvaro-lista`);
  }
  const submission = parseWithZod(formData, { schema: updateUserSchema });
  if (submission.status !== "success") {
    return data(
      {
        result: submission.reply({ hideFields: ["password"] }),
        absenceResult: null,
      },
      { status: 400 },
    );
  }
  const value = submission.value;
  try {
    if (value.intent === "save") await updateUser(db, actor, userId, value);
    else setUserActive(db, actor, userId, value.intent === "activate");
  } catch (error) {
    return replyWithDomainError(submission, error, {
      hideFields: ["password"],
    });
  }
  const done = value.intent === "save" ? "sparad" : value.intent === "activate" ? "aktiverad" : "inaktiverad";
  throw redirect(`/admin/anvandare/${userId}?${done}=1`);
}

export default function EditUserPage() {
  const { user, reference, isSelf, absence } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useSchemaForm(updateUserSchema, {
    id: `edit-user-${user.id}`,
    lastResult: actionData?.result ?? undefined,
    defaultValue: {
      intent: "save",
      name: user.name,
      email: user.email,
      role: user.role,
      answerGroups: user.answerGroups,
      advisorFunctions: user.advisorFunctions,
      hourly: user.hourly ? "on" : undefined,
    },
  });
  const notice = searchParams.has("skapad")
    ? "Användaren har skapats."
    : searchParams.has("sparad")
      ? "Ändringarna har sparats."
      : searchParams.has("inaktiverad")
        ? "Användaren är inaktiverad och har loggats ut."
        : searchParams.has("aktiverad")
          ? "Användaren är aktiverad igen."
          : null;
  const busy = navigation.state === "submitting";
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/admin/anvandare">Användare</Link>
      </p>
      <h1>{user.name}</h1>
      <p>
        {ROLE_LABELS[user.role]}
        {user.hourly ? " · Timanställd" : ""} · {user.active ? "Aktiv" : "Inaktiverad"}
      </p>
      <div>
        {notice ? <ResultMessage className="notice">{notice}</ResultMessage> : null}
        <AbsenceNotice saved={absence.saved} removed={absence.removed} own={false} />
      </div>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <h2>Ändra uppgifter</h2>
        <FormError form={form} />
        <UserFields fields={fields} reference={reference} passwordRequired={false} />
        <SubmitButton name="intent" value="save" className="button" busy={busy}>
          Spara ändringar
        </SubmitButton>
      </Form>
      <section className="card stack" aria-labelledby="franvaro-rubrik">
        <h2 id="franvaro-rubrik">Frånvaro</h2>
        <AbsencePanel
          key={absence.formKey}
          absences={absence.absences}
          saved={absence.saved}
          removed={absence.removed}
          own={false}
          headingLevel={3}
          ownStatus={false}
          lastResult={actionData && "absenceResult" in actionData ? actionData.absenceResult : undefined}
        />
      </section>
      {!isSelf ? (
        <OnOffForm
          inUse={user.active}
          takeOut={{
            heading: "Inaktivera kontot",
            text: "Ett inaktiverat konto kan inte logga in, och alla dess inloggningar avslutas direkt. Historiken finns kvar.",
            intent: "deactivate",
            label: "Inaktivera",
          }}
          bringBack={{ heading: "Aktivera kontot", text: "Kontot kan logga in igen med sitt lösenord.", intent: "activate", label: "Aktivera" }}
          busy={busy}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
