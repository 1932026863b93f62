// The canvas's layout: ForceAtlas2 in a web worker for a moment, the nodes
// already placed (and the pinned ones) held fixed so a person's mental map
// survives an expansion.
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { CaseGraph } from "../model/graph";

const LAYOUT_MS = 1500;

/** ForceAtlas2 settings of the canvas layout (bench/ui-bench.mjs times the same). */
export function layoutSettings(g: Parameters<typeof forceAtlas2.inferSettings>[0]) {
  return { ...forceAtlas2.inferSettings(g), gravity: 0.5, scalingRatio: 10, slowDown: 5, adjustSizes: false };
}

export class WorkerLayout {
  private fa2: FA2Layout | null = null;
  private timer: number | undefined;

  /** done runs when a layout has stopped and freed the nodes it held. */
  constructor(
    private g: CaseGraph,
    private done: () => void,
  ) {}

  /** Lays out the fresh nodes (all of them: everything moves) for LAYOUT_MS. */
  run(fresh: string[]) {
    const g = this.g;
    const freshSet = new Set(fresh);
    const all = fresh.length === g.order;
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
