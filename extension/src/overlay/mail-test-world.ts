import type { LookupAccount, LookupResponse, LookupResult, UserRef } from '@rapport/shared';
import { vi } from 'vitest';

/*
 * The people and page helpers the Gmail and Outlook overlay tests share: the same invented conversation
 * (Castellan Foods and Norrland Logistics writing to Giulia at Brightwave) is in both sites' fixtures.
 */

export const ELENA = 'elena.marchetti@castellan-foods.example';
export const TOM = 'tom.whitaker@it.castellan-foods.example';
export const SARA = 'sara.lindqvist@norrland-logistics.example';
export const JOHAN = 'johan.berg@norrland-logistics.example';
export const PETE = 'pete.okafor@gmail.com';

/** The signed-in user: an account manager at Brightwave. */
export const GIULIA_USER: UserRef = {
  id: 'u_giulia',
  name: 'Giulia Ferri',
  email: 'giulia.ferri@brightwave.example',
  role: 'account_manager',
};

export type Matches = Record<string, Pick<LookupResult, 'match' | 'contactId' | 'accountId'>>;

/**
 * What the server would answer to a lookup of `emails` when it knows `matches`: unknown people at
 * gmail.com are personal, others unknown; only the matched accounts come back.
 */
export function lookupAnswer(
  matches: Matches,
  emails: readonly string[],
  accounts: readonly LookupAccount[],
): LookupResponse {
  const results = emails.map((input): LookupResult => {
    const m = matches[input] ?? { match: 'none', contactId: null, accountId: null };
    const reason = m.match === 'none' ? (input.endsWith('@gmail.com') ? 'personal_domain' : 'unknown') : null;
    return { input, type: 'email', normalized: input, reason, ...m };
  });
  const ids = new Set(results.map((r) => r.accountId));
  return { results, accounts: accounts.filter((a) => ids.has(a.id)) };
}

/** A fixture's page as the site renders it (its scripts are not run). */
export function showPage(html: string): void {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const s of doc.querySelectorAll('script')) s.remove();
  document.body.replaceChildren(...[...doc.body.children].map((el) => document.importNode(el, true)));
}

/** The overlay's shadow root, its text, a card by account name, a button by its text. */
export const shadow = () => document.querySelector('rapport-overlay')?.shadowRoot ?? null;
export const panel = () => shadow()?.textContent ?? '';
export const card = (name: string) => shadow()?.querySelector(`article[aria-label="${name}"]`) ?? null;
export function buttonIn(root: ParentNode | null | undefined, name: string): HTMLButtonElement {
  const found = [...(root?.querySelectorAll('button') ?? [])].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}
export const button = (name: string) => buttonIn(shadow(), name);
export const until = (check: () => void) => vi.waitFor(check, { timeout: 3000 });
