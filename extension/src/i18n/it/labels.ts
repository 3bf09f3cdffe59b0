import type { Messages } from '../en';

export const labels: Messages['labels'] = {
  role: {
    economic_buyer: 'Decisore economico',
    technical_decision_maker: 'Decisore tecnico',
    purchasing: 'Ufficio acquisti',
    executive_sponsor: 'Sponsor esecutivo',
    influencer: 'Influenzatore',
    end_user: 'Utente finale',
    gatekeeper: 'Filtro',
    legal: 'Ufficio legale',
  },
  stance: {
    champion: 'Promotore',
    supporter: 'Sostenitore',
    neutral: 'Neutrale',
    skeptic: 'Scettico',
    blocker: 'Oppositore',
  },
  influence: { high: 'Influenza alta', medium: 'Influenza media', low: 'Influenza bassa' },
  status: { prospect: 'Potenziale cliente', customer: 'Cliente', former_customer: 'Ex cliente' },
  stage: {
    qualify: 'Qualificazione',
    discover: 'Analisi',
    propose: 'Proposta',
    negotiate: 'Trattativa',
    won: 'Vinta',
    lost: 'Persa',
  },
  type: { new_business: 'Nuovo business', expansion: 'Espansione', renewal: 'Rinnovo' },
  severity: { high: 'Alta', medium: 'Media', low: 'Bassa' },
};
