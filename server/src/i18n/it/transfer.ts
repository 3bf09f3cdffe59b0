import type { Messages } from '../en';

/** Le sezioni di uno snapshot come le nomina un messaggio ("3 utenti"). */
const RECORDS = {
  users: 'utenti',
  settings: 'impostazioni',
  productLines: 'linee di prodotto',
  accounts: 'account',
  contacts: 'stakeholder',
  opportunities: 'opportunità',
  accountPlans: 'piani degli account',
  touches: 'interazioni',
  mergedIds: 'id uniti',
  externalIds: 'id esterni',
  auditLog: 'registro attività',
};

/** Una tabella a cui un record rimanda, con l’articolo negativo giusto ("nessun account", "nessuna linea"). */
const NONE: Record<string, string> = {
  users: 'nessun utente',
  accounts: 'nessun account',
  contacts: 'nessuno stakeholder',
  product_lines: 'nessuna linea di prodotto',
};

/** "a e b", "a, b e c". */
const and = (parts: string[]) =>
  parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} e ${parts[parts.length - 1]}`;

export const transfer: Messages['transfer'] = {
  title: 'Importazione ed esportazione',
  labels: {
    file: 'File',
    kind: 'Cosa importare',
    entity: 'Cosa contiene il file',
    preset: 'Esportato da',
    dateOrder: 'Le date come 03/04/2026 sono',
    decimal: 'Gli importi sono scritti come',
    currency: 'Valuta degli importi che non ne indicano una',
  },
  fromColumns: 'Deducilo dalle colonne',
  fromFile: 'Deducilo dal file',
  entities: {
    accounts: 'Account (aziende)',
    contacts: 'Contatti',
    opportunities: 'Opportunità (trattative)',
  },
  entityNames: { accounts: 'account', contacts: 'stakeholder', opportunities: 'opportunità' },
  dayFirst: 'Prima il giorno: 3 aprile 2026',
  monthFirst: 'Prima il mese: 4 marzo 2026',
  decimalPoint: '1,234.56 (punto decimale)',
  decimalComma: '1.234,56 (virgola decimale)',
  records: RECORDS,
  countRecords: 'Record',
  wouldCreate: 'Da creare',
  created: 'Creati',
  wouldUpdate: 'Da aggiornare',
  updated: 'Aggiornati',
  unchanged: 'Invariati',
  rejected: 'Scartati',
  rejectedRows: 'Righe scartate',
  rejectedRecords: 'Record scartati',
  lineHint: 'I numeri di riga contano l’intestazione come riga 1, come in un foglio di calcolo.',
  line: 'Riga',
  record: 'Record',
  why: 'Motivo',
  andMore: (more) => `e altri ${more}. Correggi prima questi, oppure importa il file da un terminale con`,
  andMoreAfter: 'per elencarli tutti.',
  columns: 'Colonne',
  column: 'Colonna',
  columnInFile: 'Colonna nel file',
  readInto: 'Letta in',
  ignored: 'ignorata',
  checkingAgain: 'Nuovo controllo di ogni riga prima della scrittura',
  importing: 'Importazione in corso',
  checking: 'Controllo del file (una prova: non viene scritto nulla)',
  progress: (doing, done, csv, percent) =>
    `${doing}: ${done} ${csv ? 'righe' : 'record'} finora${percent === null ? '' : ` (${percent}% del file)`}.`,
  intro:
    'Importa record da un’esportazione CSV di HubSpot, Salesforce o Rapport, trasferisci un intero server con uno snapshot JSON e scarica tutti i dati. Ogni importazione inizia con una prova che non scrive nulla.',
  csvTitle: 'Importa un file CSV',
  csvHint:
    'Account, stakeholder o opportunità. Le righe corrispondono ai record esistenti tramite l’id nell’altro sistema, il dominio, l’email o l’indirizzo LinkedIn, quindi importare di nuovo lo stesso file non cambia nulla.',
  decimalHint:
    'Per impostazione predefinita virgola decimale nei file separati da punto e virgola, altrimenti punto decimale.',
  currencyHint: 'Un codice ISO 4217, ad esempio EUR; vuoto: la valuta predefinita nelle Impostazioni.',
  uploadCheck: 'Carica e controlla (prova)',
  snapshotTitle: 'Importa uno snapshot JSON',
  snapshotFrom: 'Uno snapshot da',
  snapshotExport: 'Esporta',
  snapshotHere: '(qui o con',
  snapshotLoads: ') carica tutto, con id e cronologia,',
  snapshotEmptyOnly: 'solo in un server vuoto',
  snapshotRest:
    ': ancora nessun account, stakeholder, opportunità, piano o interazione, e nessun utente oltre a te. Per aggiungere record a un server con dati, importa invece dei file CSV.',
  passwords: 'Password:',
  passwordsRest:
    'uno snapshot non ne contiene. Tu mantieni la tua (se lo snapshot ha un utente con la tua email, diventi quell’utente); tutti gli altri hanno bisogno di un link per reimpostare la password dalla pagina Utenti prima di poter accedere.',
  exportTitle: 'Esporta',
  exportAbout:
    'Tutto ciò che il server contiene, utenti senza password né token. Ogni download viene registrato nel registro attività.',
  downloadSnapshot: 'Scarica lo snapshot JSON',
  exportHint: 'Per un altro server Rapport. Equivale a',
  csvFiles: 'File CSV, uno per tabella',
  fileLine: 'File',
  bytes: (n, _one) => `${n} byte`,
  progressLabel: 'Avanzamento',
  updatesItself: 'Questa pagina si aggiorna da sola; puoi lasciarla e tornare più tardi.',
  uploadAgain: 'Carica di nuovo un file',
  importedSkipped: (n, one) =>
    `Importazione completata: le righe valide sono state scritte, ${n} ${one ? 'riga scartata è stata saltata' : 'righe scartate sono state saltate'}.`,
  imported: 'Importazione completata.',
  nothingWritten: (n, one, csv) =>
    `Non è stato scritto nulla: ora ${n} ${csv ? (one ? 'riga risulta scartata' : 'righe risultano scartate') : one ? 'record risulta scartato' : 'record risultano scartati'}.`,
  fileDeleted: 'Il file è stato eliminato dal server.',
  whatWasDone: 'Cosa è stato fatto',
  backToTransfer: 'Torna a Importazione ed esportazione',
  readAs: 'Letto come',
  fromA: 'da un’esportazione',
  exportWord: '.',
  dryRunTitle: 'Prova: cosa farebbe l’importazione',
  nothingYet: 'Non è stato ancora scritto nulla.',
  importTitle: 'Importa',
  asChecked: 'Importa questo file così come è stato controllato.',
  perRow:
    ' Ogni riga viene scritta con la sua voce nel registro attività; una riga che non riesce viene esclusa per intero.',
  allOrNothing: ' Tutto o niente.',
  importSubmit: 'Importa',
  someRejected: (n, one) =>
    `${n} ${one ? 'riga è scartata' : 'righe sono scartate'}. Correggi il file e caricalo di nuovo, oppure importa ora le altre righe e quelle corrette in seguito (le righe già importate risulteranno invariate).`,
  importGood: 'Importa le righe valide, salta quelle scartate',
  snapshotRejected: (n, one) =>
    `Uno snapshot si importa tutto o niente: con ${n} ${one ? 'record scartato' : 'record scartati'} non può essere importato.`,
  discard: 'Annulla ed elimina il file',
  csvPageTitle: 'Importa un file CSV',
  snapshotPageTitle: 'Importa uno snapshot',
  databaseBusy: 'Il database è occupato; riprova tra un momento.',
  failed: 'Si è verificato un errore sul server; è stato registrato.',
  chooseFile: 'Scegli un file da importare',
  emptyFile: 'Il file è vuoto',
  importedAlready: 'Questo file è già stato importato; non è stato fatto nulla due volte.',
  notReady: 'Questo file non è pronto per l’importazione.',
  snapshotHasRejected:
    'Uno snapshot con record scartati non può essere importato; non è stato scritto nulla.',
  wait: 'Attendi che il lavoro su questo file sia terminato.',
  deleted: (name) => `${name ?? 'Il file'} è stato eliminato dal server.`,
  reasons: {
    notADate: (value) => `“${value}” non è una data`,
    notAnAmount: (value) => `“${value}” non è un importo`,
    negativeAmount: (value) => `“${value}” è negativo; un importo è zero o più`,
    tooManyDecimals: (value, currency, digits) =>
      `“${value}” ha più decimali di quanti ne ammetta ${currency} (${digits})`,
    tooLarge: (value) => `“${value}” è troppo grande`,
    notMinorUnits: (value) => `“${value}” non è un numero intero di unità minori (centesimi)`,
    empty: (label) => `${label} è vuoto`,
    isEmpty: 'è vuoto',
    invalidRow: 'Riga non valida',
    invalidOpportunity: 'Opportunità non valida',
    noName: (labels) => `Nessun nome: ${and(labels)} ${labels.length > 1 ? 'sono vuoti' : 'è vuoto'}`,
    unknownStage: (stage, stages) =>
      `“${stage}” non è una fase che conosciamo; usa una tra ${stages} (o i nomi delle fasi predefinite di Salesforce e HubSpot)`,
    notValidCsv: (why) => `CSV non valido: ${why}`,
    unreadableRow: 'riga illeggibile',
    quoteNotClosed:
      'CSV non valido: un valore tra virgolette che inizia qui non viene mai chiuso, quindi il resto del file non è stato letto',
    repeats: (line, same) =>
      `Ripete la riga ${line} (${same}) con valori diversi; tieni una sola delle due righe`,
    sameKey: {
      externalId: (preset, id) => `stesso id ${preset} ${id}`,
      domain: (domain) => `stesso dominio ${domain}`,
      email: (email) => `stessa email ${email}`,
      linkedin: (slug) => `stesso LinkedIn ${slug}`,
      title: 'stessi account e titolo',
      name: 'stesso nome',
    },
    notWritten: (why) => `Non scritta: ${why}`,
    owner: (why) => `Responsabile: ${why}`,
    relationshipOwner: (why) => `Responsabile della relazione: ${why}`,
    usersCalled: (n, name) => `${n} utenti si chiamano “${name}”; usa la loro email`,
    userDeactivated: (name) => `l’utente “${name}” è disattivato`,
    noUser: (name) =>
      `nessun utente “${name}” (per email o nome); aggiungi prima l’utente o lascia vuota la colonna`,
    domainsOfSeveral: (names) =>
      `I suoi domini appartengono ad account diversi (${and(names.map((n) => `“${n}”`))}); uniscili prima o dividi la riga`,
    accountsCalled: (n, name) =>
      `${n} account si chiamano “${name}”; aggiungi una colonna con il dominio o l’id per distinguerli`,
    accountsCalledRef: (n, name) =>
      `${n} account si chiamano “${name}”; aggiungi l’id o il dominio dell’account per distinguerli`,
    noAccountMatches: (ref) =>
      `Nessun account corrisponde a ${[
        ref.externalId && `id ${ref.externalId}`,
        ref.name && `“${ref.name}”`,
        ref.domain && `dominio ${ref.domain}`,
      ]
        .filter(Boolean)
        .join(', ')}; importa prima gli account`,
    matchingAccount: (name) => `L’account corrispondente “${name}”`,
    linkedElsewhere: (what, preset, other, id) => `${what} è il record ${other} di ${preset}, non ${id}`,
    emailsOfSeveral: 'I suoi indirizzi email appartengono a persone diverse; uniscile prima o dividi la riga',
    peopleCalled: (n, name) =>
      `${n} persone di questo account si chiamano “${name}”; aggiungi una colonna con l’email o l’id`,
    matchingPerson: (name) => `La persona corrispondente “${name}”`,
    someoneElse: 'un’altra persona',
    noAccountForContact:
      'Nessun account: la riga non indica alcuna azienda e nessun account ha il dominio della sua email',
    opportunitiesCalled: (n, title) =>
      `${n} opportunità di questo account si chiamano “${title}”; aggiungi una colonna con l’id`,
    matchingOpportunity: (title) => `L’opportunità “${title}” di questo account`,
    noAccountForOpportunity: 'Nessun account: la riga non indica alcun account',
    stakeholderReportsToSelf: 'Uno stakeholder non può riportare a sé stesso',
    moreProblems: (n) => `… e altri ${n} problemi`,
    missingBefore: (field, table, ids) =>
      `${field}: ${NONE[table] ?? `nessun record di ${table}`} ${ids} nello snapshot prima di questo record`,
    databaseRefused: (why) => `il database lo ha rifiutato: ${why}`,
    noManager: (manager, id) => `reportsToId: nessuno stakeholder ${manager} nello snapshot (id ${id})`,
    countsDiffer: (section, expected, found) =>
      `counts.${section} indica ${expected} record ma il file ne contiene ${found}; il file è stato modificato o troncato`,
    noSection: (section, expected) =>
      `counts.${section} indica ${expected} record ma il file non ha la sezione “${section}”`,
  },
  notes: {
    youAreUser: (email, id) =>
      `Ora tu (${email}) sei l’utente ${id} dello snapshot, con la tua password e le tue sessioni.`,
    extraAdmin: (email) =>
      `Lo snapshot non ha un utente con la tua email (${email}); resti un amministratore in più accanto ai suoi utenti.`,
    noPasswords: (n) =>
      `${n === 1 ? '1 utente è arrivato' : `${n} utenti sono arrivati`} senza password (un’esportazione non contiene segreti): ` +
      `invia ${n === 1 ? 'all’utente' : 'a ciascuno'} un link monouso dalla console di amministrazione (Utenti → Reimposta password) o con POST /api/v1/users/:id/password-reset. ` +
      'Se nessun amministratore può ancora accedere, esegui prima: pnpm rapport token create --email <email amministratore> --name setup',
  },
  snapshot: {
    wouldLockOut: (email, role) =>
      `Nello snapshot ${email} ${role === null ? 'è disattivato' : `ha il ruolo ${role}`}, non è un amministratore attivo: importarlo ti chiuderebbe fuori. Importalo invece dalla riga di comando (pnpm rapport import <file>) in un server senza utenti`,
    hasData: (found) =>
      `Questo server contiene già dati (${found
        .map(([n, section]) => `${(RECORDS as Record<string, string>)[section] ?? section}: ${n}`)
        .join(
          ', ',
        )}); uno snapshot si carica solo in un server nuovo e vuoto. Avvia un nuovo server (o database) e importalo lì.`,
    unknownSection: (section, sections) =>
      `Sezione “${section}” sconosciuta in data; questo server legge ${sections} (il file è stato creato da una versione più recente di Rapport?)`,
    sectionTwice: (section, twice, sections) =>
      `La sezione “${section}” ${twice ? 'compare due volte' : 'è fuori ordine'}; le sezioni vanno in questo ordine: ${sections}`,
    notAnExport: (format, expected) =>
      `Questo file non è un’esportazione di Rapport (il suo "format" è ${format}, non “${expected}”)`,
    newerVersion: (version, ours) =>
      `Questa esportazione ha la versione di formato ${version}, creata da una versione più recente di Rapport; aggiorna prima questo server (legge la versione ${ours})`,
    badEnvelope: (issues) => `L’intestazione dell’esportazione non è valida: ${issues}`,
  },
};
