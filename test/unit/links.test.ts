import { expect } from 'chai';
import { safeLink } from '../../src/domain/links.js';

describe('links: only http(s), mailto and tel become links', () => {
  it('keeps web, mailto and tel addresses as written', () => {
    for (const value of [
      'https://example.org',
      'http://example.org/clubs?day=tue#walks',
      'HTTPS://EXAMPLE.ORG/',
      'mailto:walks@example.org',
      'tel:+441174960000',
    ])
      expect(safeLink(value), value).to.equal(value);
    expect(safeLink('  https://example.org  ')).to.equal('https://example.org');
  });

  it('gives a bare host https://, and reads the slips browsers forgive as they read them', () => {
    expect(safeLink('www.al-anonuk.org.uk')).to.equal('https://www.al-anonuk.org.uk');
    expect(safeLink('example.org/clubs')).to.equal('https://example.org/clubs');
    expect(safeLink('http:www.example.org')).to.equal('http://www.example.org/');
    expect(safeLink('https:/example.org')).to.equal('https://example.org/');
  });

  it('refuses every other scheme, however it is disguised, and anything that is not an address', () => {
    for (const value of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'javascript://example.org/%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://example.org/x',
      '//evil.example/',
      '/relative/path',
      'https://',
      'Warmley Community Centre',
      'info@example.org',
      '',
      null,
      undefined,
    ])
      expect(safeLink(value), JSON.stringify(value)).to.equal(null);
  });
});
