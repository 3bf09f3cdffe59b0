/* Issue 4: to be filled in. */
export {};
