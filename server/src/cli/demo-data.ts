import type {
  AccountStatus,
  AccountTier,
  BuyingRole,
  Influence,
  OpportunityKind,
  OpportunityStage,
  OpportunityType,
  Stance,
  UserRole,
} from '@rapport/shared';

/*
 * The demo organisation of `pnpm rapport demo`: Northpeak Components, an invented maker of bearings, linear
 * motion and drives, and seven invented customers and prospects. Every name is made up and every domain is
 * under `.example` (reserved by RFC 2606), so no real company or person is named and no mail can go anywhere.
 * Dates are relative to the day the demo is loaded, so "last contacted" and close dates stay current.
 */

/** Everyone signs in with this password; `demo` prints it and warns to deactivate the users before real use. */
export const DEMO_PASSWORD = 'rapport-demo';

/** The demo company's own domains: addresses there are colleagues, never accounts. */
export const DEMO_COMPANY_DOMAINS = ['northpeak.example', 'northpeak-components.example'];

export interface DemoUser {
  key: string;
  email: string;
  name: string;
  role: UserRole;
}

/** One user of each role; two account managers and two sales reps, as in a real sales team. */
export const DEMO_USERS: DemoUser[] = [
  { key: 'ada', email: 'ada@northpeak.example', name: 'Ada Lindqvist', role: 'admin' },
  { key: 'marta', email: 'marta@northpeak.example', name: 'Marta Rossi', role: 'account_manager' },
  { key: 'daniel', email: 'daniel@northpeak.example', name: 'Daniel Okafor', role: 'account_manager' },
  { key: 'sam', email: 'sam@northpeak.example', name: 'Sam Carter', role: 'sales_rep' },
  { key: 'lena', email: 'lena@northpeak.example', name: 'Lena Fischer', role: 'sales_rep' },
  { key: 'tomas', email: 'tomas@northpeak.example', name: 'Tomás Ruiz', role: 'coordinator' },
  { key: 'priya', email: 'priya@northpeak.example', name: 'Priya Nair', role: 'marketing' },
  { key: 'victor', email: 'victor@northpeak.example', name: 'Victor Chen', role: 'viewer' },
];

export interface DemoProduct {
  code: string;
  name: string;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  { code: 'BRG', name: 'Precision Bearings' },
  { code: 'LIN', name: 'Linear Motion' },
  { code: 'DRV', name: 'Drive Systems' },
  { code: 'SVC', name: 'Service & Spares' },
];

export interface DemoContact {
  key: string;
  name: string;
  title: string;
  emails: string[];
  linkedinSlug: string | null;
  roles: BuyingRole[];
  stance: Stance | null;
  influence: Influence | null;
  /** Key of the manager, a contact listed earlier in the same account. */
  reportsTo?: string;
  /** Key of the colleague (a `DemoUser`) who owns the relationship. */
  relationshipOwner?: string;
  /** Days since the last touch; absent when nobody has been in touch yet. */
  lastContactedDaysAgo?: number;
  notes?: string;
}

export interface DemoOpportunity {
  title: string;
  type: OpportunityType;
  kind: OpportunityKind;
  termMonths: number | null;
  product: string;
  /** In minor units (cents). */
  amount: number;
  currency: string;
  stage: OpportunityStage;
  /** Why a won or lost deal went that way (required for those stages). */
  closeReason?: string;
  /** Days from the load date; negative for deals that closed in the past (then also the day they closed). */
  closeInDays: number;
  owner: string;
  nextStep: string;
}

export interface DemoAccount {
  name: string;
  domains: string[];
  linkedinSlug: string | null;
  status: AccountStatus;
  tier: AccountTier;
  owner: string;
  reps: string[];
  industry: string;
  notes: string;
  contacts: DemoContact[];
  opportunities: DemoOpportunity[];
}

