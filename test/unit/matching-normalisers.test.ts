import { expect } from 'chai';
import {
  activityNameKey,
  addressParts,
  canonicalEmails,
  canonicalPhones,
  canonicalWebsite,
  compareAddresses,
  compareNames,
  organisationKey,
  postcodeParts,
} from '../../src/domain/matching/index.js';
import { distanceMetres } from '../../src/domain/distance.js';

const names = (a: string, b: string) => compareNames(activityNameKey(a)!, activityNameKey(b)!).agreement;
const addresses = (a: string, b: string) => compareAddresses(addressParts(a)!, addressParts(b)!);

describe('matching: each field written one way', () => {
  it('reads a UK phone number however it is written as one E.164 number', () => {
    for (const written of [
      '0161 496 0123',
      '+44 (0)161 496 0123',
      '0044 161 496 0123',
      '(0161) 496-0123',
      '01614960123',
      'tel:+441614960123',
      'Call 0161 496 0123 ext. 12',
    ])
      expect(canonicalPhones(written), written).to.deep.equal(['+441614960123']);
  });

  it('finds every number in a field and leaves out what cannot be placed', () => {
    expect(canonicalPhones('Office 0161 496 0123 / mobile 07700 900123')).to.deep.equal([
      '+441614960123',
      '+447700900123',
    ]);
    expect(canonicalPhones('0161 496 0123 or 0161-496-0123')).to.deep.equal(['+441614960123']);
    // No area code, a date, opening hours, a short code: none of them is a number anyone can ring.
    for (const text of ['496 0123', '04/10/2024', '09:00-17:00', '12345', 'NA', '', null])
      expect(canonicalPhones(text), String(text)).to.deep.equal([]);
  });

  it('lower-cases e-mail addresses, takes off mailto: and keeps only addresses', () => {
    expect(canonicalEmails('mailto:Walks@Riverside.Example.org')).to.deep.equal([
      'walks@riverside.example.org',
    ]);
    expect(canonicalEmails('walks@example.org; Info@Example.org, walks@example.org')).to.deep.equal([
      'walks@example.org',
      'info@example.org',
    ]);
    for (const text of ['NA', 'none', 'ask at the desk', '@example.org'])
      expect(canonicalEmails(text)).to.deep.equal([]);
  });

  it('reduces a website to its registrable host and page, without scheme, www, index pages or tracking', () => {
    const page = (text: string) => canonicalWebsite(text)?.page;
    const same = 'example.gov.uk/libraries/riverside';
    for (const written of [
      'https://www.example.gov.uk/libraries/riverside',
      'http://secure.example.gov.uk/Libraries/Riverside/',
      'www.example.gov.uk/libraries/riverside/index.html',
      'https://www.example.gov.uk/libraries/riverside?utm_source=newsletter&fbclid=abc',
    ])
      expect(page(written), written).to.equal(same);
    // A parameter that picks the page stays (the index page is the folder); a private suffix keeps its owner.
    expect(page('https://www.example.gov.uk/index.aspx?articleid=4711&utm_medium=x')).to.equal(
      'example.gov.uk?articleid=4711',
    );
    expect(page('https://example.gov.uk/?articleid=4711')).to.equal('example.gov.uk?articleid=4711');
    expect(canonicalWebsite('https://riverside-walks.blogspot.com/')?.host).to.equal(
      'riverside-walks.blogspot.com',
    );
    expect(canonicalWebsite('https://www.facebook.com/groups/riversidewalks')?.platform).to.equal(true);
    for (const text of ['javascript:alert(1)', 'not a website', '', null])
      expect(canonicalWebsite(text)).to.equal(null);
  });

  it('compares names without case, punctuation, "&", "the" or words like library and centre', () => {
    expect(
      names('Holmwick Library & Adult Learning Centre', 'holmwick library and adult learning center'),
    ).to.equal('exact');
    expect(names('The Fernlow Library', 'Fernlow')).to.equal('exact');
    expect(names("St. Anne's Walking Group", 'Saint Annes Walking Group')).to.equal('exact');
    expect(names('Stanwell Edge Library', 'Stanwelledge Library')).to.equal('exact');
    expect(names('Upper Fernlow Library', 'Upper Fernolw Library')).to.equal('close');
    expect(names('Brackenby Library', 'Brackenby Gateway Library')).to.equal('contained');
    expect(names('Holmwick Community Library', 'Brackenby Community Library')).to.equal('different');
    expect(names('Chair Yoga', 'Knit and Natter')).to.equal('different');
    // Nothing but generic words is still a name.
    expect(activityNameKey('The Library')?.key).to.equal('the library');
  });

  it('compares organisations without the words every council has', () => {
    expect(organisationKey('Riverside Metropolitan Borough Council')?.key).to.equal('riverside');
    expect(organisationKey('Riverside City Council')?.key).to.equal('riverside');
    expect(organisationKey('Friends of Riverside Park Ltd')?.key).to.equal('friends riverside park');
  });

  it('reads "St" as Street at the end of a street and Saint before a name; other abbreviations written out', () => {
    expect(addressParts('12 High St, Riverside')?.streets).to.deep.equal(['high street']);
    expect(addressParts("St Peter's Sq, Riverside")?.streets).to.deep.equal(['saint peters square']);
    expect(addressParts('Church Rd')?.streets).to.deep.equal(['church road']);
    expect(addresses('Unit 4, 12 Mill Ln, Riverside', '12 Mill Lane, Riverside')).to.equal(
      'same street and number',
    );
    expect(addresses('12 Mill Lane', '14 Mill Lane')).to.equal('same street, other number');
    expect(addresses('121-123 Bridge Road', '123 Bridge Rd')).to.equal('same street and number');
    expect(addresses('Town Hall, Market Street', 'Station Road')).to.equal('other street');
    expect(addresses('Riverside Waterside, Riverside', 'Riverside Waterside')).to.equal('words agree');
  });

  it('reads postcodes in any spacing or case, a district on its own, or one written in the address', () => {
    expect(postcodeParts(' m4  5jd. ')).to.deep.equal({
      unit: 'M4 5JD',
      sector: 'M4 5',
      district: 'M4',
      area: 'M',
    });
    expect(postcodeParts('bs5')).to.deep.equal({ unit: null, sector: null, district: 'BS5', area: 'BS' });
    expect(postcodeParts(null, '1 High Street, Riverside SK14 4QB')?.unit).to.equal('SK14 4QB');
    expect(postcodeParts('not a postcode')).to.equal(null);
  });

  it('measures great-circle distance in metres', () => {
    // A hundredth of a degree of latitude is about 1,112 m anywhere.
    const metres = distanceMetres(
      { latitude: 53.48, longitude: -2.24 },
      { latitude: 53.49, longitude: -2.24 },
    );
    expect(metres).to.be.closeTo(1112, 2);
    expect(
      distanceMetres({ latitude: 53.48, longitude: -2.24 }, { latitude: 53.48, longitude: -2.24 }),
    ).to.equal(0);
  });
});
