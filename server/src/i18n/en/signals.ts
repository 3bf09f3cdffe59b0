import { listOf, plural } from '@rapport/shared';

/*
 * The `title`, `why` and `next` of each signal (lib/insights.ts). Names, titles and amounts come in already
 * written; dates are formatted for the request's language before they get here.
 */

export const signals = {
  /** A buying role as a phrase inside a sentence. */
  roles: {
    economic_buyer: 'economic buyer',
    technical_decision_maker: 'technical decision-maker',
    purchasing: 'purchasing',
    executive_sponsor: 'executive sponsor',
    influencer: 'influencer',
    end_user: 'end user',
    gatekeeper: 'gatekeeper',
    legal: 'legal',
  },
  /** Whom to ask an only stakeholder for, per buying role they do not hold. */
  introduce: {
    economic_buyer: 'whoever signs off the budget',
    technical_decision_maker: 'the technical decision-maker',
    purchasing: 'their purchasing contact',
    executive_sponsor: 'an executive sponsor',
    influencer: 'others who influence the choice',
    end_user: 'the people who will use what we sell',
    gatekeeper: 'whoever arranges access to the decision-makers',
    legal: 'their legal contact',
  },
  influence: { high: 'high influence', medium: 'medium influence', low: 'low influence' },
  stages: {
    qualify: 'qualify',
    discover: 'discover',
    propose: 'propose',
    negotiate: 'negotiate',
    won: 'won',
    lost: 'lost',
  },
  list: (words: string[]) => listOf(words),
  /** The overlay's line about who owns an account (lookup and account summary answers). */
  ownership: {
    keyAccount: 'Key account',
    status: { prospect: 'Prospect', customer: 'Customer', former_customer: 'Former customer' },
    account: 'Account',
    yours: (label: string) => `Your ${label.toLowerCase()}`,
    noOwner: 'no owner yet',
    ownedBy: (name: string | null) => `owned by ${name ?? 'a former colleague'}`,
    line: (label: string, whose: string, rep: boolean) =>
      `${label}, ${whose}${rep ? '; you are an assigned rep' : ''}`,
  },
  noEconomicBuyer: {
    title: 'No economic buyer identified',
    whyOnly: (account: string, person: string) =>
      `The one stakeholder we know at ${account}, ${person}, is not the economic buyer, so we do not know who signs off the budget.`,
    whySome: (count: number, account: string) =>
      `None of the ${count} stakeholders we know at ${account} is the economic buyer, so we do not know who signs off the budget.`,
    whyNobody: (account: string) =>
      `We know nobody at ${account} yet, so nobody is recorded as the economic buyer who signs off the budget.`,
    nextAsk: (person: string, account: string) =>
      `Find out who signs off the budget: ask ${person} who approves supplier contracts at ${account}, then add that person with the economic buyer role.`,
    nextFind: (account: string) =>
      `Find out who signs off the budget at ${account} (often a finance or operations director) and add them as a stakeholder with the economic buyer role.`,
  },
  highInfluence: {
    title: (name: string) => `No recent contact with ${name}`,
    whyLast: (who: string, date: string, days: number, windowDays: number) =>
      `${who} has high influence and was last contacted on ${date}, ${plural(days, 'day')} ago, beyond the ${windowDays}-day coverage window.`,
    whyNever: (who: string) => `${who} has high influence and has never been contacted.`,
    nextMine: (name: string) => `You own the relationship: book a call or meeting with ${name} and log it.`,
    nextOwner: (owner: string, name: string) =>
      `Ask ${owner}, who owns the relationship, to book a call or meeting with ${name}, and log it.`,
    nextNobody: (name: string) =>
      `Book a call or meeting with ${name}, log it, and make someone the relationship owner so we keep in touch.`,
  },
  blocker: {
    titleBlocker: (name: string) => `${name} is a blocker`,
    titleSkeptic: (name: string) => `${name} is a skeptic`,
    whyBlocker: (who: string, influence: string | null) =>
      `${who} is in this thread and stands against us (blocker${influence ? `, ${influence}` : ''}).`,
    whySkeptic: (who: string, influence: string | null) =>
      `${who} is in this thread and doubts our offer (skeptic${influence ? `, ${influence}` : ''}).`,
    nextBlocker: (name: string) =>
      `Before replying, answer ${name}'s objections head-on rather than working around them`,
    nextSkeptic: (name: string) =>
      `Address ${name}'s doubts with evidence (a reference customer, figures, a trial) in your reply`,
    askChampion: (champion: string, name: string) => `ask ${champion}, a champion, how to win ${name} over`,
    checkOwner: (owner: string) => `check with ${owner}, who owns the relationship`,
    /** The steps above as one sentence. */
    steps: (parts: string[]) => `${parts.join('; ')}.`,
  },
  singleThreaded: {
    title: 'Single-threaded account',
    colleagues: 'the colleagues involved in the decision',
    why: (person: string, account: string) =>
      `${person} is the only stakeholder we know at ${account}; if that person leaves or changes their mind, we lose our way in.`,
    next: (name: string, whom: string) =>
      `Ask ${name} to introduce you to ${whom}, and add them as stakeholders.`,
  },
  contractEnding: {
    title: (title: string) => `Contract ending: ${title}`,
    why: (title: string, months: number | null, date: string, days: number, account: string) =>
      `The supply contract "${title}"${months ? ` (${plural(months, 'month')})` : ''} ends on ${date}, ${
        days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`
      }, and ${account} has no open renewal opportunity.`,
    nextWith: (title: string, person: string, date: string) =>
      `Open a renewal opportunity for "${title}" and agree the terms with ${person} before ${date}.`,
    nextFind: (title: string, account: string, date: string) =>
      `Open a renewal opportunity for "${title}" and find out who at ${account} decides on renewing it before ${date}.`,
  },
  newBusiness: {
    title: (opener: string | null) => `New business by ${opener ?? 'a colleague'}`,
    /** `where` is `whereMine` or `whereOther`. */
    why: (
      opener: string | null,
      title: string,
      amount: string,
      stage: string,
      where: string,
      date: string | null,
    ) =>
      `${opener ?? 'A colleague'} opened the new-business opportunity "${title}" (${amount}, ${stage}) on ${where}${date ? ` on ${date}` : ''}.`,
    whereMine: (key: boolean) => `your ${key ? 'key account' : 'account'}`,
    whereOther: (account: string, key: boolean, owner: string | null) =>
      `${account}, a ${key ? 'key account' : 'account'} owned by ${owner ?? 'a former colleague'},`,
    nextMine: (opener: string | null, title: string) =>
      `Talk to ${opener ?? 'the colleague who opened it'} about "${title}" so you work the account together instead of colliding, then acknowledge it.`,
    nextOther: (owner: string | null, opener: string | null, title: string) =>
      `Make sure ${owner ?? 'the account owner'} and ${opener ?? 'the colleague who opened it'} agree how to work "${title}"; the owner acknowledges it once they have.`,
  },
};
