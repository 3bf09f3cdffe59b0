import { normalizeDomain, normalizeEmail, parseLinkedin } from '@rapport/shared';

/*
 * Links built from what Rapport stores: an https URL (or a mailto address) whose only variable part is a
 * domain, slug or address that reads back unchanged through the shared normalisers. A stored value that is
 * anything else gets no link at all, so it can never become a `javascript:` URL or reach another host.
 */

/**
 * An account domain's website, or null when the value is not a plain domain.
 * @example websiteUrl('acme.example') // 'https://acme.example/'
 */
export function websiteUrl(domain: string): string | null {
  return normalizeDomain(domain) === domain ? `https://${domain}/` : null;
}

/**
 * A company page on LinkedIn, or null when the value is not a company slug.
 * @example linkedinCompanyUrl('acme-corp') // 'https://www.linkedin.com/company/acme-corp/'
 */
export function linkedinCompanyUrl(slug: string): string | null {
  return linkedinUrl('company', slug);
}

/**
 * A person's LinkedIn profile, or null when the value is not a profile slug.
 * @example linkedinProfileUrl('jane-doe-1a2b') // 'https://www.linkedin.com/in/jane-doe-1a2b/'
 */
export function linkedinProfileUrl(slug: string): string | null {
  return linkedinUrl('in', slug);
}

function linkedinUrl(section: 'company' | 'in', slug: string): string | null {
  if (parseLinkedin(`${section}:${slug}`)?.slug !== slug) return null;
  return `https://www.linkedin.com/${section}/${encodeURIComponent(slug)}/`;
}

/**
 * A mailto link for a stored address, or null when it is not one. Characters with a meaning in a URL
 * (`?`, `#`, `%`, `&`…), which an address's local part may hold, are percent-encoded.
 * @example mailtoUrl('jane+crm@acme.example') // 'mailto:jane+crm@acme.example'
 */
export function mailtoUrl(email: string): string | null {
  if (normalizeEmail(email) !== email) return null;
  return `mailto:${email.replace(/[^\w.@+-]/gu, (c) => encodeURIComponent(c))}`;
}

/**
 * A web page a person saved as a link (a logged touch's URL), or null unless it is an absolute http(s) URL:
 * `javascript:`, `data:` and the like never become a link. Returns the URL as the parser writes it.
 * @example externalPageUrl('https://mail.google.com/mail/u/0/#inbox/FMfcg') // the same URL
 * @example externalPageUrl('javascript:alert(1)') // null
 */
export function externalPageUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}
