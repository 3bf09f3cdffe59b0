import type { Messages } from '../en';

const TARGETS: Record<string, string> = {
  json: 'Corpo JSON non valido',
  query: 'Parametri della query non validi',
  param: 'Parametro del percorso non valido',
  form: 'Modulo non valido',
  header: 'Intestazioni non valide',
  cookie: 'Cookie non validi',
};
const target = (t: string) => TARGETS[t] ?? `${t} non valido`;

export const validation: Messages['validation'] = {
  invalid: (t) => target(t),
  invalidAt: (t, path, message) => `${target(t)}: ${path}: ${message}`,
  line: (n, message) => `Riga ${n}: ${message}`,
  issue: {
    required: 'Obbligatorio',
    expected: (expected, received) => `Valore non valido: atteso ${expected}, ricevuto ${received}`,
    tooShort: (min) => (min === 1 ? 'Obbligatorio' : `Troppo corto: servono almeno ${min} caratteri`),
    tooLong: (max) => `Troppo lungo: al massimo ${max} caratteri`,
    tooSmall: (min, inclusive) =>
      inclusive ? `Troppo piccolo: il minimo è ${min}` : `Troppo piccolo: deve essere maggiore di ${min}`,
    tooBig: (max, inclusive) =>
      inclusive ? `Troppo grande: il massimo è ${max}` : `Troppo grande: deve essere minore di ${max}`,
    tooFew: (min) => (min === 1 ? 'Serve almeno un elemento' : `Servono almeno ${min} elementi`),
    tooMany: (max) => (max === 1 ? 'Al massimo un elemento' : `Al massimo ${max} elementi`),
    email: 'Indirizzo email non valido',
    url: 'URL non valido',
    datetime: 'Data e ora non valide (formato ISO 8601)',
    date: 'Data non valida (formato AAAA-MM-GG)',
    format: 'Formato non valido',
    multipleOf: (n) => `Numero non valido: deve essere un multiplo di ${n}`,
    oneOf: (values) => `Opzione non valida: scegli tra ${values}`,
    unknownKeys: (keys) =>
      `${keys.length > 1 ? 'Campi non previsti' : 'Campo non previsto'}: ${keys.map((k) => `“${k}”`).join(', ')}`,
    invalid: 'Valore non valido',
  },
  custom: {
    invalidId: 'Id non valido',
    atLeastOneDay: 'Almeno 1 giorno',
    atMost30Days: 'Al massimo 30 giorni',
    badEmail: (value) => `“${value}” non è un indirizzo email valido`,
    badDomain: (value) => `“${value}” non è un dominio valido`,
    badCompanyPage: (value) => `“${value}” non è l’URL o lo slug di una pagina aziendale LinkedIn`,
    badProfile: (value) => `“${value}” non è l’URL o lo slug di un profilo LinkedIn`,
    currency: 'Usa un codice ISO 4217, ad esempio EUR o USD',
    lookupNeedsOne: 'Indica almeno un indirizzo email o un URL LinkedIn',
    productLineTwice: 'Questa linea di prodotto compare due volte',
    objectiveTwice: 'Questo obiettivo compare due volte',
    actionTwice: 'Questa azione compare due volte',
    searchEmpty: 'Scrivi qualcosa da cercare',
    origin: 'Un’origine ha la forma schema://host[:porta], senza percorso',
    httpLink: 'Usa un link http(s)',
    passwordLength: 'Usa almeno 10 caratteri',
    emailHasNoNotes: 'Rapport non memorizza mai il testo di un’email: lascia vuote le note',
  },
  types: {
    string: 'testo',
    number: 'numero',
    int: 'numero intero',
    boolean: 'vero o falso',
    array: 'elenco',
    object: 'oggetto',
    date: 'data',
    null: 'null',
    undefined: 'niente',
  },
};
