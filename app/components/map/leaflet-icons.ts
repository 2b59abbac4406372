/**
 * Leaflet's default marker icons from the bundle: under a bundler Leaflet cannot find its default
 * icons by itself. Imported for its effect by every module that puts markers on a map.
 * Browser only (Leaflet needs `window`).
 */
import L from "leaflet";
import markerIcon2x from "leaflet/dist/images/marker-icon-2x.png";
import markerIcon from "leaflet/dist/images/marker-icon.png";
import markerShadow from "leaflet/dist/images/marker-shadow.png";

delete (L.Icon.Default.prototype as unknown as { _getIconUrl?: unknown })._getIconUrl;
L.Icon.Default.mergeOptions({ iconRetinaUrl: markerIcon2x, iconUrl: markerIcon, shadowUrl: markerShadow });
