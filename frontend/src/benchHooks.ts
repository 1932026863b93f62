// Benchmark and test hooks, in builds made with VITE_CASEGRAPH_TEST_HOOKS=1
// only (see main.tsx and bench/ui-bench.mjs): a synthetic subgraph put on the
// canvas with no server, and timings of its first render and of ForceAtlas2.
import forceAtlas2 from "graphology-layout-forceatlas2";
import { layoutSettings } from "./components/layout";
import type { ApiEdge, ApiEntity, Subgraph } from "./model/types";
import { store } from "./store";
import { exposeBench } from "./testHooks";

const SCHEMATA = ["Person", "Company", "Organization", "BankAccount", "Event", "PublicBody"];
const TYPES = ["ASSOCIATE", "OWNERSHIP", "DIRECTORSHIP", "EMPLOYMENT", "MEMBERSHIP", "ATTENDED"];

/** A deterministic synthetic neighbourhood of about `elements` nodes + edges (one node per two edges). */
export function synthetic(elements: number, seed = 1): Subgraph {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const n = Math.max(2, Math.round(elements / 3));
  const m = elements - n;
  const nodes: ApiEntity[] = Array.from({ length: n }, (_, i) => ({
    id: `syn-${i}`,
    schema: SCHEMATA[i % SCHEMATA.length],
    name: `Synthetic ${SCHEMATA[i % SCHEMATA.length]} ${i}`,
    properties: i % SCHEMATA.length === 4 ? { date: `20${10 + (i % 10)}-0${1 + (i % 9)}` } : {},
  }));
  const edges: ApiEdge[] = [];
  // a tree around hubs (preferential: earlier nodes get more links), then extra links
  for (let i = 1; i < n && edges.length < m; i++) {
    const j = Math.floor(rnd() ** 2 * i);
    edges.push({ id: `syn-e${edges.length}`, type: TYPES[edges.length % TYPES.length], source: `syn-${i}`, target: `syn-${j}` });
  }
  while (edges.length < m) {
    const a = Math.floor(rnd() * n), b = Math.floor(rnd() ** 2 * n);
    if (a === b) continue;
    edges.push({
      id: `syn-e${edges.length}`,
      type: TYPES[edges.length % TYPES.length],
      source: `syn-${a}`,
      target: `syn-${b}`,
      startDate: edges.length % 5 === 0 ? `20${10 + (edges.length % 10)}` : null,
    });
  }
  return { nodes, edges };
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/**
 * Puts the subgraph on the canvas as an expansion would (merge, time window,
 * parallel edges, React table and side panels) and waits for sigma's first
 * render of it and the next frame. Milliseconds.
 */
async function timeFirstRender(sub: Subgraph): Promise<{ ms: number; nodes: number; edges: number }> {
  await frame();
  const rendered = store.canvasRendered();
  const t0 = performance.now();
  store.loadSubgraph(sub);
  await rendered;
  await frame();
  const ms = performance.now() - t0;
  return { ms, nodes: store.graph.order, edges: store.graph.size };
}

/** ForceAtlas2 over the whole canvas, with the canvas's settings, on this thread. Milliseconds. */
function timeLayout(iterations: number): number {
  const g = store.graph;
  const settings = layoutSettings(g);
  const t0 = performance.now();
  forceAtlas2.assign(g, { iterations, settings });
  return performance.now() - t0;
}

export function install() {
  exposeBench({ synthetic, timeFirstRender, timeLayout });
}

