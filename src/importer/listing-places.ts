// Listings that say nowhere where they are (no venue, no online place, no area), as council v1 dumps do: one
// full postcode written in the description becomes the venue, located with the postcode table; the rest take the
// area the feed covers (--covers), so a place search finds them instead of leaving them out.
import { match, toNormalised } from 'postcode';
import type { Stores } from '../db/stores.js';
import { plainText } from '../domain/text.js';
import type { CoverageArea } from '../geo/coverage-area.js';
import { extentToPolygon } from './hsds/service-area.js';
import type { ListingEnricher } from './listing-enricher.js';
import type { Listing } from './listing.js';

/** How the venue is marked as taken from the description, on the venue itself. */
export const DESCRIBED_VENUE_NOTE = 'Place taken from the postcode written in the description, not checked.';

export interface PlacingCounts {
  fromDescription: number;
  /** One postcode written, but not in the postcode table. */
  unknownPostcode: number;
  /** Several postcodes written: which one is the venue is not said. */
  severalPostcodes: number;
  covered: number;
}

const hasPlace = (listing: Listing) => listing.locations.length > 0 || listing.serviceAreas.length > 0;

/** The one full postcode a listing's text names, or why there is none to use. */
export function describedPostcode(listing: Listing): string | 'none' | 'several' {
  const text = `${plainText(listing.service.description)} ${listing.service.application_process ?? ''}`;
  const found = [...new Set(match(text).flatMap((p) => toNormalised(p) ?? []))];
  if (found.length === 0) return 'none';
  return found.length === 1 ? found[0] : 'several';
}

export class ListingPlacer implements ListingEnricher {
  readonly counts: PlacingCounts = {
    fromDescription: 0,
    unknownPostcode: 0,
    severalPostcodes: 0,
    covered: 0,
  };

  constructor(
    private readonly places: Pick<Stores['places'], 'findPlace'>,
    private readonly coverage: CoverageArea[],
  ) {}

  /**
   * Gives a listing without any place a venue from its description, else the feed's area; others unchanged.
   * Says what it did, for `tally` once the listing is admitted (a record rejected later is not counted).
   */
  async enrich(listing: Listing): Promise<(keyof PlacingCounts)[]> {
    if (hasPlace(listing)) return [];
    const postcode = describedPostcode(listing);
    const done: (keyof PlacingCounts)[] = [];
    if (postcode === 'several') done.push('severalPostcodes');
    else if (postcode !== 'none') {
      const found = await this.places.findPlace('postcode', postcode.replace(' ', ''));
      if (found) {
        this.addVenue(listing, postcode, found.latitude, found.longitude);
        return ['fromDescription'];
      }
      done.push('unknownPostcode');
    }
    if (this.coverage.length) {
      this.cover(listing, this.coverage);
      done.push('covered');
    }
    return done;
  }

  tally(done: string[]): void {
    for (const key of done) this.counts[key as keyof PlacingCounts] += 1;
  }

  /** What happened, for the import's report: nothing when no listing named a postcode and no area was given. */
  lines(): string[] {
    const c = this.counts;
    const lines: string[] = [];
    if (c.fromDescription + c.unknownPostcode + c.severalPostcodes > 0) {
      lines.push(
        `venues taken from a postcode in the description: ${c.fromDescription} (postcode not in the postcode table: ${c.unknownPostcode}; several postcodes named, none taken: ${c.severalPostcodes})`,
      );
    }
    if (this.coverage.length) {
      const areas = this.coverage.map(
        ({ name, district, postcodes }) =>
          `${name} (local authority district ${district}, outlined from ${postcodes} postcodes)`,
      );
      lines.push(`covered by ${areas.join(' and ')}: ${c.covered}`);
    }
    return lines;
  }

  private addVenue(listing: Listing, postcode: string, latitude: number, longitude: number): void {
    const serviceId = listing.service.id;
    const locationId = `${serviceId}:described-venue`;
    listing.locations.push({
      location: {
        id: locationId,
        location_type: 'physical',
        url: null,
        organization_id: null,
        name: `${postcode} (postcode in the description)`,
        alternate_name: null,
        description: DESCRIBED_VENUE_NOTE,
        transportation: null,
        latitude,
        longitude,
        external_identifier: null,
        external_identifier_type: null,
      },
      addresses: [
        {
          id: `${locationId}:address`,
          location_id: locationId,
          attention: null,
          address_1: null,
          address_2: null,
          city: null,
          region: null,
          state_province: null,
          postal_code: postcode,
          country: 'GB',
          address_type: 'physical',
        },
      ],
      accessibility: [],
    });
    listing.serviceAtLocations.push({
      id: `${serviceId}:at-described-venue`,
      service_id: serviceId,
      location_id: locationId,
      description: DESCRIBED_VENUE_NOTE,
    });
  }

  /** One service area per district the feed covers (a point in either finds the listing). */
  private cover(listing: Listing, areas: CoverageArea[]): void {
    const serviceId = listing.service.id;
    areas.forEach((area, i) => {
      const extent = JSON.stringify(area.extent);
      listing.serviceAreas.push({
        id: i === 0 ? `${serviceId}:covers` : `${serviceId}:covers:${area.district}`,
        service_id: serviceId,
        name: area.name,
        description: `The area the feed covers: local authority district ${area.district}.`,
        extent,
        extent_type: 'geojson',
        uri: null,
        area: extentToPolygon(extent, 'geojson'),
      });
    });
  }
}
