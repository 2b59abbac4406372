import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { areaOptions } from "~/domain/areas/areas.server";
import { createOrganization } from "~/domain/organizations/organizations.server";
import { newOrganizationSchema } from "~/domain/organizations/schemas";
import { requirePlannerUser } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { OrganizationFields } from "./organisationer.$organizationId/organization-fields";

export const meta: MetaFunction = () => [{ title: "Ny organisation – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  const areas = areaOptions(getDb());
  // "Lägg till en organisation i Rydebäck" on an area page preselects the area.
  const wanted = new URL(request.url).searchParams.get("omrade");
  return { areas, areaId: areas.some((a) => a.id === wanted) ? wanted : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const submission = parseWithZod(await request.formData(), { schema: newOrganizationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let id: string;
  try {
    id = createOrganization(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/organisationer/${id}?skapad=1`);
}

export default function NewOrganizationPage() {
  const { areas, areaId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(newOrganizationSchema, {
    id: "new-organization",
    lastResult: actionData?.result,
    defaultValue: areaId ? { areaId } : undefined,
  });
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/organisationer">Organisationer</Link>
      </p>
      <h1>Ny organisation</h1>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <OrganizationFields fields={fields} areas={areas} />
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Skapa organisationen
        </SubmitButton>
      </Form>
    </div>
  );
}
