// Places that share a name and are named by as many postcode districts: the one with more postcodes around it
// (a town) is found before a village, e.g. Morley in Leeds before Morley in Derbyshire.
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createStores, type Stores } from '../../src/db/stores.js';
import type { Place } from '../../src/domain/place.js';
import { locate } from '../../src/geo/locate.js';
import { resetData, testDatabase } from '../support/database.js';

const MORLEY_LEEDS = { latitude: 53.7401, longitude: -1.5988 };
const MORLEY_DERBYSHIRE = { latitude: 52.9647, longitude: -1.4124 };
const MORLEY_DURHAM = { latitude: 54.6516, longitude: -1.692 };

/** `count` postcodes of one sector ("LS27 0AA"…) spread within about 800 m of a point, and the sector itself. */
function postcodesAround(
  sector: string,
  at: { latitude: number; longitude: number },
  count: number,
): Place[] {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const units: Place[] = Array.from({ length: count }, (_, i) => {
    const name = `${sector}${letters[Math.floor(i / letters.length)]}${letters[i % letters.length]}`;
    return {
      kind: 'postcode',
      key: name.replace(' ', ''),
      name,
      area: null,
      latitude: at.latitude + ((i % 7) - 3) * 0.002,
      longitude: at.longitude + ((i % 5) - 2) * 0.003,
    };
  });
  return [...units, { kind: 'sector', key: sector, name: sector, area: null, ...at }];
}

const morley = (area: string, at: { latitude: number; longitude: number }): Place => ({
  kind: 'place',
  key: `morley | ${area.toLowerCase()}`,
  name: 'Morley',
  area,
  ...at,
  postcodeDistricts: 1,
});

describe('places of the same name: the more significant first (real Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;
  let stores: Stores;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    stores = createStores(db);
    // As GeoNames gives them: three Morleys, each named by one postcode district.
    await stores.places.mergePlaces([
      morley('Derbyshire', MORLEY_DERBYSHIRE),
      morley('Durham', MORLEY_DURHAM),
      morley('West Yorkshire', MORLEY_LEEDS),
    ]);
  });

  it('without postcodes to tell them apart, keeps the order by area (and names the others)', async () => {
    const found = await locate(stores.places, 'Morley');
    expect(found).to.include({ found: true, label: 'Morley, Derbyshire' });
  });

  it('with Code-Point postcodes, finds the town (Morley, West Yorkshire) before the villages', async () => {
    await stores.places.mergePlaces([
      ...postcodesAround('LS27 0', MORLEY_LEEDS, 60),
      ...postcodesAround(
        'LS27 9',
        { latitude: MORLEY_LEEDS.latitude + 0.006, longitude: MORLEY_LEEDS.longitude },
        40,
      ),
      ...postcodesAround('DE7 6', MORLEY_DERBYSHIRE, 12),
      // Many postcodes, but far from the Durham Morley's point: they are not in it.
      ...postcodesAround(
        'DL14 9',
        { latitude: MORLEY_DURHAM.latitude + 0.1, longitude: MORLEY_DURHAM.longitude },
        80,
      ),
    ]);
    const found = await locate(stores.places, 'Morley');
    expect(found).to.include({ found: true, label: 'Morley, West Yorkshire' });
    if (!found.found) return;
    expect(found.latitude).to.be.closeTo(MORLEY_LEEDS.latitude, 1e-6);
    expect(found.note).to.match(/more than one Morley; this is Morley, West Yorkshire/);
    // Naming the county still finds the village.
    expect(await locate(stores.places, 'Morley, Derbyshire')).to.include({
      found: true,
      label: 'Morley, Derbyshire',
    });
  });

  it('still puts a place named by more postcode districts first, however many postcodes another has', async () => {
    await stores.places.mergePlaces([{ ...morley('Durham', MORLEY_DURHAM), postcodeDistricts: 2 }]);
    expect(await locate(stores.places, 'Morley')).to.include({ found: true, label: 'Morley, Durham' });
  });
});
