// make bench-ui: how long the explorer takes to draw a case, to lay it out,
// and to redraw it while the person pans and zooms, in headless Chromium — no
// server or database needed.
//
//   node frontend/bench/ui-bench.mjs [--sizes 500,2000,10000] [--runs 3] [--iterations 100]
//                                    [--budget 30] [--no-build] [--frontend DIR] [--out DIR] [--json FILE]
//
// It builds the explorer with VITE_CASEGRAPH_TEST_HOOKS=1 (which adds
// window.__casegraph.bench, src/benchHooks.ts; the production build has no
// such hook) into .casegraph/bench-ui/dist, serves it from a tiny static
// server, and for each size and run loads a fresh 1440×900 page, hands a
// synthetic case (bench/synthetic.mjs: `size` entities + drawn links, with
// parallel payments that the explorer groups) to the store and measures
//   - time to first render: from handing the subgraph to the store (merge,
//     time window, grouping, styles, table) to sigma's first frame of it;
//   - pan and zoom frames: the time sigma takes to draw each frame on the
//     page's main thread while the mouse drags the canvas (40 moves) and while
//     the wheel zooms (10 notches), median and 95th percentile, and the
//     interval between frames drawn (which adds the compositor's wait for the
//     GPU process: with --disable-gpu, software WebGL);
//   - ForceAtlas2: --iterations iterations over all nodes with the canvas's
//     settings, on the page's main thread (the explorer runs the same code in
//     a web worker);
//   - the CPU time the first render cost the page's renderer (JavaScript,
//     style, layout, paint) and all of Chromium's processes (with the GPU
//     process, where the software WebGL draws), from /proc: it moves much less with the machine's load than
//     the wall-clock figures (not nothing: the software renderer's threads
//     wait longer on a busy machine), so it compares versions on a busy
//     machine; the same for the pan, per frame drawn.
// A canvas that draws a frame in seconds (an old explorer at 10,000 elements)
// would keep a run busy for many minutes: the pan and the zoom each stop
// after --budget seconds, so they are measured on fewer frames (the count is
// printed per run).
// --frontend builds another checkout's explorer (to measure before and after
// a change with the same cases); only hooks every version has are used.
// Prints a markdown table of medians. CHROMIUM overrides /usr/bin/chromium.
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
const runs = +opt("--runs", "3");
const iterations = +opt("--iterations", "100");
const budgetMs = +opt("--budget", "30") * 1000;
const frontend = resolve(opt("--frontend", join(here, "..")));
const out = resolve(opt("--out", join(root, ".casegraph", "bench-ui", "dist")));
const jsonOut = opt("--json", null);

if (!args.includes("--no-build") || !existsSync(join(out, "index.html"))) {
  console.error("ui-bench: building the explorer in", frontend, "with benchmark hooks →", out);
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

// a switch Chromium ignores, to find this browser's processes in /proc
const tag = `--casegraph-ui-bench=${process.pid}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--headless", tag],
});

/**
 * CPU time (user + system, ms) used so far by the browser started above and
 * every process under it (all), and by its renderers alone (the page's
 * JavaScript, style, layout, paint); null off Linux.
 */
function chromiumCpuMs() {
  if (!existsSync("/proc/self/stat")) return null;
  const procs = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // fields after "(comm)": state ppid … utime (14th field) stime (15th)
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.push({ pid: +d, ppid: +f[1], ticks: +f[11] + +f[12] });
    } catch {
      // the process ended meanwhile
    }
  }
  const root = procs.find((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0").includes(tag);
    } catch {
      return false;
    }
  });
  if (!root) return null;
  const mine = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) mine.add(p.pid), (grew = true);
  }
  const renderer = (p) => {
    try {
      // Chromium's children rewrite their command line as one string, spaces between switches
      return /(^|[\s\0])--type=renderer(?=[\s\0]|$)/.test(readFileSync(`/proc/${p.pid}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  };
  // clock ticks are 1/100 s on Linux (USER_HZ)
  const ms = (ps) => ps.reduce((n, p) => n + p.ticks, 0) * 10;
  const all = procs.filter((p) => mine.has(p.pid));
  return { all: ms(all), renderer: ms(all.filter(renderer)) };
}
const cpuSince = (a) => {
  const b = chromiumCpuMs();
  return a && b ? { all: b.all - a.all, renderer: b.renderer - a.renderer } : { all: NaN, renderer: NaN };
}
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
const median = (xs) => quantile(xs, 0.5);

