import type { Db } from "~/db.server";
import { getSettings } from "~/domain/settings/settings.server";
import { getEnv } from "~/env.server";

/** What every map needs: the municipality's map view and boundary, and the tile server. */
export function mapViewProps(db: Db) {
  const settings = getSettings(db);
  const env = getEnv();
  return {
    center: [settings.mapCenterLat, settings.mapCenterLng] as [number, number],
    zoom: settings.mapZoom,
    boundary: settings.boundaryGeojson ? (JSON.parse(settings.boundaryGeojson) as GeoJSON.GeoJsonObject) : null,
    tileUrl: env.MAP_TILE_URL,
    tileAttribution: env.MAP_TILE_ATTRIBUTION,
  };
}

export type MapViewProps = ReturnType<typeof mapViewProps>;
