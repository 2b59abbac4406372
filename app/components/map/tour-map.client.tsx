import { useKindNames } from "~/components/kind-names";
import L from "leaflet";
import "leaflet.markercluster";
import { useEffect } from "react";
import { useMap } from "react-leaflet";
import { useNavigate } from "@remix-run/react";
import { STATUS_GLYPHS } from "~/components/stops/status-badge";
import type { AreaPoint, StopPoint } from "~/domain/map/filters";
import { INVITATION_GLYPHS, INVITATION_LABELS } from "./legend";
import { bindTextPopup, textElement, textLink } from "./leaflet-text";
import { useMapData } from "./use-map-data";
import { MunicipalityMap } from "./municipality-map";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { formatDateTime } from "~/utils/format";

export type TourMapProps = {
  dataUrl: string;
  boundary: GeoJSON.GeoJsonObject | null;
  center: [number, number];
  zoom: number;
  tileUrl: string;
  tileAttribution: string;
  /** Planners get "new stop here" links; the tour new stops go into. */
  newStopTourId: string | null;
  /** A stop to open when the map has loaded. */
  focusStopId: string | null;
  /** Above this many markers, they cluster. */
  clusterAbove?: number;
};

type MapData = { areas: AreaPoint[]; stops: StopPoint[] };

// The markers' html holds only a year's digits and fixed glyphs; every name goes into popups as text (leaflet-text.ts).
function areaIcon(name: string, lastYear: number, invitation: AreaPoint[5]) {
  const state = lastYear ? "visited" : "never";
  const badge = invitation ? `<b class="inv-badge inv-badge--${invitation}" aria-hidden="true">${INVITATION_GLYPHS[invitation]}</b>` : "";
  return L.divIcon({
    className: `area-marker area-marker--${state}${invitation ? ` area-marker--inv-${invitation}` : ""}`,
    html: (lastYear ? `<span>${String(lastYear).slice(2)}</span>` : "") + badge,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
    popupAnchor: [0, -10],
  });
}

function stopIcon(status: StopPoint[3]) {
  return L.divIcon({
    className: `stop-marker stop-marker--${status}`,
    html: `<span aria-hidden="true">${STATUS_GLYPHS[status]}</span>`,
    iconSize: [30, 30],
    iconAnchor: [15, 15],
    popupAnchor: [0, -14],
  });
}

function nearestArea(areas: AreaPoint[], lat: number, lng: number): AreaPoint | undefined {
  let best: AreaPoint | undefined;
  let bestD = Infinity;
  for (const a of areas) {
    const d = (a[2] - lat) ** 2 + ((a[3] - lng) * Math.cos((lat * Math.PI) / 180)) ** 2;
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best;
}

/** Builds all markers imperatively: far faster than one React component per marker. */
function Markers({ data, newStopTourId, focusStopId, clusterAbove }: { data: MapData } & Pick<TourMapProps, "newStopTourId" | "focusStopId" | "clusterAbove">) {
  const kinds = useKindNames();
  const map = useMap();
  const navigate = useNavigate();
  useEffect(() => {
    const total = data.areas.length + data.stops.length;
    const group: L.LayerGroup =
      total > (clusterAbove ?? 200) ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true }) : L.layerGroup();
    const follow = (href: string) => navigate(href);
    const newStopLink = (params: Record<string, string>) =>
      newStopTourId ? textLink(`/stopp/ny?${new URLSearchParams({ turne: newStopTourId, ...params }).toString()}`, "Nytt stopp här", follow) : null;
    for (const [id, name, lat, lng, lastYear, invitation] of data.areas) {
      const marker = L.marker([lat, lng], {
        icon: areaIcon(name, lastYear, invitation),
        title: invitation ? `${name} (inbjudan: ${INVITATION_LABELS[invitation]})` : name,
        keyboard: false,
      });
      bindTextPopup(marker, () =>
        textElement(
          "div",
          null,
          textElement("strong", null, name),
          textElement("br", null),
          lastYear ? `Senast besökt ${lastYear}` : "Aldrig besökt",
          textElement("br", null),
          invitation ? `Inbjudan: ${INVITATION_LABELS[invitation]}` : null,
          invitation ? textElement("br", null) : null,
          textLink(`/omraden/${encodeURIComponent(id)}`, "Om området", follow),
          newStopTourId ? " · " : null,
          newStopLink({ omrade: id }),
        ),
      );
      group.addLayer(marker);
    }
    let focus: L.Marker | undefined;
    for (const [id, title, kind, status, startsAt, lat, lng] of data.stops) {
      const marker = L.marker([lat, lng], {
        icon: stopIcon(status),
        title: `${title} (${STOP_STATUS_LABELS[status]})`,
        keyboard: false,
        zIndexOffset: 1000,
      });
      bindTextPopup(marker, () =>
        textElement(
          "div",
          null,
          textElement("strong", null, title),
          textElement("br", null),
          `${kinds.stop[kind]} · ${STOP_STATUS_LABELS[status]}`,
          textElement("br", null),
          formatDateTime(startsAt),
          textElement("br", null),
          textLink(`/stopp/${encodeURIComponent(id)}`, "Öppna stoppet", follow),
        ),
      );
      group.addLayer(marker);
      if (id === focusStopId) focus = marker;
    }
    group.addTo(map);
    if (focus) {
      const f = focus;
      if (group instanceof L.MarkerClusterGroup) group.zoomToShowLayer(f, () => f.openPopup());
      else f.openPopup();
    }
    // A click on the map itself offers a new stop at that point, in the nearest area.
    const onClick = (e: L.LeafletMouseEvent) => {
      if (!newStopTourId) return;
      const near = nearestArea(data.areas, e.latlng.lat, e.latlng.lng);
      const lat = e.latlng.lat.toFixed(6);
      const lng = e.latlng.lng.toFixed(6);
      L.popup()
        .setLatLng(e.latlng)
        .setContent(
          textElement(
            "div",
            null,
            "Vald punkt",
            near ? " nära " : null,
            near ? textElement("strong", null, near[1]) : null,
            textElement("br", null),
            newStopLink({ lat, lng, ...(near ? { omrade: near[0] } : {}) }),
          ),
        )
        .openOn(map);
    };
    map.on("click", onClick);
    return () => {
      map.off("click", onClick);
      group.remove();
    };
  }, [map, data, newStopTourId, focusStopId, clusterAbove, navigate]);
  return null;
}

export default function TourMap(props: TourMapProps) {
  const { dataUrl, boundary, center, zoom, tileUrl, tileAttribution } = props;
  const { data, error } = useMapData<MapData>(dataUrl);
  return (
    <div className="map-frame">
      <MunicipalityMap boundary={boundary} center={center} zoom={zoom} tileUrl={tileUrl} tileAttribution={tileAttribution}>
        {data ? <Markers data={data} newStopTourId={props.newStopTourId} focusStopId={props.focusStopId} clusterAbove={props.clusterAbove} /> : null}
      </MunicipalityMap>
      <p className="map-status" role="status">
        {error
          ? "Kartans punkter kunde inte hämtas. Tabellen nedan visar samma stopp."
          : data
            ? `Kartan visar ${data.stops.length} stopp och ${data.areas.length} områden.`
            : "Hämtar kartans punkter …"}
      </p>
    </div>
  );
}