/**
 * Three key accounts owned by the account managers, with assigned reps and full buying committees; a group
 * prospect and its Nordic subsidiary on a subdomain of the group's domain (a lookup picks the most specific
 * domain); a prospect from a marketing lead; a former customer.
 */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    name: 'Kestrel Aerostructures',
    domains: ['kestrel-aero.example', 'kestrel-composites.example'],
    linkedinSlug: 'kestrel-aerostructures',
    status: 'customer',
    tier: 'key',
    owner: 'marta',
    reps: ['sam'],
    industry: 'Aerospace manufacturing',
    notes:
      'Largest bearings customer since 2019. The supply contract renews this year; a competitor quoted 8% lower.',
    contacts: [
      {
        key: 'helena',
        name: 'Helena Brandt',
        title: 'Chief Operating Officer',
        emails: ['helena.brandt@kestrel-aero.example'],
        linkedinSlug: 'helena-brandt-ops',
        roles: ['executive_sponsor', 'economic_buyer'],
        stance: 'supporter',
        influence: 'high',
        relationshipOwner: 'marta',
        lastContactedDaysAgo: 12,
        notes: 'Quarterly business review with Marta; cares about line stoppages more than price.',
      },
      {
        key: 'amara',
        name: 'Amara Osei',
        title: 'Director of Engineering',
        emails: ['amara.osei@kestrel-aero.example'],
        linkedinSlug: 'amara-osei-eng',
        roles: ['technical_decision_maker'],
        stance: 'champion',
        influence: 'high',
        reportsTo: 'helena',
        relationshipOwner: 'marta',
        lastContactedDaysAgo: 3,
      },
      {
        key: 'jonas',
        name: 'Jonas Weber',
        title: 'Head of Procurement',
        emails: ['jonas.weber@kestrel-aero.example', 'j.weber@kestrel-composites.example'],
        linkedinSlug: 'jonas-weber-procurement',
        roles: ['purchasing'],
        stance: 'skeptic',
        influence: 'medium',
        reportsTo: 'helena',
        relationshipOwner: 'sam',
        lastContactedDaysAgo: 8,
        notes: 'Asked for the competitor price match in writing.',
      },
      {
        key: 'felix',
        name: 'Felix Baumann',
        title: 'Senior Manufacturing Engineer',
        emails: ['felix.baumann@kestrel-composites.example'],
        linkedinSlug: null,
        roles: ['end_user', 'influencer'],
        stance: 'supporter',
        influence: 'low',
        reportsTo: 'amara',
        relationshipOwner: 'sam',
        lastContactedDaysAgo: 26,
      },
      {
        key: 'carla',
        name: 'Carla Jensen',
        title: 'Legal Counsel',
        emails: ['carla.jensen@kestrel-aero.example'],
        linkedinSlug: null,
        roles: ['legal'],
        stance: 'neutral',
        influence: 'medium',
        reportsTo: 'helena',
        relationshipOwner: 'marta',
      },
    ],
    opportunities: [
      {
        title: 'Bearings supply contract 2026–2028',
        type: 'renewal',
        kind: 'contract',
        termMonths: 36,
        product: 'BRG',
        amount: 184_000_000,
        currency: 'EUR',
        stage: 'negotiate',
        closeInDays: 45,
        owner: 'marta',
        nextStep: 'Agree the liability cap with Carla Jensen',
      },
      {
        title: 'Linear guides for the A-line retrofit',
        type: 'expansion',
        kind: 'order',
        termMonths: null,
        product: 'LIN',
        amount: 12_650_000,
        currency: 'EUR',
        stage: 'propose',
        closeInDays: 20,
        owner: 'sam',
        nextStep: 'Send the revised quote with a six-week lead time',
      },
      {
        title: 'Bearings frame contract 2023–2025',
        type: 'new_business',
        kind: 'contract',
        termMonths: 36,
        product: 'BRG',
        amount: 152_000_000,
        currency: 'EUR',
        stage: 'won',
        closeReason:
          'Three-year price lock with consignment stock at their plant; the incumbent offered neither',
        closeInDays: -1_050,
        owner: 'marta',
        nextStep: '',
      },
    ],
  },
  {
    name: 'Halden Rail Systems',
    domains: ['haldenrail.example', 'halden-service.example'],
    linkedinSlug: 'halden-rail-systems',
    status: 'customer',
    tier: 'key',
    owner: 'daniel',
    reps: ['lena', 'sam'],
    industry: 'Rail vehicles',
    notes: 'Bogie drives framework in discussion; the economic buyer for it is not known yet.',
    contacts: [
      {
        key: 'ingrid',
        name: 'Ingrid Solberg',
        title: 'VP Operations',
        emails: ['ingrid.solberg@haldenrail.example'],
        linkedinSlug: 'ingrid-solberg',
        roles: ['executive_sponsor'],
        stance: 'neutral',
        influence: 'high',
        relationshipOwner: 'daniel',
        lastContactedDaysAgo: 40,
      },
      {
        key: 'marek',
        name: 'Marek Nowak',
        title: 'Head of Rolling Stock Engineering',
        emails: ['marek.nowak@haldenrail.example'],
        linkedinSlug: 'marek-nowak-rail',
        roles: ['technical_decision_maker'],
        stance: 'champion',
        influence: 'high',
        reportsTo: 'ingrid',
        relationshipOwner: 'daniel',
        lastContactedDaysAgo: 3,
      },
      {
        key: 'sofie',
        name: 'Sofie Lund',
        title: 'Category Manager, Procurement',
        emails: ['sofie.lund@haldenrail.example'],
        linkedinSlug: 'sofie-lund',
        roles: ['purchasing'],
        stance: 'supporter',
        influence: 'medium',
        reportsTo: 'ingrid',
        relationshipOwner: 'lena',
        lastContactedDaysAgo: 9,
      },
      {
        key: 'pieter',
        name: 'Pieter de Vries',
        title: 'Maintenance Planner',
        emails: ['pieter.devries@halden-service.example'],
        linkedinSlug: null,
        roles: ['end_user'],
        stance: 'neutral',
        influence: 'low',
        reportsTo: 'marek',
        relationshipOwner: 'tomas',
        lastContactedDaysAgo: 60,
        notes: 'Places the spares orders; Tomás handles them.',
      },
    ],
    opportunities: [
      {
        title: 'Bogie drive units, framework agreement',
        type: 'expansion',
        kind: 'contract',
        termMonths: 48,
        product: 'DRV',
        amount: 320_000_000,
        currency: 'EUR',
        stage: 'discover',
        closeInDays: 120,
        owner: 'daniel',
        nextStep: 'Find out who signs off the framework budget',
      },
      {
        title: 'Spares for the 2025 overhaul',
        type: 'expansion',
        kind: 'order',
        termMonths: null,
        product: 'SVC',
        amount: 4_850_000,
        currency: 'EUR',
        stage: 'won',
        closeReason: 'Spares from stock inside the overhaul window; the other quote was twelve weeks out',
        closeInDays: -30,
        owner: 'lena',
        nextStep: '',
      },
      {
        title: 'Axle bearing trial lot',
        type: 'new_business',
        kind: 'order',
        termMonths: null,
        product: 'BRG',
        amount: 980_000,
        currency: 'EUR',
        stage: 'lost',
        closeReason: 'The incumbent matched our price after the trial and they stayed with them',
        closeInDays: -200,
        owner: 'lena',
        nextStep: '',
      },
    ],
  },
  {
    name: 'Corvina Foods',
    domains: ['corvina-foods.example'],
    linkedinSlug: 'corvina-foods',
    status: 'customer',
    tier: 'key',
    owner: 'marta',
    reps: ['lena'],
    industry: 'Food processing',
    notes: 'Washdown-rated parts on three lines. The CFO questions single sourcing.',
    contacts: [
      {
        key: 'elena',
        name: 'Elena Conti',
        title: 'Chief Operating Officer',
        emails: ['elena.conti@corvina-foods.example'],
        linkedinSlug: 'elena-conti-coo',
        roles: ['executive_sponsor'],
        stance: 'champion',
        influence: 'high',
        relationshipOwner: 'marta',
        lastContactedDaysAgo: 18,
      },
      {
        key: 'rosa',
        name: 'Rosa Marquez',
        title: 'Chief Financial Officer',
        emails: ['rosa.marquez@corvina-foods.example'],
        linkedinSlug: 'rosa-marquez-cfo',
        roles: ['economic_buyer'],
        stance: 'skeptic',
        influence: 'high',
        relationshipOwner: 'marta',
        lastContactedDaysAgo: 95,
        notes: 'Not met since the last price increase; plan a visit with Elena.',
      },
      {
        key: 'luca',
        name: 'Luca Bianchi',
        title: 'Plant Engineering Manager',
        emails: ['luca.bianchi@corvina-foods.example'],
        linkedinSlug: null,
        roles: ['technical_decision_maker'],
        stance: 'supporter',
        influence: 'medium',
        reportsTo: 'elena',
        relationshipOwner: 'lena',
        lastContactedDaysAgo: 6,
      },
      {
        key: 'nadia',
        name: 'Nadia Haddad',
        title: 'Senior Buyer',
        emails: ['nadia.haddad@corvina-foods.example'],
        linkedinSlug: 'nadia-haddad',
        roles: ['purchasing'],
        stance: 'blocker',
        influence: 'medium',
        reportsTo: 'rosa',
        relationshipOwner: 'lena',
        lastContactedDaysAgo: 14,
        notes: 'Runs a second-source tender for conveyor bearings.',
      },
      {
        key: 'tom',
        name: 'Tom Becker',
        title: 'Executive Assistant to the COO',
        emails: ['tom.becker@corvina-foods.example'],
        linkedinSlug: null,
        roles: ['gatekeeper'],
        stance: 'neutral',
        influence: 'low',
        reportsTo: 'elena',
        relationshipOwner: 'marta',
        lastContactedDaysAgo: 18,
      },
    ],
    opportunities: [
      {
        title: 'Conveyor bearings supply 2026',
        type: 'renewal',
        kind: 'contract',
        termMonths: 12,
        product: 'BRG',
        amount: 41_000_000,
        currency: 'EUR',
        stage: 'propose',
        closeInDays: 30,
        owner: 'marta',
        nextStep: 'Present total cost of ownership to Rosa Marquez',
      },
      {
        title: 'Washdown drive retrofit, line 3',
        type: 'expansion',
        kind: 'order',
        termMonths: null,
        product: 'DRV',
        amount: 7_300_000,
        currency: 'EUR',
        stage: 'qualify',
        closeInDays: 75,
        owner: 'lena',
        nextStep: 'Site survey with Luca Bianchi',
      },
    ],
  },
  {
    name: 'Orbis Logistics',
    domains: ['orbis-logistics.example'],
    linkedinSlug: 'orbis-logistics',
    status: 'prospect',
    tier: 'standard',
    owner: 'sam',
    reps: [],
    industry: 'Logistics',
    notes: 'Group headquarters; the Nordic subsidiary is already a customer.',
    contacts: [
      {
        key: 'beatriz',
        name: 'Beatriz Santos',
        title: 'Group Procurement Director',
        emails: ['beatriz.santos@orbis-logistics.example'],
        linkedinSlug: 'beatriz-santos-procurement',
        roles: ['purchasing', 'economic_buyer'],
        stance: 'neutral',
        influence: 'high',
        relationshipOwner: 'sam',
        lastContactedDaysAgo: 21,
      },
    ],
    opportunities: [
      {
        title: 'Sortation centre pilot',
        type: 'new_business',
        kind: 'order',
        termMonths: null,
        product: 'DRV',
        amount: 5_600_000,
        currency: 'EUR',
        stage: 'discover',
        closeInDays: 90,
        owner: 'sam',
        nextStep: 'Reference call with Orbis Nordics',
      },
    ],
  },
  {
    name: 'Orbis Logistics Nordics',
    domains: ['nordics.orbis-logistics.example'],
    linkedinSlug: null,
    status: 'customer',
    tier: 'standard',
    owner: 'lena',
    reps: [],
    industry: 'Logistics',
    notes: 'Runs the Gothenburg hub; orders through its own procurement.',
    contacts: [
      {
        key: 'emma',
        name: 'Emma Lindgren',
        title: 'Site Manager, Gothenburg',
        emails: ['emma.lindgren@nordics.orbis-logistics.example'],
        linkedinSlug: 'emma-lindgren',
        roles: ['economic_buyer'],
        stance: 'supporter',
        influence: 'high',
        relationshipOwner: 'lena',
        lastContactedDaysAgo: 30,
      },
      {
        key: 'mikael',
        name: 'Mikael Virtanen',
        title: 'Warehouse Technical Manager',
        emails: ['mikael.virtanen@nordics.orbis-logistics.example'],
        linkedinSlug: 'mikael-virtanen',
        roles: ['technical_decision_maker', 'purchasing'],
        stance: 'champion',
        influence: 'medium',
        reportsTo: 'emma',
        relationshipOwner: 'lena',
        lastContactedDaysAgo: 4,
      },
    ],
    opportunities: [
      {
        title: 'Conveyor drives, Gothenburg hub',
        type: 'new_business',
        kind: 'order',
        termMonths: null,
        product: 'DRV',
        amount: 31_000_000,
        currency: 'SEK',
        stage: 'won',
        closeReason: 'The IE4 drives paid back within two years in their energy calculation',
        closeInDays: -90,
        owner: 'lena',
        nextStep: '',
      },
      {
        title: 'Service contract, Nordic sites',
        type: 'expansion',
        kind: 'contract',
        termMonths: 24,
        product: 'SVC',
        amount: 15_000_000,
        currency: 'SEK',
        stage: 'negotiate',
        closeInDays: 25,
        owner: 'lena',
        nextStep: 'Mikael to confirm the response times',
      },
    ],
  },
  {
    name: 'Tessellate Robotics',
    domains: ['tessellate-robotics.example'],
    linkedinSlug: 'tessellate-robotics',
    status: 'prospect',
    tier: 'standard',
    owner: 'sam',
    reps: [],
    industry: 'Industrial automation',
    notes: 'Lead from the trade fair campaign (marketing).',
    contacts: [
      {
        key: 'yuki',
        name: 'Yuki Tanaka',
        title: 'Chief Technology Officer',
        emails: ['yuki.tanaka@tessellate-robotics.example'],
        linkedinSlug: 'yuki-tanaka-cto',
        roles: ['technical_decision_maker', 'economic_buyer'],
        stance: 'neutral',
        influence: 'high',
        relationshipOwner: 'sam',
        lastContactedDaysAgo: 6,
      },
      {
        key: 'owen',
        name: 'Owen Price',
        title: 'Mechanical Design Lead',
        emails: ['owen.price@tessellate-robotics.example'],
        linkedinSlug: 'owen-price-design',
        roles: ['influencer', 'end_user'],
        stance: 'supporter',
        influence: 'medium',
        reportsTo: 'yuki',
        relationshipOwner: 'priya',
        lastContactedDaysAgo: 11,
        notes: 'Downloaded the linear actuator white paper.',
      },
    ],
    opportunities: [
      {
        title: 'Linear actuators for the cobot range',
        type: 'new_business',
        kind: 'order',
        termMonths: null,
        product: 'LIN',
        amount: 2_200_000,
        currency: 'EUR',
        stage: 'qualify',
        closeInDays: 60,
        owner: 'sam',
        nextStep: 'Samples for the design review',
      },
    ],
  },
  {
    name: 'Pellworth Machining',
    domains: ['pellworth.example'],
    linkedinSlug: null,
    status: 'former_customer',
    tier: 'standard',
    owner: 'lena',
    reps: [],
    industry: 'Contract machining',
    notes: 'Moved to a cheaper supplier in the last renewal.',
    contacts: [
      {
        key: 'graham',
        name: 'Graham Holt',
        title: 'Purchasing Manager',
        emails: ['graham.holt@pellworth.example'],
        linkedinSlug: null,
        roles: ['purchasing'],
        stance: 'skeptic',
        influence: 'medium',
        relationshipOwner: 'lena',
        lastContactedDaysAgo: 200,
      },
    ],
    opportunities: [
      {
        title: 'Spindle bearings renewal',
        type: 'renewal',
        kind: 'contract',
        termMonths: 12,
        product: 'BRG',
        amount: 9_000_000,
        currency: 'EUR',
        stage: 'lost',
        closeReason: 'Moved to a local supplier with a two-week lead time',
        closeInDays: -400,
        owner: 'lena',
        nextStep: '',
      },
    ],
  },
];
