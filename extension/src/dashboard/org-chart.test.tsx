import type { StakeholderNode } from '@rapport/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { NODE_SIZES, OrgChart, type OrgStakeholder } from './org-chart';
import { ReportsToSelect } from './reports-to-select';

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = '<div id="root"></div>';
  root = document.getElementById('root') as HTMLElement;
});

const MARTA = { id: 'u1', name: 'Marta Rossi' };

function stakeholder(
  contactId: string,
  name: string,
  overrides: Partial<OrgStakeholder> = {},
): OrgStakeholder {
  return {
    contactId,
    name,
    title: null,
    roles: [],
    stance: null,
    influence: null,
    reportsToId: null,
    relationshipOwner: null,
    lastContactedAt: null,
    ...overrides,
  };
}

// Three levels: the CEO; the CFO and the CTO under her; a buyer under the CFO.
const CEO = stakeholder('c_ceo', 'Giulia Neri', {
  title: 'CEO',
  roles: ['executive_sponsor', 'economic_buyer'],
  stance: 'champion',
  influence: 'high',
  relationshipOwner: MARTA,
  lastContactedAt: '2027-03-31T09:00:00Z',
});
const CFO = stakeholder('c_cfo', 'Paolo Gallo', {
  title: 'CFO',
  roles: ['economic_buyer'],
  stance: 'skeptic',
  influence: 'medium',
  reportsToId: 'c_ceo',
});
const CTO = stakeholder('c_cto', 'Anna Bianchi', { title: 'CTO', stance: 'supporter', reportsToId: 'c_ceo' });
const BUYER = stakeholder('c_buyer', 'Luca Conti', {
  title: 'Senior Buyer',
  roles: ['purchasing'],
  stance: 'blocker',
  influence: 'low',
  reportsToId: 'c_cfo',
});
const PEOPLE = [CEO, CFO, CTO, BUYER];

function li(contactId: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(`li[data-contact-id="${contactId}"]`);
  if (!found) throw new Error(`no node ${contactId}`);
  return found;
}

function card(contactId: string): HTMLElement {
  const found = li(contactId).querySelector<HTMLElement>('.rp-org-card');
  if (!found) throw new Error(`no card ${contactId}`);
  return found;
}

/** The middle of a node in chart coordinates (happy-dom puts the canvas at 0,0, so also client coordinates). */
function middle(contactId: string): { x: number; y: number } {
  const style = li(contactId).style;
  return {
    x: Number.parseFloat(style.left) + Number.parseFloat(style.width) / 2,
    y: Number.parseFloat(style.top) + Number.parseFloat(style.height) / 2,
  };
}

function pointer(type: string, target: EventTarget, at: { x: number; y: number }) {
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      cancelable: true,
      clientX: at.x,
      clientY: at.y,
      pointerId: 7,
      button: 0,
      pointerType: 'touch',
    }),
  );
}

/** Presses on one node, moves in two steps (as a hand would) and lets go at `to`. */
async function dragTo(contactId: string, to: { x: number; y: number }, release = true) {
  const from = middle(contactId);
  await act(() => pointer('pointerdown', card(contactId), from));
  await act(() => pointer('pointermove', document, { x: from.x + 20, y: from.y + 20 }));
  await act(() => pointer('pointermove', document, to));
  if (release) await act(() => pointer('pointerup', document, to));
}

function key(target: Element, name: string) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
}

