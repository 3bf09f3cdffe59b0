/*
 * Validation messages: the prefix of a 400's message, zod's issues and the few custom messages of the shared
 * schemas. English requests keep zod's own wording (no error map is passed, so it stays byte-identical); the
 * `issue` group below states that wording and is what other languages translate.
 */

export const validation = {
  /** `Invalid json` (the target is json, query, param, form, header or cookie). */
  invalid: (target: string) => `Invalid ${target}`,
  invalidAt: (target: string, path: string, message: string) => `Invalid ${target}: ${path}: ${message}`,
  /** A list item's problem in a console form (`companyDomains.2`). */
  line: (n: number, message: string) => `Line ${n}: ${message}`,
  issue: {
    required: 'Required',
    expected: (expected: string, received: string) =>
      `Invalid input: expected ${expected}, received ${received}`,
    tooShort: (min: number) => `Too small: expected string to have >=${min} characters`,
    tooLong: (max: number) => `Too big: expected string to have <=${max} characters`,
    tooSmall: (min: string, inclusive: boolean) =>
      `Too small: expected number to be ${inclusive ? '>=' : '>'}${min}`,
    tooBig: (max: string, inclusive: boolean) =>
      `Too big: expected number to be ${inclusive ? '<=' : '<'}${max}`,
    tooFew: (min: number) => `Too small: expected array to have >=${min} items`,
    tooMany: (max: number) => `Too big: expected array to have <=${max} items`,
    email: 'Invalid email address',
    url: 'Invalid URL',
    datetime: 'Invalid ISO datetime',
    date: 'Invalid ISO date',
    format: 'Invalid string: must match pattern',
    multipleOf: (n: string) => `Invalid number: must be a multiple of ${n}`,
    oneOf: (values: string) => `Invalid option: expected one of ${values}`,
    unknownKeys: (keys: string[]) =>
      `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map((k) => `"${k}"`).join(', ')}`,
    invalid: 'Invalid input',
  },
  /** The custom messages of shared/src schemas (matched on the server by their English text). */
  custom: {
    invalidId: 'Invalid id',
    atLeastOneDay: 'At least 1 day',
    atMost30Days: 'At most 30 days',
    badEmail: (value: string) => `"${value}" is not a valid email address`,
    badDomain: (value: string) => `"${value}" is not a valid domain`,
    badCompanyPage: (value: string) => `"${value}" is not a LinkedIn company page URL or slug`,
    badProfile: (value: string) => `"${value}" is not a LinkedIn profile URL or slug`,
    currency: 'Use an ISO 4217 code such as EUR or USD',
    lookupNeedsOne: 'Give at least one email address or LinkedIn URL',
    productLineTwice: 'This product line is listed twice',
    objectiveTwice: 'This objective is listed twice',
    actionTwice: 'This action is listed twice',
    searchEmpty: 'Type something to search for',
    origin: 'An origin is scheme://host[:port], with no path',
    httpLink: 'Use an http(s) link',
    passwordLength: 'Use at least 10 characters',
    emailHasNoNotes: 'Rapport never stores the body of an email: leave notes empty',
  },
  /** Type names in `expected` messages. */
  types: {
    string: 'string',
    number: 'number',
    int: 'int',
    boolean: 'boolean',
    array: 'array',
    object: 'object',
    date: 'date',
    null: 'null',
    undefined: 'undefined',
  },
};
