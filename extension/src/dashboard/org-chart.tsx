import type { BuyingRole, Influence, Stance } from '@rapport/shared';
import { isolate } from '@rapport/shared';
import type { TargetedKeyboardEvent, TargetedPointerEvent } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';

import { m } from '../i18n/dashboard';
import { formatDate, LABELS } from '../ui/format';
import {
  layoutOrgChart,
  neighbour,
  nodeAt,
  type OrgDirection,
  type OrgLayout,
  wouldCreateCycle,
} from './org-layout';
import { ReportsToSelect } from './reports-to-select';

/** A stakeholder as a node of the org chart. */
export interface OrgStakeholder {
  contactId: string;
  name: string;
  title: string | null;
  roles: readonly BuyingRole[];
  stance: Stance | null;
  influence: Influence | null;
  /** The manager at the account; `null` for nobody known. */
  reportsToId: string | null;
  relationshipOwner: { id: string; name: string } | null;
  /** ISO timestamp of the last touch. */
  lastContactedAt: string | null;
}

export interface OrgChartProps {
  stakeholders: readonly OrgStakeholder[];
  /** Buying roles nobody covers yet: drawn as empty seats beside the chart. */
  uncoveredRoles?: readonly BuyingRole[];
  locale?: string;
  /** Shows an "Edit" button on every node (and Enter on a focused node opens it). */
  onEdit?: (contactId: string) => void;
  /** Shows an "Add" button on every empty seat, to add someone holding that buying role. */
  onAddSeat?: (role: BuyingRole) => void;
  /**
   * Makes the chart editable: drag a node onto its new manager (onto the background for nobody), or use
   * "Reports to…" on the node. Only changes that keep the chart loop-free are ever passed on.
   */
  onReportsToChange?: (contactId: string, managerId: string | null) => void;
  /** The chart's accessible name ("Org chart of the buying committee" when absent). */
  label?: string;
}

/** Node sizes by influence: the more weight in the decision, the bigger the node (and the label says it). */
export const NODE_SIZES: Readonly<Record<Influence | 'unknown', { width: number; height: number }>> = {
  high: { width: 264, height: 212 },
  medium: { width: 236, height: 204 },
  low: { width: 212, height: 204 },
  unknown: { width: 212, height: 204 },
};

const KEYS: Readonly<Record<string, OrgDirection>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'first',
  End: 'last',
};

/** Pixels a pointer must travel before a press on a node becomes a drag (a click or a shaky tap is not one). */
const DRAG_THRESHOLD = 5;

/** Where a dragged node would land if dropped now. */
type Drop =
  | { kind: 'nowhere' }
  | { kind: 'manager'; managerId: string | null; allowed: boolean; unchanged: boolean };

interface DragState {
  id: string;
  dx: number;
  dy: number;
  drop: Drop;
}

function seatLabel(role: BuyingRole): string {
  return m.dashboard.org.seat(LABELS.role[role]);
}

/**
 * The buying committee as an org chart: a tidy tree of the reports-to links (`org-layout.ts`), stance by
 * colour and by word, influence by node size and by word, buying roles and the relationship owner on every
 * node, and the roles nobody covers as empty seats.
 *
 * Nodes are positioned HTML over one SVG layer of lines, not all SVG: a node holds wrapping text, buttons
 * and a select, which HTML gives us with native focus, keyboard handling and form controls, where SVG would
 * need foreignObject or hand-made focus and text wrapping. The lines need no interaction, so SVG suits them.
 * The canvas has the layout's size inside a scrolling box, so a wide committee scrolls instead of shrinking.
 * @example
 * <OrgChart stakeholders={people} uncoveredRoles={['legal']} onEdit={openForm} onAddSeat={openNew} onReportsToChange={save} />
 */
