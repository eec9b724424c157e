import { expect } from 'chai';
import { publicLinks, publicPaths } from '../../src/domain/public-links.js';
import { paths } from '../../src/web/paths.js';

describe('public links: the pages mails, calendars and QR codes point at', () => {
  const links = publicLinks('https://directory.example.org');

  it('are full addresses on the public address, ids encoded', () => {
    expect(links.activity('walk 1/2')).to.equal('https://directory.example.org/activities/walk%201%2F2');
    expect(links.signIn).to.equal('https://directory.example.org/account/sign-in');
    expect(links.resetPassword('a.b')).to.equal('https://directory.example.org/account/reset-password/a.b');
    expect(links.manageOrganisation('org 1')).to.equal(
      'https://directory.example.org/manage/organisations/org%201',
    );
    expect(links.baseUrl).to.equal('https://directory.example.org');
  });

  it('are the paths the site routes: each written once, in domain/public-links.ts', () => {
    for (const [page, path] of Object.entries(publicPaths))
      expect(paths[page as keyof typeof paths], page).to.equal(path);
  });
});
