import { Readable } from 'node:stream';

import { CLOSED_STAGES, OPPORTUNITY_STAGES } from '@rapport/shared';

import { EXPORT_FORMAT, EXPORT_VERSION } from '../../server/src/transfer/export';
import { SECTIONS } from '../../server/src/transfer/export-spec';
import { mix, Random } from './random';

/*
 * The benchmark's organisation (issue 7), made up deterministically from a seed: at scale 1, 100,000
 * accounts with two domains each, 1,000,000 contacts (one email each at one of their account's domains,
 * 30 % with a LinkedIn slug), 200,000 opportunities (about 40 % open) and about 250,000 stakeholder
 * roles on about 200,000 contacts who also have a stance and an influence. Every account's contacts and
 * opportunities come from its own random stream, so a lookup batch can rebuild one account without
 * generating the rest. The data leaves as a JSON snapshot in the export format, streamed.
 */

const FIRST = [
  'Anna',
  'Luca',
  'Marta',
  'Jonas',
  'Sofia',
  'Pietro',
  'Helena',
  'Karl',
  'Elena',
  'Tomas',
  'Giulia',
  'Henrik',
  'Chiara',
  'Lars',
  'Ines',
  'Marco',
  'Freya',
  'Paolo',
  'Ingrid',
  'Matteo',
  'Nora',
  'Felix',
  'Clara',
  'Erik',
  'Lena',
  'Hugo',
  'Alice',
  'Oskar',
  'Sara',
  'Diego',
  'Mia',
  'Viktor',
  'Emma',
  'Bruno',
  'Olga',
  'Rafael',
];
const LAST = [
  'Rossi',
  'Brandt',
  'Jensen',
  'Lindqvist',
  'Moretti',
  'Schulz',
  'Novak',
  'Weber',
  'Bianchi',
  'Nilsson',
  'Ferrari',
  'Keller',
  'Dubois',
  'Larsen',
  'Romano',
  'Fischer',
  'Costa',
  'Berg',
  'Marino',
  'Hansen',
  'Greco',
  'Wagner',
  'Conti',
  'Holm',
  'Ricci',
  'Becker',
  'Lombardi',
  'Svensson',
  'Gallo',
  'Richter',
];
const NAME_HEAD = [
  'Kestrel',
  'Norrland',
  'Castellan',
  'Alpine',
  'Baltic',
  'Vega',
  'Orion',
  'Tirreno',
  'Fjord',
  'Meridian',
  'Aurora',
  'Dolomiti',
  'Helix',
  'Borealis',
  'Lagoon',
  'Granite',
  'Cobalt',
  'Sirius',
  'Adriatic',
  'Polaris',
];
const NAME_TAIL = [
  'Aerostructures',
  'Components',
  'Foods',
  'Logistics',
  'Pharma',
  'Textiles',
  'Energy',
  'Robotics',
  'Marine',
  'Plastics',
  'Metals',
  'Packaging',
  'Optics',
  'Chemicals',
  'Motors',
  'Systems',
  'Ceramics',
  'Paper',
];
const INDUSTRIES = ['Aerospace', 'Automotive', 'Food and beverage', 'Pharmaceuticals', 'Energy', 'Logistics'];
const TITLES = [
  'Chief Operating Officer',
  'Head of Procurement',
  'Plant Manager',
  'Quality Engineer',
  'CFO',
  'Purchasing Manager',
  'R&D Director',
  'Buyer',
  'Supply Chain Lead',
  'Maintenance Manager',
];
const ROLES = ['economic_buyer', 'technical_decision_maker', 'purchasing', 'executive_sponsor', 'influencer'];
const STANCES = ['champion', 'supporter', 'neutral', 'skeptic', 'blocker'];
const INFLUENCES = ['high', 'medium', 'low'];
const PRODUCTS = ['Precision Bearings', 'Seals', 'Linear Guides', 'Gearboxes', 'Couplings', 'Lubricants'];
const OPEN_STAGES = OPPORTUNITY_STAGES.filter((s) => !CLOSED_STAGES.includes(s));

/** Users in every data set, whatever the scale: an admin, account managers (owners) and sales reps. */
const MANAGERS = 12;
const REPS = 24;
/** Contacts and opportunities per account on average; each account varies by up to the spread. */
const CONTACTS_PER_ACCOUNT = 10;
const CONTACT_SPREAD = 8;
const OPPORTUNITIES_PER_ACCOUNT = 2;
const OPPORTUNITY_SPREAD = 2;

/** The domain of the company that runs the server (its users' addresses). */
export const OUR_DOMAIN = 'ourco.example';
const DAY = 86_400_000;
const EPOCH = Date.UTC(2025, 0, 1);

type Json = Record<string, unknown>;

/** One account's stakeholder as the lookup check needs it. */
export interface BenchContact {
  id: string;
  email: string;
  record: Json;
}

/** One account with its domains and contacts. */
export interface BenchAccount {
  index: number;
  id: string;
  domains: string[];
  record: Json;
  contacts: BenchContact[];
}

