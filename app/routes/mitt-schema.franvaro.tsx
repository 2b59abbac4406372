import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AbsencePanel } from "~/components/absences";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { absenceFormSchema } from "~/domain/staffing/absence-schemas";
import { absencePanel, addAbsence, removeAbsence } from "~/domain/staffing/absences.server";
import { requireUser } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Min frånvaro – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleDomain(() => absencePanel(getDb(), user, user.id, new URL(request.url)));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), {
    schema: absenceFormSchema,
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "add-absence") {
      const { id } = addAbsence(getDb(), user, user.id, value);
      throw redirect(`/mitt-schema/franvaro?franvaro=${id}`);
    }
    removeAbsence(getDb(), user, user.id, value.absenceId);
  } catch (error) {
    if (error instanceof Response) throw error;
    return replyWithDomainError(submission, error);
  }
  throw redirect("/mitt-schema/franvaro?franvaro-borttagen=1");
}

export default function MyAbsencePage() {
  const { absences, saved, removed, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/mitt-schema">Mitt schema</Link>
      </p>
      <h1>Min frånvaro</h1>
      <p>
        Anmäl ledighet, semester och annan frånvaro, så att turnéledaren inte bokar dig då. Du ser själv om frånvaron krockar med ett stopp du redan är bokad
        på.
      </p>
      <AbsencePanel key={formKey} absences={absences} saved={saved} removed={removed} own lastResult={actionData?.result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
