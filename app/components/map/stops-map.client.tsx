import L from "leaflet";
import "./leaflet-sv";
import "./leaflet-icons";
import { useMemo } from "react";
import { GeoJSON, MapContainer, Marker, Popup, TileLayer, ZoomControl } from "react-leaflet";

/** One stop on the map: a title, a few lines (time, place) and a link, all already formatted. */
export type StopMarker = {
  id: string;
  lat: number;
  lng: number;
  title: string;
  lines: string[];
  href: string;
  linkText: string;
};

export type StopsMapProps = {
  markers: StopMarker[];
  boundary: GeoJSON.GeoJsonObject | null;
  center: [number, number];
  zoom: number;
  tileUrl: string;
  tileAttribution: string;
  className?: string;
};

const BOUNDARY_STYLE: L.PathOptions = { color: "#1f4e79", weight: 2, fillColor: "#1f4e79", fillOpacity: 0.04 };

/**
 * A generic map of stops. Stops at the same point share one marker whose popup lists them all,
 * so none hides under another. The view fits the stops, else the municipality boundary.
 * Markers are not in the tab order: every page that uses this map lists the same stops beside it.
 */
export default function StopsMap({ markers, boundary, center, zoom, tileUrl, tileAttribution, className = "map" }: StopsMapProps) {
  const groups = useMemo(() => {
    const byPoint = new Map<string, StopMarker[]>();
    for (const m of markers) {
      const key = `${m.lat.toFixed(5)},${m.lng.toFixed(5)}`;
      byPoint.set(key, [...(byPoint.get(key) ?? []), m]);
    }
    return [...byPoint.values()];
  }, [markers]);

  const bounds = useMemo(() => {
    if (markers.length > 1) {
      const b = L.latLngBounds(markers.map((m) => [m.lat, m.lng] as [number, number]));
      if (b.isValid()) return b;
    }
    if (markers.length === 0 && boundary) {
      const b = L.geoJSON(boundary).getBounds();
      if (b.isValid()) return b;
    }
    return undefined;
  }, [markers, boundary]);

  const single = markers.length === 1 ? markers[0] : undefined;
  // react-leaflet uses center and zoom whenever both are given, and bounds only otherwise.
  // More room at the top: a marker's pin stands above its point.
  const view = bounds
    ? { bounds, boundsOptions: { paddingTopLeft: [36, 56] as [number, number], paddingBottomRight: [36, 24] as [number, number], maxZoom: 14 } }
    : { center: single ? ([single.lat, single.lng] as [number, number]) : center, zoom: single ? 13 : zoom };
  return (
    <MapContainer className={className} {...view} zoomControl={false} scrollWheelZoom={false}>
      <ZoomControl position="topleft" zoomInTitle="Zooma in" zoomOutTitle="Zooma ut" />
      <TileLayer url={tileUrl} attribution={tileAttribution} />
      {boundary ? <GeoJSON data={boundary} style={BOUNDARY_STYLE} interactive={false} /> : null}
      {groups.map((group) => {
        const first = group[0]!;
        const name = group.length === 1 ? first.title : `${first.title} och ${group.length - 1} till`;
        return (
          <Marker key={first.id} position={[first.lat, first.lng]} title={name} alt={name} keyboard={false}>
            <Popup>
              {group.map((m, i) => (
                <div key={m.id} className="stops-map__popup-item">
                  {i > 0 ? <hr /> : null}
                  <strong>{m.title}</strong>
                  {m.lines.map((line) => (
                    <div key={line}>{line}</div>
                  ))}
                  <a href={m.href}>{m.linkText}</a>
                </div>
              ))}
            </Popup>
          </Marker>
        );
      })}
    </MapContainer>
  );
}