const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(20, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const slugOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The data set at a scale (1 = the full one of issue 7), rebuilt the same from the same seed.
 * @example
 * const data = new DataSet(7, 0.002); // 200 accounts, 2,000 contacts
 * await importSnapshot(db, data.snapshot(), { dryRun: false, actorId: null });
 */
export class DataSet {
  readonly accounts: number;
  readonly contacts: number;
  readonly opportunities: number;
  readonly users: number;
  private readonly managerIds: string[];
  private readonly repIds: string[];

  constructor(
    readonly seed: number,
    scale: number,
  ) {
    this.accounts = Math.max(10, Math.round(100_000 * scale));
    this.contacts = this.accounts * CONTACTS_PER_ACCOUNT;
    this.opportunities = this.accounts * OPPORTUNITIES_PER_ACCOUNT;
    this.users = 1 + MANAGERS + REPS;
    this.managerIds = Array.from({ length: MANAGERS }, (_, i) => id('u', 1 + i));
    this.repIds = Array.from({ length: REPS }, (_, i) => id('u', 1 + MANAGERS + i));
  }

  /** Where account `i`'s share of `per`-per-account items starts: the same total, uneven accounts. */
  private start(kind: number, per: number, spread: number, i: number): number {
    const jitter = i === 0 || i === this.accounts ? 0 : mix(this.seed, kind, i) % (spread + 1);
    return i * per + jitter;
  }

  /** Account `i` (0-based) with its domains and contacts. */
  account(i: number): BenchAccount {
    const { record, domains, created } = this.header(i);
    const accountId = record.id as string;
    const ownerId = record.ownerId as string | null;
    const r = new Random(mix(this.seed, 6, i));
    const from = this.start(2, CONTACTS_PER_ACCOUNT, CONTACT_SPREAD, i);
    const to = this.start(2, CONTACTS_PER_ACCOUNT, CONTACT_SPREAD, i + 1);
    const locals = new Set<string>();
    const contacts: BenchContact[] = [];
    for (let n = from; n < to; n++) {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      let local = `${first}.${last}`.toLowerCase();
      if (locals.has(local)) local = `${local}${n - from}`;
      locals.add(local);
      const email = `${local}@${r.chance(0.8) ? domains[0] : domains[1]}`;
      const stakeholder = r.chance(0.2);
      const roles = stakeholder ? [...new Set([r.pick(ROLES), r.chance(0.25) ? r.pick(ROLES) : ''])] : [];
      const seen = created + r.int(300) * DAY;
      const record: Json = {
        id: id('c', n),
        accountId,
        name: `${first} ${last}`,
        title: r.chance(0.7) ? r.pick(TITLES) : null,
        stance: stakeholder ? r.pick(STANCES) : null,
        influence: stakeholder ? r.pick(INFLUENCES) : null,
        reportsToId: null,
        relationshipOwnerId: stakeholder && r.chance(0.3) ? (ownerId ?? r.pick(this.repIds)) : null,
        lastContactedAt: r.chance(0.3) ? iso(seen) : null,
        notes: '',
        createdAt: iso(created),
        updatedAt: iso(created),
        version: 1,
        emails: [email],
        linkedinSlug: r.chance(0.3) ? `${slugOf(`${first}-${last}`)}-${n.toString(36)}` : null,
        linkedinAliases: [],
        roles: roles.filter(Boolean),
      };
      contacts.push({ id: record.id as string, email, record });
    }
    return { index: i, id: accountId, domains, record, contacts };
  }

  /** Account `i`'s own record, without its contacts. */
  private header(i: number): { record: Json; domains: string[]; created: number } {
    const r = new Random(mix(this.seed, 1, i));
    const name = `${r.pick(NAME_HEAD)} ${r.pick(NAME_TAIL)}`;
    const base = `${slugOf(name)}-${i.toString(36)}`;
    const domains = [`${base}.example`, `${base}-group.example`];
    const owned = r.chance(0.65);
    const ownerId = owned ? r.pick(this.managerIds) : null;
    const reps = [...new Set([r.pick(this.repIds), r.pick(this.repIds)])].slice(0, r.int(3));
    const created = EPOCH + r.int(300) * DAY;
    const record: Json = {
      id: id('a', i),
      name,
      status: r.pick(['prospect', 'prospect', 'customer', 'customer', 'former_customer']),
      tier: owned && r.chance(0.3) ? 'key' : 'standard',
      ownerId,
      industry: r.chance(0.8) ? r.pick(INDUSTRIES) : null,
      notes: '',
      createdAt: iso(created),
      updatedAt: iso(created),
      version: 1,
      domains,
      linkedinSlug: r.chance(0.7) ? base : null,
      linkedinAliases: [],
      repIds: reps,
    };
    return { record, domains, created };
  }

  /** Account `i`'s opportunities: open ones (soonest first in the overlay) and closed ones. */
  private opportunitiesOf(i: number, ownerId: string | null): Json[] {
    const r = new Random(mix(this.seed, 3, i));
    const from = this.start(4, OPPORTUNITIES_PER_ACCOUNT, OPPORTUNITY_SPREAD, i);
    const to = this.start(4, OPPORTUNITIES_PER_ACCOUNT, OPPORTUNITY_SPREAD, i + 1);
    const out: Json[] = [];
    for (let n = from; n < to; n++) {
      const open = r.chance(0.4);
      const stage = open ? r.pick(OPEN_STAGES) : r.chance(0.6) ? 'won' : 'lost';
      const contract = r.chance(0.4);
      const created = EPOCH + r.int(500) * DAY;
      const closed = open ? null : iso(created + r.int(120) * DAY);
      const owner = ownerId ?? r.pick(this.managerIds);
      const product = r.int(PRODUCTS.length);
      out.push({
        id: id('o', n),
        accountId: id('a', i),
        title: `${PRODUCTS[product]} ${contract ? 'supply contract' : 'order'} ${2025 + r.int(3)}`,
        type: r.pick(['new_business', 'expansion', 'renewal']),
        kind: contract ? 'contract' : 'order',
        termMonths: contract ? r.pick([12, 24, 36]) : null,
        productLineId: id('p', product),
        amount: (1 + r.int(500)) * 10_000,
        currency: 'EUR',
        stage,
        expectedCloseDate: open || r.chance(0.7) ? iso(created + r.int(365) * DAY).slice(0, 10) : null,
        ownerId: owner,
        nextStep: '',
        closedAt: closed,
        closeReason: null,
        contractStartDate: null,
        flaggedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        createdAt: iso(created),
        updatedAt: iso(created),
        version: 1,
        stageHistory: [
          { id: id('s', n), fromStage: null, toStage: stage, at: iso(created), userId: owner, reason: null },
        ],
      });
    }
    return out;
  }

  private *userRecords(): Generator<Json> {
    const at = iso(EPOCH);
    const user = (n: number, role: string) => {
      const r = new Random(mix(this.seed, 5, n));
      const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
      const email = `${slugOf(name).replace('-', '.')}${n}@${OUR_DOMAIN}`;
      return { id: id('u', n), email, name, role, active: true, createdAt: at, updatedAt: at, version: 1 };
    };
    yield user(0, 'admin');
    for (let n = 1; n <= MANAGERS; n++) yield user(n, 'account_manager');
    for (let n = 1 + MANAGERS; n < this.users; n++) yield user(n, 'sales_rep');
  }

  private *productLineRecords(): Generator<Json> {
    const at = iso(EPOCH);
    for (const [n, name] of PRODUCTS.entries()) {
      yield { id: id('p', n), name, code: null, active: true, createdAt: at, updatedAt: at, version: 1 };
    }
  }

  private *accountRecords(): Generator<Json> {
    for (let i = 0; i < this.accounts; i++) yield this.account(i).record;
  }

  private *contactRecords(): Generator<Json> {
    for (let i = 0; i < this.accounts; i++) for (const c of this.account(i).contacts) yield c.record;
  }

  private *opportunityRecords(): Generator<Json> {
    for (let i = 0; i < this.accounts; i++) {
      yield* this.opportunitiesOf(i, this.header(i).record.ownerId as string | null);
    }
  }

  /** Records per section of the snapshot, by its JSON key. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = Object.fromEntries(SECTIONS.map((s) => [s.key, 0]));
    counts.users = this.users;
    counts.productLines = PRODUCTS.length;
    counts.accounts = this.accounts;
    counts.contacts = this.contacts;
    counts.opportunities = this.opportunities;
    return counts;
  }

  /**
   * The whole data set as the text of a `rapport export` JSON snapshot, made while it is read (about
   * 64 KB at a time), never held whole.
   */
  snapshot(exportedAt = new Date()): Readable {
    const sections: Record<string, () => Iterable<Json>> = {
      users: () => this.userRecords(),
      productLines: () => this.productLineRecords(),
      accounts: () => this.accountRecords(),
      contacts: () => this.contactRecords(),
      opportunities: () => this.opportunityRecords(),
    };
    const counts = this.counts();
    function* text(): Generator<string> {
      const head = {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt,
        server: { dialect: 'sqlite' },
      };
      yield `${JSON.stringify({ ...head, counts }).slice(0, -1)},"data":{`;
      for (const [n, section] of SECTIONS.entries()) {
        yield `${n === 0 ? '' : ','}\n${JSON.stringify(section.key)}:[`;
        let first = true;
        for (const record of sections[section.key]?.() ?? []) {
          yield `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
          first = false;
        }
        yield ']';
      }
      yield '}}\n';
    }
    return Readable.from(chunks(text()), { objectMode: false });
  }
}

/** Joins small pieces of text into buffers of about 64 KB. */
function* chunks(pieces: Iterable<string>): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    parts.push(piece);
    size += piece.length;
    if (size >= 64 * 1024) {
      yield Buffer.from(parts.join(''));
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield Buffer.from(parts.join(''));
}
