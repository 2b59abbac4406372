import { getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { AREA_KINDS } from "#db/enums";
import { FieldError, SelectField, TextField, TextareaField } from "~/components/forms";
import { PositionField } from "~/components/map/position-field";
import { AREA_KIND_LABELS } from "~/domain/areas/labels";
import type { MapViewProps } from "~/domain/map/map-view.server";

/**
 * The fields of "Nytt område" and of the area page. Colocated in this folder route (not a route
 * itself) so both pages share them.
 */

type Meta = FieldMetadata<any, any, string[]>;

type AreaFieldsMeta = {
  name: Meta;
  kind: Meta;
  lat: Meta;
  lng: Meta;
  population: Meta;
  populationYear: Meta;
  tags: Meta;
  notes: Meta;
  geometry: Meta;
};

export function AreaFields({ fields, map, hasPosition }: { fields: AreaFieldsMeta; map: MapViewProps; hasPosition: boolean }) {
  return (
    <>
      <TextField label="Namn" meta={fields.name} required autoComplete="off" />
      <SelectField label="Typ" meta={fields.kind} required options={AREA_KINDS.map((k) => ({ value: k, label: AREA_KIND_LABELS[k] }))} />
      <PositionField
        latMeta={fields.lat}
        lngMeta={fields.lng}
        center={map.center}
        zoom={hasPosition ? Math.max(map.zoom, 13) : map.zoom}
        tileUrl={map.tileUrl}
        tileAttribution={map.tileAttribution}
        boundary={map.boundary}
        label="Position"
      />
      <div className="field-row">
        <TextField label="Invånare" meta={fields.population} inputMode="numeric" hint="Antal, t.ex. 6 429" />
        <TextField label="År för invånarantalet" meta={fields.populationYear} inputMode="numeric" hint="T.ex. 2018" />
      </div>
      <TextField label="Taggar" meta={fields.tags} autoComplete="off" hint="Skilj taggarna åt med kommatecken, t.ex. socioekonomiskt fokus, landsbygd" />
      <TextareaField label="Anteckningar" meta={fields.notes} rows={4} />
      <details className="ao-geometry" open={Boolean(fields.geometry.errors?.length) || undefined}>
        <summary>Områdets gräns (GeoJSON, frivilligt)</summary>
        <TextareaField
          label="Geometri"
          meta={fields.geometry}
          rows={5}
          hint="Klistra in en GeoJSON-geometri av typen Polygon eller MultiPolygon, t.ex. från geojson.io. Lämna tomt om gränsen inte behövs."
        />
      </details>
    </>
  );
}
