import { useKindNames } from "~/components/kind-names";
import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OnOffForm } from "~/components/on-off-form";
import { FormError, SubmitButton } from "~/components/forms";
import { formatCoordinate } from "~/components/map/position-field";
import { getDb } from "~/db.server";
import { getAreaPage, setAreaArchived, updateArea } from "~/domain/areas/areas.server";
import { AREA_KIND_LABELS } from "~/domain/areas/labels";
import { editAreaSchema } from "~/domain/areas/schemas";
import { can } from "~/domain/users/roles";
import { requirePlannerUser, requireUser } from "~/session.server";
import { formatNumber } from "~/utils/format";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";
import { AreaFields } from "./area-fields";
import { HistoryList } from "./history-list";
import { mapViewProps } from "~/domain/map/map-view.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.area.name ?? "Område"} – Områden – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  return handleDomain(() => {
    const { area, lastHeldYear, organizations, history } = getAreaPage(db, params.areaId!);
    const canEdit = can.planTour(actor.role);
    return {
      area: {
        id: area.id,
        name: area.name,
        kind: area.kind,
        lat: area.lat,
        lng: area.lng,
        population: area.population,
        populationYear: area.populationYear,
        tags: area.tags,
        notes: area.notes,
        geometryGeojson: canEdit ? area.geometryGeojson : null,
        hasGeometry: area.geometryGeojson !== null,
        positionEstimated: area.positionEstimated,
        archived: area.archivedAt !== null,
        updatedAt: area.updatedAt.getTime(),
      },
      lastHeldYear,
      organizations,
      history,
      canEdit,
      map: canEdit ? mapViewProps(db) : null,
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Before anything is parsed: a staff member's direct post is refused, whatever it holds.
  const actor = await requirePlannerUser(request);
  const areaId = params.areaId!;
  const db = getDb();
  const submission = parseWithZod(await request.formData(), { schema: editAreaSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "save") updateArea(db, actor, areaId, value);
    else setAreaArchived(db, actor, areaId, value.intent === "archive");
  } catch (error) {
    return replyWithDomainError(submission, error);
  }
  const done = value.intent === "save" ? "sparat" : value.intent === "archive" ? "arkiverat" : "aterstallt";
  throw redirect(`/omraden/${areaId}?${done}=1`);
}

const NOTICES: Record<string, string> = {
  skapat: "Området har skapats.",
  sparat: "Ändringarna har sparats.",
  arkiverat: "Området är arkiverat. Det visas inte längre i listorna eller på kartan.",
  aterstallt: "Området är återställt från arkivet.",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function EditAreaForm({ area, map }: { area: LoaderData["area"]; map: NonNullable<LoaderData["map"]> }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(editAreaSchema, {
    id: `area-${area.id}`,
    lastResult: actionData?.result,
    constraint: { lat: { required: true }, lng: { required: true } },
    defaultValue: {
      intent: "save",
      name: area.name,
      kind: area.kind,
      lat: formatCoordinate(area.lat),
      lng: formatCoordinate(area.lng),
      population: area.population?.toString() ?? "",
      populationYear: area.populationYear?.toString() ?? "",
      tags: area.tags.join(", "),
      notes: area.notes ?? "",
      geometry: area.geometryGeojson ?? "",
    },
  });
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card">
      <h2>Uppgifter</h2>
      <FormError form={form} />
      <AreaFields fields={fields} map={map} hasPosition />
      {area.positionEstimated ? <p className="hint">Positionen är uppskattad. Flytta punkten om du vet var orten ligger.</p> : null}
      <SubmitButton name="intent" value="save" className="button" busy={navigation.state === "submitting"}>
        Spara ändringar
      </SubmitButton>
    </Form>
  );
}

