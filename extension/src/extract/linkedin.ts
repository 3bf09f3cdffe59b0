import { normalizeDomain, parseLinkedin } from '@rapport/shared';

import {
  COMPANY_DETAIL_TERM,
  COMPANY_INFO_ITEM,
  COMPANY_LINK,
  COMPANY_NAME,
  EXPERIENCE_ANCHOR,
  EXPERIENCE_SECTION,
  EXTERNAL_LINK,
  PROFILE_CURRENT_COMPANY,
  PROFILE_HEADLINE,
  PROFILE_NAME,
  PROFILE_TOP_CARD,
  SCREEN_READER_TEXT,
} from '../sites/linkedin';

/*
 * Pure readers of LinkedIn pages: a root node and the page location in, plain data out. They never throw;
 * a page that has not rendered its heading yet reads as null, so callers simply try again later.
 * Selectors live in the adapter (src/sites/linkedin.ts) and are only referenced inside functions.
 */

export type LinkedinPageKind = 'profile' | 'company' | 'other';

type PageLocation = Pick<Location, 'href' | 'pathname'>;

export interface LinkedinProfile {
  /** The normalised `/in/<slug>/` of the page. */
  slug: string;
  name: string;
  headline: string | null;
  /** The current employer; `slug` is its `/company/<slug>/` when the profile links it. */
  company: { name: string; slug: string | null } | null;
}

export interface LinkedinCompany {
  /** The normalised `/company/<slug>/` of the page. */
  slug: string;
  name: string;
  /** The company's own website, as a normalised domain (`www.` dropped). */
  websiteDomain: string | null;
  industry: string | null;
}

const WEBSITE_LABELS = new Set(['website', 'sito web', 'webseite', 'site web', 'sitio web', 'site']);
const INDUSTRY_LABELS = new Set([
  'industry',
  'settore',
  'branche',
  'secteur',
  'sector',
  'industria',
  'setor',
]);

/**
 * What kind of LinkedIn page the URL shows: a person (`/in/<slug>/…`), a company (`/company/<slug>/…`) or
 * anything else.
 * @example pageKind({ href: 'https://www.linkedin.com/company/acme/about/', pathname: '/company/acme/about/' }) // 'company'
 */
export function pageKind(location: PageLocation | undefined = globalThis.location): LinkedinPageKind {
  const ref = refOf(location);
  return ref?.kind === 'profile' ? 'profile' : ref?.kind === 'company' ? 'company' : 'other';
}

/**
 * The person on a profile page: slug (from the URL), name, headline and current company, in the classic
 * and the 2025 layout. Null on other pages, or before the name has rendered.
 * @example extractProfile(document, location) // { slug: 'jane-doe-1a2b', name: 'Jane Doe', headline: '…', company: { name: 'Acme', slug: 'acme' } }
 */
export function extractProfile(
  root: ParentNode = document,
  location: PageLocation | undefined = globalThis.location,
): LinkedinProfile | null {
  try {
    const ref = refOf(location);
    if (ref?.kind !== 'profile') return null;
    const card = root.querySelector(PROFILE_TOP_CARD);
    const nameEl = card?.querySelector('h1, h2') ?? root.querySelector(PROFILE_NAME);
    const name = visibleText(nameEl);
    if (!nameEl || !name) return null;
    const top = card ?? nameEl.closest('section') ?? nameEl.parentElement ?? nameEl;
    const headlineEl = root.querySelector(PROFILE_HEADLINE);
    const headline =
      (headlineEl && top.contains(headlineEl) ? visibleText(headlineEl) : null) ??
      firstLine(top, nameEl, name);
    return { slug: ref.slug, name, headline, company: currentCompany(root) };
  } catch {
    return null;
  }
}

/**
 * The company on a company page (any tab): slug (from the URL), name, website domain and industry.
 * Null on other pages, or before the name has rendered.
 * @example extractCompany(document, location) // { slug: 'acme', name: 'Acme', websiteDomain: 'acme.com', industry: 'Manufacturing' }
 */
export function extractCompany(
  root: ParentNode = document,
  location: PageLocation | undefined = globalThis.location,
): LinkedinCompany | null {
  try {
    const ref = refOf(location);
    if (ref?.kind !== 'company') return null;
    const nameEl = root.querySelector(COMPANY_NAME);
    const name = visibleText(nameEl);
    if (!nameEl || !name) return null;
    const details = companyDetails(root);
    const website = details.find(([label]) => WEBSITE_LABELS.has(label))?.[1];
    const top = nameEl.closest('section') ?? root;
    const topLinks = Array.from(root.querySelectorAll(EXTERNAL_LINK)).filter((a) => top.contains(a));
    const websiteDomain =
      (website ? domainOfDetail(website) : null) ??
      topLinks.map((a) => domainOfUrl(a.getAttribute('href') ?? '')).find((d) => d !== null) ??
      null;
    const industryEl = details.find(([label]) => INDUSTRY_LABELS.has(label))?.[1];
    const industry = visibleText(industryEl) ?? visibleText(root.querySelector(COMPANY_INFO_ITEM));
    return { slug: ref.slug, name, websiteDomain, industry };
  } catch {
    return null;
  }
}

function refOf(location: PageLocation | undefined) {
  try {
    return location?.href ? parseLinkedin(location.href) : null;
  } catch {
    return null;
  }
}

/** The top card's "Current company" if it has one, matched to an Experience entry for the slug; else the first entry. */
function currentCompany(root: ParentNode): LinkedinProfile['company'] {
  const entries = experienceEntries(root);
  const labelled = currentCompanyLabel(root);
  if (labelled) {
    const match = entries.find((e) => e.name !== null && sameName(e.name, labelled));
    return { name: labelled, slug: match?.slug ?? null };
  }
  const first = entries[0];
  return first?.name ? { name: first.name, slug: first.slug } : null;
}