describe('OrgChart', () => {
  it('should draw three levels joined by reports-to lines', () => {
    render(<OrgChart stakeholders={PEOPLE} locale="en" />, root);
    expect(
      [...root.querySelectorAll('li[data-contact-id]')].map((n) => n.getAttribute('data-contact-id')),
    ).toEqual(['c_ceo', 'c_cfo', 'c_buyer', 'c_cto']);
    const tops = ['c_ceo', 'c_cfo', 'c_buyer'].map((id) => middle(id).y);
    expect(tops[0]).toBeLessThan(tops[1] ?? 0);
    expect(tops[1]).toBeLessThan(tops[2] ?? 0);
    expect(middle('c_cfo').y).not.toBe(middle('c_cto').y + 100);
    const edges = [...root.querySelectorAll('svg.rp-org-edges path')].map(
      (p) => `${p.getAttribute('data-manager')}>${p.getAttribute('data-report')}`,
    );
    expect(edges.sort()).toEqual(['c_ceo>c_cfo', 'c_ceo>c_cto', 'c_cfo>c_buyer']);
    expect(root.querySelector('svg.rp-org-edges')?.getAttribute('aria-hidden')).toBe('true');
    const canvas = root.querySelector<HTMLElement>('.rp-org-canvas');
    expect(Number.parseFloat(canvas?.style.width ?? '')).toBeGreaterThan(2 * NODE_SIZES.unknown.width);
  });

  it('should say every fact on the node in words, with stance as colour and influence as size too', () => {
    render(<OrgChart stakeholders={PEOPLE} locale="en" />, root);
    const ceo = li('c_ceo');
    expect(ceo.classList.contains('rp-org-stance-champion')).toBe(true);
    expect(ceo.classList.contains('rp-org-influence-high')).toBe(true);
    expect(ceo.querySelector('.rp-org-name')?.textContent).toBe('Giulia Neri');
    expect(ceo.querySelector('.rp-org-title')?.textContent).toBe('CEO');
    expect(ceo.querySelector('.rp-org-stance')?.textContent).toBe('Champion');
    expect(ceo.querySelector('.rp-org-influence')?.textContent).toBe('High influence');
    expect(ceo.querySelector('.rp-org-roles')?.textContent).toBe('Executive sponsor · Economic buyer');
    expect(ceo.querySelector('.rp-org-owner')?.textContent).toBe('Owner: Marta Rossi');
    expect(ceo.querySelector('.rp-org-contacted')?.textContent).toBe('Last contact Mar 31, 2027');
    expect(ceo.textContent).toContain('Top of the chart.');
    const cto = li('c_cto');
    expect(cto.querySelector('.rp-org-stance')?.textContent).toBe('Supporter');
    expect(cto.querySelector('.rp-org-influence')?.textContent).toBe('Influence unknown');
    expect(cto.querySelector('.rp-org-roles')?.textContent).toBe('No buying role');
    expect(cto.querySelector('.rp-org-owner')?.textContent).toBe('No relationship owner');
    expect(cto.querySelector('.rp-org-contacted')?.textContent).toBe('No contact logged');
    expect(cto.textContent).toContain('Reports to Giulia Neri.');
    const width = (id: string) => Number.parseFloat(li(id).style.width);
    expect(width('c_ceo')).toBeGreaterThan(width('c_cfo'));
    expect(width('c_cfo')).toBeGreaterThan(width('c_buyer'));
    expect(width('c_buyer')).toBe(width('c_cto'));
  });

  it('should show each uncovered role as an empty seat', () => {
    render(<OrgChart stakeholders={PEOPLE} uncoveredRoles={['technical_decision_maker', 'legal']} />, root);
    expect([...root.querySelectorAll('.rp-org-seat')].map((s) => s.textContent)).toEqual([
      'No technical decision-maker yet',
      'No legal yet',
    ]);
  });

  it('should say when there is nobody yet and still show the empty seats', () => {
    render(<OrgChart stakeholders={[]} uncoveredRoles={['economic_buyer']} />, root);
    expect(root.querySelector('.rp-org-canvas')).toBeNull();
    expect(root.querySelector('.rp-dash-empty')?.textContent).toBe('No stakeholders on this account yet.');
    expect(root.querySelector('.rp-org-seat')?.textContent).toBe('No economic buyer yet');
  });

  it('should pass on a drop onto a new manager with both ids', async () => {
    const onReportsToChange = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onReportsToChange={onReportsToChange} />, root);
    await dragTo('c_buyer', middle('c_cto'), false);
    expect(li('c_buyer').hasAttribute('data-dragging')).toBe(true);
    expect(li('c_cto').getAttribute('data-drop')).toBe('allowed');
    expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'Drop to make Luca Conti report to Anna Bianchi.',
    );
    await act(() => pointer('pointerup', document, middle('c_cto')));
    expect(onReportsToChange).toHaveBeenCalledExactlyOnceWith('c_buyer', 'c_cto');
    expect(li('c_buyer').hasAttribute('data-dragging')).toBe(false);
  });

  it('should refuse, visibly, a drop that would make a loop', async () => {
    const onReportsToChange = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onReportsToChange={onReportsToChange} />, root);
    // The CEO onto the buyer, who reports to the CFO, who reports to the CEO.
    await dragTo('c_ceo', middle('c_buyer'), false);
    expect(li('c_buyer').getAttribute('data-drop')).toBe('refused');
    expect(li('c_buyer').textContent).toContain("Can't report here");
    await act(() => pointer('pointerup', document, middle('c_buyer')));
    expect(onReportsToChange).not.toHaveBeenCalled();
    const status = root.querySelector('[role="status"]');
    expect(status?.textContent).toBe(
      'Not moved: Giulia Neri cannot report to Luca Conti, who already reports to Giulia Neri (directly or through others).',
    );
    expect(status?.classList.contains('rp-org-status-refused')).toBe(true);
  });

  it('should put someone at the top when dropped on the background, and ignore a mere click', async () => {
    const onReportsToChange = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onReportsToChange={onReportsToChange} />, root);
    const { x, y } = middle('c_cto');
    await act(() => pointer('pointerdown', card('c_cto'), { x, y }));
    await act(() => pointer('pointerup', document, { x: x + 2, y }));
    expect(onReportsToChange).not.toHaveBeenCalled();
    // Empty space on the top level, left of the CEO.
    await dragTo('c_buyer', { x: 4, y: 4 });
    expect(onReportsToChange).toHaveBeenCalledExactlyOnceWith('c_buyer', null);
  });

  it('should not pass on a drop onto the current manager or outside the chart, nor after Escape', async () => {
    const onReportsToChange = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onReportsToChange={onReportsToChange} />, root);
    await dragTo('c_buyer', middle('c_cfo'));
    await dragTo('c_buyer', { x: -50, y: 10 });
    await dragTo('c_buyer', middle('c_cto'), false);
    await act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    await act(() => pointer('pointerup', document, middle('c_cto')));
    expect(onReportsToChange).not.toHaveBeenCalled();
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Move cancelled.');
  });

  it('should not start a drag from a button, nor when the chart is read-only', async () => {
    const onReportsToChange = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onEdit={() => {}} onReportsToChange={onReportsToChange} />, root);
    const edit = li('c_buyer').querySelector('button');
    if (!edit) throw new Error('no edit button');
    await act(() => pointer('pointerdown', edit, middle('c_buyer')));
    await act(() => pointer('pointermove', document, middle('c_cto')));
    await act(() => pointer('pointerup', document, middle('c_cto')));
    expect(onReportsToChange).not.toHaveBeenCalled();

    render(<OrgChart stakeholders={PEOPLE} />, root);
    await dragTo('c_buyer', middle('c_cto'), false);
    expect(li('c_buyer').hasAttribute('data-dragging')).toBe(false);
    expect(root.querySelector('button')).toBeNull();
  });

  it('should move keyboard focus between nodes with the arrow keys and open the editor with Enter', async () => {
    const onEdit = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onEdit={onEdit} />, root);
    const cards = [...root.querySelectorAll<HTMLElement>('.rp-org-card')];
    expect(cards.every((c) => c.tabIndex === 0)).toBe(true);
    card('c_ceo').focus();
    const steps: [string, string][] = [
      ['ArrowDown', 'c_cfo'],
      ['ArrowRight', 'c_cto'],
      ['ArrowLeft', 'c_cfo'],
      ['ArrowDown', 'c_buyer'],
      ['ArrowUp', 'c_cfo'],
      ['ArrowUp', 'c_ceo'],
      ['ArrowUp', 'c_ceo'],
      ['End', 'c_cto'],
      ['Home', 'c_ceo'],
    ];
    for (const [name, expected] of steps) {
      await act(() => key(document.activeElement as Element, name));
      expect(document.activeElement?.closest('li')?.getAttribute('data-contact-id'), name).toBe(expected);
    }
    await act(() => key(card('c_ceo'), 'Enter'));
    expect(onEdit).toHaveBeenCalledWith('c_ceo');
  });

  it('should call onEdit from the Edit button of each node', async () => {
    const onEdit = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onEdit={onEdit} />, root);
    const button = root.querySelector<HTMLButtonElement>('button[aria-label="Edit Luca Conti"]');
    expect(button?.textContent).toBe('Edit');
    await act(() => button?.click());
    expect(onEdit).toHaveBeenCalledExactlyOnceWith('c_buyer');
  });

  it('should change the manager with a form for keyboard users', async () => {
    const onReportsToChange = vi.fn();
    render(<OrgChart stakeholders={PEOPLE} onReportsToChange={onReportsToChange} />, root);
    const open = root.querySelector<HTMLButtonElement>(
      'button[aria-label="Change whom Paolo Gallo reports to"]',
    );
    await act(() => open?.click());
    const select = li('c_cfo').querySelector('select');
    if (!select) throw new Error('no select');
    expect(document.activeElement).toBe(select);
    // Not the CFO, not the buyer below him.
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Nobody (top of the chart)',
      'Anna Bianchi (CTO)',
      'Giulia Neri (CEO)',
    ]);
    expect(select.value).toBe('c_ceo');
    await act(() => {
      select.value = 'c_cto';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(() => li('c_cfo').querySelector('form')?.requestSubmit());
    expect(onReportsToChange).toHaveBeenCalledExactlyOnceWith('c_cfo', 'c_cto');
    expect(li('c_cfo').querySelector('form')).toBeNull();
    expect(document.activeElement).toBe(card('c_cfo'));
  });

  it("should take the coverage API's stakeholder nodes as they are", () => {
    const node: StakeholderNode = { ...CFO, roles: [...CFO.roles], relationshipOwner: null };
    const stakeholders: OrgStakeholder[] = [node];
    render(<OrgChart stakeholders={stakeholders} />, root);
    expect(li('c_cfo').querySelector('.rp-org-name')?.textContent).toBe('Paolo Gallo');
  });

  it('should draw reports-to data with a loop, and say which link it left out', () => {
    const looped = [
      stakeholder('a', 'Ada', { reportsToId: 'b' }),
      stakeholder('b', 'Bea', { reportsToId: 'a' }),
      stakeholder('o', 'Otto', { reportsToId: 'someone-else' }),
    ];
    render(<OrgChart stakeholders={looped} onReportsToChange={() => {}} />, root);
    expect(root.querySelectorAll('li[data-contact-id]')).toHaveLength(3);
    expect(root.querySelectorAll('svg.rp-org-edges path')).toHaveLength(1);
    expect([...root.querySelectorAll('.rp-org-notes li')].map((n) => n.textContent)).toEqual([
      'Ada is drawn at the top: reporting to Bea would close a loop. Choose another manager.',
      'Otto reports to someone who is not on this account.',
    ]);
    expect(li('o').textContent).toContain('Reports to someone not on this account.');
  });
});

