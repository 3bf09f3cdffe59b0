import { m } from '../i18n';
import type { TagDraft } from '../overlay/tag-draft';
import { LABELS } from './format';

/*
 * A 409 field by field in the overlay's stakeholder form (issue 8): someone saved the stakeholder while the
 * person was editing. The form then holds the values saved meanwhile; this table lists each field the person
 * had changed, with the saved value and theirs, and "Use mine" / "Use theirs" per field. Nothing typed is
 * lost, and the next save goes with the current version.
 */

export type MergeField =
  | 'name'
  | 'title'
  | 'roles'
  | 'stance'
  | 'influence'
  | 'reportsToId'
  | 'relationshipOwnerId'
  | 'notes';

const FIELDS: readonly MergeField[] = [
  'name',
  'title',
  'roles',
  'stance',
  'influence',
  'reportsToId',
  'relationshipOwnerId',
  'notes',
];

/** A field's value as saving would send it (text trimmed, roles in any order). */
function sent(d: TagDraft, field: MergeField): string {
  if (field === 'roles') return [...d.roles].sort().join(',');
  if (field === 'name' || field === 'title' || field === 'notes') return d[field].trim();
  return String(d[field]);
}

/** Whether two drafts hold the same value for `field`. */
export function sameField(a: TagDraft, b: TagDraft, field: MergeField): boolean {
  return sent(a, field) === sent(b, field);
}

/**
 * The fields `to` changes from `from`, in the form's order.
 * @example changedFields(initial, draft) // ['stance', 'notes']
 */
export function changedFields(from: TagDraft, to: TagDraft): MergeField[] {
  return FIELDS.filter((field) => !sameField(from, to, field));
}

/** `draft` with one field taken from `from`. */
export function withField(draft: TagDraft, from: TagDraft, field: MergeField): TagDraft {
  return field === 'roles' ? { ...draft, roles: [...from.roles] } : { ...draft, [field]: from[field] };
}

function label(field: MergeField): string {
  switch (field) {
    case 'name':
      return m.common.fields.name;
    case 'title':
      return m.common.fields.title;
    case 'roles':
      return m.common.fields.buyingRoles;
    case 'stance':
      return m.common.fields.stance;
    case 'influence':
      return m.common.fields.influence;
    case 'reportsToId':
      return m.common.stakeholder.reportsTo;
    case 'relationshipOwnerId':
      return m.common.stakeholder.relationshipOwner;
    case 'notes':
      return m.common.fields.notes;
  }
}

function words(d: TagDraft, field: MergeField, nameOf: (id: string | null) => string): string {
  switch (field) {
    case 'name':
    case 'title':
    case 'notes':
      return d[field].trim() || m.common.merge.empty;
    case 'roles':
      return d.roles.map((r) => LABELS.role[r]).join(', ') || m.common.merge.none;
    case 'stance':
      return d.stance ? LABELS.stance[d.stance] : m.common.fields.notKnown;
    case 'influence':
      return d.influence ? LABELS.influence[d.influence] : m.common.fields.notKnown;
    case 'reportsToId':
    case 'relationshipOwnerId':
      return nameOf(d[field]);
  }
}

/** The head of a conflict's table: field, value saved meanwhile, the person's, and the choice. */
export function MergeHead() {
  return (
    <thead>
      <tr>
        <th scope="col">{m.common.merge.field}</th>
        <th scope="col">{m.common.merge.theirs}</th>
        <th scope="col">{m.common.merge.mine}</th>
        <th scope="col">
          <span class="rp-visually-hidden">{m.common.merge.choice}</span>
        </th>
      </tr>
    </thead>
  );
}

/**
 * The last cell of a conflict's row: "Use theirs" while the person's value is chosen, else "Use mine".
 * @example <MergeChoice name="Title" usingMine onToggle={() => pick('title')} />
 */
export function MergeChoice(props: { name: string; usingMine: boolean; onToggle: () => void }) {
  const { name, usingMine, onToggle } = props;
  return (
    <td>
      <button
        type="button"
        class="rp-link-button"
        aria-label={usingMine ? m.common.merge.useTheirsFor(name) : m.common.merge.useMineFor(name)}
        onClick={onToggle}
      >
        {usingMine ? m.common.merge.useTheirs : m.common.merge.useMine}
      </button>
    </td>
  );
}

export interface FieldMergeProps {
  mine: TagDraft;
  theirs: TagDraft;
  /** The fields the person had changed. */
  fields: readonly MergeField[];
  /** What the form holds now. */
  draft: TagDraft;
  nameOf: (id: string | null) => string;
  onPick: (field: MergeField, from: TagDraft) => void;
}

/**
 * The table of a conflict: field, value saved meanwhile, the person's, and the choice.
 * @example <FieldMerge mine={mine} theirs={theirs} fields={['stance']} draft={draft} nameOf={nameOf} onPick={pick} />
 */
export function FieldMerge({ mine, theirs, fields, draft, nameOf, onPick }: FieldMergeProps) {
  return (
    <div class="rp-merge-frame">
      <table class="rp-merge">
        <MergeHead />
        <tbody>
          {fields.map((field) => {
            const usingMine = sameField(draft, mine, field);
            const name = label(field);
            return (
              <tr key={field} data-field={field}>
                <th scope="row">{name}</th>
                <td>{words(theirs, field, nameOf)}</td>
                <td>{words(mine, field, nameOf)}</td>
                <MergeChoice
                  name={name}
                  usingMine={usingMine}
                  onToggle={() => onPick(field, usingMine ? theirs : mine)}
                />
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
