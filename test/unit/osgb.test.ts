import { expect } from 'chai';
import proj4 from 'proj4';
import { BRITISH_NATIONAL_GRID, isOnNationalGrid, osgbToWgs84 } from '../../src/geo/osgb.js';

// Expected values come from Ordnance Survey's "A guide to coordinates systems in Great Britain": the
// National Grid's true origin, the worked Transverse Mercator example of its annex, and the published
// OSGB36 ↔ ETRS89/WGS84 Helmert parameters, applied below with the guide's formulae (not with proj4).

const AIRY_1830 = { a: 6377563.396, b: 6356256.909 };
const WGS84 = { a: 6378137.0, b: 6356752.314245 };
const ARC_SECOND = Math.PI / 180 / 3600;
// OSGB36 → WGS84: the published ETRS89 → OSGB36 parameters with their signs reversed.
const HELMERT = {
  tx: 446.448,
  ty: -125.157,
  tz: 542.06,
  rx: 0.1502 * ARC_SECOND,
  ry: 0.247 * ARC_SECOND,
  rz: 0.8421 * ARC_SECOND,
  s: -20.4894e-6,
};

const dms = (degrees: number, minutes: number, seconds: number) => degrees + minutes / 60 + seconds / 3600;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** OSGB36 latitude/longitude (height 0) to WGS84 by the guide's geodetic → cartesian → Helmert → geodetic. */
function helmertToWgs84(latitude: number, longitude: number): { latitude: number; longitude: number } {
  const e2 = (e: { a: number; b: number }) => (e.a ** 2 - e.b ** 2) / e.a ** 2;
  const φ = radians(latitude);
  const λ = radians(longitude);
  const eAiry = e2(AIRY_1830);
  const ν = AIRY_1830.a / Math.sqrt(1 - eAiry * Math.sin(φ) ** 2);
  const x = ν * Math.cos(φ) * Math.cos(λ);
  const y = ν * Math.cos(φ) * Math.sin(λ);
  const z = (1 - eAiry) * ν * Math.sin(φ);
  const { tx, ty, tz, rx, ry, rz, s } = HELMERT;
  const x2 = tx + (1 + s) * x - rz * y + ry * z;
  const y2 = ty + rz * x + (1 + s) * y - rx * z;
  const z2 = tz - ry * x + rx * y + (1 + s) * z;
  const eWgs = e2(WGS84);
  const p = Math.hypot(x2, y2);
  let φ2 = Math.atan2(z2, p * (1 - eWgs));
  for (let i = 0; i < 10; i += 1) {
    const ν2 = WGS84.a / Math.sqrt(1 - eWgs * Math.sin(φ2) ** 2);
    φ2 = Math.atan2(z2 + eWgs * ν2 * Math.sin(φ2), p);
  }
  return { latitude: (φ2 * 180) / Math.PI, longitude: (Math.atan2(y2, x2) * 180) / Math.PI };
}

/** Ground distance in metres between two nearby points. */
function metresApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const north = (a.latitude - b.latitude) * 111320;
  const east = (a.longitude - b.longitude) * 111320 * Math.cos(radians(a.latitude));
  return Math.hypot(north, east);
}

describe('OSGB36 National Grid to WGS84', () => {
  const onAiry = proj4(
    BRITISH_NATIONAL_GRID,
    '+proj=longlat +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +no_defs',
  );

  it('puts the true origin (E 400000, N -100000) at 49°N 2°W on the Airy ellipsoid, to the centimetre', () => {
    const [longitude, latitude] = onAiry.forward([400000, -100000]);
    expect(latitude).to.be.closeTo(49, 1e-7);
    expect(longitude).to.be.closeTo(-2, 1e-7);
  });

  it("reproduces the guide's worked projection example to the centimetre", () => {
    // E 651409.903, N 313177.270 ↔ 52°39′27.2531″N 1°43′04.5177″E (OSGB36).
    const [longitude, latitude] = onAiry.forward([651409.903, 313177.27]);
    expect(latitude).to.be.closeTo(dms(52, 39, 27.2531), 1e-7);
    expect(longitude).to.be.closeTo(dms(1, 43, 4.5177), 1e-7);
  });

  it('shifts the datum with the published Helmert parameters (within 1 m of the guide formulae)', () => {
    const cases = [
      {
        e: 651409.903,
        n: 313177.27,
        osgb36: { latitude: dms(52, 39, 27.2531), longitude: dms(1, 43, 4.5177) },
      },
      { e: 400000, n: -100000, osgb36: { latitude: 49, longitude: -2 } },
    ];
    for (const { e, n, osgb36 } of cases) {
      const expected = helmertToWgs84(osgb36.latitude, osgb36.longitude);
      const actual = osgbToWgs84(e, n);
      expect(metresApart(actual, expected), `E ${e} N ${n}`).to.be.below(1);
      // OSGB36 and WGS84 disagree by around 100 m in Britain: a missing datum shift would show here.
      expect(metresApart(actual, osgb36), `E ${e} N ${n} shift`).to.be.within(50, 200);
    }
  });

  it('agrees with the guide formulae across Great Britain, from Cornwall to Shetland', () => {
    const points = [
      [140000, 30000],
      [330000, 170000],
      [530000, 180000],
      [260000, 660000],
      [450000, 1150000],
    ];
    for (const [e, n] of points) {
      const [longitude, latitude] = onAiry.forward([e, n]);
      expect(
        metresApart(osgbToWgs84(e, n), helmertToWgs84(latitude, longitude)),
        `E ${e} N ${n}`,
      ).to.be.below(1);
    }
  });

  it('rounds to six decimal places so re-imports compare equal', () => {
    const { latitude, longitude } = osgbToWgs84(358722, 173079);
    expect(latitude).to.equal(Number(latitude.toFixed(6)));
    expect(longitude).to.equal(Number(longitude.toFixed(6)));
    expect(latitude).to.be.within(51.4, 51.5);
    expect(longitude).to.be.within(-2.7, -2.5);
  });

  it('knows which positions are on the grid', () => {
    expect(isOnNationalGrid(358722, 173079)).to.equal(true);
    expect(isOnNationalGrid(0, 0)).to.equal(false);
    expect(isOnNationalGrid(-5, 100)).to.equal(false);
    expect(isOnNationalGrid(400000, 1400000)).to.equal(false);
  });
});
