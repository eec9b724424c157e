import { expect } from 'chai';
import { descriptionHtml, plainText, sanitiseDescription, summary } from '../../src/domain/text.js';

describe('listing text', () => {
  const payloads = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload=alert(1)>',
    '<iframe src="https://example.org"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
  ];
  for (const payload of payloads) {
    it(`makes ${payload} inert`, () => {
      const html = descriptionHtml(sanitiseDescription(`Hello ${payload}`));
      expect(html).not.to.match(/<script|onerror|onload|javascript:|<iframe|<svg|style=/i);
    });
  }

  it('keeps the safe subset of imported HTML, turning headings into paragraphs', () => {
    expect(
      sanitiseDescription(
        '<h3>Title</h3><ul><li><strong>One</strong></li></ul><a href="https://example.org">link</a>',
      ),
    ).to.equal(
      '<p>Title</p><ul><li><strong>One</strong></li></ul><a href="https://example.org" rel="nofollow noopener">link</a>',
    );
  });

  it('turns plain text into escaped paragraphs', () => {
    expect(descriptionHtml('Tea & cake <3\n\nBring a friend.\nOr two.')).to.equal(
      '<p>Tea &amp; cake &lt;3</p>\n<p>Bring a friend.<br>Or two.</p>',
    );
  });

  it('summarises at a word boundary', () => {
    expect(plainText('<p>Tea&nbsp;&amp; cake</p>')).to.equal('Tea & cake');
    const long = summary('word '.repeat(100), 50);
    expect(long.length).to.be.at.most(51);
    expect(long.endsWith('word…')).to.equal(true);
  });

  it('keeps blocks apart as sentences rather than running them together', () => {
    expect(plainText('<p>Can you trust us?</p><p>A network of friends.</p>')).to.equal(
      'Can you trust us? A network of friends.',
    );
    expect(plainText('<h3>Opening times</h3><ul><li>Monday</li><li>Friday</li></ul>')).to.equal(
      'Opening times. Monday. Friday',
    );
    expect(plainText('Monday 10am<br>Tuesday 2pm')).to.equal('Monday 10am. Tuesday 2pm');
    // A list inside a list item: the item's own words stay apart from the list's.
    expect(
      plainText(
        '<ul><li>Friday 11am</li><li>Services Offered:<ul><li>Free Wi-Fi</li><li>Charging</li></ul></li></ul>',
      ),
    ).to.equal('Friday 11am. Services Offered: Free Wi-Fi. Charging');
    expect(plainText('First paragraph\n\nSecond paragraph.\nSame one.')).to.equal(
      'First paragraph. Second paragraph. Same one.',
    );
    expect(summary('<p>Trust?</p><p>A network</p>')).to.equal('Trust? A network');
  });
});
