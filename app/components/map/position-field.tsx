import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { FieldError, inputProps, readField, type FieldView } from "~/components/form-fields";
import { useHydrated } from "~/components/client-only";
import type { LatLng } from "./position-picker.client";

const PositionPicker = lazy(() => import("./position-picker.client"));

type Meta = FieldView;

export type PositionFieldProps = {
  /** The latitude field (text, decimal comma or point): Conform's metadata, or the field page's own view. */
  latMeta: Meta;
  /** The longitude field. */
  lngMeta: Meta;
  /** Where the map looks when no point is set yet. */
  center: [number, number];
  zoom: number;
  tileUrl: string;
  tileAttribution: string;
  /** Drawn on the map, e.g. the municipality's boundary. */
  boundary?: GeoJSON.GeoJsonObject | null;
  /** The group's heading, e.g. "Position" or "Plats på kartan". */
  label: string;
};

/** "56,05", "56.05" → 56.05; anything else → NaN. */
function parseCoordinate(text: string): number {
  const t = text.trim().replace(/^[−–]/, "-");
  return /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t) ? Number(t.replace(",", ".")) : Number.NaN;
}

/** 55.9664441234 → "55,966444": six decimals (about 0.1 m), Swedish decimal comma. */
export function formatCoordinate(n: number): string {
  return String(Number(n.toFixed(6))).replace(".", ",");
}

function readPoint(latId: string, lngId: string): LatLng | null | undefined {
  const lat = (document.getElementById(latId) as HTMLInputElement | null)?.value ?? "";
  const lng = (document.getElementById(lngId) as HTMLInputElement | null)?.value ?? "";
  if (!lat.trim() || !lng.trim()) return null;
  const p = { lat: parseCoordinate(lat), lng: parseCoordinate(lng) };
  // While someone is half-way through typing, leave the marker where it is.
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) ? p : undefined;
}

/**
 * Sets a text input's value the way typing would, so the form's check (Conform's, or the field
 * page's own; both listen for input events) sees it and React's own value tracking is not bypassed.
 */
function setInputValue(id: string, value: string) {
  const input = document.getElementById(id) as HTMLInputElement | null;
  if (!input) return;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

function CoordinateInput({
  label,
  meta: fieldMeta,
  example,
  hintId,
  onInput,
}: {
  label: string;
  meta: Meta;
  example: string;
  hintId: string;
  onInput: () => void;
}) {
  const meta = readField(fieldMeta);
  const props = inputProps(meta, { type: "text", ariaDescribedBy: `${hintId} ${meta.descriptionId}` });
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        {meta.required ? <span className="required"> (obligatoriskt)</span> : null}
      </label>
      <p id={meta.descriptionId} className="hint">
        T.ex. {example}
      </p>
      <input {...props} inputMode="decimal" autoComplete="off" spellCheck={false} onInput={onInput} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/**
 * A position as two labelled text fields (latitude, longitude; decimal comma accepted), which
 * work by keyboard and without JavaScript, and, once the page is hydrated, a map on which a
 * click sets the point and the marker can be dragged. The map writes into the fields, so the
 * form posts the fields as usual. Used by the area form and the stop form.
 */
export function PositionField({ latMeta, lngMeta, center, zoom, tileUrl, tileAttribution, boundary, label }: PositionFieldProps) {
  const hydrated = useHydrated();
  const hintId = `${latMeta.id}-position-hint`;
  const [point, setPoint] = useState<LatLng | null>(null);

  const syncFromFields = useCallback(() => {
    const p = readPoint(latMeta.id, lngMeta.id);
    if (p !== undefined) setPoint(p);
  }, [latMeta.id, lngMeta.id]);

  // On hydration (the user may have typed already) and whenever Conform remounts the fields
  // (a reset, or the server's answer), the fields are the truth.
  useEffect(syncFromFields, [syncFromFields, latMeta.key, lngMeta.key]);

  const onPick = useCallback(
    (p: LatLng) => {
      setInputValue(latMeta.id, formatCoordinate(p.lat));
      setInputValue(lngMeta.id, formatCoordinate(p.lng));
      setPoint({ lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) });
    },
    [latMeta.id, lngMeta.id],
  );

  const fallback = (
    <div className="map map--picker map--placeholder">
      <p>Kartan laddas … Du kan också skriva in latitud och longitud ovan.</p>
    </div>
  );

  return (
    <fieldset className="field position-field">
      <legend>{label}</legend>
      <p id={hintId} className="hint">
        Decimalgrader. Klicka på kartan för att sätta punkten, eller dra markören. Du kan också skriva in värdena.
      </p>
      <div className="field-row">
        <CoordinateInput label="Latitud" meta={latMeta} example="56,0474" hintId={hintId} onInput={syncFromFields} />
        <CoordinateInput label="Longitud" meta={lngMeta} example="12,6959" hintId={hintId} onInput={syncFromFields} />
      </div>
      <div className="position-field__map">
        {hydrated ? (
          <Suspense fallback={fallback}>
            <PositionPicker
              point={point}
              center={center}
              zoom={zoom}
              tileUrl={tileUrl}
              tileAttribution={tileAttribution}
              boundary={boundary}
              label={label}
              onPick={onPick}
            />
          </Suspense>
        ) : (
          fallback
        )}
      </div>
    </fieldset>
  );
}