export function OrgChart({
  stakeholders,
  uncoveredRoles = [],
  locale,
  onEdit,
  onAddSeat,
  onReportsToChange,
  label = m.dashboard.org.label,
}: OrgChartProps) {
  const words = m.dashboard.org;
  const uid = useId();
  const byId = useMemo(() => new Map(stakeholders.map((s) => [s.contactId, s])), [stakeholders]);
  const layout = useMemo(
    () =>
      layoutOrgChart(
        stakeholders.map((s) => ({
          id: s.contactId,
          reportsToId: s.reportsToId,
          ...NODE_SIZES[s.influence ?? 'unknown'],
        })),
      ),
    [stakeholders],
  );
  const [drag, setDrag] = useState<DragState | null>(null);
  const [moving, setMoving] = useState<{ id: string; managerId: string | null } | null>(null);
  const [status, setStatus] = useState<{ text: string; refused: boolean } | null>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const cards = useRef(new Map<string, HTMLElement>());
  const stopDrag = useRef<(() => void) | null>(null);
  // Window listeners outlive the render that added them; they read the props through this.
  const latest = useRef({ layout, byId, stakeholders, onReportsToChange });
  latest.current = { layout, byId, stakeholders, onReportsToChange };

  useEffect(() => () => stopDrag.current?.(), []);
  useEffect(() => {
    if (moving) cards.current.get(moving.id)?.querySelector('select')?.focus();
  }, [moving?.id]);

  const nameOf = (id: string | null) =>
    id === null ? '' : (latest.current.byId.get(id)?.name ?? m.dashboard.org.someone);

  const focusNode = (id: string | null) => {
    if (id !== null) cards.current.get(id)?.focus();
  };

  /** What dropping `id` at chart coordinates (x, y) would do. */
  const dropAt = (id: string, x: number, y: number): Drop => {
    const { layout: current, byId: people, stakeholders: all } = latest.current;
    if (x < 0 || y < 0 || x > current.width || y > current.height) return { kind: 'nowhere' };
    const over = nodeAt(current, x, y);
    if (over === id) return { kind: 'nowhere' };
    const was = people.get(id)?.reportsToId ?? null;
    return {
      kind: 'manager',
      managerId: over,
      allowed: !wouldCreateCycle(all, id, over),
      unchanged: was === over,
    };
  };

  const describeDrop = (id: string, drop: Drop, done: boolean) => {
    if (drop.kind === 'nowhere') return null;
    const who = nameOf(id);
    const boss = nameOf(drop.managerId);
    if (!drop.allowed) {
      return {
        text: `${done ? words.notMoved : ''}${words.loop(who, boss)}`,
        refused: true,
      };
    }
    if (drop.unchanged) {
      return {
        text: drop.managerId === null ? words.alreadyTop(who) : words.alreadyReports(who, boss),
        refused: false,
      };
    }
    if (done) return null;
    return {
      text: drop.managerId === null ? words.dropTop(who) : words.dropOn(who, boss),
      refused: false,
    };
  };

  const startDrag = (id: string, event: TargetedPointerEvent<HTMLElement>) => {
    if (!onReportsToChange || event.button !== 0 || moving?.id === id) return;
    if ((event.target as Element).closest('button, select, input, a, label, form')) return;
    stopDrag.current?.();
    const view = event.currentTarget.ownerDocument.defaultView ?? window;
    const start = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
    let moved = false;
    let drop: Drop = { kind: 'nowhere' };

    const toChart = (e: PointerEvent) => {
      const rect = canvas.current?.getBoundingClientRect();
      return { x: e.clientX - (rect?.left ?? 0), y: e.clientY - (rect?.top ?? 0) };
    };
    const autoScroll = (e: PointerEvent) => {
      const box = scroller.current;
      const rect = box?.getBoundingClientRect();
      if (!box || !rect || rect.width === 0) return;
      if (e.clientX > rect.right - 32) box.scrollLeft += 16;
      else if (e.clientX < rect.left + 32) box.scrollLeft -= 16;
    };
    const move = (e: PointerEvent) => {
      if (e.pointerId !== start.pointerId) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      if (!moved) view.getSelection?.()?.removeAllRanges();
      moved = true;
      e.preventDefault();
      autoScroll(e);
      const point = toChart(e);
      drop = dropAt(id, point.x, point.y);
      setDrag({ id, dx, dy, drop });
      setStatus(describeDrop(id, drop, false));
    };
    const up = (e: PointerEvent) => {
      if (e.pointerId !== start.pointerId) return;
      stop();
      if (!moved) return;
      const point = toChart(e);
      drop = dropAt(id, point.x, point.y);
      setStatus(describeDrop(id, drop, true));
      if (drop.kind === 'manager' && drop.allowed && !drop.unchanged) {
        latest.current.onReportsToChange?.(id, drop.managerId);
      }
    };
    const cancel = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e instanceof PointerEvent && e.pointerId !== start.pointerId) return;
      stop();
      if (moved) setStatus({ text: m.dashboard.org.cancelled, refused: false });
    };
    const stop = () => {
      view.removeEventListener('pointermove', move);
      view.removeEventListener('pointerup', up);
      view.removeEventListener('pointercancel', cancel);
      view.removeEventListener('keydown', cancel);
      stopDrag.current = null;
      setDrag(null);
    };
    view.addEventListener('pointermove', move);
    view.addEventListener('pointerup', up);
    view.addEventListener('pointercancel', cancel);
    view.addEventListener('keydown', cancel);
    stopDrag.current = stop;
  };

  const onCardKey = (id: string, event: TargetedKeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return; // keys inside the node's buttons and form are theirs
    const direction = KEYS[event.key];
    if (direction) {
      event.preventDefault();
      focusNode(neighbour(layout, id, direction));
    } else if (event.key === 'Enter' && onEdit) {
      event.preventDefault();
      onEdit(id);
    }
  };

  const closeMove = (id: string) => {
    setMoving(null);
    focusNode(id);
  };

  const notes = [
    ...layout.brokenLinks.map((link) => words.brokenLink(nameOf(link.contactId), nameOf(link.reportsToId))),
    ...layout.unknownManagers.map((link) => words.unknownManager(nameOf(link.contactId))),
  ];

  return (
    <section class="rp-org" aria-label={label}>
      <div class="rp-org-body">
        {stakeholders.length === 0 ? (
          <p class="rp-dash-empty rp-org-main">{words.empty}</p>
        ) : (
          <div class="rp-org-main">
            <div class="rp-org-scroll" ref={scroller}>
              <div
                ref={canvas}
                class="rp-org-canvas"
                style={{ width: `${layout.width}px`, height: `${layout.height}px` }}
                data-dragging={drag ? '' : undefined}
                data-drop={
                  drag?.drop.kind === 'manager' && drag.drop.managerId === null ? 'background' : undefined
                }
              >
                <OrgEdges layout={layout} dragged={drag?.id ?? null} />
                <ul class="rp-org-nodes" aria-label={words.people}>
                  {layout.nodes.map((node) => {
                    const person = byId.get(node.id);
                    if (!person) return null;
                    const dragged = drag?.id === node.id;
                    const target =
                      drag && drag.drop.kind === 'manager' && drag.drop.managerId === node.id
                        ? drag.drop
                        : null;
                    return (
                      <li
                        key={node.id}
                        class={`rp-org-node rp-org-stance-${person.stance ?? 'unknown'} rp-org-influence-${person.influence ?? 'unknown'}`}
                        data-contact-id={node.id}
                        data-dragging={dragged ? '' : undefined}
                        data-drop={target ? (target.allowed ? 'allowed' : 'refused') : undefined}
                        style={{
                          left: `${node.x}px`,
                          top: `${node.y}px`,
                          width: `${node.width}px`,
                          height: `${node.height}px`,
                          transform: dragged && drag ? `translate(${drag.dx}px, ${drag.dy}px)` : undefined,
                        }}
                      >
                        {/* biome-ignore lint/a11y/useSemanticElements: a node is a person's card that sometimes holds a form, not a form section (fieldset) */}
                        <div
                          class="rp-org-card"
                          // biome-ignore lint/a11y/noNoninteractiveTabindex: a node is a focus stop of its own, for the arrow keys and dragging
                          tabIndex={0}
                          role="group"
                          aria-label={person.title ? `${person.name}, ${person.title}` : person.name}
                          data-editable={onReportsToChange ? '' : undefined}
                          ref={(el: HTMLElement | null) => {
                            if (el) cards.current.set(node.id, el);
                            else cards.current.delete(node.id);
                          }}
                          onKeyDown={(event) => onCardKey(node.id, event)}
                          onPointerDown={(event) => startDrag(node.id, event)}
                        >
                          {moving?.id === node.id && onReportsToChange ? (
                            <form
                              class="rp-org-move"
                              onSubmit={(event) => {
                                event.preventDefault();
                                if (moving.managerId !== person.reportsToId) {
                                  onReportsToChange(node.id, moving.managerId);
                                }
                                closeMove(node.id);
                              }}
                              onKeyDown={(event) => {
                                if (event.key !== 'Escape') return;
                                event.preventDefault();
                                closeMove(node.id);
                              }}
                            >
                              <p class="rp-org-name">{person.name}</p>
                              <ReportsToSelect
                                contactId={node.id}
                                stakeholders={stakeholders}
                                value={moving.managerId}
                                onChange={(managerId) => setMoving({ id: node.id, managerId })}
                              />
                              <div class="rp-org-actions">
                                <button type="submit" class="rp-dash-button rp-dash-primary">
                                  {m.common.save}
                                </button>
                                <button
                                  type="button"
                                  class="rp-dash-button"
                                  onClick={() => closeMove(node.id)}
                                >
                                  {m.common.cancel}
                                </button>
                              </div>
                            </form>
                          ) : (
                            <NodeBody
                              person={person}
                              node={node}
                              layout={layout}
                              locale={locale}
                              nameOf={nameOf}
                              refused={target !== null && !target.allowed}
                              onEdit={onEdit}
                              onMove={
                                onReportsToChange
                                  ? () => setMoving({ id: node.id, managerId: person.reportsToId })
                                  : undefined
                              }
                            />
                          )}
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </div>
            </div>
            {onReportsToChange && <p class="rp-org-hint">{words.hint}</p>}
            {notes.length > 0 && (
              <ul class="rp-org-notes">
                {notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {uncoveredRoles.length > 0 && (
          <div class="rp-org-seats">
            <p class="rp-org-seats-title" id={`${uid}-seats`}>
              {words.seats}
            </p>
            <ul aria-labelledby={`${uid}-seats`}>
              {uncoveredRoles.map((role) => (
                <li key={role} class="rp-org-seat" data-role={role}>
                  <span class="rp-org-seat-label">{seatLabel(role)}</span>
                  {onAddSeat && (
                    <button
                      type="button"
                      class="rp-dash-button"
                      aria-label={words.addAs(LABELS.role[role])}
                      onClick={() => onAddSeat(role)}
                    >
                      {words.add}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <p class={status?.refused ? 'rp-org-status rp-org-status-refused' : 'rp-org-status'} role="status">
        {status?.text ?? ''}
      </p>
    </section>
  );
}

/** The reports-to lines, under the nodes; the dragged node's lines fade while it moves. */
function OrgEdges({ layout, dragged }: { layout: OrgLayout; dragged: string | null }) {
  return (
    <svg
      class="rp-org-edges"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      aria-hidden="true"
      focusable="false"
    >
      {layout.edges.map((edge) => (
        <path
          key={`${edge.managerId}>${edge.reportId}`}
          class="rp-org-edge"
          data-manager={edge.managerId}
          data-report={edge.reportId}
          d={edge.path}
          fill="none"
          stroke="#6e7781"
          stroke-width="1.5"
          opacity={dragged === edge.reportId ? 0.3 : 1}
        />
      ))}
    </svg>
  );
}

interface NodeBodyProps {
  person: OrgStakeholder;
  node: OrgLayout['nodes'][number];
  layout: OrgLayout;
  locale?: string;
  nameOf: (id: string | null) => string;
  refused: boolean;
  onEdit?: (contactId: string) => void;
  onMove?: () => void;
}

/** What a node says about the person: every fact in words, so colour and size only repeat it. */
function NodeBody({ person, node, layout, locale, nameOf, refused, onEdit, onMove }: NodeBodyProps) {
  const words = m.dashboard.org;
  const roles = person.roles.map((role) => LABELS.role[role]).join(' · ');
  const position =
    node.managerId !== null
      ? words.reportsTo(nameOf(node.managerId))
      : layout.unknownManagers.some((link) => link.contactId === node.id)
        ? words.reportsOutside
        : words.top;
  return (
    <>
      <p class="rp-org-name" title={person.name}>
        {person.name}
      </p>
      <p class="rp-org-title" title={person.title ?? undefined}>
        {person.title ?? words.noTitle}
      </p>
      <p class="rp-org-badges">
        <span class="rp-org-stance">
          {person.stance ? LABELS.stance[person.stance] : words.stanceUnknown}
        </span>
        <span class="rp-org-influence">
          {person.influence ? LABELS.influence[person.influence] : words.influenceUnknown}
        </span>
      </p>
      <p class="rp-org-roles" title={roles || undefined}>
        {roles || words.noRole}
      </p>
      <p class="rp-org-owner">
        {person.relationshipOwner ? words.owner(isolate(person.relationshipOwner.name)) : words.noOwner}
      </p>
      <p class="rp-org-contacted">
        {person.lastContactedAt
          ? words.lastContact(formatDate(person.lastContactedAt, locale))
          : words.noContact}
      </p>
      <p class="rp-visually-hidden">{position}</p>
      {refused && (
        <p class="rp-org-refused" aria-hidden="true">
          {words.refused}
        </p>
      )}
      {(onEdit || onMove) && (
        <div class="rp-org-actions">
          {onEdit && (
            <button
              type="button"
              class="rp-dash-button"
              aria-label={words.editLabel(person.name)}
              onClick={() => onEdit(person.contactId)}
            >
              {words.edit}
            </button>
          )}
          {onMove && (
            <button
              type="button"
              class="rp-dash-button"
              aria-label={words.moveLabel(person.name)}
              onClick={onMove}
            >
              {words.move}
            </button>
          )}
        </div>
      )}
    </>
  );
}
