import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { store } from "./store";
import { exposeStore } from "./testHooks";
import "./styles.css";

// window.__casegraph, for the end-to-end steps to read (testHooks.ts).
exposeStore(store);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Benchmark hooks (window.__casegraph.bench): only in builds made with
// VITE_CASEGRAPH_TEST_HOOKS=1 (bench/ui-bench.mjs); the production build leaves them out.
if (import.meta.env.VITE_CASEGRAPH_TEST_HOOKS) void import("./benchHooks").then((m) => m.install());
