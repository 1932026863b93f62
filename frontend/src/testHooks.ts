// window.__casegraph: the graph model, the store and the sigma instance,
// written for the end-to-end steps (e2e/explorer.e2e.mjs) and the UI
// benchmark (bench/ui-bench.mjs) to read, as sigma's own Playwright suites
// expose theirs. Written only: the explorer never reads it back (components
// reach the canvas through the store's CanvasPort). The end-to-end steps run
// against the production build, so these are in every build; the benchmark's
// extra hooks (benchHooks.ts) are not.
import type Sigma from "sigma";
import type { CaseGraph } from "./model/graph";
import type { Store } from "./store";

export interface TestHooks {
  graph: CaseGraph;
  store: Store;
  visibleNodes: () => string[];
  visibleEdges: () => string[];
  sigma?: Sigma;
  /** In VITE_CASEGRAPH_TEST_HOOKS builds only (benchHooks.ts). */
  bench?: unknown;
}

declare global {
  interface Window {
    /** For end-to-end tests and benchmarks only (testHooks.ts); the explorer never reads it. */
    __casegraph?: TestHooks;
  }
}

export function exposeStore(store: Store) {
  window.__casegraph = {
    graph: store.graph,
    store,
    visibleNodes: () => store.visibleNodes(),
    visibleEdges: () => store.visibleEdges(),
  };
}

/** GraphCanvas on mount (and undefined on unmount), so tests can map nodes to screen points. */
export function exposeSigma(sigma: Sigma | undefined) {
  if (window.__casegraph) window.__casegraph.sigma = sigma;
}

export function exposeBench(bench: unknown) {
  if (window.__casegraph) window.__casegraph.bench = bench;
}
