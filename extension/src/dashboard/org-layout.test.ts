import { describe, expect, it } from 'vitest';

import {
  descendantsOf,
  layoutOrgChart,
  neighbour,
  nodeAt,
  type OrgLayout,
  type OrgLayoutItem,
  type PositionedNode,
  validManagers,
  wouldCreateCycle,
} from './org-layout';

const W = 200;
const H = 100;
const OPTIONS = { siblingGap: 20, rootGap: 40, levelGap: 50, margin: 10 };

function person(id: string, reportsToId: string | null, width = W, height = H): OrgLayoutItem {
  return { id, reportsToId, width, height };
}

function byId(layout: OrgLayout): Map<string, PositionedNode> {
  return new Map(layout.nodes.map((node) => [node.id, node]));
}

function node(layout: OrgLayout, id: string): PositionedNode {
  const found = byId(layout).get(id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

const centre = (n: PositionedNode) => n.x + n.width / 2;

/** No two nodes share any pixel, and every node lies inside the chart. */
function expectTidy(layout: OrgLayout) {
  for (const a of layout.nodes) {
    expect(a.x).toBeGreaterThanOrEqual(0);
    expect(a.y).toBeGreaterThanOrEqual(0);
    expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
    expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
    for (const b of layout.nodes) {
      if (a === b) continue;
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
  }
}

// The CEO has a CFO and a CTO; a buyer and a controller report to the CFO.
const THREE_LEVELS = [
  person('ceo', null),
  person('cfo', 'ceo'),
  person('cto', 'ceo'),
  person('buyer', 'cfo'),
  person('controller', 'cfo'),
];

describe('layoutOrgChart', () => {
  it('should put three levels in rows, managers centred over their reports', () => {
    const layout = layoutOrgChart(THREE_LEVELS, OPTIONS);
    expect(layout.roots).toEqual(['ceo']);
    expect(layout.nodes.map((n) => [n.id, n.depth])).toEqual([
      ['ceo', 0],
      ['cfo', 1],
      ['buyer', 2],
      ['controller', 2],
      ['cto', 1],
    ]);
    expect(node(layout, 'ceo').y).toBe(10);
    expect(node(layout, 'cfo').y).toBe(10 + H + 50);
    expect(node(layout, 'buyer').y).toBe(10 + 2 * (H + 50));
    // Buyer and controller side by side, the CFO over the middle of them, the CTO to the right.
    expect(node(layout, 'buyer').x).toBe(10);
    expect(node(layout, 'controller').x).toBe(10 + W + 20);
    expect(centre(node(layout, 'cfo'))).toBe(
      (centre(node(layout, 'buyer')) + centre(node(layout, 'controller'))) / 2,
    );
    expect(node(layout, 'cto').x).toBeGreaterThanOrEqual(node(layout, 'controller').x + W + 20);
    expect(centre(node(layout, 'ceo'))).toBe((centre(node(layout, 'cfo')) + centre(node(layout, 'cto'))) / 2);
    expect(layout.width).toBe(10 + 3 * W + 2 * 20 + 10);
    expect(layout.height).toBe(10 + 3 * H + 2 * 50 + 10);
    expectTidy(layout);
  });

  it('should draw one right-angled line per reports-to link, from manager to report', () => {
    const layout = layoutOrgChart(THREE_LEVELS, OPTIONS);
    expect(layout.edges.map((e) => `${e.managerId}>${e.reportId}`).sort()).toEqual([
      'ceo>cfo',
      'ceo>cto',
      'cfo>buyer',
      'cfo>controller',
    ]);
    const ceo = node(layout, 'ceo');
    const cto = node(layout, 'cto');
    const edge = layout.edges.find((e) => e.reportId === 'cto');
    expect(edge?.points).toEqual([
      [centre(ceo), ceo.y + H],
      [centre(ceo), cto.y - 25],
      [centre(cto), cto.y - 25],
      [centre(cto), cto.y],
    ]);
    expect(edge?.path).toBe(`M ${centre(ceo)} ${ceo.y + H} V ${cto.y - 25} H ${centre(cto)} V ${cto.y}`);
  });

  it('should place several roots side by side without overlapping trees', () => {
    const layout = layoutOrgChart(
      [person('a', null), person('b', null), person('a1', 'a'), person('a2', 'a'), person('b1', 'b')],
      OPTIONS,
    );
    expect(layout.roots).toEqual(['a', 'b']);
    expect(node(layout, 'a').y).toBe(node(layout, 'b').y);
    // b's tree starts after a's tree (two reports wide) and the gap between roots.
    const aTreeRight = node(layout, 'a2').x + W;
    expect(node(layout, 'b1').x).toBe(aTreeRight + 40);
    expect(node(layout, 'b').x).toBe(node(layout, 'b1').x);
    expect(layout.edges).toHaveLength(3);
    expectTidy(layout);
  });

  it('should centre a wide manager over a narrow report and keep the report inside the band', () => {
    const layout = layoutOrgChart([person('boss', null, 300), person('clerk', 'boss', 100)], OPTIONS);
    expect(centre(node(layout, 'clerk'))).toBe(centre(node(layout, 'boss')));
    expect(layout.width).toBe(320);
    expectTidy(layout);
  });

  it('should give each level the height of its tallest node', () => {
    const layout = layoutOrgChart(
      [person('a', null, W, 80), person('b', null, W, 140), person('a1', 'a'), person('b1', 'b')],
      OPTIONS,
    );
    expect(node(layout, 'a1').y).toBe(10 + 140 + 50);
    expect(node(layout, 'b1').y).toBe(10 + 140 + 50);
    // The shorter root's line starts at its own bottom edge.
    expect(layout.edges.find((e) => e.reportId === 'a1')?.points[0]).toEqual([centre(node(layout, 'a')), 90]);
    expectTidy(layout);
  });

  it('should break a loop at the person listed first and report the link it cut', () => {
    // a reports to c, c to b, b to a: nobody is at the top. d hangs off the loop.
    const layout = layoutOrgChart(
      [person('a', 'c'), person('b', 'a'), person('c', 'b'), person('d', 'b')],
      OPTIONS,
    );
    expect(layout.brokenLinks).toEqual([{ contactId: 'a', reportsToId: 'c' }]);
    expect(layout.roots).toEqual(['a']);
    expect(layout.nodes.map((n) => [n.id, n.depth, n.managerId])).toEqual([
      ['a', 0, null],
      ['b', 1, 'a'],
      ['c', 2, 'b'],
      ['d', 2, 'b'],
    ]);
    expect(layout.edges).toHaveLength(3);
    expectTidy(layout);
  });

  it('should break a loop among people who also have a proper root, and a person managing themself', () => {
    const layout = layoutOrgChart(
      [
        person('root', null),
        person('x', 'y'),
        person('y', 'x'),
        person('self', 'self'),
        person('r1', 'root'),
      ],
      OPTIONS,
    );
    expect(layout.roots).toEqual(['root', 'x', 'self']);
    expect(layout.brokenLinks).toEqual([
      { contactId: 'self', reportsToId: 'self' },
      { contactId: 'x', reportsToId: 'y' },
    ]);
    expect(node(layout, 'y').managerId).toBe('x');
    expect(layout.nodes).toHaveLength(5);
    expectTidy(layout);
  });

  it('should make a root of someone whose manager is not among the people', () => {
    const layout = layoutOrgChart(
      [person('ceo', null), person('orphan', 'gone'), person('cfo', 'ceo')],
      OPTIONS,
    );
    expect(layout.roots).toEqual(['ceo', 'orphan']);
    expect(layout.unknownManagers).toEqual([{ contactId: 'orphan', reportsToId: 'gone' }]);
    expect(node(layout, 'orphan').depth).toBe(0);
    expect(node(layout, 'orphan').managerId).toBeNull();
    expect(layout.edges.map((e) => e.reportId)).toEqual(['cfo']);
    expectTidy(layout);
  });

  it('should keep the first of repeated ids and lay out nothing for nobody', () => {
    expect(layoutOrgChart([person('a', null), person('a', 'b')], OPTIONS).nodes).toHaveLength(1);
    expect(layoutOrgChart([], OPTIONS)).toMatchObject({
      nodes: [],
      edges: [],
      width: 20,
      height: 20,
      roots: [],
    });
  });

  it('should lay out a very long chain without recursion', () => {
    const chain = Array.from({ length: 12_000 }, (_, i) =>
      person(`p${i}`, i === 0 ? null : `p${i - 1}`, 10, 10),
    );
    const layout = layoutOrgChart(chain, OPTIONS);
    expect(layout.nodes).toHaveLength(12_000);
    expect(layout.nodes.at(-1)?.depth).toBe(11_999);
  });
});

describe('nodeAt', () => {
  it('should find the node under a point and nothing between nodes', () => {
    const layout = layoutOrgChart(THREE_LEVELS, OPTIONS);
    const cto = node(layout, 'cto');
    expect(nodeAt(layout, cto.x + 5, cto.y + 5)).toBe('cto');
    expect(nodeAt(layout, cto.x + W, cto.y + H)).toBe('cto');
    expect(nodeAt(layout, cto.x - 5, cto.y + 5)).toBeNull();
    expect(nodeAt(layout, 1, 1)).toBeNull();
  });
});

describe('neighbour', () => {
  const layout = layoutOrgChart(THREE_LEVELS, OPTIONS);
  it.each([
    ['cfo', 'up', 'ceo'],
    ['ceo', 'up', null],
    ['ceo', 'down', 'cfo'],
    ['cfo', 'down', 'buyer'],
    ['cto', 'down', null],
    ['cfo', 'right', 'cto'],
    ['cto', 'left', 'cfo'],
    ['cto', 'right', null],
    ['controller', 'left', 'buyer'],
    ['buyer', 'last', 'cto'],
    ['cto', 'first', 'ceo'],
  ] as const)('should move from %s %s to %s', (from, direction, to) => {
    expect(neighbour(layout, from, direction)).toBe(to);
  });

  it('should move across trees on the same level', () => {
    const forest = layoutOrgChart([person('a', null), person('b', null)], OPTIONS);
    expect(neighbour(forest, 'a', 'right')).toBe('b');
  });
});

describe('reports-to checks', () => {
  const people = [
    { contactId: 'ceo', reportsToId: null },
    { contactId: 'cfo', reportsToId: 'ceo' },
    { contactId: 'cto', reportsToId: 'ceo' },
    { contactId: 'buyer', reportsToId: 'cfo' },
    { contactId: 'x', reportsToId: 'y' },
    { contactId: 'y', reportsToId: 'x' },
  ];

  it('should find everyone below a person, and stop on loops', () => {
    expect([...descendantsOf(people, 'ceo')].sort()).toEqual(['buyer', 'cfo', 'cto']);
    expect([...descendantsOf(people, 'buyer')]).toEqual([]);
    expect([...descendantsOf(people, 'x')].sort()).toEqual(['x', 'y']);
  });

  it.each([
    ['ceo', 'buyer', true],
    ['ceo', 'cfo', true],
    ['cfo', 'cfo', true],
    ['cfo', 'cto', false],
    ['buyer', 'cto', false],
    ['ceo', null, false],
    ['x', 'y', true],
    ['buyer', 'x', false],
  ] as const)('should tell whether %s reporting to %s makes a loop (%s)', (contactId, managerId, loop) => {
    expect(wouldCreateCycle(people, contactId, managerId)).toBe(loop);
  });

  it('should offer as managers everyone but the person and those below them', () => {
    expect(validManagers(people, 'cfo')).toEqual(['ceo', 'cto', 'x', 'y']);
    expect(validManagers(people, 'ceo')).toEqual(['x', 'y']);
  });
});
