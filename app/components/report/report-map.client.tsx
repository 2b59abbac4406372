/**
 * The report's map (issue 7): the areas the period reached, and the question hot spots of one
 * topic or of all. Drawn as SVG circles over the boundary, so it reads without map tiles.
 * Every marker has a tooltip with its name and numbers, and the same numbers are in the report's
 * tables ("Genomförda stopp per område", "Frågor per område", "De vanligaste ämnena per område").
 */
import L from "leaflet";
import { useEffect, useId, useMemo, useState } from "react";
import { useMap } from "react-leaflet";
import type { ReportMapData } from "~/domain/report/report-map.server";
import type { MapViewProps } from "~/domain/map/map-view.server";
import { bindTextTooltip } from "~/components/map/leaflet-text";
import { MunicipalityMap } from "~/components/map/municipality-map";
import { useMapData } from "~/components/map/use-map-data";

export type ReportMapProps = MapViewProps & { dataUrl: string };

const REACHED: L.CircleMarkerOptions = { radius: 7, color: "#ffffff", weight: 2, fillColor: "#1a6b3c", fillOpacity: 1 };
const NOT_REACHED: L.CircleMarkerOptions = { radius: 3, color: "#5b6770", weight: 1, fill: false };
const SPOT: L.CircleMarkerOptions = { color: "#8a3c00", weight: 1.5, fillColor: "#d9730d", fillOpacity: 0.45 };
const nf = new Intl.NumberFormat("sv-SE");
const ALL = "";

/** The topic's questions per area index: all topics from the areas' totals, one from its spots. */
function counts(data: ReportMapData, topic: string): Map<number, number> {
  const out = new Map<number, number>();
  if (topic === ALL) {
    data.areas.forEach((a, i) => {
      if (a[5] > 0) out.set(i, a[5]);
    });
    return out;
  }
  const ti = data.topics.findIndex((t) => t[0] === topic);
  for (const [t, a, n] of data.spots) if (t === ti) out.set(a, n);
  return out;
}

function Layers({ data, topic, byArea, showAreas }: { data: ReportMapData; topic: string; byArea: Map<number, number>; showAreas: boolean }) {
  const map = useMap();
  useEffect(() => {
    const group = L.layerGroup();
    const max = Math.max(1, ...byArea.values());
    const topicLabel = topic === ALL ? "frågor" : `frågor om ${(data.topics.find((t) => t[0] === topic)?.[1] ?? topic).toLowerCase()}`;
    // Hot spots under the area dots, largest first, so small circles stay on top and can be pointed at.
    for (const [i, n] of [...byArea].sort((a, b) => b[1] - a[1])) {
      const area = data.areas[i]!;
      const marker = L.circleMarker([area[2], area[3]], { ...SPOT, radius: 5 + 22 * Math.sqrt(n / max) });
      // Area and topic names are text, never HTML (issue 12).
      bindTextTooltip(marker, `${area[1]}: ${nf.format(n)} ${topicLabel}`);
      group.addLayer(marker);
    }
    // The areas on top, so a reached area shows even inside a large hot spot.
    if (showAreas) {
      for (const [, name, lat, lng, held] of data.areas) {
        const marker = L.circleMarker([lat, lng], held ? REACHED : NOT_REACHED);
        bindTextTooltip(marker, held ? `${name}: ${nf.format(held)} genomförda stopp` : `${name}: inte besökt under perioden`);
        group.addLayer(marker);
      }
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, data, topic, byArea, showAreas]);
  return null;
}

export default function ReportMap({ dataUrl, boundary, center, zoom, tileUrl, tileAttribution }: ReportMapProps) {
  const { data, error } = useMapData<ReportMapData>(dataUrl);
  const [topic, setTopic] = useState(ALL);
  const [showAreas, setShowAreas] = useState(true);
  const id = useId();

  const reached = data ? data.areas.filter((a) => a[4] > 0).length : 0;
  // The selected topic's questions per area: drawn by Layers and counted in the status line.
  const shown = useMemo(() => (data ? counts(data, topic) : new Map<number, number>()), [data, topic]);
  const topicName = topic === ALL ? null : data?.topics.find((t) => t[0] === topic)?.[1];
  return (
    <div className="map-frame report-map">
      <div className="report-map__controls">
        <div className="field">
          <label htmlFor={`${id}-topic`}>Frågor om</label>
          <select id={`${id}-topic`} value={topic} onChange={(e) => setTopic(e.currentTarget.value)} disabled={!data}>
            <option value={ALL}>Alla ämnen</option>
            {data?.topics.map(([code, label, n]) => (
              <option key={code} value={code}>
                {label} ({nf.format(n)})
              </option>
            ))}
          </select>
        </div>
        <div className="checkbox">
          <input id={`${id}-areas`} type="checkbox" checked={showAreas} onChange={(e) => setShowAreas(e.currentTarget.checked)} />
          <label htmlFor={`${id}-areas`}>Visa områdena</label>
        </div>
      </div>
      <MunicipalityMap boundary={boundary} center={center} zoom={zoom} tileUrl={tileUrl} tileAttribution={tileAttribution}>
        {data ? <Layers data={data} topic={topic} byArea={shown} showAreas={showAreas} /> : null}
      </MunicipalityMap>
      <p className="map-status" role="status">
        {error
          ? "Kartans uppgifter kunde inte hämtas. Tabellerna i rapporten visar samma siffror."
          : data
            ? `Kartan visar ${nf.format(reached)} områden som nåtts och frågor${topicName ? ` om ${topicName.toLowerCase()}` : ""} från ${nf.format(shown.size)} områden.` +
              (data.withoutArea ? ` ${nf.format(data.withoutArea)} frågor gäller inget område och syns inte.` : "")
            : "Hämtar kartans uppgifter …"}
      </p>
    </div>
  );
}
