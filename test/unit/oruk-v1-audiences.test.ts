// What the Bristol feed's target audiences (pc_targetAudience) say about a listing, as our terms.
import { expect } from 'chai';
import { termById } from '../../src/domain/vocabulary.js';
import { orukServiceToHsds } from '../../src/importer/oruk-v1.js';

const codes = (...audiences: string[]) => {
  const hsds = orukServiceToHsds(
    {
      id: 's1',
      name: 'Group',
      organization: { name: 'Org' },
      pc_targetAudience: audiences.map((audienceType, i) => ({ id: `a${i}`, audienceType })),
    },
    { byId: new Map(), idByName: new Map() },
  );
  return (hsds.attributes as { taxonomy_term_id: string }[])
    .map((a) => termById(a.taxonomy_term_id)!.term.code)
    .sort();
};

describe('Open Referral UK v1 target audiences', () => {
  it('reads a few named audiences as who the listing is for', () => {
    expect(codes('Dementia ', 'Carers')).to.deep.equal(['carers-welcome', 'dementia-friendly']);
    expect(codes('Bereaved')).to.deep.equal(['bereavement']);
  });

  it('reads "Women" or "Men" as one sex only when no one else is named', () => {
    expect(codes('Women ')).to.deep.equal(['women-only']);
    expect(codes('Men')).to.deep.equal(['men-only']);
    expect(codes('Women', 'Men', 'Dementia')).to.deep.equal(['dementia-friendly']);
    expect(codes('Mental Health', 'Women')).to.deep.equal([]);
  });

  it('reads six audiences or more as open to anyone, described by none of them', () => {
    expect(
      codes('Long Term Health Conditions', 'Disabled People', 'Carers', 'Bereaved', 'Dementia', 'LGBTQ+'),
    ).to.deep.equal([]);
    // The same name written twice, with and without a trailing space, is one audience.
    expect(codes('Carers', 'Carers ', 'Dementia', 'Dementia ', 'Bereaved')).to.deep.equal([
      'bereavement',
      'carers-welcome',
      'dementia-friendly',
    ]);
  });
});
