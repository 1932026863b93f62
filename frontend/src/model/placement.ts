// Where the nodes an expansion (a path, a money flow, a page of a hub's
// links) adds are put: around the nodes they are linked to, outwards from
// the rest of the graph, each on the first free spot of rings around its
// anchor where it overlaps no node, its links cross no node and no drawn
// link runs through it. The nodes already drawn do not move, so the picture
// a person has learnt survives the expansion.
//
// Units are the graph's: `radius` is how large a node is drawn, in graph
// units, as the canvas works it out from its size in pixels (nodeRadius).
import type { CaseGraph } from "./graph";

export interface PlacementOptions {
  /** A node's drawn radius in graph units (with a little margin): one for all, or each its own. */
  radius: number | ((id: string) => number);
  /** Past this many candidate spots for one node, the one with the fewest conflicts is taken. */
  maxCandidates?: number;
  /**
   * How much testing of spots placing may do, in node and link comparisons:
   * past it, the nodes left go on the first spot of their search (a crowded
   * canvas could otherwise take seconds). Counted, not timed, so the same
   * graph is placed the same way however busy the machine is. Default
   * WORK_BUDGET, about 300 ms in Chromium on a laptop.
   */
  budget?: number;
}

interface Pt {
  x: number;
  y: number;
}

/** Centre-to-centre distance two nodes keep, in radii (the mean of theirs): their discs do not touch. */
export const GAP = 2.3;
/** How far a link passes from a node it does not end at, in radii. */
export const CLEARANCE = 1.15;

/** The default budget of placeFresh: comparisons of a spot with a node or a link. */
export const WORK_BUDGET = 40_000_000;

/** A number in [0, 1) from a string, the same every time: the jitter of a node's spot. */
export function unitHash(s: string, salt = 0): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** The distance from p to the segment a–b. */
export function segmentDistance(p: Pt, a: Pt, b: Pt): number {
  const dx = b.x - a.x,
    dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const u = len2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(a.x + u * dx - p.x, a.y + u * dy - p.y);
}

/** The median length of the links between these nodes, or 0 with none. */
function medianLinkLength(g: CaseGraph, placed: Set<string>): number {
  const lengths: number[] = [];
  g.forEachEdge((_e, _a, s, t, sa, ta) => {
    if (s !== t && placed.has(s) && placed.has(t)) lengths.push(Math.hypot(sa.x - ta.x, sa.y - ta.y));
  });
  if (!lengths.length) return 0;
  lengths.sort((a, b) => a - b);
  return lengths[lengths.length >> 1];
}

/**
 * The order nodes are placed in: those linked to the most nodes already
 * drawn first, then those linked to nodes just placed (breadth first), then
 * any left (linked to nothing drawn), each group by id.
 */
function placingOrder(g: CaseGraph, fresh: string[], placed: Set<string>): string[] {
  const todo = new Set(fresh);
  const order: string[] = [];
  const known = new Set(placed);
  const score = (n: string) => g.neighbors(n).filter((m) => known.has(m)).length;
  while (todo.size) {
    const ready = [...todo].filter((n) => score(n) > 0);
    const batch = ready.length ? ready : [[...todo].sort()[0]];
    batch.sort((a, b) => score(b) - score(a) || (a < b ? -1 : 1));
    // the first of the batch only when nothing is linked: it becomes an anchor for the others
    for (const n of ready.length ? batch : batch.slice(0, 1)) {
      order.push(n);
      todo.delete(n);
    }
    for (const n of batch) known.add(n);
  }
  return order;
}

/**
 * Places the fresh nodes (their x and y are overwritten); every other node
 * keeps its place. New nodes hanging from one drawn node alone (an
 * expansion's leaves) are spread evenly over the free arcs of a circle
 * around it; any other is put on the nearest free spot of rings around the
 * nodes it links to, facing away from the graph. Returns how many could only
 * be put where something is in the way (the canvas was too crowded).
 */
