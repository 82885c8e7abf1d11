/** Mean Earth radius in km (IUGG); the error against the ellipsoid (<0.5%) is far below what a cost weight can tell. */
const EARTH_RADIUS_KM = 6371.0088;

/** A point on Earth in decimal degrees. */
export type GeoPoint = { readonly latitude: number; readonly longitude: number };

/**
 * Great-circle distance in kilometres (haversine formula).
 * @example distanceKm({ latitude: 51.5117, longitude: -0.124 }, { latitude: 53.4831, longitude: -2.2426 }) // ≈ 261.9
 */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  // min() guards asin against h drifting a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
