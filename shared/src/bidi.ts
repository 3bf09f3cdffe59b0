/** Explicit bidirectional formatting characters: embeddings, overrides (U+202A…U+202E) and isolates (U+2066…U+2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const ISOLATES = /[\u2066-\u2069]/g;

/**
 * A stored value (a name, a title) for setting inside a sentence: when it holds explicit bidi controls it is
 * wrapped in a first-strong isolate (U+2068 … U+2069), so an override typed into a name (U+202E) cannot
 * reverse the words around it; its own isolate characters are dropped first so none can close ours early.
 * Values without controls (Arabic or Hebrew names included) come back unchanged.
 * @example isolate('Ann\u202Eevil') // '\u2068Ann\u202Eevil\u2069'
 * @example isolate('Marta Rossi') // 'Marta Rossi'
 */
export function isolate(value: string): string {
  if (!BIDI_CONTROLS.test(value)) return value;
  return `\u2068${value.replace(ISOLATES, '')}\u2069`;
}

/** `isolate` for a value that may be missing. */
export function isolateOrNull(value: string | null): string | null {
  return value === null ? null : isolate(value);
}
