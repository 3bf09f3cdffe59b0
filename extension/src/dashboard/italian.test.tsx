import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { seedAccount, seedContact, seedOpportunity, seedUser, uniqueTag } from '../api/test-rapport';
import { setLocale } from '../i18n/dashboard';
import { sendToBackground } from '../messaging';
import {
  button,
  click,
  currentServerPeriod,
  field,
  navigate,
  openDashboard,
  page,
  section,
  seedPlan,
  seedProduct,
  type,
  until,
  useDashboardTests,
} from './dashboard-test-kit';
import { accountHref } from './route';

/*
 * The account page and My accounts for a person who reads Italian: headings, labels, amounts, percentages and
 * dates in Italian, and no English word left anywhere a person (or a screen reader) reads. The seeded data is
 * Italian too, so any English that shows is the page's own. Server text (the ownership line, signals) comes
 * in whatever language the server answers and is left out of the check.
 */

useDashboardTests();
beforeEach(() => setLocale('it', ['it-IT']));
afterEach(() => setLocale('en', []));

/** English words the page's own text used to have; none of them is an Italian word. */
const ENGLISH =
  /\b(the|and|of|to|with|your|you|yet|not|none|nobody|loading|show|hide|edit|add|save|cancel|won|signals?|plan|owner|reps|domains|timeline|committee|stakeholders|coverage|buying|roles?|stance|influence|chart|table|fiscal|year|total|objectives?|actions?|opportunit(y|ies)|open|next|acknowledge|product|lines?|figures|weighted|attainment|whitespace|reports|contact(ed)?|lately|never|call|meeting|notes|subject|when|who|kind|log(ged)?|by|at|on|for|is|are|was|this|from|or|an|sort(ed)?|column|first|skip)\b/i;

/** Every piece of text on the page a person or a screen reader gets: text nodes, labels, titles, the tab title. */
function readable(): string[] {
  const root = page();
  const texts: string[] = [document.title];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.textContent ?? '');
  for (const element of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'placeholder']) texts.push(element.getAttribute(name) ?? '');
  }
  return texts.map((text) => text.trim()).filter(Boolean);
}

/** What on the page is still English, leaving out `server` texts. */
function english(server: readonly string[]): string[] {
  return readable().filter((text) => !server.includes(text) && ENGLISH.test(text));
}

/**
 * Marta's key account "Acciaierie <tag>": a target of 100.000 € on one product line, a won deal of
 * 45.000 €, an open one closing on 5 March 2031, two stakeholders and a logged call.
 */
async function italianAccount() {
  const tag = uniqueTag();
  const [marta, period, product] = await Promise.all([
    seedUser('account_manager', 'Marta Rossi'),
    currentServerPeriod(),
    seedProduct(`Cuscinetti ${tag}`),
  ]);
  const account = await seedAccount({
    name: `Acciaierie ${tag}`,
    domains: [`acciaierie-${tag}.example`],
    status: 'customer',
    tier: 'key',
    ownerId: marta.id,
    industry: 'Siderurgia',
  });
  const giulia = await seedContact({
    accountId: account.id,
    name: 'Giulia Bianchi',
    title: 'Direttrice finanziaria',
    roles: ['economic_buyer'],
    stance: 'champion',
    influence: 'high',
    lastContactedAt: new Date().toISOString(),
  });
  await seedContact({ accountId: account.id, name: 'Paolo Neri', title: 'Buyer', reportsToId: giulia.id });
  await seedOpportunity({
    accountId: account.id,
    title: 'Cuscinetti per la linea 2',
    type: 'expansion',
    productLineId: product.id,
    amount: 4_500_000,
    currency: 'EUR',
    stage: 'won',
    closeReason: 'Tempi di consegna migliori',
  });
  await seedOpportunity({
    accountId: account.id,
    title: 'Ammodernamento azionamenti',
    type: 'renewal',
    amount: 2_000_000,
    currency: 'EUR',
    stage: 'propose',
    expectedCloseDate: '2031-03-05',
  });
  await seedPlan(marta, account, period, {
    lines: [{ productLineId: product.id, target: 10_000_000 }],
    objectives: [{ text: 'Diventare fornitore unico', status: 'open' }],
    actions: [
      {
        title: 'Visita allo stabilimento',
        category: 'relationship',
        ownerId: marta.id,
        dueDate: '2031-01-15',
        status: 'planned',
      },
    ],
  });
  return { tag, marta, period, product, account, giulia };
}

