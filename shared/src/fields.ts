import { z } from 'zod';

import { normalizeDomain, normalizeEmail, parseLinkedin } from './normalize';

/** An email address given by a person; normalised (lower case, punycode) or rejected. */
export const zEmailInput = z
  .string()
  .max(320)
  .transform((v, ctx) => {
    const email = normalizeEmail(v);
    if (!email) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a valid email address` });
      return z.NEVER;
    }
    return email;
  });

/** A domain (or a URL of a site) given by a person; normalised or rejected. */
export const zDomainInput = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const domain = normalizeDomain(v);
    if (!domain) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a valid domain` });
      return z.NEVER;
    }
    return domain;
  });

function zLinkedinSlugInput(kind: 'profile' | 'company') {
  return z
    .string()
    .max(300)
    .transform((v, ctx) => {
      const ref = parseLinkedin(v);
      if (!ref || (ref.kind !== 'any' && ref.kind !== kind)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${v}" is not a LinkedIn ${kind === 'company' ? 'company page' : 'profile'} URL or slug`,
        });
        return z.NEVER;
      }
      return ref.slug;
    });
}

/** A LinkedIn profile URL or slug, normalised to the slug. */
export const zProfileSlugInput = zLinkedinSlugInput('profile');
/** A LinkedIn company page URL or slug, normalised to the slug. */
export const zCompanySlugInput = zLinkedinSlugInput('company');

/** A list without duplicates after normalisation (duplicates are dropped, order kept). */
export function uniqueList<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .transform((list) => [...new Set(list as string[])]);
}

/** An ISO 4217 currency code, upper-cased: `eur` becomes `EUR`. */
export const zCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR or USD');
