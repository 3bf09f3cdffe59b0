import { m } from '../i18n';

/**
 * A link that opens in a new tab and gives the page it opens no handle on the popup (`noopener`) nor its
 * address (`noreferrer`). Build `href` with `./links.ts`, never from raw input.
 * @example {href && <ExternalLink href={href}>acme.example</ExternalLink>} // href = websiteUrl('acme.example')
 */
export function ExternalLink({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <span class="visually-hidden">{m.common.opensInNewTab}</span>
    </a>
  );
}
