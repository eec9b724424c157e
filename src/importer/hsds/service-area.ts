// HSDS service_area → service area rows, with a GeoJSON extent turned into a polygon search can test points against.
import { z } from 'zod';
import { optionalId, text } from '../fields.js';
import type { ServiceAreaRow } from '../listing.js';
import { orNull, partId, type ListingParts } from './service-parts.js';

export const hsdsServiceArea = z.object({
  id: optionalId,
  name: text.optional(),
  description: text.optional(),
  extent: z.preprocess((v) => (v && typeof v === 'object' ? JSON.stringify(v) : v), text).optional(),
  extent_type: text.optional(),
  uri: text.optional(),
});

/** Converts a GeoJSON Polygon or MultiPolygon extent to a Postgres polygon literal (outer ring only). */
export function extentToPolygon(
  extent: string | null | undefined,
  extentType: string | null | undefined,
): string | null {
  if (!extent || (extentType && extentType.toLowerCase() !== 'geojson')) return null;
  let geometry: unknown;
  try {
    geometry = JSON.parse(extent);
  } catch {
    return null;
  }
  const g = geometry as { type?: string; coordinates?: unknown; geometry?: unknown };
  const shape = (g.type === 'Feature' ? g.geometry : g) as { type?: string; coordinates?: unknown };
  let ring: unknown;
  if (shape?.type === 'Polygon') ring = (shape.coordinates as unknown[])?.[0];
  if (shape?.type === 'MultiPolygon') {
    const rings = ((shape.coordinates as unknown[][]) ?? []).map((polygon) => polygon?.[0] as unknown[]);
    ring = rings.sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))[0];
  }
  if (!Array.isArray(ring) || ring.length < 4) return null;
  const points = ring.filter(
    (p): p is [number, number] => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]),
  );
  if (points.length < 4) return null;
  return `(${points.map(([lng, lat]) => `(${lng},${lat})`).join(',')})`;
}

/** A GeoJSON extent that is not a polygon is refused; other extent types are kept as given. */
export function serviceAreaParts(
  areas: z.infer<typeof hsdsServiceArea>[] | undefined,
  serviceId: string,
): ListingParts {
  const parts: { serviceAreas: ServiceAreaRow[]; reasons: string[] } = { serviceAreas: [], reasons: [] };
  (areas ?? []).forEach((a, i) => {
    const row: ServiceAreaRow = {
      id: partId(serviceId, a.id, 'area', i),
      service_id: serviceId,
      name: orNull(a.name),
      description: orNull(a.description),
      extent: orNull(a.extent),
      extent_type: orNull(a.extent_type),
      uri: orNull(a.uri),
      area: extentToPolygon(a.extent, a.extent_type),
    };
    if (a.extent && (a.extent_type ?? 'geojson').toLowerCase() === 'geojson' && !row.area) {
      parts.reasons.push(`service_areas[${i}].extent: is not a GeoJSON Polygon or MultiPolygon`);
    }
    parts.serviceAreas.push(row);
  });
  return parts;
}