function currentCompanyLabel(root: ParentNode): string | null {
  const el = root.querySelector(PROFILE_CURRENT_COMPANY);
  if (!el) return null;
  const label = (el.getAttribute('aria-label') ?? '')
    .replace(/^Current company:\s*/i, '')
    .replace(/\.?\s*Click to skip.*$/i, '')
    .trim();
  return label || visibleText(el);
}

interface Entry {
  name: string | null;
  slug: string | null;
}

/** The top-level entries of the Experience section, most recent first. */
function experienceEntries(root: ParentNode): Entry[] {
  const section =
    root.querySelector(EXPERIENCE_ANCHOR)?.closest('section') ?? root.querySelector(EXPERIENCE_SECTION);
  const list = section?.querySelector('ul');
  if (!list) return [];
  return Array.from(list.children)
    .filter((li) => li.tagName === 'LI')
    .map(readEntry)
    .filter((e) => e.name !== null || e.slug !== null);
}

/**
 * One entry: a single role reads "Title", "Company · Full-time", dates; a company with several roles puts
 * the company first and the roles in a nested list. The logo's alt text ("Company logo") is the fallback.
 */
function readEntry(li: Element): Entry {
  const href = li.querySelector(COMPANY_LINK)?.getAttribute('href');
  const nested = li.querySelector('ul');
  const lines = leafTexts(li, nested);
  const fromText = nested ? (lines[0] ?? null) : companyOfLine(lines[1]);
  const alt = li
    .querySelector('img[alt]')
    ?.getAttribute('alt')
    ?.replace(/\s+logo$/i, '')
    .trim();
  return { name: fromText ?? (alt || null), slug: href ? companySlug(href) : null };
}

function companyOfLine(line: string | undefined): string | null {
  const name = line?.split(/\s+·\s+/)[0]?.trim();
  // A date line means the entry has no company line at all.
  return name && !/\b(19|20)\d{2}\b/.test(name) ? name : null;
}

function companySlug(href: string): string | null {
  try {
    const ref = parseLinkedin(new URL(href, 'https://www.linkedin.com/').href);
    return ref?.kind === 'company' ? ref.slug : null;
  } catch {
    return null;
  }
}

/** `dt` labels (lower case, no colon) with their `dd`. */
function companyDetails(root: ParentNode): [string, Element][] {
  const out: [string, Element][] = [];
  for (const dt of root.querySelectorAll(COMPANY_DETAIL_TERM)) {
    let dd = dt.nextElementSibling;
    while (dd && dd.tagName !== 'DD' && dd.tagName !== 'DT') dd = dd.nextElementSibling;
    const label = (visibleText(dt) ?? '').toLowerCase().replace(/\s*:$/, '');
    if (dd?.tagName === 'DD' && label) out.push([label, dd]);
  }
  return out;
}

function domainOfDetail(dd: Element): string | null {
  const href = dd.querySelector('a[href]')?.getAttribute('href');
  return (href ? domainOfUrl(href) : null) ?? domainOfUrl(visibleText(dd) ?? '');
}

/** The site a link points to, unwrapping LinkedIn's /redir/redirect?url=…; null for LinkedIn's own pages. */
function domainOfUrl(raw: string, depth = 0): string | null {
  const s = raw.trim();
  if (!s) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:|^\//i.test(s) ? s : `https://${s}`, 'https://www.linkedin.com/');
  } catch {
    return null;
  }
  if (/(^|\.)linkedin\.com$/i.test(url.hostname)) {
    const target = url.pathname.startsWith('/redir/') ? url.searchParams.get('url') : null;
    return target && depth === 0 ? domainOfUrl(target, 1) : null;
  }
  if (!/^https?:$/.test(url.protocol) || /(^|\.)(lnkd\.in|licdn\.com)$/i.test(url.hostname)) return null;
  return normalizeDomain(url.hostname);
}

/**
 * The first plain line after the name, in the name's own card, that is not pronouns, degree or a link:
 * the headline. Other sections (Experience, About…) are never read.
 */
function firstLine(top: Element, nameEl: Element, name: string): string | null {
  const card = top.closest('section');
  for (const el of top.querySelectorAll('p, div, span')) {
    if (el.children.length > 0 || el.closest('a, button, h1, h2') || el.closest(SCREEN_READER_TEXT)) continue;
    if (el.closest('section') !== card || !(nameEl.compareDocumentPosition(el) & 0x4)) continue; // 0x4: follows
    const text = visibleText(el);
    if (!text || text === name || text.length > 300) continue;
    if (/^\(.*\)$/.test(text) || /^[·•]/.test(text) || /^\d+(st|nd|rd|th)?\+?$/i.test(text)) continue;
    return text;
  }
  return null;
}

/** Texts of the leaf elements under `el` in document order, outside `exclude` and screen-reader copies. */
function leafTexts(el: Element, exclude: Element | null): string[] {
  const out: string[] = [];
  for (const node of el.querySelectorAll('*')) {
    if (node.children.length > 0 || exclude?.contains(node) || node.closest(SCREEN_READER_TEXT)) continue;
    const text = visibleText(node);
    if (text) out.push(text);
  }
  return out;
}

/** Text as a sighted reader sees it: screen-reader copies, scripts and styles left out, spaces collapsed. */
function visibleText(el: Element | null | undefined): string | null {
  if (!el) return null;
  const parts: string[] = [];
  const walker = el.ownerDocument.createTreeWalker(el, 0x4); // text nodes
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest(`${SCREEN_READER_TEXT}, script, style, template`)) continue;
    parts.push(node.textContent ?? '');
  }
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text || null;
}

function sameName(a: string, b: string): boolean {
  const key = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return key(a) === key(b);
}
