import L from "leaflet";
import markerIcon2x from "leaflet/dist/images/marker-icon-2x.png";
import markerIcon from "leaflet/dist/images/marker-icon.png";
import markerShadow from "leaflet/dist/images/marker-shadow.png";
import { Marker, Popup } from "react-leaflet";
import { formatNumber } from "~/utils/format";
import { MunicipalityMap } from "./municipality-map";

// Under a bundler Leaflet cannot find its default icons by itself.
delete (L.Icon.Default.prototype as unknown as { _getIconUrl?: unknown })._getIconUrl;
L.Icon.Default.mergeOptions({ iconRetinaUrl: markerIcon2x, iconUrl: markerIcon, shadowUrl: markerShadow });

export type MapArea = {
  id: string;
  name: string;
  kindLabel: string;
  lat: number;
  lng: number;
  population: number | null;
  organizationCount: number;
};

export type AreasMapProps = {
  areas: MapArea[];
  boundary: GeoJSON.GeoJsonObject | null;
  center: [number, number];
  zoom: number;
  tileUrl: string;
  tileAttribution: string;
};

export default function AreasMap({ areas, boundary, center, zoom, tileUrl, tileAttribution }: AreasMapProps) {
  return (
    <MunicipalityMap boundary={boundary} center={center} zoom={zoom} tileUrl={tileUrl} tileAttribution={tileAttribution}>
      {areas.map((a) => (
        // Not in the tab order: the table beside the map has the same content for keyboard users.
        <Marker key={a.id} position={[a.lat, a.lng]} title={a.name} alt={a.name} keyboard={false}>
          <Popup>
            <strong>{a.name}</strong>
            <br />
            {a.kindLabel}
            {a.population !== null ? ` · ${formatNumber(a.population)} invånare` : null}
            <br />
            {a.organizationCount > 0 ? `${a.organizationCount} organisation(er)` : "Inga organisationer registrerade"}
          </Popup>
        </Marker>
      ))}
    </MunicipalityMap>
  );
}
