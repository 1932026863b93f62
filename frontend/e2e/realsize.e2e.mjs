// The explorer at real size, end to end: a generated case of more than 500
// parties and 1,500 payments (casegraph generate; scripts/test-frontend.sh
// loads it as dataset "realsize" next to the demo), in Debian's Chromium at
// a laptop's 1440×900. The biggest hub is found from the generated
// payments.csv, expanded fully through the canvas, and what the canvas draws
// is checked against the server: every pair's payments grouped into one
// labelled edge whose count and totals per currency equal GraphQL
// moneyFlow's flows, to the cent. Screenshots go to frontend/test-results/.
//
//   REALSIZE_BASE_URL   the server (default BASE_URL, then http://127.0.0.1:8080)
//   REALSIZE_DIR        the folder casegraph generate wrote (payments.csv)
//   REALSIZE_DATASET    the dataset name the case was loaded under (default realsize)
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BASE = process.env.REALSIZE_BASE_URL ?? process.env.BASE_URL ?? "http://127.0.0.1:8080";
const DIR = process.env.REALSIZE_DIR;
const DATASET = process.env.REALSIZE_DATASET ?? "realsize";
if (!DIR) throw new Error("REALSIZE_DIR is not set: the folder `casegraph generate` wrote (scripts/test-frontend.sh sets it)");
const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, "..", "test-results");
mkdirSync(OUT, { recursive: true });

// --- the generated case, read apart from the explorer --------------------------------------
function csvRows(file) {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = head.split(",");
  // the generator quotes no field of payments.csv that holds a comma except names; parse quotes properly
  const parse = (line) => {
    const out = [];
    let cur = "",
      q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) {
        if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ",") out.push(cur), (cur = "");
      else cur += c;
    }
    out.push(cur);
    return Object.fromEntries(cols.map((k, i) => [k, out[i]]));
  };
  return lines.map(parse);
}
const payments = csvRows(join(DIR, "payments.csv"));
const parties = new Set([...csvRows(join(DIR, "people.csv")).map((r) => r.person_id), ...csvRows(join(DIR, "companies.csv")).map((r) => r.company_id)]);
const perParty = new Map();
for (const p of payments)
  for (const id of [p.payer_id, p.beneficiary_id]) perParty.set(id, (perParty.get(id) ?? 0) + 1);
const [hubRaw, hubPayments] = [...perParty].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
const HUB = `${DATASET}-${hubRaw}`;
console.log(`case: ${parties.size} parties (people and companies), ${payments.length} payments; biggest hub ${HUB} with ${hubPayments} payments`);
assert.ok(parties.size >= 500, `the case has at least 500 parties (${parties.size})`);
assert.ok(payments.length >= 1500, `the case has at least 1,500 payments (${payments.length})`);