/**
 * While fn runs: sigma's drawing time of every frame (beforeRender →
 * afterRender, on the page's main thread) and the interval between the
 * frames that drew (animation frame timestamps, which include the
 * compositor's wait for the GPU process), in ms.
 */
async function frameTimes(page, fn) {
  await page.evaluate(() => {
    const s = window.__casegraph.sigma;
    const w = window;
    w.__frames = [];
    w.__drawn = [];
    w.__frameStart = 0;
    w.__onBefore = () => (w.__frameStart = performance.now());
    w.__onAfter = () => {
      w.__frames.push(performance.now() - w.__frameStart);
      w.__drawn.push(w.__frameStart);
    };
    s.on("beforeRender", w.__onBefore);
    s.on("afterRender", w.__onAfter);
  });
  await fn();
  return page.evaluate(() => {
    const s = window.__casegraph.sigma;
    s.off("beforeRender", window.__onBefore);
    s.off("afterRender", window.__onAfter);
    const d = window.__drawn;
    return { draw: window.__frames, interval: d.slice(1).map((t, i) => t - d[i]) };
  });
}

const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));

const rows = [];
try {
  for (const size of sizes) {
    const render = [], renderCpu = [], panCpus = [], layout = [], pan = [], zoom = [], panGap = [], zoomGap = [];
    let counts;
    for (let run = 0; run < runs; run++) {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await ctx.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(base + "/");
      await page.waitForFunction(() => !!window.__casegraph?.sigma && !!window.__casegraph?.bench, null, { timeout: 60000 });
      const sub = synthetic(size, run + 1);
      await page.evaluate((sub) => (window.__benchSub = sub), sub);
      const cpu0 = chromiumCpuMs();
      const r = await page.evaluate(async () => {
        const sub = window.__benchSub;
        delete window.__benchSub;
        const { bench, graph } = window.__casegraph;
        const first = await bench.timeFirstRender(sub);
        // what the canvas draws: entities, and links not drawn by their group's representative
        const drawn = graph.filterEdges((e, a) => !a.aggregatedInto).length;
        return { ...first, drawn };
      });
      const cpu = cpuSince(cpu0);
      await page.waitForTimeout(300);
      // pan: drag the canvas with the mouse, one move per frame
      // start on the stage, not on a node (dragging a node moves it, it does not pan)
      // an old explorer can keep the page busy for minutes after its first frame
      const box = await page.getByTestId("canvas").boundingBox({ timeout: 600000 });
      const start = await page.evaluate(({ w, h }) => {
        const { sigma, graph } = window.__casegraph;
        const pts = graph.mapNodes((n, a) => sigma.graphToViewport({ x: a.x, y: a.y }));
        let best = { x: 20, y: 20, d: -1 };
        for (let x = 20; x < w / 2; x += 20)
          for (let y = 20; y < h / 2; y += 20) {
            const d = Math.min(...pts.map((p) => Math.hypot(p.x - x, p.y - y)));
            if (d > best.d) best = { x, y, d };
          }
        return best;
      }, { w: box.width, h: box.height });
      const cx = box.x + start.x, cy = box.y + start.y;
      // pan: drag the canvas, the mouse moving as fast as the page takes the moves
      const panCpu0 = chromiumCpuMs();
      const panFrames = await frameTimes(page, async () => {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        const t0 = Date.now();
        for (let i = 1; i <= 40 && Date.now() - t0 < budgetMs; i++) await page.mouse.move(cx + i * 6, cy + i * 3);
        await page.mouse.up();
        await nextFrame(page);
      });
      const panCpu = cpuSince(panCpu0);
      const frames = Math.max(1, panFrames.draw.length);
      // zoom: ten wheel notches in (sigma animates each)
      const zoomFrames = await frameTimes(page, async () => {
        await page.mouse.move(cx, cy);
        const t0 = Date.now();
        for (let i = 0; i < 10 && Date.now() - t0 < budgetMs; i++) {
          await page.mouse.wheel(0, -120);
          await page.waitForTimeout(60);
        }
        await page.waitForTimeout(400);
      });
      const fa2 = await page.evaluate((iterations) => window.__casegraph.bench.timeLayout(iterations), iterations);
      await ctx.close();
      if (errors.length) throw new Error(`page errors at ${size}: ${errors.join("; ")}`);
      render.push(r.ms);
      renderCpu.push(cpu);
      panCpus.push({ all: panCpu.all / frames, renderer: panCpu.renderer / frames });
      layout.push(fa2);
      pan.push(...panFrames.draw);
      zoom.push(...zoomFrames.draw);
      panGap.push(...panFrames.interval);
      zoomGap.push(...zoomFrames.interval);
      counts = { ...r, stored: sub.edges.length };
      console.error(
        `ui-bench: ${size} elements (${r.nodes} nodes + ${r.drawn} links drawn, ${sub.edges.length} stored), run ${run + 1}: ` +
          `first render ${r.ms.toFixed(0)} ms (CPU: renderer ${cpu.renderer.toFixed(0)} ms, all ${cpu.all.toFixed(0)} ms), pan: draw ${median(panFrames.draw).toFixed(1)} ms, frame every ${median(panFrames.interval).toFixed(1)} ms, CPU a frame: renderer ${(panCpu.renderer / frames).toFixed(0)} ms, all ${(panCpu.all / frames).toFixed(0)} ms ` +
          `(${panFrames.draw.length} frames), zoom: draw ${median(zoomFrames.draw).toFixed(1)} ms, frame every ${median(zoomFrames.interval).toFixed(1)} ms ` +
          `(${zoomFrames.draw.length}), FA2 ${fa2.toFixed(0)} ms`,
      );
    }
    rows.push({
      size,
      nodes: counts.nodes,
      drawn: counts.drawn,
      stored: counts.stored,
      render: median(render),
      renderCpu: median(renderCpu.map((c) => c.renderer)),
      renderCpuAll: median(renderCpu.map((c) => c.all)),
      panCpu: median(panCpus.map((c) => c.renderer)),
      panCpuAll: median(panCpus.map((c) => c.all)),
      pan: median(pan),
      pan95: quantile(pan, 0.95),
      zoom: median(zoom),
      zoom95: quantile(zoom, 0.95),
      panGap: median(panGap),
      zoomGap: median(zoomGap),
      layout: median(layout),
    });
  }
} finally {
  await browser.close();
  server.close();
}

