import type {
  AccountPlan,
  ActionCategory,
  ActionStatus,
  ObjectiveStatus,
  ProductLine,
  PutPlanRequest,
} from '@rapport/shared';

import { intlLocale, m } from '../i18n/dashboard';
import { amountText, parseAmount } from './money';

/*
 * The plan editor's working copy: what the person typed, kept as text until "Save plan", and the mapping
 * between it and the API's PUT body (and back, for the server's per-field validation messages).
 */

export interface ObjectiveRow {
  /** Stable while editing (the saved id, or a new one), for keys, ids and error messages. */
  key: string;
  id?: string;
  text: string;
  status: ObjectiveStatus;
}

export interface ActionRow {
  key: string;
  id?: string;
  title: string;
  category: ActionCategory;
  /** '' for nobody. */
  ownerId: string;
  /** '' for no date, else `YYYY-MM-DD`. */
  dueDate: string;
  status: ActionStatus;
}

export interface PlanDraft {
  /** The version the draft was read at: the save must carry it. */
  version: number;
  currency: string;
  /** Typed targets by product line id ('' for no target). */
  targets: Record<string, string>;
  objectives: ObjectiveRow[];
  actions: ActionRow[];
}

let keys = 0;
/** A key for a row added in the editor. */
export function newKey(): string {
  keys++;
  return `new${keys}`;
}

/**
 * The draft of a plan as read.
 * @example const draft = draftFrom(plan);
 */
export function draftFrom(plan: AccountPlan): PlanDraft {
  const targets: Record<string, string> = {};
  for (const line of plan.lines) {
    if (line.target !== null) targets[line.productLineId] = amountText(line.target, plan.currency);
  }
  return {
    version: plan.version,
    currency: plan.currency,
    targets,
    objectives: plan.objectives.map((o) => ({ key: o.id, id: o.id, text: o.text, status: o.status })),
    actions: plan.actions.map((a) => ({
      key: a.id,
      id: a.id,
      title: a.title,
      category: a.category,
      ownerId: a.ownerId ?? '',
      dueDate: a.dueDate ?? '',
      status: a.status,
    })),
  };
}

/**
 * What was typed, made to save over `theirs`: their version number, and rows they deleted become new rows
 * (an id that is no longer the plan's would be refused).
 * @example setDraft(rebase(mine, theirs));
 */
export function rebase(mine: PlanDraft, theirs: AccountPlan): PlanDraft {
  const objectives = new Set(theirs.objectives.map((o) => o.id));
  const actions = new Set(theirs.actions.map((a) => a.id));
  return {
    ...mine,
    version: theirs.version,
    objectives: mine.objectives.map(({ id, ...row }) => (id && objectives.has(id) ? { ...row, id } : row)),
    actions: mine.actions.map(({ id, ...row }) => (id && actions.has(id) ? { ...row, id } : row)),
  };
}

export interface TargetRow {
  productLineId: string;
  name: string;
}

/**
 * The product lines the editor offers a target for: the plan's planned lines in their saved order (even a
 * line no longer active), then every other active line by name.
 */
export function targetRows(plan: AccountPlan, products: readonly ProductLine[]): TargetRow[] {
  const planned = plan.lines
    .filter((line) => line.target !== null)
    .map((line) => ({ productLineId: line.productLineId, name: line.productLineName }));
  const seen = new Set(planned.map((row) => row.productLineId));
  const others = products
    .filter((p) => p.active && !seen.has(p.id))
    .map((p) => ({ productLineId: p.id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name, intlLocale()));
  return [...planned, ...others];
}

/** A field of the editor: `target:<productLineId>`, `objective:<key>:<field>` or `action:<key>:<field>`. */
export type FieldKey = string;

export type BuiltPlan =
  | {
      ok: true;
      body: PutPlanRequest;
      /** What each list's index in the body was, to place the server's messages. */
      sent: { lines: string[]; objectives: string[]; actions: string[] };
    }
  | { ok: false; errors: Record<FieldKey, string> };

const MAX_TEXT = 2000;

/**
 * The PUT body for a draft, or the messages of the fields to fix first.
 * @example const built = buildPlan(draft, rows); if (built.ok) save(built.body);
 */
export function buildPlan(draft: PlanDraft, rows: readonly TargetRow[]): BuiltPlan {
  const errors: Record<FieldKey, string> = {};
  const lines: PutPlanRequest['lines'] = [];
  for (const row of rows) {
    const parsed = parseAmount(draft.targets[row.productLineId] ?? '', draft.currency);
    if (!parsed.ok) errors[`target:${row.productLineId}`] = parsed.message;
    else if (parsed.minor !== null) lines.push({ productLineId: row.productLineId, target: parsed.minor });
  }
  const text = (value: string, key: FieldKey, missing: string) => {
    if (value.trim() === '') errors[key] = missing;
    else if (value.trim().length > MAX_TEXT)
      errors[key] = m.dashboard.editor.tooLong(MAX_TEXT.toLocaleString(intlLocale()));
  };
  for (const o of draft.objectives)
    text(o.text, `objective:${o.key}:text`, m.dashboard.editor.writeObjective);
  for (const a of draft.actions) text(a.title, `action:${a.key}:title`, m.dashboard.editor.nameAction);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      version: draft.version,
      lines,
      objectives: draft.objectives.map((o) => ({
        ...(o.id ? { id: o.id } : {}),
        text: o.text.trim(),
        status: o.status,
      })),
      actions: draft.actions.map((a) => ({
        ...(a.id ? { id: a.id } : {}),
        title: a.title.trim(),
        category: a.category,
        ownerId: a.ownerId || null,
        dueDate: a.dueDate || null,
        status: a.status,
      })),
    },
    sent: {
      lines: lines.map((line) => line.productLineId),
      objectives: draft.objectives.map((o) => o.key),
      actions: draft.actions.map((a) => a.key),
    },
  };
}

const ACTION_FIELDS = new Set(['title', 'category', 'ownerId', 'dueDate', 'status']);

/**
 * The editor field a server validation path (`actions.2.ownerId`) points at, or null for the plan as a
 * whole.
 * @example fieldOf('lines.0.target', { lines: ['pl1'], objectives: [], actions: [] }) // 'target:pl1'
 */
export function fieldOf(
  path: string,
  sent: { lines: readonly string[]; objectives: readonly string[]; actions: readonly string[] },
): FieldKey | null {
  const [list, index, field = ''] = path.split('.');
  const i = Number(index);
  if (!Number.isInteger(i)) return null;
  if (list === 'lines') {
    const id = sent.lines[i];
    return id ? `target:${id}` : null;
  }
  if (list === 'objectives') {
    const key = sent.objectives[i];
    return key ? `objective:${key}:${field === 'status' ? 'status' : 'text'}` : null;
  }
  if (list === 'actions') {
    const key = sent.actions[i];
    return key ? `action:${key}:${ACTION_FIELDS.has(field) ? field : 'title'}` : null;
  }
  return null;
}
