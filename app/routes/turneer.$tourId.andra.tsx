import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TourForm } from "~/components/tours/tour-form";
import { getDb } from "~/db.server";
import { tourSchema } from "~/domain/tours/schemas";
import { getTour, updateTour } from "~/domain/tours/tours.server";
import { requirePlannerUser } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Ändra turné – Rullar ut" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  const tour = await handleDomain(() => getTour(getDb(), params.tourId!));
  return { tour: { ...tour, targetTags: tour.targetTags.join(", ") } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const submission = parseWithZod(await request.formData(), { schema: tourSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    updateTour(getDb(), actor, params.tourId!, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/turneer/${params.tourId}?sparad=1`);
}

export default function EditTourPage() {
  const { tour } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to={`/turneer/${tour.id}`}>{tour.name}</Link>
      </p>
      <h1>Ändra turné</h1>
      <TourForm id={`edit-tour-${tour.id}`} defaultValue={tour} lastResult={actionData?.result} submitLabel="Spara ändringar" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
