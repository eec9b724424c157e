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
});
