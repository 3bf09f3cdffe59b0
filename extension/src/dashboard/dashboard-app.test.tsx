import type { AccountPlan } from '@rapport/shared';
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { callApi, seedUser, signInToken, uniqueTag } from '../api/test-rapport';
import { DashboardApp } from './dashboard-app';
import {
  button,
  click,
  navigate,
  openDashboard,
  page,
  section,
  seedAcme,
  until,
  useDashboardTests,
} from './dashboard-test-kit';
import { chartLines } from './plan-section';
import { accountHref } from './route';

useDashboardTests();

describe('DashboardApp', () => {
  it('should ask to sign in before anything else, and open the options page', async () => {
    const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    render(<DashboardApp />, page());
    await click(await until(() => button('Open options to sign in')));
    expect(page().textContent).toContain('Rapport is not connected to your server yet.');
    await until(() => expect(options).toHaveBeenCalledOnce());
    await until(() => expect(document.title).toBe('Connect Rapport: Rapport'));
  });

  it('should say when a page does not exist, and link to My accounts', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    await openDashboard(marta, '#/');
    await until(() => expect(page().querySelector('h1')?.textContent).toBe('My accounts'));
    await navigate('#/reports');
    await until(() => expect(page().querySelector('h1')?.textContent).toBe('Page not found'));
    expect(document.activeElement).toBe(page().querySelector('h1'));
    const back = [...page().querySelectorAll('main a')].find((a) => a.textContent === 'Go to My accounts');
    expect(back?.getAttribute('href')).toBe('#/');
  });
});

describe('TimelineSection', () => {
  it('should page through a long timeline with "Show older", focusing the first older entry', async () => {
    const marta = await seedUser('account_manager', 'Marta Rossi');
    const acme = await seedAcme(uniqueTag(), marta);
    const token = await signInToken(marta);
    // 55 notes, a minute apart, newest last: the timeline pages by 50.
    const start = Date.now() - 2 * 3_600_000;
    // Sent eleven at a time: one by one they took most of the test's time on a busy machine.
    for (let batch = 0; batch < 55; batch += 11) {
      const sent = await Promise.all(
        Array.from({ length: 11 }, (_, j) =>
          callApi('POST', '/touches', token, {
            kind: 'note',
            subject: `Note ${String(batch + j + 1).padStart(2, '0')}`,
            occurredAt: new Date(start + (batch + j) * 60_000).toISOString(),
            accountIds: [acme.id],
          }),
        ),
      );
      expect(sent.map((res) => res.status)).toEqual(Array(11).fill(201));
    }
    await openDashboard(marta, accountHref(acme.id));
    const titles = () =>
      [...section('Timeline').querySelectorAll('.rp-entry-title')].map((t) => t.textContent);
    await until(() => expect(titles()).toHaveLength(50));
    expect(titles()[0]).toBe('Note 55');
    expect(titles()[49]).toBe('Note 06');
    await click(button('Show older'));
    await until(() => expect(titles()).toHaveLength(55));
    expect(titles().slice(50)).toEqual(['Note 05', 'Note 04', 'Note 03', 'Note 02', 'Note 01']);
    // The focus moves in an effect after the render that shows the older entries.
    await until(() =>
      expect(document.activeElement?.querySelector('.rp-entry-title')?.textContent).toBe('Note 05'),
    );
    expect(() => button('Show older')).toThrow();
  });
});

describe('chartLines', () => {
  it('should name each line and add revenue without a product line as a line of its own', () => {
    const plan = {
      lines: [{ productLineId: 'pl1', productLineName: 'Bearings', target: 100, actual: 50, pipeline: 10 }],
      unassigned: { actual: 20, pipeline: 0 },
    } as AccountPlan;
    expect(chartLines(plan)).toEqual([
      { productLineId: 'pl1', name: 'Bearings', target: 100, actual: 50, pipeline: 10 },
      { productLineId: 'unassigned', name: 'No product line', target: null, actual: 20, pipeline: 0 },
    ]);
    expect(chartLines({ ...plan, unassigned: { actual: 0, pipeline: 0 } })).toHaveLength(1);
  });
});
