import { describe, expect, it } from 'vitest';

import { contact, GIULIA, MARTA, PAOLO } from './linkedin-test-data';
import {
  changesFromTag,
  contactFromTag,
  draftFromContact,
  reportsToName,
  sameNameContact,
  titleFromHeadline,
} from './tag-draft';

describe('titleFromHeadline', () => {
  it.each([
    [
      'Head of Procurement at Castellan Foods | Cold chain and packaging sourcing',
      'Castellan Foods',
      'Head of Procurement',
    ],
    [
      'Head of Procurement · Norrland Logistics | Sustainable freight',
      'Norrland Logistics',
      'Head of Procurement',
    ],
    ['CFO @ Acme', 'Acme', 'CFO'],
    ['Castellan Foods', 'Castellan Foods', ''],
    ['Helping teams buy better', null, 'Helping teams buy better'],
    [null, null, ''],
  ])('should read %s as %s', (headline, company, title) => {
    expect(titleFromHeadline(headline, company)).toBe(title);
  });
});

describe('contactFromTag', () => {
  it('should link the profile slug and keep every chosen field', () => {
    const draft = {
      accountId: 'a_castellan',
      name: '  Elena Marchetti ',
      title: '',
      roles: ['purchasing' as const],
      stance: 'champion' as const,
      influence: null,
      reportsToId: 'c_giulia',
      relationshipOwnerId: MARTA.id,
      notes: 'Met at Cibus',
    };
    expect(contactFromTag('elena-marchetti-4a1b2c', draft)).toEqual({
      accountId: 'a_castellan',
      name: 'Elena Marchetti',
      title: null,
      linkedinSlug: 'elena-marchetti-4a1b2c',
      roles: ['purchasing'],
      stance: 'champion',
      influence: null,
      reportsToId: 'c_giulia',
      relationshipOwnerId: 'u_marta',
      notes: 'Met at Cibus',
    });
  });
});

describe('changesFromTag', () => {
  it('should send only what changed, with the version it started from', () => {
    const paolo = contact(PAOLO, { notes: 'Prefers calls' });
    const draft = { ...draftFromContact(paolo), stance: 'champion' as const, roles: ['purchasing' as const] };
    expect(changesFromTag(paolo, draft)).toEqual({ version: 3, stance: 'champion' });
    expect(changesFromTag(paolo, { ...draft, title: ' ', notes: '' })).toEqual({
      version: 3,
      stance: 'champion',
      title: null,
      notes: '',
    });
  });

  it('should treat the same roles in another order as unchanged', () => {
    const giulia = contact(GIULIA);
    const draft = { ...draftFromContact(giulia), roles: [...GIULIA.roles].reverse() };
    expect(changesFromTag(giulia, draft)).toEqual({ version: 3 });
  });
});

describe('reportsToName', () => {
  it('should name the manager from the lookup, else from the account’s contacts', () => {
    expect(reportsToName('c_giulia', [GIULIA], null)).toBe('Giulia Neri');
    expect(reportsToName('c_x', [], [{ id: 'c_x', name: 'Xavier' }])).toBe('Xavier');
    expect(reportsToName(null, [GIULIA], null)).toBeNull();
  });

  it('should say it is still loading, or unknown once the contacts are in', () => {
    expect(reportsToName('c_x', [], null)).toBe('…');
    expect(reportsToName('c_x', [], [])).toBe('Unknown');
  });
});

describe('sameNameContact', () => {
  const elena = { name: 'Elena Marchetti', linkedinSlug: null };
  it.each([
    ['Elena Marchetti', elena],
    ['  elena   MARCHETTI ', elena],
    ['Eléna Marchetti', elena],
    ['Elena Marchetti-Rossi', null],
    ['', null],
  ])('should match %j to %j', (name, expected) => {
    expect(sameNameContact([{ name: 'Paolo Gallo', linkedinSlug: null }, elena], name)).toBe(expected);
  });

  it('should never offer a stakeholder who is already linked to a profile', () => {
    expect(
      sameNameContact([{ name: 'Elena Marchetti', linkedinSlug: 'elena-m' }], 'Elena Marchetti'),
    ).toBeNull();
  });
});
