// make bench-ui (second line): how long the explorer takes to compute its
// view-level metrics (src/model/metrics.ts: degree, betweenness, PageRank,
// Louvain communities) on what it draws, in headless Chromium — no server or
// database needed.
//
//   node frontend/bench/metrics-bench.mjs [--sizes 500,2000,10000] [--runs 5] [--no-build] [--out DIR] [--json FILE]
//
// It builds the explorer with VITE_CASEGRAPH_TEST_HOOKS=1 (window.__casegraph.bench,
// src/benchHooks.ts) into .casegraph/metrics-bench/dist, serves it from a tiny
// static server, and for each size loads a 1440×900 page, draws the same
// synthetic case as ui-bench.mjs (bench/synthetic.mjs: `size` entities +
// drawn links, parallel payments grouped) and measures, on the page's main thread:
//   - each metric computed on the drawn graph, `runs` times: building the
//     undirected graph of drawn pairs, degree, betweenness, PageRank, Louvain,
//     and the total (what a recomputation costs after the canvas changes);
//   - the target's sum: degree + betweenness + Louvain (with the graph built);
//   - choosing "colour by links" (no metric: the cost of recolouring and
//     redrawing alone), then "colour by community", then "size by
//     betweenness" in the legend, until sigma has drawn the result (metrics,
//     styles, new pictograms, redraw).
// Prints a markdown table of medians. CHROMIUM overrides /usr/bin/chromium.
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { synthetic } from "./synthetic.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt("--sizes", "500,2000,10000").split(",").map(Number);
const runs = +opt("--runs", "5");
const out = resolve(opt("--out", join(root, ".casegraph", "metrics-bench", "dist")));
const jsonOut = opt("--json", null);

if (!args.includes("--no-build") || !existsSync(join(out, "index.html"))) {
  console.error("metrics-bench: building the explorer with benchmark hooks →", out);
  execFileSync("npx", ["vite", "build", "--outDir", out, "--emptyOutDir", "--logLevel", "error"], {
    cwd: join(here, ".."),
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, VITE_CASEGRAPH_TEST_HOOKS: "1" },
  });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json" };
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
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const rows = [];
try {
  for (const size of sizes) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + "/");
    await page.waitForFunction(() => !!window.__casegraph?.sigma && !!window.__casegraph?.bench?.timeViewMetrics, null, { timeout: 60000 });
    const sub = synthetic(size, 1);
    const r = await page.evaluate(
      async ({ sub, runs }) => {
        const { bench, graph } = window.__casegraph;
        await bench.timeFirstRender(sub);
        const drawn = graph.filterEdges((e, a) => !a.aggregatedInto).length;
        // one warm-up (the JIT), then the runs
        bench.timeViewMetrics();
        const times = [];
        for (let i = 0; i < runs; i++) times.push(bench.timeViewMetrics());
        const links = await bench.timeStyle({ color: "links" });
        const community = await bench.timeStyle({ color: "community" });
        const betweenness = await bench.timeStyle({ size: "betweenness" });
        return { drawn, nodes: graph.order, times, links, community, betweenness };
      },
      { sub, runs },
    );
    await ctx.close();
    if (errors.length) throw new Error(`page errors at ${size}: ${errors.join("; ")}`);
    const col = (k) => median(r.times.map((t) => t[k]));
    const row = {
      size,
      nodes: r.times[0].nodes,
      links: r.times[0].links,
      graph: col("graph"),
      degree: col("degree"),
      betweenness: col("betweenness"),
      pagerank: col("pagerank"),
      community: col("community"),
      target: median(r.times.map((t) => t.graph + t.degree + t.betweenness + t.community)),
      total: col("total"),
      communities: r.times[0].communities,
      sampled: r.times[0].sampled,
      styleLinks: r.links,
      styleCommunity: r.community,
      styleBetweenness: r.betweenness,
    };
    rows.push(row);
    console.error(
      `metrics-bench: ${size} elements (${r.nodes} entities + ${r.drawn} links drawn; ${row.nodes} entities, ${row.links} pairs computed on): ` +
        `degree+betweenness+Louvain ${row.target.toFixed(1)} ms, all ${row.total.toFixed(1)} ms, ${row.communities} communities` +
        `${row.sampled ? `, betweenness from ${row.sampled} sources` : ""}; colour by links drawn in ${r.links.toFixed(0)} ms, by community in ${r.community.toFixed(0)} ms, size by betweenness in ${r.betweenness.toFixed(0)} ms`,
    );
  }
} finally {
  await browser.close();
  server.close();
}

const f1 = (ms) => ms.toFixed(1);
const version = execFileSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
console.log(
  "| elements drawn | entities / pairs computed on | graph (ms) | degree (ms) | betweenness (ms) | PageRank (ms) | Louvain (ms) | degree + betweenness + Louvain (ms, target ≤ 200 at 2,000) | all metrics (ms) | colour by links (no metric), drawn (ms) | colour by community, drawn (ms) | size by betweenness, drawn (ms) |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows)
  console.log(
    `| ${r.size.toLocaleString("en-US")} | ${r.nodes.toLocaleString("en-US")} / ${r.links.toLocaleString("en-US")} | ${f1(r.graph)} | ${f1(r.degree)} | ${f1(r.betweenness)}${r.sampled ? ` (${r.sampled} sources)` : ""} | ${f1(r.pagerank)} | ${f1(r.community)} | ${f1(r.target)} | ${f1(r.total)} | ${Math.round(r.styleLinks)} | ${Math.round(r.styleCommunity)} | ${Math.round(r.styleBetweenness)} |`,
  );
console.log(
  `\nMedians of ${runs} runs each after one warm-up (the style columns: one run each); on the page's main thread; ${version}, headless, --disable-gpu, 1440×900; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load average ${loadavg()[0].toFixed(1)} at the end.`,
);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, runs, version, load: loadavg() }, null, 2));
