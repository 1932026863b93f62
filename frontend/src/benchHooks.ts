// Benchmark hooks, in builds made with VITE_CASEGRAPH_TEST_HOOKS=1 only (see
// main.tsx and bench/ui-bench.mjs): a subgraph (the benchmark's synthetic
// case, bench/synthetic.mjs) put on the canvas with no server, and timings of
// its first render and of ForceAtlas2. The benchmark times pan and zoom
// frames itself, from sigma's render events.
import forceAtlas2 from "graphology-layout-forceatlas2";
import { layoutSettings } from "./components/layout";
import { computeViewMetrics } from "./model/metrics";
import type { NodeStyle } from "./model/style";
import type { Subgraph } from "./model/types";
import { store } from "./store";
import { exposeBench } from "./testHooks";

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/**
 * Puts the subgraph on the canvas as an expansion would (merge, time window,
 * parallel links grouped and bent apart, node styles, React table and side
 * panels) and waits for sigma's first render of it and the next frame.
 * Milliseconds.
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

/** The view-level metrics (model/metrics.ts) of what is drawn, on this thread: milliseconds of each step (bench/metrics-bench.mjs). */
function timeViewMetrics() {
  const m = computeViewMetrics(store.graph);
  return { ...m.ms, nodes: m.nodes, links: m.links, communities: m.communitySizes.length, sampled: m.betweennessSample };
}

/** A style chosen (metrics computed, sizes and colours written) until sigma has drawn it and the next frame. Milliseconds. */
async function timeStyle(style: Partial<NodeStyle>): Promise<number> {
  await frame();
  const rendered = store.canvasRendered();
  const t0 = performance.now();
  store.setStyle(style);
  await rendered;
  await frame();
  return performance.now() - t0;
}

export function install() {
  exposeBench({ timeFirstRender, timeLayout, timeViewMetrics, timeStyle });
}

