// A listing as the steward reads it: labelled fields in words, and a proposal compared field by field.
import { expect } from 'chai';
import { compareListings, readableListing } from '../../src/services/listing-comparison.js';
import { termByCode } from '../../src/domain/vocabulary.js';

const needs = (code: string) => ({ taxonomy_term_id: termByCode('needs', code)!.id });

const LIVE = {
  name: 'Knit and Natter',
  description: 'Bring your knitting.',
  status: 'active',
  service_at_locations: [
    {
      location: {
        location_type: 'physical',
        name: 'Easton Centre',
        addresses: [{ address_1: 'Kilburn Street', city: 'Bristol', postal_code: 'BS5 6AW' }],
        accessibility: [{ description: 'Step-free entrance' }],
      },
    },
  ],
  service_areas: [],
  schedules: [{ freq: 'WEEKLY', interval: 1, byday: 'TU', opens_at: '10:00:00', closes_at: '12:00:00' }],
  cost_options: [{ option: 'Free', amount: '0' }],
  attributes: [needs('loneliness')],
  contacts: [],
  phones: [{ number: '0117 496 0000' }],
  capacity_status: 'spaces',
};

describe('the steward’s reading of a listing', () => {
  it('gives every field a plain label and its value in words, not codes or ids', () => {
    const fields = Object.fromEntries(readableListing(LIVE).map((f) => [f.label, f.value]));
    expect(fields).to.include({
      Name: 'Knit and Natter',
      Status: 'Running',
      'Needs it helps with': 'Loneliness and social connection',
      Where: 'Easton Centre, Kilburn Street, Bristol, BS5 6AW',
      Access: 'Step-free entrance',
      When: 'Every Tuesday, 10:00–12:00',
      Cost: 'Free',
      Spaces: 'Spaces available',
      'Contact phone': '0117 496 0000',
      'Booking link': '',
    });
  });

  it('reads online and area-wide places, prices and pauses', () => {
    const fields = Object.fromEntries(
      readableListing({
        ...LIVE,
        status: 'temporarily closed',
        service_at_locations: [{ location: { location_type: 'virtual', url: 'https://example.org/join' } }],
        service_areas: [{ name: 'Bristol' }],
        cost_options: [{ option: 'Per session', amount: 4 }],
        fees_description: '£4, or £30 a term',
        capacity_status: 'waiting_list',
      }).map((f) => [f.label, f.value]),
    );
    expect(fields).to.include({
      Status: 'Paused',
      Where: 'Online: https://example.org/join; Covers Bristol',
      Cost: '£4.00 per session: £4, or £30 a term',
      Spaces: 'Waiting list',
    });
  });

  it('compares a proposal with the listing: changed fields old → new, the rest unchanged', () => {
    const { changed, unchanged } = compareListings(LIVE, {
      ...LIVE,
      schedules: [
        {
          freq: 'WEEKLY',
          interval: 2,
          byday: 'TU',
          dtstart: '2026-12-08',
          opens_at: '10:00',
          closes_at: '12:00',
        },
      ],
      attributes: [needs('loneliness'), needs('arts-creativity')],
    });
    expect(changed.map((c) => c.label)).to.deep.equal(['Needs it helps with', 'When']);
    expect(changed[0]).to.deep.include({
      before: 'Loneliness and social connection',
      after: 'Loneliness and social connection, Arts and creativity',
    });
    expect(changed[1].before).to.equal('Every Tuesday, 10:00–12:00');
    expect(changed[1].after).to.match(/^Every other Tuesday/);
    expect(unchanged.map((f) => f.label)).to.include.members(['Name', 'Where', 'Cost']);
  });
});
