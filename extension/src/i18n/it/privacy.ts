import type { Messages } from '../en';

export const privacy: Messages['privacy'] = {
  title: 'Privacy',
  intro:
    'Per ogni sito, scegli quando Rapport può leggere la pagina. Con “Solo quando faccio clic”, su quel sito non viene eseguito alcuno script di Rapport finché non fai clic sul pulsante di Rapport nella barra degli strumenti del browser; da quel momento Rapport funziona su quella pagina finché non la ricarichi o non lasci il sito.',
  modeLegend: (site: string) => `Quando Rapport si attiva su ${site}`,
  automatic: 'Automaticamente',
  automaticHint: 'Rapport si avvia da solo su ogni pagina del sito.',
  onClick: 'Solo quando faccio clic',
  onClickHint: 'Sul sito non viene eseguito nulla finché non fai clic sul pulsante di Rapport in una pagina.',
  readsHeading: 'Cosa legge Rapport',
  sentHeading: 'Dove vengono inviati i dati',
  sites: {
    gmail: {
      reads:
        'Nella conversazione aperta, i nomi e gli indirizzi email nelle intestazioni dei messaggi (mittente, A, Cc) e i destinatari dell’email che stai scrivendo. L’oggetto e la data solo quando registri l’email dal pannello di Rapport. Mai il testo dei tuoi messaggi.',
      sent: 'Gli indirizzi delle persone esterne alla tua azienda, per trovare i loro account e stakeholder; quando registri l’email, anche oggetto, data e partecipanti.',
    },
    outlook: {
      reads:
        'Nel messaggio aperto, i nomi e gli indirizzi email nella sua intestazione (mittente, A, Cc) e i destinatari dell’email che stai scrivendo. L’oggetto e la data solo quando registri l’email dal pannello di Rapport. Mai il testo dei tuoi messaggi.',
      sent: 'Gli indirizzi delle persone esterne alla tua azienda, per trovare i loro account e stakeholder; quando registri l’email, anche oggetto, data e partecipanti.',
    },
    linkedin: {
      reads:
        'In un profilo, il suo indirizzo, il nome, la qualifica e il datore di lavoro attuale; nella pagina di un’azienda, il suo indirizzo, il nome, il sito web e il settore. Mai i tuoi messaggi o il tuo feed.',
      sent: 'L’indirizzo del profilo o dell’azienda, per trovare lo stakeholder o l’account; il nome, la qualifica e il datore di lavoro solo quando aggiungi la persona come stakeholder o crei l’account.',
    },
  },
  sentTo: (serverUrl: string) =>
    `Solo al tuo server Rapport, ${serverUrl}. Nulla viene inviato ad altri, e nulla del tutto finché non hai effettuato l’accesso.`,
  sentToNoServer:
    'Solo al tuo server Rapport, dopo l’accesso. Nulla viene inviato ad altri, e nulla del tutto finché non hai effettuato l’accesso.',
  savedAutomatic: (site: string) =>
    `Salvato: Rapport si avvierà da solo su ${site} dalla prossima pagina che apri.`,
  savedOnClick: (site: string) =>
    `Salvato: Rapport non si attiva più su ${site} finché non fai clic sul suo pulsante nella barra degli strumenti.`,
  saveFailed: 'Non è stato possibile salvare la scelta. Riprova.',
  shortcut:
    'Puoi anche avviare Rapport con una scorciatoia da tastiera: impostala per “Attiva l’estensione” nelle scorciatoie delle estensioni del browser (chrome://extensions/shortcuts in Chrome, “Gestisci scorciatoie estensioni” nella pagina dei componenti aggiuntivi di Firefox).',
  runningHere: (site: string) => `Rapport è attivo su questa pagina di ${site}.`,
  runningUntil: 'Finché non ricarichi la pagina o non lasci il sito.',
  noAccess: (site: string) =>
    `Rapport non ha potuto leggere questa pagina di ${site}: il browser non gli ha dato l’accesso. Ricarica la pagina, poi fai di nuovo clic sul pulsante di Rapport.`,
  startFailed: (site: string) =>
    `Non è stato possibile avviare Rapport su questa pagina di ${site}. Ricarica la pagina, poi fai di nuovo clic sul pulsante di Rapport.`,
};
