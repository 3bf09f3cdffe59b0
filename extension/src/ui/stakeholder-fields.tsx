import {
  BUYING_ROLES,
  type BuyingRole,
  INFLUENCES,
  type Influence,
  STANCES,
  type Stance,
} from '@rapport/shared';

import { intlLocale, m } from '../i18n';
import { LABELS } from './format';

/*
 * The fields a stakeholder form is made of, labelled for people and screen readers alike.
 */

/**
 * Buying roles as checkboxes; `onToggle` gets the role clicked. Two columns by default (the LinkedIn forms);
 * the Gmail form lists them in one.
 * @example <RoleChecks roles={draft.roles} onToggle={toggleRole} columns={1} />
 */
export function RoleChecks({
  roles,
  onToggle,
  columns = 2,
}: {
  roles: readonly BuyingRole[];
  onToggle: (role: BuyingRole) => void;
  columns?: 1 | 2;
}) {
  return (
    <fieldset class={columns === 2 ? 'rp-field rp-roles' : 'rp-field'}>
      <legend>{m.common.fields.buyingRoles}</legend>
      {BUYING_ROLES.map((role) => (
        <label key={role} class="rp-check">
          <input type="checkbox" checked={roles.includes(role)} onChange={() => onToggle(role)} />
          {LABELS.role[role]}
        </label>
      ))}
    </fieldset>
  );
}

/** A labelled select of enum values with "Not known" for null. */
function EnumSelect<T extends string>(props: {
  label: string;
  value: T | null;
  values: readonly T[];
  labels: Record<T, string>;
  onChange: (value: T | null) => void;
}) {
  return (
    <label class="rp-field">
      <span>{props.label}</span>
      <select
        value={props.value ?? ''}
        onChange={(e) => props.onChange((e.currentTarget.value || null) as T | null)}
      >
        <option value="">{m.common.fields.notKnown}</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {props.labels[v]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StanceSelect(props: { value: Stance | null; onChange: (value: Stance | null) => void }) {
  return <EnumSelect label={m.common.fields.stance} values={STANCES} labels={LABELS.stance} {...props} />;
}

export function InfluenceSelect(props: {
  value: Influence | null;
  onChange: (value: Influence | null) => void;
}) {
  return (
    <EnumSelect label={m.common.fields.influence} values={INFLUENCES} labels={LABELS.influence} {...props} />
  );
}

/**
 * A labelled select of people (stakeholders or colleagues) by id, sorted by name, with `none` for null.
 * @example <PersonSelect label="Reports to" none="Nobody" people={contacts} value={id} onChange={setId} />
 */
export function PersonSelect(props: {
  label: string;
  none: string;
  people: readonly { id: string; name: string }[];
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
}) {
  const people = [...props.people].sort((a, b) => a.name.localeCompare(b.name, intlLocale()));
  return (
    <label class="rp-field">
      <span>{props.label}</span>
      <select
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value || null)}
      >
        <option value="">{props.none}</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
