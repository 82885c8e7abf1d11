// Goal: great-circle distances match known values. Method: worked city pairs and edge points.
import { describe, expect, it } from 'vitest';
import { distanceKm } from './haversine.ts';

describe('distanceKm', () => {
  it('measures London Covent Garden to Manchester Market Street (~262 km, checked against the law of cosines)', () => {
    expect(distanceKm({ latitude: 51.5117, longitude: -0.124 }, { latitude: 53.4831, longitude: -2.2426 })).toBeCloseTo(261.93, 1); // spherical law of cosines gives 261.9318
  });
  it('is zero for the same point and symmetric', () => {
    const a = { latitude: 52.2573, longitude: -1.1627 };
    const b = { latitude: 55.9521, longitude: -3.1965 };
    expect(distanceKm(a, a)).toBe(0);
    expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 9);
  });
  it('is half the circumference between antipodes', () => {
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });
});
