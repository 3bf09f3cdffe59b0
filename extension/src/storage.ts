import { storage } from '#imports';

/** The Rapport server this browser is connected to, e.g. `https://rapport.example.com`; null when signed out. */
export const serverUrl = storage.defineItem<string | null>('local:serverUrl', { fallback: null });
