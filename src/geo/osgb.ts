// Ordnance Survey National Grid (OSGB36, EPSG:27700) eastings/northings to WGS84 latitude/longitude.
import proj4 from 'proj4';

/**
 * EPSG:27700 with the OS-published 7-parameter Helmert shift to WGS84: good to about ±5 m, which is
 * plenty for "activities within 2 miles" (OSTN15 would give centimetres but needs a 15 MB grid).
 */
export const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const toWgs84 = proj4(BRITISH_NATIONAL_GRID, 'WGS84');

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** Six decimal places is about 0.1 m: far finer than the transform, and stable from run to run. */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function osgbToWgs84(easting: number, northing: number): LatLng {
  const [longitude, latitude] = toWgs84.forward([easting, northing]);
  return { latitude: round6(latitude), longitude: round6(longitude) };
}

/** The National Grid's false origin is south-west of the Scilly Isles; its extent is 0–700 km by 0–1300 km. */
export function isOnNationalGrid(easting: number, northing: number): boolean {
  return easting > 0 && easting < 700000 && northing > 0 && northing < 1300000;
}