function AreaFacts({ area, lastHeldYear }: { area: LoaderData["area"]; lastHeldYear: number | null }) {
  const none = <span className="muted">uppgift saknas</span>;
  return (
    <dl className="ao-facts card">
      <div>
        <dt>Typ</dt>
        <dd>{AREA_KIND_LABELS[area.kind]}</dd>
      </div>
      <div>
        <dt>Position</dt>
        <dd>
          {formatCoordinate(area.lat)}° N, {formatCoordinate(area.lng)}° Ö{area.positionEstimated ? " (uppskattad)" : ""}
        </dd>
      </div>
      <div>
        <dt>Invånare</dt>
        <dd>{area.population !== null ? `${formatNumber(area.population)}${area.populationYear ? ` (år ${area.populationYear})` : ""}` : none}</dd>
      </div>
      <div>
        <dt>Taggar</dt>
        <dd>{area.tags.length ? <TagList tags={area.tags} /> : <span className="muted">inga</span>}</dd>
      </div>
      <div>
        <dt>Senaste genomförda besök</dt>
        <dd>{lastHeldYear ?? <span className="muted">inget ännu</span>}</dd>
      </div>
      <div>
        <dt>Anteckningar</dt>
        <dd className="ao-pre-line">{area.notes ?? <span className="muted">inga</span>}</dd>
      </div>
      {area.hasGeometry ? (
        <div>
          <dt>Gräns</dt>
          <dd>Områdets gräns är inläst.</dd>
        </div>
      ) : null}
    </dl>
  );
}

function TagList({ tags }: { tags: string[] }) {
  return (
    <ul className="ao-tags">
      {tags.map((t) => (
        <li key={t} className="ao-tag">
          {t}
        </li>
      ))}
    </ul>
  );
}

export default function AreaPage() {
  const { area, lastHeldYear, organizations, history, canEdit, map } = useLoaderData<typeof loader>();
  const kinds = useKindNames();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const notice = Object.keys(NOTICES).find((k) => searchParams.has(k));
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/omraden">Områden</Link>
      </p>
      <div className="page-head">
        <h1>
          {area.name} {area.archived ? <span className="badge badge--inactive">Arkiverat</span> : null}
        </h1>
      </div>
      <p className="lead">
        {AREA_KIND_LABELS[area.kind]}
        {area.population !== null ? ` · ${formatNumber(area.population)} invånare` : ""}
        {lastHeldYear ? ` · senast besökt ${lastHeldYear}` : " · inget genomfört besök ännu"}
      </p>
      {notice ? <ResultMessage className="notice">{NOTICES[notice]}</ResultMessage> : null}

      {canEdit && map ? (
        <>
          <EditAreaForm key={area.updatedAt} area={area} map={map} />
          <OnOffForm
            inUse={!area.archived}
            takeOut={{
              heading: "Arkivera området",
              text: "Ett arkiverat område visas inte i listorna eller på kartan. Historiken, organisationerna och stoppen finns kvar.",
              intent: "archive",
              label: "Arkivera",
            }}
            bringBack={{ heading: "Återställ området", text: "Området visas igen i listorna och på kartan.", intent: "unarchive", label: "Återställ" }}
            busy={navigation.state === "submitting"}
          />
        </>
      ) : (
        <AreaFacts area={area} lastHeldYear={lastHeldYear} />
      )}

      <section aria-labelledby="area-organizations" className="card">
        <h2 id="area-organizations">Organisationer i området</h2>
        {organizations.length ? (
          <ul className="ao-link-list">
            {organizations.map((o) => (
              <li key={o.id}>
                <Link to={`/organisationer/${o.id}`}>{o.name}</Link> <span className="muted">{kinds.organization[o.kind]}</span>
                {o.archived ? <span className="badge badge--inactive">Arkiverad</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Inga organisationer är registrerade i området.</p>
        )}
        {canEdit ? (
          <p>
            <Link to={`/organisationer/ny?omrade=${encodeURIComponent(area.id)}`}>Lägg till en organisation i {area.name}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="area-history" className="card">
        <h2 id="area-history">Historik</h2>
        <HistoryList entries={history} headingId="area-history" />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
