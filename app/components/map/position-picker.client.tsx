import L from "leaflet";
import "./leaflet-sv";
import "./leaflet-icons";
import { useEffect, useMemo, useRef } from "react";
import { GeoJSON, MapContainer, Marker, TileLayer, ZoomControl, useMap, useMapEvents } from "react-leaflet";

export type LatLng = { lat: number; lng: number };

export type PositionPickerProps = {
  /** The point now in the form's fields, or null when none (or no valid one) is set. */
  point: LatLng | null;
  center: [number, number];
  zoom: number;
  tileUrl: string;
  tileAttribution: string;
  boundary?: GeoJSON.GeoJsonObject | null;
  /** What the point is, for the marker's text (e.g. "Position"). */
  label: string;
  /** A click on the map, or the end of a drag of the marker. */
  onPick: (point: LatLng) => void;
};

const BOUNDARY_STYLE: L.PathOptions = { color: "#1f4e79", weight: 2, fillColor: "#1f4e79", fillOpacity: 0.04 };

function ClickToPick({ onPick }: { onPick: (point: LatLng) => void }) {
  useMapEvents({
    click(event) {
      onPick({ lat: event.latlng.lat, lng: event.latlng.lng });
    },
  });
  return null;
}

/** When the point is typed in (or set far away), bring it into view. */
function KeepPointInView({ point }: { point: LatLng | null }) {
  const map = useMap();
  useEffect(() => {
    if (point && !map.getBounds().contains([point.lat, point.lng])) map.panTo([point.lat, point.lng]);
  }, [map, point]);
  return null;
}

/**
 * A map on which a click sets a point and the marker can be dragged. It holds no state of its
 * own: the point lives in the form's text fields (see position-field.tsx), which also serve
 * keyboard users and pages without JavaScript.
 */
export default function PositionPicker({ point, center, zoom, tileUrl, tileAttribution, boundary, label, onPick }: PositionPickerProps) {
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const markerEvents = useMemo<L.LeafletEventHandlerFnMap>(
    () => ({
      dragend(event) {
        const at = (event.target as L.Marker).getLatLng();
        onPickRef.current({ lat: at.lat, lng: at.lng });
      },
    }),
    [],
  );
  const pick = useMemo(() => (p: LatLng) => onPickRef.current(p), []);
  return (
    <MapContainer className="map map--picker" center={point ? [point.lat, point.lng] : center} zoom={zoom} zoomControl={false} scrollWheelZoom={false}>
      <ZoomControl position="topleft" zoomInTitle="Zooma in" zoomOutTitle="Zooma ut" />
      <TileLayer url={tileUrl} attribution={tileAttribution} />
      {boundary ? <GeoJSON data={boundary} style={BOUNDARY_STYLE} interactive={false} /> : null}
      {point ? (
        // Not in the tab order: the latitude and longitude fields are the keyboard's way to move it.
        <Marker
          position={[point.lat, point.lng]}
          draggable
          autoPan
          keyboard={false}
          title={`${label}: dra för att flytta`}
          alt={label}
          eventHandlers={markerEvents}
        />
      ) : null}
      <ClickToPick onPick={pick} />
      <KeepPointInView point={point} />
    </MapContainer>
  );
}
