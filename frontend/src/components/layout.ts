// The canvas's layout. Nodes an expansion adds are placed around the nodes
// they are linked to (model/placement.ts: free spots on rings, outwards, no
// overlap, no link through a node), the nodes already drawn held where they
// are so a person's mental map survives. "Re-layout" (every node fresh), or
// more new nodes than placing handles quickly, runs ForceAtlas2 in a web
// worker for a moment instead, pinned nodes held.
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { CaseGraph } from "../model/graph";
import { extentOf, nodeRadius, placeFresh } from "../model/placement";
import { nodeLook } from "../model/style";

const LAYOUT_MS = 1500;
/** Up to this many new nodes are placed one by one; past it ForceAtlas2 spreads them. */
const PLACE_MAX = 600;

/** ForceAtlas2 settings of the canvas layout (bench/ui-bench.mjs times the same). */
export function layoutSettings(g: Parameters<typeof forceAtlas2.inferSettings>[0]) {
  return { ...forceAtlas2.inferSettings(g), gravity: 0.5, scalingRatio: 10, slowDown: 5, adjustSizes: false };
}

/** The radius a node is drawn with, in pixels, with a margin: its size, larger when merged (GraphCanvas's nodeReducer). */
function drawnRadiusPx(g: CaseGraph, n: string): number {
  const a = g.getNodeAttributes(n);
  return (nodeLook(a).size + ((a.sameAs?.length ?? 0) > 0 ? 4 : 0)) * 1.15;
}

/**
 * The nodes to place: those added, and the leaves already drawn around the
 * node new leaves hang from (linked to it alone, not pinned), so a hub's
 * leaves old and new share its circle instead of the new ones finding no
 * way through the old ring.
 */
export function withSiblings(g: CaseGraph, added: string[]): string[] {
  const isNew = new Set(added);
  const anchors = new Set<string>();
  for (const n of added) {
    const old = g.neighbors(n).filter((m) => !isNew.has(m));
    if (old.length === 1) anchors.add(old[0]);
  }
  const out = [...added];
  for (const a of anchors)
    for (const m of g.neighbors(a))
      if (!isNew.has(m) && !g.getNodeAttribute(m, "pinned") && g.neighbors(m).length === 1) {
        isNew.add(m);
        out.push(m);
      }
  return out;
}

export class WorkerLayout {
  private fa2: FA2Layout | null = null;
  private timer: number | undefined;

  /**
   * done runs when a layout has stopped and freed the nodes it held;
   * viewport says how large the canvas is, so nodes are placed far enough
   * apart for their size on screen.
   */
  constructor(
    private g: CaseGraph,
    private done: () => void,
    private viewport: () => { width: number; height: number } = () => ({ width: 800, height: 500 }),
  ) {}

  /** Lays out the fresh nodes: placed around what they link to, or (all of them, or very many) by ForceAtlas2. */
  run(fresh: string[]) {
    const all = fresh.length === this.g.order;
    if (all || fresh.length > PLACE_MAX) return this.force(fresh, all);
    this.kill();
    this.place(fresh);
    this.done();
  }

  /**
   * Places fresh nodes on free spots, a node's radius worked out from the
   * extent the graph will have: placing grows the extent, so a second (and
   * third) pass places them again with the radius the grown extent needs.
   */
  private place(added: string[]) {
    const g = this.g;
    const fresh = withSiblings(g, added);
    const freshSet = new Set(fresh);
    const old = g.filterNodes((n) => !freshSet.has(n));
    const vp = this.viewport();
    const px = new Map(g.mapNodes((n) => [n, drawnRadiusPx(g, n)] as const));
    const oldExtent = extentOf(g, old);
    // graph units per pixel: from the extent drawn, or any scale for a lone node (the camera fits it)
    let unit = oldExtent > 0 ? nodeRadius(oldExtent, vp, 1) : 0.1;
    for (let pass = 0; pass < 3; pass++) {
      placeFresh(g, fresh, { radius: (n) => px.get(n)! * unit });
      const need = nodeRadius(extentOf(g), vp, 1);
      if (need <= unit * 1.02) break;
      unit = need * 1.05;
    }
  }

  /** ForceAtlas2 for LAYOUT_MS, the nodes not fresh (and the pinned ones) held. */
  private force(fresh: string[], all: boolean) {
    const g = this.g;
    const freshSet = new Set(fresh);
    g.forEachNode((n, a) => g.setNodeAttribute(n, "fixed", !!a.pinned || (!all && !freshSet.has(n))));
    this.kill();
    this.fa2 = new FA2Layout(g, { settings: layoutSettings(g) });
    this.fa2.start();
    this.timer = window.setTimeout(() => {
      this.fa2?.stop();
      this.kill();
      g.forEachNode((n, a) => g.setNodeAttribute(n, "fixed", !!a.pinned));
      this.done();
    }, LAYOUT_MS);
  }

  kill() {
    this.fa2?.kill();
    this.fa2 = null;
    window.clearTimeout(this.timer);
  }
}