export function placeFresh(g: CaseGraph, fresh: string[], opts: PlacementOptions): number {
  const freshSet = new Set(fresh.filter((n) => g.hasNode(n)));
  const placed = new Set(g.filterNodes((n) => !freshSet.has(n)));
  if (!freshSet.size) return 0;
  const radiusOf = typeof opts.radius === "number" ? ((r: number) => () => r)(opts.radius) : opts.radius;
  const rhos = new Map<string, number>();
  g.forEachNode((n) => rhos.set(n, radiusOf(n)));
  const rhoOf = (n: string) => rhos.get(n)!;
  const budget = opts.budget ?? WORK_BUDGET;
  let work = 0;
  const late = () => work > budget;
  const candidates = () => (late() ? 1 : (opts.maxCandidates ?? 600));
  const pos = new Map<string, Pt>();
  for (const n of placed) pos.set(n, { x: g.getNodeAttribute(n, "x"), y: g.getNodeAttribute(n, "y") });

  // the centre of what was drawn: new nodes go away from it
  const centre: Pt = { x: 0, y: 0 };
  for (const p of pos.values()) {
    centre.x += p.x / placed.size;
    centre.y += p.y / placed.size;
  }
  const link = medianLinkLength(g, placed);

  // links between nodes placed, kept as segments to test spots against
  const segments: [string, string][] = [];
  g.forEachEdge((_e, _a, s, t) => {
    if (s !== t && placed.has(s) && placed.has(t)) segments.push([s, t]);
  });
  const drawnNeighbours = (n: string) => [...new Set(g.neighbors(n))].filter((m) => pos.has(m));

  /** How many rules a node of radius rho at p, linked to anchors, breaks: 0 is a free spot. */
  const conflictsAt = (p: Pt, rho: number, anchors: string[]): number => {
    work += pos.size * (1 + anchors.length) + segments.length;
    let bad = 0;
    for (const [m, q] of pos) {
      const rm = rhoOf(m);
      if (Math.hypot(p.x - q.x, p.y - q.y) < (GAP / 2) * (rho + rm)) bad++;
      // the node's own links pass clear of every other node
      for (const a of anchors) if (m !== a && segmentDistance(q, pos.get(a)!, p) < CLEARANCE * rm) bad++;
    }
    // no drawn link runs through the node
    for (const [s, t] of segments) if (segmentDistance(p, pos.get(s)!, pos.get(t)!) < CLEARANCE * rho) bad++;
    return bad;
  };
  const put = (n: string, p: Pt, anchors: string[]) => {
    pos.set(n, p);
    placed.add(n);
    for (const m of anchors) segments.push([n, m]);
  };
  /** The first ring's radius around an anchor: the two nodes clear of each other, about a link's length. */
  const firstRing = (rho: number, anchorRho: number) => Math.min(8 * rho + anchorRho, Math.max((GAP / 2) * (rho + anchorRho) + 2 * rho, link));

  /**
   * Free spots for up to `take` nodes of radius rho linked to a, on the circle
   * of radius r around it: spread evenly over the widest free arcs, each arc
   * holding as many as fit there side by side. Angles (in samples of the
   * circle) with the sample's size; fewer than asked when fewer fit.
   */
  const arcSpots = (a: string, r: number, rho: number, take: number, turn: number, outwards: number | null) => {
    const c = pos.get(a)!;
    const M = Math.max(72, Math.ceil((2 * Math.PI * r) / (0.2 * rho)));
    const delta = (2 * Math.PI) / M;
    const at = (i: number): Pt => ({ x: c.x + r * Math.cos(turn + i * delta), y: c.y + r * Math.sin(turn + i * delta) });
    const free = Array.from({ length: M }, (_, i) => conflictsAt(at(i), rho, [a]) === 0);
    // runs of free samples: [first sample, how many], the circle's wrap joined
    const runs: [number, number][] = [];
    if (free.every(Boolean)) runs.push([0, M]);
    else {
      const from = free.findIndex((f) => !f);
      for (let j = 1; j <= M; j++) {
        const i = (from + j) % M;
        if (!free[i]) continue;
        const last = runs[runs.length - 1];
        if (last && (last[0] + last[1]) % M === i) last[1]++;
        else runs.push([i, 1]);
      }
    }
    const whole = runs.length === 1 && runs[0][1] === M;
    // a run spanning L holds floor(L / spacing) nodes, each in the middle of its share of it
    const spacing = (GAP * rho) / r;
    const capacity = runs.map(([, len]) => Math.floor((whole ? 2 * Math.PI : (len - 1) * delta) / spacing));
    // the arcs facing away from the graph first (else the widest); narrow gaps (a quarter
    // of the widest, or less: between the spokes of a hub next door, say) are left alone,
    const share = runs.map(() => 0);
    let left = take;
    const widest = Math.max(0, ...runs.map(([, len]) => len));
    const facing = ([first, len]: [number, number]) => {
      if (outwards === null) return -len;
      const mid = turn + (first + (len - 1) / 2) * delta - outwards;
      return Math.abs(Math.atan2(Math.sin(mid), Math.cos(mid)));
    };
    for (const j of runs.map((_, j) => j).sort((x, y) => facing(runs[x]) - facing(runs[y]) || x - y)) {
      // and never the side facing back into the graph
      if (runs[j][1] < widest / 4 || facing(runs[j]) > (5 * Math.PI) / 9) continue;
      share[j] = Math.min(capacity[j], left);
      left -= share[j];
    }
    const spots: number[] = [];
    runs.forEach(([first, len], j) => {
      const span = whole ? M : len - 1;
      for (let i = 0; i < share[j]; i++) spots.push(first + (span * (i + 0.5)) / share[j]);
    });
    return { spots: spots.sort((x, y) => x - y), delta };
  };

  /**
   * A batch of leaves of anchor a around it: on one circle if they fit on
   * its free arcs, else in two or three rows (a fan), the circle widened
   * until they fit. False when they never did (they are then placed one by
   * one).
   */
  const spread = (a: string, batch: string[]): boolean => {
    const c = pos.get(a)!;
    const rho = Math.max(...batch.map(rhoOf));
    let R = Math.max(firstRing(rho, rhoOf(a)), (batch.length * GAP * rho * 1.15) / (2 * Math.PI));
    const away = Math.hypot(c.x - centre.x, c.y - centre.y);
    const outwards = away > rho * 0.5 ? Math.atan2(c.y - centre.y, c.x - centre.x) : null;
    const turn = outwards ?? 2 * Math.PI * unitHash(a, 3);
    for (let attempt = 0; attempt < (late() ? 1 : 6); attempt++, R *= 1.35) {
      // one row first on the first circle; past it a fan of three rows first, which
      // stays closer than one long thin arc
      for (const rows of attempt === 0 ? [1, 2, 3] : [3, 2, 1]) {
        const saved = segments.length;
        const remaining = [...batch];
        for (let row = 0; row < rows && remaining.length; row++) {
          const r = R + row * GAP * rho;
          const { spots, delta } = arcSpots(a, r, rho, Math.ceil(remaining.length / (rows - row)), turn, outwards);
          for (const [i, n] of remaining.splice(0, spots.length).entries()) {
            const angle = turn + spots[i] * delta;
            const rr = r * (1 + 0.06 * (unitHash(n, 11) - 0.5));
            const jittered = { x: c.x + rr * Math.cos(angle), y: c.y + rr * Math.sin(angle) };
            put(n, conflictsAt(jittered, rhoOf(n), [a]) === 0 ? jittered : { x: c.x + r * Math.cos(angle), y: c.y + r * Math.sin(angle) }, [a]);
          }
        }
        if (!remaining.length) return true;
        // they did not fit: take them back
        for (const n of batch) {
          pos.delete(n);
          placed.delete(n);
        }
        segments.length = saved;
      }
    }
    return false;
  };

  /** One node on the nearest free spot of rings around its anchors, facing away from the graph. */
  const nearest = (n: string, anchors: string[]): boolean => {
    const rho = rhoOf(n);
    const c: Pt = anchors.length
      ? { x: anchors.reduce((s, m) => s + pos.get(m)!.x, 0) / anchors.length, y: anchors.reduce((s, m) => s + pos.get(m)!.y, 0) / anchors.length }
      : centre;
    const away = Math.hypot(c.x - centre.x, c.y - centre.y);
    const theta0 = away > rho * 0.5 ? Math.atan2(c.y - centre.y, c.x - centre.x) : 2 * Math.PI * unitHash(n);
    const jitter = unitHash(n, 7) - 0.5;
    const start = firstRing(rho, anchors.length === 1 ? rhoOf(anchors[0]) : 0);
    // a spot straight back costs 2.5 times its distance
    const outwards = away > rho * 0.5 ? 1.5 : 0;
    const maxCandidates = candidates();
    const spots: { p: Pt; cost: number }[] = anchors.length > 1 ? [{ p: c, cost: 0 }] : [];
    for (let j = 0; spots.length < maxCandidates; j++) {
      const r = start + j * GAP * rho * 0.75;
      const step = (0.25 * GAP * rho) / r;
      const count = Math.floor(Math.PI / step);
      for (let k = -count; k <= count; k++) {
        const offset = k * step + jitter * step;
        const rr = r * (1 + 0.08 * jitter);
        spots.push({ p: { x: c.x + rr * Math.cos(theta0 + offset), y: c.y + rr * Math.sin(theta0 + offset) }, cost: r * (1 + outwards * (offset / Math.PI) ** 2) });
      }
    }
    spots.sort((a, b) => a.cost - b.cost);
    let best = spots[0].p;
    let bestBad = Infinity;
    for (const { p } of spots.slice(0, maxCandidates)) {
      const bad = conflictsAt(p, rho, anchors);
      if (bad < bestBad) [best, bestBad] = [p, bad];
      if (bad === 0) break;
    }
    put(n, best, anchors);
    return bestBad === 0;
  };

  let conflicts = 0;
  const order = placingOrder(g, [...freshSet], placed);
  for (const n of order) {
    if (pos.has(n)) continue;
    if (!pos.size) {
      put(n, { x: 0, y: 0 }, []);
      continue;
    }
    const anchors = drawnNeighbours(n);
    if (anchors.length === 1) {
      const a = anchors[0];
      const batch = order.filter((m) => !pos.has(m) && g.areNeighbors(m, a) && drawnNeighbours(m).length === 1);
      if (spread(a, batch)) continue;
    }
    if (!nearest(n, anchors)) conflicts++;
  }
  for (const n of freshSet) {
    const p = pos.get(n)!;
    g.mergeNodeAttributes(n, { x: p.x, y: p.y });
  }
  return conflicts;
}

/**
 * A node's drawn radius in graph units, from its largest size on screen
 * (pixels) and how many pixels a graph unit takes once the camera fits the
 * graph's extent into a viewport (what sigma does: the larger side of the
 * extent fills the smaller side of the viewport, less its padding).
 */
export function nodeRadius(extent: number, viewport: { width: number; height: number }, sizePx: number, padding = 30): number {
  const px = Math.max(50, Math.min(viewport.width, viewport.height) - 2 * padding);
  return (sizePx * extent) / px;
}

/** The larger side of the box around these nodes' positions (0 for one node). */
export function extentOf(g: CaseGraph, nodes: Iterable<string> = g.nodes()): number {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const n of nodes) {
    const a = g.getNodeAttributes(n);
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  }
  return maxX >= minX ? Math.max(maxX - minX, maxY - minY) : 0;
}
