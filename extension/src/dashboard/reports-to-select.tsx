import { useId } from 'preact/hooks';

import { intlLocale, m } from '../i18n/dashboard';
import { validManagers } from './org-layout';

/** A person who can be chosen as a manager. */
export interface ManagerOption {
  contactId: string;
  name: string;
  title?: string | null;
  reportsToId: string | null;
}

export interface ReportsToSelectProps {
  /** The person whose manager is chosen. */
  contactId: string;
  /** Everyone at the account, with their current reports-to links (to rule out loops). */
  stakeholders: readonly ManagerOption[];
  /** The manager chosen now; `null` for nobody. */
  value: string | null;
  onChange: (managerId: string | null) => void;
  /** "Reports to" when absent. */
  label?: string;
  disabled?: boolean;
  /** The id of a message saying what is wrong with the choice (e.g. the server's "would make a loop"). */
  errorId?: string;
}

function optionText(person: ManagerOption): string {
  return person.title ? `${person.name} (${person.title})` : person.name;
}

/**
 * A "Reports to" select offering only managers that keep the chart loop-free: never the person, never
 * anyone below them. The keyboard alternative to dragging a node in the org chart. A current value that is
 * no longer valid (an old loop, a manager from another account) stays visible but cannot be chosen again.
 * @example <ReportsToSelect contactId="c2" stakeholders={people} value={draft} onChange={setDraft} />
 */
export function ReportsToSelect({
  contactId,
  stakeholders,
  value,
  onChange,
  label = m.dashboard.reportsTo.label,
  disabled,
  errorId,
}: ReportsToSelectProps) {
  const id = useId();
  const byId = new Map(stakeholders.map((person) => [person.contactId, person]));
  const options = validManagers(stakeholders, contactId)
    .map((managerId) => byId.get(managerId))
    .filter((person): person is ManagerOption => person !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name, intlLocale()));
  const current = value === null ? undefined : byId.get(value);
  const stale = value !== null && !options.some((person) => person.contactId === value);
  return (
    <div class="rp-dash-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        disabled={disabled}
        {...(errorId ? { 'aria-invalid': true, 'aria-describedby': errorId } : {})}
        onChange={(event) => {
          const chosen = (event.currentTarget as HTMLSelectElement).value;
          onChange(chosen === '' ? null : chosen);
        }}
      >
        <option value="">{m.dashboard.reportsTo.nobody}</option>
        {stale && (
          <option value={value} disabled>
            {current ? m.dashboard.reportsTo.loop(optionText(current)) : m.dashboard.reportsTo.outside}
          </option>
        )}
        {options.map((person) => (
          <option key={person.contactId} value={person.contactId}>
            {optionText(person)}
          </option>
        ))}
      </select>
    </div>
  );
}
