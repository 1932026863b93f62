// make bench-ui: how long the explorer takes to draw a neighbourhood, and to
// lay it out, in headless Chromium — no server or database needed.
//
//   node frontend/bench/ui-bench.mjs [--sizes 500,2000,10000] [--runs 3] [--iterations 100] [--no-build]
//
// It builds the explorer with VITE_CASEGRAPH_TEST_HOOKS=1 (which adds
// window.__casegraph.bench, src/benchHooks.ts; the production build has no
// such hook) into .casegraph/bench-ui/dist, serves it from a tiny static
// server, and for each size (nodes + edges) and run loads a fresh page,
// injects a synthetic subgraph into the store and measures
//   - time to first render: from handing the subgraph to the store (merge,
//     time window, table) to sigma's first frame of it, and
//   - ForceAtlas2: --iterations iterations over all nodes with the canvas's
//     settings, on the page's main thread (the explorer runs the same code in
//     a web worker for 1.5 s).
// Prints a markdown table of medians. CHROMIUM overrides /usr/bin/chromium.
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = join(here, "..");
const root = join(frontend, "..");
const out = join(root, ".casegraph", "bench-ui", "dist");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt("--sizes", "500,2000,10000").split(",").map(Number);
const runs = +opt("--runs", "3");
const iterations = +opt("--iterations", "100");

if (!args.includes("--no-build") || !existsSync(join(out, "index.html"))) {
  console.error("ui-bench: building the explorer with benchmark hooks →", out);
  execFileSync("npx", ["vite", "build", "--outDir", out, "--emptyOutDir", "--logLevel", "error"], {
    cwd: frontend,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, VITE_CASEGRAPH_TEST_HOOKS: "1" },
  });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".map": "application/json" };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  let file = join(out, path);
  if (!file.startsWith(out) || !existsSync(file) || statSync(file).isDirectory()) file = join(out, "index.html");
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--headless"],
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = [];
try {
  for (const size of sizes) {
    const render = [], layout = [];
    let counts;
    for (let run = 0; run < runs; run++) {
      const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await ctx.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(base + "/");
      await page.waitForFunction(() => !!window.__casegraph?.sigma && !!window.__casegraph?.bench, null, { timeout: 30000 });
      const r = await page.evaluate(
        async ({ size, iterations, seed }) => {
          const b = window.__casegraph.bench;
          const sub = b.synthetic(size, seed);
          const first = await b.timeFirstRender(sub);
          const fa2 = b.timeLayout(iterations);
          return { ...first, fa2 };
        },
        { size, iterations, seed: run + 1 },
      );
      await ctx.close();
      if (errors.length) throw new Error(`page errors at ${size}: ${errors.join("; ")}`);
      render.push(r.ms);
      layout.push(r.fa2);
      counts = r;
      console.error(`ui-bench: ${size} elements (${r.nodes} nodes + ${r.edges} edges), run ${run + 1}: first render ${r.ms.toFixed(0)} ms, FA2 ${r.fa2.toFixed(0)} ms`);
    }
    rows.push({ size, nodes: counts.nodes, edges: counts.edges, render: median(render), layout: median(layout) });
  }
} finally {
  await browser.close();
  server.close();
}

const fmt = (ms) => Math.round(ms).toLocaleString("en-US");
const version = execFileSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
console.log(`| elements (nodes + edges) | nodes | edges | time to first render (ms) | ForceAtlas2, ${iterations} iterations (ms) | FA2 per iteration (ms) |`);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows)
  console.log(`| ${r.size.toLocaleString("en-US")} | ${r.nodes.toLocaleString("en-US")} | ${r.edges.toLocaleString("en-US")} | ${fmt(r.render)} | ${fmt(r.layout)} | ${(r.layout / iterations).toFixed(1)} |`);
console.log(`\nMedians of ${runs} runs each; ${version}, headless, software WebGL (--disable-gpu); ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}).`);
