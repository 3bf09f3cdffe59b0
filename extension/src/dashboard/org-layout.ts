/*
 * The buying committee's org chart as geometry: a tidy tree computed from the reports-to links, with no DOM,
 * so `org-chart.tsx` only draws what this returns and the tests check positions directly.
 *
 * The layout packs subtrees: every subtree gets a band as wide as its own node or its children's bands side by
 * side (whichever is wider), children sit left to right in input order under their manager, and a manager is
 * centred over its first and last report. Levels are rows as tall as their tallest node. Subtrees never
 * overlap, sibling order is stable, and the cost is linear; it does not slide small subtrees under a wide
 * neighbour the way Reingold–Tilford does, which a buying committee of a few dozen people does not need.
 */

/** A person to place: the size of their node and whom they report to. */
export interface OrgLayoutItem {
  id: string;
  /** The manager's id; `null`, an unknown id or the person's own id all make a root. */
  reportsToId: string | null;
  width: number;
  height: number;
}

export interface OrgLayoutOptions {
  /** Horizontal space between neighbouring subtrees under one manager. */
  siblingGap?: number;
  /** Horizontal space between the trees of separate roots. */
  rootGap?: number;
  /** Vertical space between levels; the reports-to lines turn in the middle of it. */
  levelGap?: number;
  /** Space around the whole chart. */
  margin?: number;
}

export interface PositionedNode {
  id: string;
  /** Top-left corner, in pixels from the chart's top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0 for a root. */
  depth: number;
  /** The manager drawn above this node (`null` for a root, even when a link was dropped, see `brokenLinks`). */
  managerId: string | null;
}

/** A reports-to line from the bottom of the manager's node to the top of the report's, with right angles. */
export interface OrgEdge {
  managerId: string;
  reportId: string;
  /** SVG path data. */
  path: string;
  points: readonly (readonly [number, number])[];
}

/** A reports-to link that is in the data but not drawn. */
export interface OrgLink {
  contactId: string;
  reportsToId: string;
}

export interface OrgLayout {
  /** In drawing order: each root's tree depth-first, roots left to right. */
  nodes: PositionedNode[];
  edges: OrgEdge[];
  width: number;
  height: number;
  roots: string[];
  /** Links cut to break a loop (A reports to B reports to A), one per loop; the person becomes a root. */
  brokenLinks: OrgLink[];
  /** Links to a manager who is not among the people given; the person becomes a root. */
  unknownManagers: OrgLink[];
}

/**
 * Positions for every person and every reports-to line. Terminates on any input: loops in the links are cut
 * at the person listed first (reported in `brokenLinks`), unknown managers make roots (`unknownManagers`),
 * and repeated ids keep their first occurrence. Nothing recurses, so a long chain cannot overflow the stack.
 * @example
 * const layout = layoutOrgChart([
 *   { id: 'ceo', reportsToId: null, width: 200, height: 100 },
 *   { id: 'cfo', reportsToId: 'ceo', width: 200, height: 100 },
 * ]);
 * layout.edges[0]?.path // 'M 116 116 V 140 H 116 V 164'
 */
