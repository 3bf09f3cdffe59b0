import type { Messages } from '../en';

const list = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} e ${words.at(-1)}`;
const days = (n: number) => `${n} ${n === 1 ? 'giorno' : 'giorni'}`;
const months = (n: number) => `${n} ${n === 1 ? 'mese' : 'mesi'}`;
/** `il 3 novembre 2026`, `l’8 novembre 2026`, `l’11 marzo 2027`. */
const the = (date: string) => (/^(8|11)\D/.test(date) ? `l’${date}` : `il ${date}`);

export const signals: Messages['signals'] = {
  roles: {
    economic_buyer: 'decisore economico',
    technical_decision_maker: 'decisore tecnico',
    purchasing: 'ufficio acquisti',
    executive_sponsor: 'sponsor esecutivo',
    influencer: 'influenzatore',
    end_user: 'utente finale',
    gatekeeper: 'filtro',
    legal: 'ufficio legale',
  },
  introduce: {
    economic_buyer: 'chi approva il budget',
    technical_decision_maker: 'il decisore tecnico',
    purchasing: 'il suo referente dell’ufficio acquisti',
    executive_sponsor: 'uno sponsor esecutivo',
    influencer: 'altre persone che influenzano la scelta',
    end_user: 'le persone che useranno ciò che vendiamo',
    gatekeeper: 'chi organizza l’accesso ai decisori',
    legal: 'il suo referente dell’ufficio legale',
  },
  influence: { high: 'influenza alta', medium: 'influenza media', low: 'influenza bassa' },
  stages: {
    qualify: 'qualificazione',
    discover: 'analisi',
    propose: 'proposta',
    negotiate: 'trattativa',
    won: 'vinta',
    lost: 'persa',
  },
  list,
  ownership: {
    keyAccount: 'Account chiave',
    status: { prospect: 'Potenziale cliente', customer: 'Cliente', former_customer: 'Ex cliente' },
    account: 'Account',
    yours: (label) => `Il tuo ${label.toLowerCase()}`,
    noOwner: 'ancora senza responsabile',
    ownedBy: (name) => `responsabile: ${name ?? 'un ex collega'}`,
    line: (label, whose, rep) => `${label}, ${whose}${rep ? '; sei tra i commerciali assegnati' : ''}`,
  },
  noEconomicBuyer: {
    title: 'Nessun decisore economico individuato',
    whyOnly: (account, person) =>
      `L’unico referente che conosciamo in ${account}, ${person}, non è il decisore economico, quindi non sappiamo chi approva il budget.`,
    whySome: (count, account) =>
      `Nessuno dei ${count} referenti che conosciamo in ${account} è il decisore economico, quindi non sappiamo chi approva il budget.`,
    whyNobody: (account) =>
      `Non conosciamo ancora nessuno in ${account}, quindi nessuno risulta come decisore economico che approva il budget.`,
    nextAsk: (person, account) =>
      `Scopri chi approva il budget: chiedi a ${person} chi approva i contratti con i fornitori in ${account}, poi aggiungi quella persona con il ruolo di decisore economico.`,
    nextFind: (account) =>
      `Scopri chi approva il budget in ${account} (spesso un direttore finanziario o operativo) e aggiungi quella persona come stakeholder con il ruolo di decisore economico.`,
  },
  highInfluence: {
    title: (name) => `Nessun contatto recente con ${name}`,
    whyLast: (who, date, n, windowDays) =>
      `${who} ha un’influenza alta e l’ultimo contatto risale a ${days(n)} fa (${date}), oltre la finestra di copertura di ${days(windowDays)}.`,
    whyNever: (who) => `${who} ha un’influenza alta e non risulta alcun contatto.`,
    nextMine: (name) => `La relazione è tua: fissa una telefonata o un incontro con ${name} e registralo.`,
    nextOwner: (owner, name) =>
      `Chiedi a ${owner}, responsabile della relazione, di fissare una telefonata o un incontro con ${name} e di registrarlo.`,
    nextNobody: (name) =>
      `Fissa una telefonata o un incontro con ${name}, registralo e nomina un responsabile della relazione per restare in contatto.`,
  },
  blocker: {
    titleBlocker: (name) => `Oppositore: ${name}`,
    titleSkeptic: (name) => `Scettico: ${name}`,
    whyBlocker: (who, influence) =>
      `${who} è in questa conversazione e si oppone a noi (oppositore${influence ? `, ${influence}` : ''}).`,
    whySkeptic: (who, influence) =>
      `${who} è in questa conversazione e ha dubbi sulla nostra offerta (scettico${influence ? `, ${influence}` : ''}).`,
    nextBlocker: (name) =>
      `Prima di rispondere, affronta apertamente le obiezioni di ${name} invece di aggirarle`,
    nextSkeptic: (name) =>
      `Nella risposta, rispondi ai dubbi di ${name} con prove concrete (un cliente di riferimento, dei numeri, una prova)`,
    askChampion: (champion, name) => `chiedi a ${champion}, un promotore, come convincere ${name}`,
    checkOwner: (owner) => `confrontati con ${owner}, responsabile della relazione`,
    steps: (parts) => `${parts.join('; ')}.`,
  },
  singleThreaded: {
    title: 'Account con un solo referente',
    colleagues: 'i colleghi coinvolti nella decisione',
    why: (person, account) =>
      `${person} è l’unico referente che conosciamo in ${account}; se questa persona se ne va o cambia idea, perdiamo il nostro punto di accesso.`,
    next: (name, whom) => `Chiedi a ${name} di presentarti ${whom} e aggiungili come stakeholder.`,
  },
  contractEnding: {
    title: (title) => `Contratto in scadenza: ${title}`,
    why: (title, term, date, n, account) =>
      `Il contratto di fornitura “${title}”${term ? ` (${months(term)})` : ''} scade ${the(date)}, ${
        n === 0 ? 'oggi' : n === 1 ? 'domani' : `tra ${days(n)}`
      }, e ${account} non ha un’opportunità di rinnovo aperta.`,
    nextWith: (title, person, date) =>
      `Apri un’opportunità di rinnovo per “${title}” e concorda le condizioni con ${person} entro ${the(date)}.`,
    nextFind: (title, account, date) =>
      `Apri un’opportunità di rinnovo per “${title}” e scopri chi in ${account} decide sul rinnovo entro ${the(date)}.`,
  },
  newBusiness: {
    title: (opener) => `Nuovo business aperto da ${opener ?? 'un collega'}`,
    why: (opener, title, amount, stage, where, date) =>
      `${opener ?? 'Un collega'} ha aperto l’opportunità di nuovo business “${title}” (${amount}, ${stage}) su ${where}${date ? ` ${the(date)}` : ''}.`,
    whereMine: (key) => (key ? 'un tuo account chiave' : 'un tuo account'),
    whereOther: (account, key, owner) =>
      `${account}, ${key ? 'account chiave' : 'account'} di ${owner ?? 'un ex collega'},`,
    nextMine: (opener, title) =>
      `Parla con ${opener ?? 'il collega che l’ha aperta'} di “${title}” per lavorare sull’account insieme invece di sovrapporvi, poi prendine atto.`,
    nextOther: (owner, opener, title) =>
      `Assicurati che ${owner ?? 'il responsabile dell’account'} e ${opener ?? 'il collega che l’ha aperta'} si accordino su come gestire “${title}”; il responsabile ne prende atto quando l’hanno fatto.`,
  },
};
