import type { Held, Messages, Thing } from '../en';

/** Italian names of records, with the article and gender the sentences need. */
const things: Messages['errors']['things'] = {
  account: 'Account',
  contact: 'Stakeholder',
  opportunity: 'Opportunità',
  user: 'Utente',
  invite: 'Invito',
  token: 'Token',
  productLine: 'Linea di prodotto',
  touch: 'Interazione',
  accountPlan: 'Piano dell’account',
  settings: 'Impostazioni',
  exportFile: 'File di esportazione',
};
const FEMININE = new Set<Thing>(['opportunity', 'productLine', 'touch']);
const THE: Record<Thing, string> = {
  account: 'l’account',
  contact: 'lo stakeholder',
  opportunity: 'l’opportunità',
  user: 'l’utente',
  invite: 'l’invito',
  token: 'il token',
  productLine: 'la linea di prodotto',
  touch: 'l’interazione',
  accountPlan: 'il piano dell’account',
  settings: 'le impostazioni',
  exportFile: 'il file di esportazione',
};
/** What a CSV import holds (`accounts`, `contacts`, `opportunities`), as `needColumn` names it. */
const IMPORTED: Record<string, string> = {
  accounts: 'account',
  contacts: 'stakeholder',
  opportunities: 'opportunità',
};
const found = (what: Thing) => (what === 'settings' ? 'trovate' : FEMININE.has(what) ? 'trovata' : 'trovato');

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const list = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} e ${parts.at(-1)}`;

export const errors: Messages['errors'] = {
  things,
  notFound: (what) => `${things[what]} non ${found(what)}`,
  mergedInto: (what, id, merged) =>
    `${things[what]} ${id} ${FEMININE.has(what) ? 'è stata unita' : 'è stato unito'} a ${merged}`,
  versionConflict: (what) =>
    `Qualcun altro ha modificato ${THE[what]} nel frattempo: controlla la versione attuale e applica di nuovo le tue modifiche`,
  forbidden: 'Il tuo ruolo non consente questa operazione',
  noRoute: (method, path) => `Nessun percorso per ${method} ${path}`,
  internal: 'Si è verificato un errore sul server; è stato registrato',
  badRequest: 'Richiesta non valida',
  malformedJson: 'Il JSON nel corpo della richiesta non è valido',
  nulCharacter: 'Il testo non può contenere il carattere NUL (\\u0000 o %00)',
  malformedForm: 'I dati del modulo nella richiesta non sono validi.',
  bodyTooLarge: (bytes) => `Il corpo della richiesta supera i ${bytes} byte`,
  fileTooLarge: (bytes) => `Il file supera i ${bytes} byte (RAPPORT_IMPORT_LIMIT)`,
  rateLimited: (seconds) =>
    `Troppi tentativi; riprova tra ${seconds} ${seconds === 1 ? 'secondo' : 'secondi'}`,
  idempotency: {
    badKey: 'Idempotency-Key deve avere da 1 a 200 caratteri ASCII visibili',
    reused:
      'Questa Idempotency-Key è già stata usata per una richiesta diversa; usa una nuova chiave per una nuova richiesta',
    running: 'La prima richiesta con questa Idempotency-Key è ancora in corso; riprova tra un momento',
  },
  db: {
    unique: 'Un altro record ha già uno di questi valori univoci (email, dominio o slug)',
    reference: 'Un record collegato è stato modificato o eliminato nel frattempo; ricarica e riprova',
    rule: 'Il record viola una regola del modello dati (ad esempio un account chiave senza responsabile)',
    unavailable: 'Il database non è disponibile; riprova tra poco',
  },
  auth: {
    noToken: 'Accedi prima: invia Authorization: Bearer <token>',
    badToken: 'Questo token non è valido, è scaduto o è stato revocato; accedi di nuovo',
    badLogin: 'Email o password errate',
    deactivated: 'Questo utente è disattivato; rivolgiti a un amministratore',
    setupDone: 'La configurazione è già completa; accedi',
    badSetupToken: 'Questo token di configurazione non è valido; usa il link stampato all’avvio',
    setupExpired: 'Questo link di configurazione è scaduto; riavvia il server per stamparne uno nuovo',
  },
  only: {
    acknowledge:
      'Solo il responsabile dell’account o un amministratore prende atto del nuovo business su questo account',
    addUsers: 'Solo gli amministratori aggiungono utenti',
    changeUsers: 'Solo gli amministratori modificano gli utenti',
    resetPasswords: 'Solo gli amministratori reimpostano le password',
    changeSettings: 'Solo gli amministratori modificano le impostazioni',
    importData: 'Solo gli amministratori importano dati',
    exportData: 'Solo gli amministratori esportano dati',
    readAudit: 'Solo gli amministratori consultano il registro attività',
    changeProducts: 'Solo gli amministratori modificano il catalogo prodotti',
    seeInvites: 'Solo gli amministratori vedono gli inviti',
    invite: 'Solo gli amministratori invitano utenti',
    withdrawInvites: 'Solo gli amministratori ritirano gli inviti',
    createOpportunities: 'Il tuo ruolo non può creare opportunità',
    logTouches: 'Chi ha accesso in sola lettura non registra interazioni',
    changeStakeholders: 'Chi ha accesso in sola lettura non può modificare gli stakeholder',
    createKeyAccounts: 'Solo gli account manager e gli amministratori creano account chiave',
    editAccount:
      'Solo il responsabile, i commerciali assegnati e gli amministratori modificano questo account',
    changeOwnership:
      'Solo il responsabile o un amministratore cambia il responsabile o il livello di questo account',
    deleteAccount: 'Solo il responsabile o un amministratore elimina questo account',
    mergeAccounts: 'Solo gli amministratori e l’account manager responsabile uniscono gli account',
    editOpportunity:
      'Solo il responsabile dell’opportunità, il team dell’account, i coordinatori vendite e gli amministratori modificano questa opportunità',
    deleteOpportunity:
      'Solo il responsabile dell’opportunità, il responsabile dell’account o un amministratore elimina questa opportunità',
    deleteTouch: 'Solo chi ha registrato questa interazione, o un amministratore, può rimuoverla',
    editPlan:
      'Solo il responsabile dell’account (un account manager) e gli amministratori modificano il suo piano',
    deleteStakeholder:
      'Solo il responsabile dell’account, il responsabile della relazione o un amministratore elimina questo stakeholder',
    personRights: 'Solo gli amministratori esportano o cancellano i dati di una persona',
  },
  users: {
    emailTaken: (email) => `Esiste già un utente con l’email ${email}`,
    notYourself: 'Non puoi disattivarti né ridurre il tuo ruolo; chiedi a un altro amministratore',
    lastAdminSelf:
      'Sei l’ultimo amministratore attivo: nomina prima amministratore un altro utente, poi chiedigli di modificarti',
    lastAdmin: (name) =>
      `${name} è l’ultimo amministratore attivo: nomina prima amministratore un altro utente`,
    noActiveUser: (ids) => `Nessun utente attivo con id ${ids}`,
  },
  invites: {
    isUser: (email) => `${email} è già un utente; cambiagli il ruolo o reimposta la password`,
    isUserSignIn: (email) => `${email} è già un utente: accedi`,
    emailIsUser: 'Questa email appartiene già a un utente: accedi',
    reactivateFirst: (name) => `${name} è disattivato; riattivalo prima`,
    alreadyUsed: 'Questo invito è già stato usato',
    alreadyExpired: 'Questo invito è già scaduto',
    alreadyRevoked: 'Questo invito è già stato ritirato',
    inviteUnknown:
      'Questo link di invito non è valido: controlla di averlo copiato per intero o chiedine uno nuovo all’amministratore',
    resetUnknown:
      'Questo link per reimpostare la password non è valido: controlla di averlo copiato per intero o chiedine uno nuovo all’amministratore',
    inviteUsed: 'Questo invito è già stato usato: accedi con la tua email e la tua password',
    resetUsed:
      'Questo link per reimpostare la password è già stato usato: accedi, o chiedi un nuovo link all’amministratore',
    inviteExpired: 'Questo link di invito è scaduto: chiedine uno nuovo all’amministratore',
    resetExpired: 'Questo link per reimpostare la password è scaduto: chiedine uno nuovo all’amministratore',
    inviteRevoked:
      'Questo link di invito è stato ritirato o sostituito da uno più recente: usa l’ultimo link ricevuto o rivolgiti all’amministratore',
    resetRevoked:
      'Questo link per reimpostare la password è stato ritirato o sostituito da uno più recente: usa l’ultimo link ricevuto o rivolgiti all’amministratore',
  },
  accounts: {
    keyNeedsOwner: 'Un account chiave deve avere un responsabile (un account manager)',
    ownerNotManager: 'Il responsabile di un account chiave deve essere un account manager',
    personalDomain: (domain) => `${domain} è un dominio di posta personale e non può identificare un account`,
    ownDomain: (domain) => `${domain} è uno dei domini della tua azienda`,
    domainTaken: (domain, name) => `Il dominio ${domain} appartiene all’account ${name}`,
    linkedInTaken: (slug) => `Un altro account ha la pagina LinkedIn ${slug}`,
    plansClash: (periods) =>
      `Entrambi gli account hanno un piano per ${periods}: unisci prima quei piani a mano (uno per periodo), poi unisci gli account`,
    stillHas: (held: Held) => {
      const parts = [
        held.contacts > 0 && count(held.contacts, 'stakeholder', 'stakeholder'),
        held.opportunities > 0 && count(held.opportunities, 'opportunità', 'opportunità'),
        held.touches > 0 && count(held.touches, 'interazione registrata', 'interazioni registrate'),
        held.plans > 0 && count(held.plans, 'piano', 'piani'),
      ].filter((p): p is string => p !== false);
      return `Questo account ha ancora ${list(parts)}; spostali o eliminali, oppure unisci prima questo account a un altro`;
    },
    mergeIntoItself: 'Un record non può essere unito a sé stesso',
    noAccount: (id) => `Nessun account con id ${id}`,
    noAccountMerged: (id, merged) => `Nessun account con id ${id} (unito a ${merged})`,
    noSuchAccount: 'Account inesistente',
  },
  contacts: {
    emailTaken: (email, name) => `${email} appartiene già a ${name}`,
    linkedInTaken: (slug) => `Un altro stakeholder ha il profilo LinkedIn ${slug}`,
    reportsToSelf: 'Una persona non può riportare a sé stessa',
    noContact: (id) => `Nessuno stakeholder con id ${id}`,
    noContactMerged: (id, merged) => `Nessuno stakeholder con id ${id} (unito a ${merged})`,
    noSuchContact: 'Stakeholder inesistente',
    managerElsewhere: 'Il superiore deve essere uno stakeholder dello stesso account',
    reportingLoop: 'Questo creerebbe un ciclo nella linea di riporto',
  },
  opportunities: {
    termRule: 'Un contratto di fornitura richiede termMonths; un ordine singolo no',
    closeReasonRule: 'Indica perché l’opportunità è stata vinta o persa (closeReason)',
    contractStartRule: 'Solo un contratto di fornitura ha una data di inizio',
    keepCloseReason:
      'Un’opportunità vinta o persa conserva il motivo di chiusura; riformulalo invece di toglierlo',
    onlyClosedHaveReason: 'Solo un’opportunità vinta o persa ha un motivo di chiusura',
    noProductLine: (id) => `Nessuna linea di prodotto con id ${id}`,
  },
  products: {
    nameTaken: 'Un’altra linea di prodotto ha già questo nome',
    codeTaken: 'Un’altra linea di prodotto ha già questo codice',
  },
  plans: {
    notAnObjective: (id) => `${id} non è un obiettivo di questo piano; ometti l’id per aggiungerne uno nuovo`,
    notAnAction: (id) => `${id} non è un’azione di questo piano; ometti l’id per aggiungerne una nuova`,
  },
  touches: {
    badCursor: 'Non è un cursore di questo elenco; rimanda il nextCursor ricevuto',
    inFuture: 'Un’interazione è qualcosa che è già avvenuto: non può essere nel futuro',
    noMatch:
      'Nessuno di questi partecipanti è uno stakeholder noto e non è stato indicato alcun account: aggiungi uno stakeholder o scegli l’account',
  },
  imports: {
    sendFile: 'Invia il file CSV come corpo della richiesta',
    emptyFile: 'Il file è vuoto: non ha una riga di intestazione',
    needColumn: (preset, entity, headers) =>
      `Un’esportazione di ${IMPORTED[entity] ?? entity} da ${preset} deve avere una colonna ${headers}`,
    expectedColumns:
      'Erano attese le colonne di un’esportazione di account, stakeholder o opportunità da HubSpot, Salesforce o Rapport (vedi docs/import.md)',
    unknownColumns: (headers, expected) =>
      `Dalle colonne non si capisce cosa contenga questo file (${headers}). ${expected}`,
  },
  console: {
    signInFirst: 'Accedi prima',
    adminsOnly: 'Questa pagina è riservata agli amministratori. Puoi gestire i tuoi token.',
    otherSite: 'Questo modulo è stato inviato da un altro sito ed è stato rifiutato',
    unknownSite:
      'Questo modulo non indica da quale sito è stato inviato ed è stato rifiutato; apri la pagina della console e invialo da lì',
    staleForm:
      'Questo modulo non è aggiornato o non è stato inviato dalla console; ricarica la pagina e riprova',
    signOutAgain: 'Ricarica la pagina ed esci di nuovo',
    noPage: 'Questa pagina non esiste nella console',
    formOnly:
      'Questo indirizzo accetta solo un modulo inviato da una pagina della console, non un link, quindi non è stato fatto nulla; torna alla pagina e usa il suo pulsante',
    unreadable: 'Impossibile leggere questa richiesta',
    backupSqliteOnly:
      'Il download dei backup è disponibile solo con SQLite; per PostgreSQL vedi la pagina Backup',
    uploadGone:
      'Questo caricamento non è più disponibile: è stato importato, scartato o è scaduto (i caricamenti restano per un’ora). Carica di nuovo il file',
    sendFormWithFile: 'Invia il modulo con il file',
    noExportFile: (file) => `Il file di esportazione ${file} non esiste`,
    fieldTooLong: (name) => `Il campo “${name}” del modulo è troppo lungo`,
    formUnreadable: 'Impossibile leggere il modulo',
    oneFile: 'Invia un file alla volta',
    tooManyFields: 'Il modulo ha troppi campi',
    endedEarly: 'Il caricamento si è interrotto; riprova',
  },
};
