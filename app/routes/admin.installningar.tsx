import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { ResultMessage } from "~/components/result-message";
import { getDb } from "~/db.server";
import { settingsSchema } from "~/domain/settings/schemas";
import { getSettings, updateSettings } from "~/domain/settings/settings.server";
import { requireRole } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Inställningar – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const { boundaryGeojson, ...settings } = getSettings(getDb());
  return { settings, hasBoundary: Boolean(boundaryGeojson) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: settingsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    updateSettings(getDb(), actor, submission.value);
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  throw redirect("/admin/installningar?sparad=1");
}

const decimal = (n: number) => String(n).replace(".", ",");

export default function SettingsPage() {
  const { settings, hasBoundary } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useSchemaForm(settingsSchema, {
    id: "settings",
    lastResult: actionData?.result,
    defaultValue: {
      name: settings.name,
      officeName: settings.officeName,
      officeAddress: settings.officeAddress,
      officeLat: decimal(settings.officeLat),
      officeLng: decimal(settings.officeLng),
      mapCenterLat: decimal(settings.mapCenterLat),
      mapCenterLng: decimal(settings.mapCenterLng),
      mapZoom: String(settings.mapZoom),
      travelBufferMinutes: String(settings.travelBufferMinutes),
      staffingCutoffHours: String(settings.staffingCutoffHours),
      contactRetentionDays: String(settings.contactRetentionDays),
    },
  });
  return (
    <div className="container narrow">
      <h1>Inställningar</h1>
      <p>
        <Link to="/installera">Uppsättningen: kommun, gräns, kontaktcenter, listor och föreningar</Link>
      </p>
      <p>
        <Link to="/admin/listor">Kommunens listor: svarsgrupper, rådgivarfunktioner, förvaltningar och ämnen</Link>
      </p>
      <p>
        <Link to="/admin/arendesystem">Ärendesystem: vart ärendena levereras</Link>
      </p>
      <p>
        <Link to="/admin/api-nycklar">API-nycklar för rapportens JSON-API</Link>
      </p>
      {searchParams.has("sparad") ? <ResultMessage className="notice">Inställningarna har sparats.</ResultMessage> : null}
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <h2>Kommunen och kontaktcentret</h2>
        <TextField label="Kommunens namn" meta={fields.name} required />
        <TextField label="Kontaktcentrets namn" meta={fields.officeName} required />
        <TextField label="Kontaktcentrets besöksadress" meta={fields.officeAddress} required />
        <div className="field-row">
          <TextField label="Latitud" meta={fields.officeLat} inputMode="decimal" required hint="Decimalgrader, t.ex. 56,0474" />
          <TextField label="Longitud" meta={fields.officeLng} inputMode="decimal" required hint="Decimalgrader, t.ex. 12,6959" />
        </div>
        <h2>Kartan</h2>
        <div className="field-row">
          <TextField label="Mittpunkt, latitud" meta={fields.mapCenterLat} inputMode="decimal" required />
          <TextField label="Mittpunkt, longitud" meta={fields.mapCenterLng} inputMode="decimal" required />
        </div>
        <TextField label="Zoomnivå" meta={fields.mapZoom} inputMode="numeric" required hint="5 (hela landet) till 16 (kvarter)" />
        <p className="muted">{hasBoundary ? "Kommungränsen är inläst." : "Ingen kommungräns är inläst."}</p>
        <h2>Bemanning</h2>
        <TextField
          label="Restid mellan stopp (minuter)"
          meta={fields.travelBufferMinutes}
          inputMode="numeric"
          required
          hint="Två bokningar för samma person krockar om det är kortare tid än så mellan dem. 0–240."
        />
        <TextField
          label="Anmälan och avanmälan stänger (timmar före start)"
          meta={fields.staffingCutoffHours}
          inputMode="numeric"
          required
          hint="Därefter kan personalen inte själv anmäla eller avanmäla sig; det gör turnéledaren. 0–336."
        />
        <h2>Personuppgifter</h2>
        <TextField
          label="Invånares kontaktuppgifter sparas (dagar)"
          meta={fields.contactRetentionDays}
          inputMode="numeric"
          required
          hint="Namn, telefon och e-post som en invånare lämnar för att få svar raderas så många dagar efter att ärendet besvarats eller avslutats. Frågan och svaret finns kvar. 0–365."
        />
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Spara inställningar
        </SubmitButton>
      </Form>
    </div>
  );
}
