import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { createArea } from "~/domain/areas/areas.server";
import { newAreaSchema } from "~/domain/areas/schemas";
import { requirePlannerUser } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { AreaFields } from "./omraden.$areaId/area-fields";
import { mapViewProps } from "~/domain/map/map-view.server";

export const meta: MetaFunction = () => [{ title: "Nytt område – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  return { map: mapViewProps(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const submission = parseWithZod(await request.formData(), { schema: newAreaSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let id: string;
  try {
    id = createArea(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/omraden/${id}?skapat=1`);
}

export default function NewAreaPage() {
  const { map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(newAreaSchema, {
    id: "new-area",
    lastResult: actionData?.result,
    constraint: { lat: { required: true }, lng: { required: true } },
  });
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/omraden">Områden</Link>
      </p>
      <h1>Nytt område</h1>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <AreaFields fields={fields} map={map} hasPosition={false} />
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Skapa området
        </SubmitButton>
      </Form>
    </div>
  );
}
