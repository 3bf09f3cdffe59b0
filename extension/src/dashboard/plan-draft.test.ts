import type { AccountPlan, ProductLine } from '@rapport/shared';
import { describe, expect, it } from 'vitest';

import { buildPlan, draftFrom, fieldOf, rebase, targetRows } from './plan-draft';

const PLAN: AccountPlan = {
  accountId: 'acc',
  period: '2027',
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  currency: 'EUR',
  version: 3,
  updatedAt: '2027-02-01T10:00:00.000Z',
  lines: [
    { productLineId: 'pl_drv', productLineName: 'Drives', target: 4_000_000, actual: 0, pipeline: 0 },
    { productLineId: 'pl_old', productLineName: 'Old line', target: 100_050, actual: 0, pipeline: 0 },
    { productLineId: 'pl_brg', productLineName: 'Bearings', target: null, actual: 500, pipeline: 0 },
  ],
  unassigned: { actual: 0, pipeline: 0 },
  totals: { target: 4_100_050, actual: 500, pipeline: 0 },
  whitespace: [],
  excluded: { opportunities: 0, currencies: [] },
  objectives: [{ id: 'ob1', text: 'Sole supplier', status: 'open' }],
  actions: [
    {
      id: 'ac1',
      title: 'Visit',
      category: 'relationship',
      ownerId: 'u1',
      owner: { id: 'u1', name: 'Marta', email: 'm@x.example', role: 'account_manager' },
      dueDate: '2027-05-01',
      status: 'planned',
    },
  ],
};

const product = (id: string, name: string, active = true) => ({ id, name, active }) as ProductLine;

describe('plan drafts', () => {
  it('should offer the planned lines in their order, then the other active lines by name', () => {
    const rows = targetRows(PLAN, [
      product('pl_svc', 'Service'),
      product('pl_brg', 'Bearings'),
      product('pl_drv', 'Drives'),
      product('pl_gone', 'Gone', false),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['Drives', 'Old line', 'Bearings', 'Service']);
  });

  it('should turn a draft back into the same plan, and leave out lines without a target', () => {
    const draft = draftFrom(PLAN);
    expect(draft.targets).toEqual({ pl_drv: '40000', pl_old: '1000.50' });
    const rows = targetRows(PLAN, [product('pl_brg', 'Bearings')]);
    const built = buildPlan(draft, rows);
    expect(built).toEqual({
      ok: true,
      body: {
        version: 3,
        lines: [
          { productLineId: 'pl_drv', target: 4_000_000 },
          { productLineId: 'pl_old', target: 100_050 },
        ],
        objectives: [{ id: 'ob1', text: 'Sole supplier', status: 'open' }],
        actions: [
          {
            id: 'ac1',
            title: 'Visit',
            category: 'relationship',
            ownerId: 'u1',
            dueDate: '2027-05-01',
            status: 'planned',
          },
        ],
      },
      sent: { lines: ['pl_drv', 'pl_old'], objectives: ['ob1'], actions: ['ac1'] },
    });
  });

  it('should name the fields to fix', () => {
    const draft = draftFrom(PLAN);
    draft.targets.pl_brg = 'lots';
    draft.objectives.push({ key: 'n1', text: '  ', status: 'open' });
    draft.actions[0] = { ...(draft.actions[0] as (typeof draft.actions)[0]), title: '' };
    const built = buildPlan(draft, targetRows(PLAN, [product('pl_brg', 'Bearings')]));
    expect(built.ok ? {} : built.errors).toEqual({
      'target:pl_brg': 'Type an amount in EUR with digits, e.g. 120000 or 120000.50',
      'objective:n1:text': 'Write the objective, or remove it',
      'action:ac1:title': 'Give the action a title, or remove it',
    });
  });

  it.each([
    ['lines.1.target', 'target:pl_old'],
    ['lines.1.productLineId', 'target:pl_old'],
    ['objectives.0.text', 'objective:ob1:text'],
    ['objectives.0.id', 'objective:ob1:text'],
    ['actions.0.ownerId', 'action:ac1:ownerId'],
    ['actions.0.id', 'action:ac1:title'],
    ['actions.5.title', null],
    ['version', null],
  ])("should place the server's message for %s", (path, key) => {
    expect(fieldOf(path, { lines: ['pl_drv', 'pl_old'], objectives: ['ob1'], actions: ['ac1'] })).toBe(key);
  });

  it('should rebase what was typed on their version: their number, and new rows for what they removed', () => {
    const mine = draftFrom(PLAN);
    const theirs: AccountPlan = { ...PLAN, version: 4, objectives: [], actions: PLAN.actions };
    const rebased = rebase(mine, theirs);
    expect(rebased.version).toBe(4);
    expect(rebased.objectives).toEqual([{ key: 'ob1', text: 'Sole supplier', status: 'open' }]);
    expect(rebased.actions[0]?.id).toBe('ac1');
  });
});
