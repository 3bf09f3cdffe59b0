/*
 * Tests only: what the account page's tests share. The page runs as in the browser: the real background
 * handler answers its requests (WXT's fakeBrowser carries the messages), against the real `rapport serve`
 * that the extension's unit tests start; data is seeded through the server's API.
 */
import {
  type Account,
  type AccountPlan,
  type Contact,
  type ProductLine,
  type PutPlanRequest,
  periodOf,
  zProductLine,
  zSettings,
} from '@rapport/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { createRequestHandler } from '../api/handler';
import {
  asAdmin,
  callApi,
  ORIGIN,
  type SeededUser,
  seedAccount,
  seedContact,
  signInToken,
} from '../api/test-rapport';
import { listenForRequests } from '../messaging';
import { DashboardApp } from './dashboard-app';
import { todayUtc } from './periods';

let root: HTMLElement;
let stop: () => void = () => {};

/** Mounts a fresh DOM and background for every test of the file that calls it. */
export function useDashboardTests(): void {
  beforeEach(() => {
    fakeBrowser.reset();
    history.replaceState(null, '', '#/');
    document.body.innerHTML = '<div id="root"></div>';
    root = document.getElementById('root') as HTMLElement;
    stop = listenForRequests(createRequestHandler({ windowMs: 5 }).handle);
  });
  afterEach(() => {
    render(null, root);
    stop();
    vi.unstubAllGlobals();
  });
}

/** The page's root element. */
export function page(): HTMLElement {
  return root;
}

/** Signs the extension in as `user`, as the options page would. */
export async function signInExtension(user: SeededUser): Promise<void> {
  const res = await createRequestHandler().handle(
    { type: 'signIn', serverUrl: ORIGIN, email: user.email, password: user.password },
    {},
  );
  expect(res.ok).toBe(true);
}

/** Opens the page at `hash` (signed in as `user` unless null, when whoever is signed in stays). */
export async function openDashboard(user: SeededUser | null, hash: string, undoMs = 60_000): Promise<void> {
  if (user) await signInExtension(user);
  history.replaceState(null, '', hash);
  render(<DashboardApp undoMs={undoMs} />, root);
}

/** Goes to another route the way a link does: the hash changes and `hashchange` fires. */
export async function navigate(hash: string): Promise<void> {
  await act(() => {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

/** Waits for the real server's answers to show, outside `act`, as the page renders them. */
export async function until<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, { timeout: 8000 });
}

/** The form control a label names (by the label's whole text), within `scope`. */
export function field<T extends HTMLElement = HTMLInputElement>(label: string, scope: ParentNode = root): T {
  const found = [...scope.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
  const control = found?.htmlFor
    ? document.getElementById(found.htmlFor)
    : found?.querySelector('input, select, textarea');
  if (!control) throw new Error(`no field labelled “${label}”`);
  return control as T;
}

/** An element's accessible name as a screen reader builds it here: aria-label, else text not aria-hidden. */
export function accessibleName(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label !== null) return label;
  const copy = element.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent?.trim() ?? '';
}

/** The button with this accessible name, within `scope`. */
export function button(name: string, scope: ParentNode = root): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((b) => accessibleName(b) === name);
  if (!found) throw new Error(`no button “${name}”`);
  return found;
}

/** Types into an input, select or textarea as a person would (value, then the event Preact listens to). */
export async function type(control: HTMLElement, value: string): Promise<void> {
  await act(() => {
    (control as HTMLInputElement).value = value;
    const event = control instanceof HTMLSelectElement ? 'change' : 'input';
    control.dispatchEvent(new Event(event, { bubbles: true }));
  });
}

export async function click(element: HTMLElement): Promise<void> {
  await act(() => element.click());
}

/** The texts of a table row's header and data cells. */
export function cells(row: Element | null | undefined): string[] {
  return [...(row?.querySelectorAll('th, td') ?? [])].map((cell) => cell.textContent?.trim() ?? '');
}

/** The section a heading names. */
export function section(heading: string): HTMLElement {
  const h = [...root.querySelectorAll('h2')].find((el) => el.textContent === heading);
  const found = h?.closest('section');
  if (!found) throw new Error(`no section “${heading}”`);
  return found;
}

/** The page's leave dialog ("… Leave without saving?", "Discard your changes to …?"), or null. */
export function leaveDialog(): HTMLDialogElement | null {
  return root.querySelector('dialog');
}

/** The header's "My accounts" link. */
export function myAccountsLink(): HTMLAnchorElement {
  const link = root.querySelector<HTMLAnchorElement>('nav[aria-label="Rapport"] a');
  if (link?.textContent !== 'My accounts') throw new Error('no "My accounts" link');
  return link;
}

/** The fiscal year the server counts today in (from its settings). */
export async function currentServerPeriod(): Promise<string> {
  const settings = await asAdmin('GET', '/settings', zSettings);
  return periodOf(todayUtc(), settings.fiscalYearStartMonth);
}

/** Adds an active product line (as the admin). */
export function seedProduct(name: string): Promise<ProductLine> {
  return asAdmin('POST', '/products', zProductLine, { name });
}

/** Saves a plan as `user` (its owner, say) through the API; throws unless it was saved. */
export async function seedPlan(
  user: SeededUser,
  account: Account,
  period: string,
  plan: Partial<PutPlanRequest> & Pick<PutPlanRequest, 'lines'>,
): Promise<AccountPlan> {
  const res = await callApi<AccountPlan>(
    'PUT',
    `/accounts/${account.id}/plans/${period}`,
    await signInToken(user),
    { version: 0, objectives: [], actions: [], ...plan },
  );
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`PUT plan answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** Acme `tag` (domain `acme-<tag>.example`): a customer, and a key account owned by `owner`. */
export function seedAcme(tag: string, owner: SeededUser): Promise<Account> {
  return seedAccount({
    name: `Acme ${tag}`,
    domains: [`acme-${tag}.example`],
    status: 'customer',
    tier: 'key',
    ownerId: owner.id,
  });
}

/** Acme's buying committee as `seedAcmeCommittee` seeds it. */
export interface AcmeCommittee {
  acme: Account;
  jane: Contact;
  tom: Contact;
  ana: Contact;
}

/**
 * Acme (`seedAcme`) with its buying committee: Jane Doe (CFO, economic buyer, champion, high influence,
 * contacted today), Tom Lee (CTO, no buying role) who reports to her, and Ana Ruiz (Buyer, purchasing, never
 * contacted). Nobody holds the other roles (technical decision-maker, executive sponsor, influencer, end
 * user, gatekeeper, legal), so their seats are empty.
 * @example const { acme, jane, tom, ana } = await seedAcmeCommittee(uniqueTag(), marta);
 */
export async function seedAcmeCommittee(tag: string, owner: SeededUser): Promise<AcmeCommittee> {
  const acme = await seedAcme(tag, owner);
  const jane = await seedContact({
    accountId: acme.id,
    name: 'Jane Doe',
    title: 'CFO',
    roles: ['economic_buyer'],
    stance: 'champion',
    influence: 'high',
    lastContactedAt: new Date().toISOString(),
  });
  const [tom, ana] = await Promise.all([
    seedContact({ accountId: acme.id, name: 'Tom Lee', title: 'CTO', reportsToId: jane.id }),
    seedContact({ accountId: acme.id, name: 'Ana Ruiz', title: 'Buyer', roles: ['purchasing'] }),
  ]);
  return { acme, jane, tom, ana };
}