export function layoutOrgChart(items: readonly OrgLayoutItem[], options: OrgLayoutOptions = {}): OrgLayout {
  const { siblingGap = 24, rootGap = 48, levelGap = 48, margin = 16 } = options;
  const byId = new Map<string, OrgLayoutItem>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  const ids = [...byId.keys()];
  const position = new Map(ids.map((id, i) => [id, i]));

  const manager = new Map<string, string | null>();
  const brokenLinks: OrgLink[] = [];
  const unknownManagers: OrgLink[] = [];
  for (const id of ids) {
    const to = byId.get(id)?.reportsToId ?? null;
    if (to === null) manager.set(id, null);
    else if (to === id) {
      manager.set(id, null);
      brokenLinks.push({ contactId: id, reportsToId: to });
    } else if (!byId.has(to)) {
      manager.set(id, null);
      unknownManagers.push({ contactId: id, reportsToId: to });
    } else manager.set(id, to);
  }

  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) {
    const to = manager.get(id);
    if (to) children.get(to)?.push(id);
  }

  const reached = new Set<string>();
  const reach = (root: string) => {
    const stack = [root];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (reached.has(id)) continue;
      reached.add(id);
      stack.push(...(children.get(id) ?? []));
    }
  };
  for (const id of ids) if (manager.get(id) === null) reach(id);

  // Whoever no root reaches hangs off a loop: walk up to it and cut it at the member listed first.
  for (const id of ids) {
    if (reached.has(id)) continue;
    const walked = new Set<string>();
    let at: string | null = id;
    while (at !== null && !walked.has(at)) {
      walked.add(at);
      at = manager.get(at) ?? null;
    }
    if (at === null) {
      reach(id); // cannot happen (the walk would have ended at a root), kept so a bug cannot hang the page
      continue;
    }
    let cut: string = at;
    for (
      let member = manager.get(at) ?? null;
      member !== null && member !== at;
      member = manager.get(member) ?? null
    ) {
      if ((position.get(member) ?? 0) < (position.get(cut) ?? 0)) cut = member;
    }
    const above = manager.get(cut) ?? null;
    if (above !== null) {
      brokenLinks.push({ contactId: cut, reportsToId: above });
      const siblings = children.get(above) ?? [];
      siblings.splice(siblings.indexOf(cut), 1);
    }
    manager.set(cut, null);
    reach(cut);
  }

  const roots = ids.filter((id) => manager.get(id) === null);

  // Depth-first order (a forest now, so every node comes once), with each child after its manager.
  const order: string[] = [];
  const depth = new Map<string, number>();
  for (const root of roots) {
    depth.set(root, 0);
    const stack = [root];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      order.push(id);
      const kids = children.get(id) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) {
        const kid = kids[i];
        if (kid === undefined) continue;
        depth.set(kid, (depth.get(id) ?? 0) + 1);
        stack.push(kid);
      }
    }
  }

  const size = (id: string) => byId.get(id) ?? { width: 0, height: 0 };
  const band = new Map<string, number>();
  const kidsOf = (id: string) => children.get(id) ?? [];
  const bandOf = (id: string) => band.get(id) ?? 0;
  const kidsWidth = (id: string) =>
    kidsOf(id).reduce((sum, kid, i) => sum + bandOf(kid) + (i > 0 ? siblingGap : 0), 0);

  // Band widths bottom-up: reversed depth-first order visits every child before its manager.
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    if (id !== undefined) band.set(id, Math.max(size(id).width, kidsWidth(id)));
  }

  // Band left edges top-down.
  const left = new Map<string, number>();
  let cursor = margin;
  for (const root of roots) {
    left.set(root, cursor);
    cursor += bandOf(root) + rootGap;
  }
  for (const id of order) {
    let kidLeft = (left.get(id) ?? 0) + (bandOf(id) - kidsWidth(id)) / 2;
    for (const kid of kidsOf(id)) {
      left.set(kid, kidLeft);
      kidLeft += bandOf(kid) + siblingGap;
    }
  }

  // Node x bottom-up: centred over the first and last report, kept inside its own band.
  const x = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    if (id === undefined) continue;
    const { width } = size(id);
    const bandLeft = left.get(id) ?? 0;
    const kids = kidsOf(id);
    const first = kids[0];
    const last = kids[kids.length - 1];
    let nodeX = bandLeft + (bandOf(id) - width) / 2;
    if (first !== undefined && last !== undefined) {
      const centre =
        ((x.get(first) ?? 0) + size(first).width / 2 + (x.get(last) ?? 0) + size(last).width / 2) / 2;
      nodeX = Math.min(Math.max(centre - width / 2, bandLeft), bandLeft + bandOf(id) - width);
    }
    x.set(id, nodeX);
  }

  const levelHeight: number[] = [];
  for (const id of order) {
    const d = depth.get(id) ?? 0;
    levelHeight[d] = Math.max(levelHeight[d] ?? 0, size(id).height);
  }
  const levelTop: number[] = [];
  let top = margin;
  for (let d = 0; d < levelHeight.length; d++) {
    levelTop[d] = top;
    top += (levelHeight[d] ?? 0) + levelGap;
  }

  const nodes: PositionedNode[] = order.map((id) => ({
    id,
    x: Math.round(x.get(id) ?? 0),
    y: Math.round(levelTop[depth.get(id) ?? 0] ?? 0),
    width: size(id).width,
    height: size(id).height,
    depth: depth.get(id) ?? 0,
    managerId: manager.get(id) ?? null,
  }));
  const placed = new Map(nodes.map((node) => [node.id, node]));
  const edges: OrgEdge[] = [];
  for (const node of nodes) {
    const boss = node.managerId === null ? undefined : placed.get(node.managerId);
    if (!boss) continue;
    const from = [Math.round(boss.x + boss.width / 2), boss.y + boss.height] as const;
    const to = [Math.round(node.x + node.width / 2), node.y] as const;
    const turn = Math.round(node.y - levelGap / 2);
    edges.push({
      managerId: boss.id,
      reportId: node.id,
      path: `M ${from[0]} ${from[1]} V ${turn} H ${to[0]} V ${to[1]}`,
      points: [from, [from[0], turn], [to[0], turn], to],
    });
  }

  const width = roots.length === 0 ? 2 * margin : cursor - rootGap + margin;
  const height = levelHeight.length === 0 ? 2 * margin : top - levelGap + margin;
  return {
    nodes,
    edges,
    width: Math.round(width),
    height: Math.round(height),
    roots,
    brokenLinks,
    unknownManagers,
  };
}