describe('ReportsToSelect', () => {
  const people = PEOPLE.map(({ contactId, name, title, reportsToId }) => ({
    contactId,
    name,
    title,
    reportsToId,
  }));

  it('should offer only managers that keep the chart loop-free, by name', () => {
    render(
      <ReportsToSelect contactId="c_ceo" stakeholders={people} value={null} onChange={() => {}} />,
      root,
    );
    expect([...root.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Nobody (top of the chart)',
    ]);
    render(
      <ReportsToSelect contactId="c_buyer" stakeholders={people} value="c_cfo" onChange={() => {}} />,
      root,
    );
    expect([...root.querySelectorAll('option')].map((o) => o.value)).toEqual(['', 'c_cto', 'c_ceo', 'c_cfo']);
    expect(root.querySelector('label')?.textContent).toBe('Reports to');
    expect(root.querySelector('select')?.id).toBe(root.querySelector('label')?.getAttribute('for'));
  });

  it('should report the choice, with nobody as null', async () => {
    const onChange = vi.fn();
    render(
      <ReportsToSelect contactId="c_buyer" stakeholders={people} value="c_cfo" onChange={onChange} />,
      root,
    );
    const select = root.querySelector('select');
    if (!select) throw new Error('no select');
    for (const value of ['c_ceo', '']) {
      await act(() => {
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
    }
    expect(onChange.mock.calls).toEqual([['c_ceo'], [null]]);
  });

  it('should keep a current manager that is no longer valid visible but not choosable', () => {
    const looped = [
      { contactId: 'a', name: 'Ada', reportsToId: 'b' },
      { contactId: 'b', name: 'Bea', reportsToId: 'a' },
    ];
    render(<ReportsToSelect contactId="a" stakeholders={looped} value="b" onChange={() => {}} />, root);
    const stale = root.querySelector<HTMLOptionElement>('option[value="b"]');
    expect(stale?.disabled).toBe(true);
    expect(stale?.textContent).toBe('Bea: would make a loop');
  });
});
