import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { TourForm } from "~/components/tours/tour-form";
import { getDb } from "~/db.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import { requirePlannerUser } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Ny turné – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const submission = parseWithZod(await request.formData(), { schema: tourSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let id: string;
  try {
    id = createTour(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/turneer/${id}?skapad=1`);
}

export default function NewTourPage() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/turneer">Turnéer</Link>
      </p>
      <h1>Ny turné</h1>
      <TourForm id="new-tour" defaultValue={{}} lastResult={actionData?.result} submitLabel="Skapa turnén" />
    </div>
  );
}
