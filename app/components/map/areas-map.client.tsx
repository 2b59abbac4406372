import "./leaflet-icons";
import { Marker, Popup } from "react-leaflet";
import { formatNumber } from "~/utils/format";
import { MunicipalityMap } from "./municipality-map";
import { useMapData } from "./use-map-data";

export type MapArea = {
  id: string;
  name: string;
  kindLabel: string;
  lat: number;
  lng: number;
  population: number | null;
  organizationCount: number;
};

export type AreasMapProps = (
  | { areas: MapArea[]; dataUrl?: undefined }
  /** The areas come from this address once the map has loaded (`{ areas: MapArea[] }`). */
  | { areas?: undefined; dataUrl: string }
) & {
  boundary: GeoJSON.GeoJsonObject | null;
  center: [number, number];
  zoom: number;
  tileUrl: string;
  tileAttribution: string;
};

export default function AreasMap({ areas, dataUrl, ...view }: AreasMapProps) {
  if (dataUrl !== undefined) return <FetchedAreasMap dataUrl={dataUrl} {...view} />;
  return <AreaMarkers areas={areas} {...view} />;
}

function FetchedAreasMap({ dataUrl, ...view }: Omit<AreasMapProps, "areas" | "dataUrl"> & { dataUrl: string }) {
  const { data, error } = useMapData<{ areas: MapArea[] }>(dataUrl);
  return (
    <div className="map-frame">
      <AreaMarkers areas={data?.areas ?? []} {...view} />
      <p className="map-status" role="status">
        {error
          ? "Kartans punkter kunde inte hämtas. Tabellen visar samma områden."
          : data
            ? `Kartan visar ${formatNumber(data.areas.length)} områden.`
            : "Hämtar kartans punkter …"}
      </p>
    </div>
  );
}

function AreaMarkers({ areas, boundary, center, zoom, tileUrl, tileAttribution }: Omit<AreasMapProps, "areas" | "dataUrl"> & { areas: MapArea[] }) {
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
            {a.organizationCount === 0
              ? "Inga organisationer registrerade"
              : `${formatNumber(a.organizationCount)} ${a.organizationCount === 1 ? "organisation" : "organisationer"}`}
          </Popup>
        </Marker>
      ))}
    </MunicipalityMap>
  );
}
