import L from "leaflet";
import "./leaflet-sv";
import { useMemo, type ReactNode } from "react";
import { GeoJSON, MapContainer, TileLayer, ZoomControl } from "react-leaflet";
import type { MapViewProps } from "~/domain/map/map-view.server";
import { FitBounds } from "./fit-bounds";

const BOUNDARY_STYLE: L.PathOptions = { color: "#1f4e79", weight: 2, fillColor: "#1f4e79", fillOpacity: 0.04 };

/**
 * The municipality as every map in the app starts: its boundary fitted to the box (or the
 * configured centre and zoom without one), Swedish zoom buttons, the configured tiles, and no
 * scroll-wheel zoom (the page scrolls). The map's own layers are its children. Browser only.
 */
export function MunicipalityMap({ boundary, center, zoom, tileUrl, tileAttribution, children }: MapViewProps & { children?: ReactNode }) {
  const bounds = useMemo(() => {
    if (!boundary) return undefined;
    const b = L.geoJSON(boundary).getBounds();
    return b.isValid() ? b : undefined;
  }, [boundary]);
  return (
    <MapContainer
      className="map"
      center={center}
      zoom={zoom}
      bounds={bounds}
      boundsOptions={{ padding: [8, 8] }}
      zoomSnap={0.5}
      zoomControl={false}
      scrollWheelZoom={false}
    >
      <ZoomControl position="topleft" zoomInTitle="Zooma in" zoomOutTitle="Zooma ut" />
      <TileLayer url={tileUrl} attribution={tileAttribution} />
      {boundary ? <GeoJSON data={boundary} style={BOUNDARY_STYLE} interactive={false} /> : null}
      <FitBounds bounds={bounds} />
      {children}
    </MapContainer>
  );
}
