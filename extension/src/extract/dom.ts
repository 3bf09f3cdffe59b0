/*
 * DOM helpers the site readers share (Gmail, Outlook): pure, never throwing on odd markup.
 */

/** False when the element or an ancestor is `display: none` or hidden (computed live, inline on a parsed page). */
export function isDisplayed(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  for (let node: Element | null = el; node; node = node.parentElement) {
    if ((node as HTMLElement).hidden) return false;
    const display = view ? view.getComputedStyle(node).display : (node as HTMLElement).style?.display;
    if (display === 'none') return false;
  }
  return true;
}

/** Elements matching `selector` under `root`, including `root` itself, outermost only. */
export function within(root: ParentNode, selector: string): Element[] {
  const found = Array.from(root.querySelectorAll(selector));
  if ((root as Node).nodeType === 1 && (root as Element).matches(selector)) found.unshift(root as Element);
  return outermost(found);
}

/** The elements of `list` that no other element of it contains. */
export function outermost(list: Iterable<Element>): Element[] {
  const all = [...list];
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el)));
}

/** The language the page says it is written in (`<html lang>`; Gmail and Outlook set it), else null. */
export function pageLanguage(root: ParentNode): string | null {
  const doc = (root as Partial<Document>).documentElement ? (root as Document) : (root as Node).ownerDocument;
  return doc?.documentElement?.lang || null;
}