/** The server's own words on the account page (through the background, so in the language the page asked for). */
async function serverTexts(accountId: string): Promise<string[]> {
  const [summary, signals] = await Promise.all([
    sendToBackground({ type: 'accountSummary', id: accountId }),
    sendToBackground({ type: 'signals', accountId }),
  ]);
  const texts = [summary.ok ? summary.data.ownership.message : ''];
  if (signals.ok) texts.push(...signals.data.signals.flatMap((s) => [s.title, s.why, s.next]));
  return texts.map((text) => text.trim()).filter(Boolean);
}

describe('the account page in Italian', () => {
  it('should show Italian headings, amounts, percentages and dates, and no English of its own', async () => {
    const w = await italianAccount();
    await openDashboard(w.marta, accountHref(w.account.id));
    await until(() => expect(page().querySelector('.rp-plan-table tbody tr')).toBeTruthy());
    await until(() => expect(page().querySelector('.rp-coverage-table')).toBeTruthy());
    await until(() => expect(page().querySelector('.rp-timeline-list')).toBeTruthy());
    await until(() => expect(page().querySelector('[role="status"].rp-dash-loading')).toBeNull());

    const headings = [...page().querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings).toEqual([
      'Segnali',
      'Opportunità aperte',
      'Piano dell’account',
      'Comitato d’acquisto',
      'Cronologia',
    ]);
    const text = page().textContent ?? '';
    // Intl for Italian: the euro after the amount, a point between thousands, "5 mar 2031".
    expect(text).toMatch(/45\.000\s€/);
    expect(text).toMatch(/100\.000\s€/);
    expect(text).toContain('45% del target');
    expect(text).toContain('chiusura prevista il 5 mar 2031');
    expect(section('Piano dell’account').textContent).toContain('15 gen 2031');
    expect(text).toContain('Giulia Bianchi');
    // An empty seat: nobody is the technical decision-maker.
    expect(text).toContain('Decisore tecnico: ancora nessuno');
    expect(english(await serverTexts(w.account.id))).toEqual([]);

    // The plan editor too: labels, buttons and the product line's hidden "target" words.
    await click(button('Modifica il piano'));
    await until(() => expect(page().querySelector('.rp-target-table')).toBeTruthy());
    await until(() => expect(page().querySelector('.rp-action-row')?.textContent).toContain('Marta Rossi'));
    expect(page().querySelector('.rp-plan-editor')?.getAttribute('aria-label')).toBe(
      `Modifica il piano dell’account ${w.period}`,
    );
    expect(english(await serverTexts(w.account.id))).toEqual([]);

    // Amounts are typed as Italians write them: a point between thousands.
    await type(field(`Cuscinetti ${w.tag}: target (EUR)`), '125.000');
    await click(button('Salva il piano'));
    await until(() =>
      expect(section('Piano dell’account').textContent).toContain(`Piano ${w.period} salvato.`),
    );
    expect(section('Piano dell’account').querySelector('.rp-plan-table tbody')?.textContent).toMatch(
      /125\.000\s€/,
    );
  });

  it('should list My accounts in Italian', async () => {
    const w = await italianAccount();
    await openDashboard(w.marta, '#/');
    await until(() => expect(page().querySelector('.rp-portfolio-table tbody tr')).toBeTruthy());
    expect(page().querySelector('h1')?.textContent).toBe('I miei account');
    await until(() => expect(document.title).toBe('I miei account: Rapport'));
    const row = page().querySelector('.rp-portfolio-table tbody tr');
    expect(row?.textContent).toMatch(/45\.000\s€/);
    expect(row?.textContent).toContain('45%');
    expect(row?.textContent).toContain('Account chiave');
    expect(row?.textContent).toContain('Tu');

    await click(button('Raggiungimento'));
    expect(page().querySelector('.rp-portfolio [role="status"]:last-child')?.textContent).toBe(
      'Ordinato per Raggiungimento, dal più alto.',
    );
    const portfolio = await sendToBackground({ type: 'portfolio' });
    const server = portfolio.ok
      ? portfolio.data.items.flatMap((i) => (i.signals.top ? [i.signals.top.title] : []))
      : [];
    expect(english(server)).toEqual([]);

    // Back on the account page from its row, still in Italian.
    await navigate(accountHref(w.account.id));
    await until(() => expect(page().querySelector('h1')?.textContent).toBe(w.account.name));
    expect(page().querySelector('nav.rp-crumbs a')?.textContent).toBe('I miei account');
    await until(() => expect(page().querySelector('.rp-timeline-list')).toBeTruthy());
    await until(() => expect(page().querySelector('.rp-coverage-table')).toBeTruthy());
    await until(() => expect(page().querySelector('[role="status"].rp-dash-loading')).toBeNull());
  });
});
