/** Words a person reads for each enum value (the API's values stay snake_case). */
export const labels = {
  role: {
    economic_buyer: 'Economic buyer',
    technical_decision_maker: 'Technical decision-maker',
    purchasing: 'Purchasing',
    executive_sponsor: 'Executive sponsor',
    influencer: 'Influencer',
    end_user: 'End user',
    gatekeeper: 'Gatekeeper',
    legal: 'Legal',
  },
  stance: {
    champion: 'Champion',
    supporter: 'Supporter',
    neutral: 'Neutral',
    skeptic: 'Skeptic',
    blocker: 'Blocker',
  },
  influence: { high: 'High influence', medium: 'Medium influence', low: 'Low influence' },
  status: { prospect: 'Prospect', customer: 'Customer', former_customer: 'Former customer' },
  stage: {
    qualify: 'Qualify',
    discover: 'Discover',
    propose: 'Propose',
    negotiate: 'Negotiate',
    won: 'Won',
    lost: 'Lost',
  },
  type: { new_business: 'New business', expansion: 'Expansion', renewal: 'Renewal' },
  severity: { high: 'High', medium: 'Medium', low: 'Low' },
};