async function gql(query, variables = {}) {
  const res = await fetch(BASE + "/graphql", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

/** Exact decimal sums, as strings to the cent (amounts are JSON numbers; cents are integers). */
const cents = (x) => BigInt(Math.round(Number(x) * 100));
const centsText = (c) => {
  const neg = c < 0n;
  const s = (neg ? -c : c).toString().padStart(3, "0");
  return `${neg ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
};

// --- the browser --------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--headless"],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(String(e)));

const results = [];
async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e.stack ?? e.message}`);
    await page.screenshot({ path: join(OUT, `FAIL-realsize-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
  }
  await page.screenshot({ path: join(OUT, `realsize-${String(results.length).padStart(2, "0")}-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
}
const model = (fn, arg) => page.evaluate(fn, arg);
/** Waits until fn (run in the page) is true, asking every 250 ms: animation frames are few while the software renderer is busy. */
async function waitModel(fn, arg, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${String(fn).slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

await page.goto(BASE + "/");
await page.waitForFunction(() => !!window.__casegraph?.sigma);

await step("the start page says what is loaded, as stats counts it", async () => {
  const start = page.getByTestId("start-page");
  await start.getByTestId("start-counts").waitFor({ timeout: 20000 });
  assert.match(await start.getByTestId("start-datasets").innerText(), new RegExp(DATASET));
  const { stats } = await gql(`{ stats { bySchema { key count } } }`);
  for (const schema of ["Person", "Company", "BankAccount"]) {
    const want = stats.bySchema.find((c) => c.key === schema).count;
    const shown = await start.locator(`li[data-schema="${schema}"] .num`).innerText();
    assert.equal(Number(shown.replace(/,/g, "")), want, `${schema}: the start page shows the server's count`);
  }
  const pay = await start.locator(`li[data-schema="Payment"] .num`).innerText();
  assert.equal(Number(pay.replace(/,/g, "")), stats.bySchema.find((c) => c.key === "Payment").count);
});

await step("the canvas is the main surface at 1440×900", async () => {
  const box = await page.getByTestId("canvas").boundingBox();
  // before: 800×504 (403,200 px²) between fixed panels, the table open below it
  assert.ok(box.width * box.height > 403200 * 1.1, `the canvas grew: ${Math.round(box.width)}×${Math.round(box.height)}`);
  // the panels and the table fold away: the canvas takes the window
  await page.getByRole("button", { name: /Tools/ }).click();
  await page.getByRole("button", { name: /Details/ }).click();
  await page.locator(".table-details > summary").click();
  await page.waitForTimeout(300);
  const wide = await page.getByTestId("canvas").boundingBox();
  assert.ok(wide.width >= 1400 && wide.height >= 650, `folded: ${Math.round(wide.width)}×${Math.round(wide.height)}`);
  await page.screenshot({ path: join(OUT, "realsize-canvas-folded.png") });
  await page.getByRole("button", { name: /Tools/ }).click();
  await page.getByRole("button", { name: /Details/ }).click();
  await page.locator(".table-details > summary").click();
  await page.waitForTimeout(300);
  const back = await page.getByTestId("canvas").boundingBox();
  assert.ok(Math.abs(back.width - box.width) < 2 && Math.abs(back.height - box.height) < 2, "unfolding gives the same canvas back");
});

await step("search the biggest hub and expand every one of its links", async () => {
  const { entity } = await gql(`query($id: ID!) { entity(id: $id) { name } }`, { id: HUB });
  const box = page.getByTestId("search").locator('input[type="search"]');
  await box.fill(entity.name);
  const option = page.getByTestId("search").locator(`li[role="option"][data-id="${HUB}"]`);
  await option.waitFor({ timeout: 15000 });
  await option.dispatchEvent("mousedown");
  await waitModel((id) => window.__casegraph.graph.hasNode(id), HUB);
  await page.waitForTimeout(800);
  // double-click expands with hub protection (50 links); then every link, as "Show all N links" does
  const p = await model((id) => {
    const { sigma, graph } = window.__casegraph;
    const a = graph.getNodeAttributes(id);
    return sigma.graphToViewport({ x: a.x, y: a.y });
  }, HUB);
  const c = await page.getByTestId("canvas").boundingBox();
  await page.mouse.dblclick(c.x + p.x, c.y + p.y);
  await waitModel((id) => window.__casegraph.graph.getNodeAttribute(id, "expanded") && !window.__casegraph.store.state.busy, HUB);
  const { degree, hidden } = await model((id) => {
    const a = window.__casegraph.graph.getNodeAttributes(id);
    return { degree: a.degree, hidden: a.hiddenLinks };
  }, HUB);
  assert.ok(hidden > 0, `hub protection left links out at first (${hidden} of ${degree})`);
  // the details panel of the hub (selected since the search) offers every link
  await page.getByTestId("node-panel").getByRole("button", { name: /Show all/ }).click();
  // pages of 100 links, each placed around the hub: minutes on a busy machine
  await waitModel(({ id, degree }) => window.__casegraph.graph.degree(id) >= degree && !window.__casegraph.store.state.busy, { id: HUB, degree }, 300000);
  const m = await model((id) => {
    const g = window.__casegraph.graph;
    return { links: g.degree(id), payments: g.filterEdges(id, (e, a) => a.relType === "PAYMENT").length };
  }, HUB);
  assert.equal(m.links, degree, `every link of the hub is on the canvas (${m.links} of ${degree})`);
  assert.equal(m.payments, hubPayments, "every payment of the hub, as payments.csv counts them");
});

await step("its payments are drawn as one labelled edge per party and direction, totals equal to moneyFlow's", async () => {
  await page.waitForTimeout(2000); // the layout settles
  const drawn = await model((id) => {
    const g = window.__casegraph.graph;
    const out = [];
    g.forEachEdge(id, (e, a, s, t) => {
      if (a.relType !== "PAYMENT" || a.aggregatedInto || a.timeHidden) return;
      out.push({
        id: e,
        source: s,
        target: t,
        count: a.agg ? a.agg.count : 1,
        label: a.agg ? a.agg.label : a.label,
        totals: a.agg ? Object.fromEntries(a.agg.totals.map((x) => [x.currency, x.total])) : { [a.currency]: String(a.amount) },
        members: a.agg ? a.agg.edges.length : 1,
      });
    });
    return out;
  }, HUB);
  const pairs = new Set(payments.filter((p) => `${DATASET}-${p.payer_id}` === HUB || `${DATASET}-${p.beneficiary_id}` === HUB).map((p) => `${p.payer_id}>${p.beneficiary_id}`));
  assert.equal(drawn.length, pairs.size, `one drawn edge per payer→beneficiary pair (${drawn.length} for ${hubPayments} payments)`);
  assert.ok(drawn.length < hubPayments, "fewer edges drawn than payments");
  const grouped = drawn.filter((d) => d.count > 1);
  assert.ok(grouped.length > 0, "some pairs paid more than once and are grouped");
  for (const d of grouped) assert.match(d.label, new RegExp(`^${d.count} payments · `), "a group says how many payments");
  assert.equal(drawn.reduce((n, d) => n + d.count, 0), hubPayments, "each payment counted once");

  // the server's own sums, per payer, beneficiary and currency: moneyFlow one hop out and one hop in
  const flows = [];
  for (const direction of ["OUT", "IN"]) {
    const { moneyFlow } = await gql(
      `query($from: ID!, $d: FlowDirection) { moneyFlow(from: $from, direction: $d, maxHops: 1, timeOrdered: false, limit: 1) { flows { payer beneficiary currency total count } } }`,
      { from: HUB, d: direction },
    );
    flows.push(...moneyFlow.flows);
  }
  const want = new Map();
  for (const f of flows) {
    const k = `${f.payer}>${f.beneficiary}`;
    const m = want.get(k) ?? { count: 0, totals: {} };
    m.count += f.count;
    m.totals[f.currency] = centsText(cents(f.total));
    want.set(k, m);
  }
  assert.equal(want.size, drawn.length, "as many payer→beneficiary pairs as moneyFlow has");
  for (const d of drawn) {
    const w = want.get(`${d.source}>${d.target}`);
    assert.ok(w, `moneyFlow has ${d.source} → ${d.target}`);
    assert.equal(d.count, w.count, `${d.source} → ${d.target}: count`);
    const got = Object.fromEntries(Object.entries(d.totals).map(([c, v]) => [c, centsText(cents(v))]));
    assert.deepEqual(got, w.totals, `${d.source} → ${d.target}: totals per currency`);
  }
  // and the CSV agrees with both, summed in cents
  const csv = new Map();
  for (const p of payments) {
    const k = `${DATASET}-${p.payer_id}>${DATASET}-${p.beneficiary_id}`;
    if (!want.has(k)) continue;
    const m = csv.get(k) ?? {};
    m[p.currency] = (m[p.currency] ?? 0n) + cents(p.amount);
    csv.set(k, m);
  }
  for (const [k, m] of csv) assert.deepEqual(Object.fromEntries(Object.entries(m).map(([c, v]) => [c, centsText(v)])), want.get(k).totals, `${k}: payments.csv`);
  await page.screenshot({ path: join(OUT, "realsize-hub-expanded.png") });
});

await step("a group opens into its payments and closes again, its panel giving the exact totals", async () => {
  const rep = await model((id) => {
    const g = window.__casegraph.graph;
    return g.filterEdges(id, (e, a) => !!a.agg).sort((x, y) => g.getEdgeAttribute(y, "agg").count - g.getEdgeAttribute(x, "agg").count)[0];
  }, HUB);
  const group = await model((e) => window.__casegraph.graph.getEdgeAttribute(e, "agg"), rep);
  // the table lists every payment; picking one of the group selects it and the group's panel opens
  const row = page.getByTestId("edge-table").locator(`tr[data-id="${group.edges[1]}"] button`);
  // the table lists 200 links at first: more until the payment's row is there
  for (let i = 0; i < 20 && (await row.count()) === 0; i++) await page.getByTestId("table-view").getByRole("button", { name: /^Show [\d,]+ more/ }).last().click();
  await row.click();
  const panel = page.getByTestId("link-group");
  await panel.waitFor();
  assert.match(await panel.innerText(), new RegExp(`${group.count} payments`));
  for (const t of group.totals) assert.equal(await panel.locator(`tr[data-currency="${t.currency}"] td.num`).getAttribute("data-total"), t.total);
  const before = await model(() => window.__casegraph.graph.filterEdges((e, a) => !a.aggregatedInto && !a.timeHidden).length);
  await panel.getByTestId("open-group").click();
  await waitModel(({ n, k }) => window.__casegraph.graph.filterEdges((e, a) => !a.aggregatedInto && !a.timeHidden).length === n + k - 1, { n: before, k: group.count });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, "realsize-group-opened.png") });
  await panel.getByRole("button", { name: new RegExp(`Group the ${group.count} payments`) }).click();
  await waitModel((n) => window.__casegraph.graph.filterEdges((e, a) => !a.aggregatedInto && !a.timeHidden).length === n, before);
});

await step("the legend says what size and colour mean, over the visible subgraph", async () => {
  const legend = page.getByTestId("legend");
  const text = await legend.innerText();
  const n = await model(() => window.__casegraph.visibleNodes().length);
  assert.match(text, /Size: links on the canvas/);
  assert.match(text, new RegExp(`describe the ${n.toLocaleString("en-US")} entities`));
  await legend.getByTestId("size-by").selectOption("moneyIn");
  await legend.getByTestId("color-by").selectOption("net");
  const sized = await model((id) => window.__casegraph.graph.getNodeAttribute(id, "drawSize"), HUB);
  assert.ok(sized > 8, `the hub is sized by the money it received (${sized})`);
  assert.match(await legend.innerText(), /Colour: money in vs out/);
  await page.screenshot({ path: join(OUT, "realsize-money-style.png") });
  await legend.getByTestId("size-by").selectOption("links");
  await legend.getByTestId("color-by").selectOption("type");
});

await step("a PNG at 2x and an SVG with the title, the legend and the sources", async () => {
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-png").click()]);
  const file = join(OUT, "realsize-export.png");
  await png.saveAs(file);
  const buf = readFileSync(file);
  assert.deepEqual([...buf.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "PNG signature");
  const width = buf.readUInt32BE(16);
  assert.ok(width >= 2 * 1400, `twice the drawing's size (${width} px wide)`);
  assert.ok(statSync(file).size > 50000);
  const [svg] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-svg").click()]);
  const text = readFileSync(await svg.path(), "utf8");
  assert.match(text, /<svg /);
  assert.match(text, /Legend/);
  assert.match(text, /Sources \(\d+\)/);
  assert.match(text, /Synthetic investigation data/, "the generated case's source is listed");
  assert.match(text, /\d+ payments · /, "groups are drawn with their labels");
});

await step("dark colours when the system asks for them", async () => {
  const dark = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "dark" });
  const p = await dark.newPage();
  await p.goto(BASE + "/");
  await p.waitForFunction(() => !!window.__casegraph?.sigma);
  const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const canvasBg = await p.evaluate(() => getComputedStyle(document.querySelector("[data-testid=canvas]")).backgroundColor);
  const lum = (c) => c.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
  assert.ok(lum(bg) < 60 && lum(canvasBg) < 60, `dark page and canvas (${bg}, ${canvasBg})`);
  const label = await p.evaluate(() => window.__casegraph.sigma.getSetting("labelColor").color);
  assert.ok(lum(`rgb(${parseInt(label.slice(1, 3), 16)},${parseInt(label.slice(3, 5), 16)},${parseInt(label.slice(5, 7), 16)})`) > 180, `light labels (${label})`);
  await p.screenshot({ path: join(OUT, "realsize-dark.png") });
  await dark.close();
});

await browser.close();
const failed = results.filter((r) => !r.ok);
if (consoleErrors.length) console.log("page errors:\n  " + consoleErrors.join("\n  "));
console.log(`\n${results.length - failed.length}/${results.length} real-size steps passed`);
if (failed.length || consoleErrors.length) process.exit(1);