const fmt = (ms) => Math.round(ms).toLocaleString("en-US");
const f1 = (ms) => ms.toFixed(1);
const version = execFileSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
console.log(
  `| elements drawn | entities | links drawn | links stored | first render (ms) | first render, CPU: renderer / all Chromium (ms) | pan: draw median / p95 (ms) | zoom: draw median / p95 (ms) | pan / zoom: frame interval median (ms) | pan, CPU a frame: renderer / all Chromium (ms) | ForceAtlas2, ${iterations} iterations (ms) |`,
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows)
  console.log(
    `| ${r.size.toLocaleString("en-US")} | ${r.nodes.toLocaleString("en-US")} | ${r.drawn.toLocaleString("en-US")} | ${r.stored.toLocaleString("en-US")} | ${fmt(r.render)} | ${fmt(r.renderCpu)} / ${fmt(r.renderCpuAll)} | ${f1(r.pan)} / ${f1(r.pan95)} | ${f1(r.zoom)} / ${f1(r.zoom95)} | ${f1(r.panGap)} / ${f1(r.zoomGap)} | ${fmt(r.panCpu)} / ${fmt(r.panCpuAll)} | ${fmt(r.layout)} |`,
  );
console.log(
  `\nMedians of ${runs} runs each (frames: all frames of all runs); ${version}, headless, software WebGL (--disable-gpu), 1440×900; ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load average ${loadavg()[0].toFixed(1)} at the end.`,
);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, runs, iterations, version, load: loadavg() }, null, 2));
