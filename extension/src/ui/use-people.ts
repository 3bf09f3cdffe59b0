import type { Contact, UserRef } from '@rapport/shared';
import { useEffect, useState } from 'preact/hooks';

import { sendToBackground } from '../messaging';

/**
 * The stakeholders of an account (to pick "reports to"), without the person being edited; empty until they
 * arrive, and for no account.
 * @example const contacts = useContacts(draft.accountId, null);
 */
export function useContacts(accountId: string | null, self: string | null): Contact[] {
  const [contacts, setContacts] = useState<Contact[]>([]);
  useEffect(() => {
    setContacts([]);
    if (!accountId) return;
    let live = true;
    void sendToBackground({ type: 'listContacts', accountId }).then((res) => {
      if (live && res.ok) setContacts(res.data.filter((c) => c.id !== self));
    });
    return () => {
      live = false;
    };
  }, [accountId, self]);
  return contacts;
}

/**
 * Active colleagues (to pick a relationship owner); `known` ones show at once and stay if the list fails.
 * @example const users = useUsers(me ? [me] : []);
 */
export function useUsers(known: readonly UserRef[]): UserRef[] {
  const [listed, setListed] = useState<UserRef[]>([]);
  useEffect(() => {
    let live = true;
    void sendToBackground({ type: 'listUsers' }).then((res) => live && res.ok && setListed(res.data));
    return () => {
      live = false;
    };
  }, []);
  return [...listed, ...known.filter((k) => !listed.some((u) => u.id === k.id))];
}