/**
 * The node under a point in chart coordinates, or `null` for the background.
 * @example nodeAt(layout, 120, 40) // 'ceo'
 */
export function nodeAt(layout: Pick<OrgLayout, 'nodes'>, x: number, y: number): string | null {
  for (const node of layout.nodes) {
    if (x >= node.x && x <= node.x + node.width && y >= node.y && y <= node.y + node.height) return node.id;
  }
  return null;
}

export type OrgDirection = 'up' | 'down' | 'left' | 'right' | 'first' | 'last';

/**
 * The node keyboard focus moves to from `id`: up to the manager, down to the first report, left and right
 * to the neighbours on the same level (across trees), first and last in drawing order; `null` when there is
 * none in that direction.
 * @example neighbour(layout, 'cfo', 'up') // 'ceo'
 */
export function neighbour(
  layout: Pick<OrgLayout, 'nodes'>,
  id: string,
  direction: OrgDirection,
): string | null {
  const nodes = layout.nodes;
  const here = nodes.find((node) => node.id === id);
  if (!here) return nodes[0]?.id ?? null;
  switch (direction) {
    case 'up':
      return here.managerId;
    case 'down':
      return nodes.filter((node) => node.managerId === id).sort((a, b) => a.x - b.x)[0]?.id ?? null;
    case 'left':
    case 'right': {
      const level = nodes.filter((node) => node.depth === here.depth).sort((a, b) => a.x - b.x);
      const at = level.findIndex((node) => node.id === id);
      return level[direction === 'left' ? at - 1 : at + 1]?.id ?? null;
    }
    case 'first':
      return nodes[0]?.id ?? null;
    case 'last':
      return nodes[nodes.length - 1]?.id ?? null;
  }
}

/** The reports-to links as the data has them (`contactId` reports to `reportsToId`). */
export interface ReportsToLink {
  contactId: string;
  reportsToId: string | null;
}

/**
 * Everyone below `contactId` in the reports-to links, however deep (terminates on loops).
 * @example descendantsOf(people, 'ceo') // Set { 'cfo', 'buyer' }
 */
export function descendantsOf(people: readonly ReportsToLink[], contactId: string): Set<string> {
  const reports = new Map<string, string[]>();
  for (const person of people) {
    if (person.reportsToId === null) continue;
    const list = reports.get(person.reportsToId);
    if (list) list.push(person.contactId);
    else reports.set(person.reportsToId, [person.contactId]);
  }
  const found = new Set<string>();
  const stack = [...(reports.get(contactId) ?? [])];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(reports.get(id) ?? []));
  }
  return found;
}

/**
 * Whether making `contactId` report to `managerId` would close a loop: the manager is the person or someone
 * below them. Reporting to nobody (`null`) never does.
 * @example wouldCreateCycle(people, 'ceo', 'cfo') // true when the CFO reports to the CEO
 */
export function wouldCreateCycle(
  people: readonly ReportsToLink[],
  contactId: string,
  managerId: string | null,
): boolean {
  if (managerId === null) return false;
  return managerId === contactId || descendantsOf(people, contactId).has(managerId);
}

/**
 * The people `contactId` may report to, in input order: everyone but the person and those below them.
 * @example validManagers(people, 'cfo') // ['ceo', 'cto']
 */
export function validManagers(people: readonly ReportsToLink[], contactId: string): string[] {
  const below = descendantsOf(people, contactId);
  return people.map((p) => p.contactId).filter((id) => id !== contactId && !below.has(id));
}
