import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, SubmitButton, TextField } from "~/components/forms";
import { formatCoordinate, PositionField } from "~/components/map/position-field";
import { ResultMessage } from "~/components/result-message";
import { getDb } from "~/db.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { contactCenterSchema } from "~/domain/settings/schemas";
import { getSettings } from "~/domain/settings/settings.server";
import { saveContactCenter, setupState } from "~/domain/setup/setup.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { requireSetupAdmin } from "~/utils/setup.server";
import { NextStep } from "~/components/setup/next-step";

export const meta: MetaFunction = () => [{ title: "Uppsättning: kontaktcenter – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSetupAdmin(request);
  const db = getDb();
  if (!setupState(db).municipalityCode) throw redirect("/installera");
  const s = getSettings(db);
  return {
    defaults: {
      name: s.name,
      officeName: s.officeName,
      officeAddress: s.officeAddress,
      officeLat: formatCoordinate(s.officeLat),
      officeLng: formatCoordinate(s.officeLng),
    },
    saved: new URL(request.url).searchParams.has("sparat"),
    map: mapViewProps(db),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSetupAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: contactCenterSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    saveContactCenter(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect("/installera/kontaktcenter?sparat=1");
}

export default function SetupContactCenter() {
  const { defaults, saved, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(contactCenterSchema, {
    id: "setup-contact-center",
    lastResult: actionData?.result,
    defaultValue: defaults,
  });
  return (
    <>
      <h1>Kontaktcentret</h1>
      <p className="lead">Namnen står i inbjudningar, e-post, kalenderfiler och på sidorna. Kontaktcentrets kontor är platsen för informationskvällar.</p>
      {saved ? <ResultMessage className="notice">Kontaktcentret är sparat.</ResultMessage> : null}
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <TextField label="Kommunens namn" meta={fields.name} required hint="Som kommunen skriver det, t.ex. Kristinehamns kommun" />
        <TextField label="Kontaktcentrets namn" meta={fields.officeName} required hint="T.ex. Kristinehamns kommuns kontaktcenter" />
        <TextField label="Kontaktcentrets besöksadress" meta={fields.officeAddress} required hint="Gata, postnummer och ort" />
        <PositionField label="Kontorets plats på kartan" latMeta={fields.officeLat} lngMeta={fields.officeLng} {...map} />
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Spara kontaktcentret
        </SubmitButton>
      </Form>
      {saved || defaults.officeAddress ? (
        <NextStep from="/installera/kontaktcenter" />
      ) : (
        <p className="muted">
          Spara kontaktcentret för att gå vidare. <Link to="/installera">Tillbaka till steg 1</Link>
        </p>
      )}
    </>
  );
}
