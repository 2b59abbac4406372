import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UserFields } from "~/components/admin/user-fields";
import { FormError, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { createUserSchema } from "~/domain/users/schemas";
import { createUser, listReferenceData } from "~/domain/users/users.server";
import { requireRole } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Ny användare – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { reference: listReferenceData(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: createUserSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  let id: string;
  try {
    id = await createUser(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error, { hideFields: ["password"] });
  }
  throw redirect(`/admin/anvandare/${id}?skapad=1`);
}

export default function NewUserPage() {
  const { reference } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(createUserSchema, {
    id: "new-user",
    lastResult: actionData?.result,
  });
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/admin/anvandare">Användare</Link>
      </p>
      <h1>Ny användare</h1>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <UserFields fields={fields} reference={reference} passwordRequired />
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Skapa användare
        </SubmitButton>
      </Form>
    </div>
  );
}
