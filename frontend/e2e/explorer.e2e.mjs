// End-to-end test of the explorer against a real `casegraph serve` on the
// Backpage demo case, in Debian's Chromium driven by playwright-core.
// BASE_URL says where the server is (scripts/test-frontend.sh starts it).
// Assertions read the graphology model (window.__casegraph, written by
// src/testHooks.ts) and the DOM;
// screenshots go to frontend/test-results/.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, "..", "test-results");
mkdirSync(OUT, { recursive: true });

const LACEY = "backpage-michael-lacey";
const DOJ = "backpage-doj";
const MEETING = "backpage-meeting-2011-03-virginia";
const BANK = "backpage-hungarian-bank";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--headless"],
});
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
const page = await context.newPage();
const consoleErrors = [];
page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
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
    console.log(`FAIL ${name}: ${e.message}`);
    await page.screenshot({ path: join(OUT, `FAIL-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
  }
  await page.screenshot({ path: join(OUT, `${String(results.length).padStart(2, "0")}-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
}
const model = (fn, arg) => page.evaluate(fn, arg);
const waitModel = (fn, arg, timeout = 15000) => page.waitForFunction(fn, arg, { timeout });

async function pickFromSearch(testId, text, id) {
  const box = page.getByTestId(testId).locator('input[type="search"]');
  await box.fill(text);
  const option = page.getByTestId(testId).locator(`li[role="option"][data-id="${id}"]`);
  await option.waitFor({ timeout: 10000 });
  await option.dispatchEvent("mousedown");
}

async function nodeScreenPos(id) {
  const box = await page.getByTestId("canvas").boundingBox();
  const p = await model((id) => {
    const { sigma, graph } = window.__casegraph;
    const a = graph.getNodeAttributes(id);
    return sigma.graphToViewport({ x: a.x, y: a.y });
  }, id);
  return { x: box.x + p.x, y: box.y + p.y };
}

await page.goto(BASE + "/");
await page.waitForFunction(() => !!window.__casegraph?.sigma);

await step("search Lacey and add him", async () => {
  await pickFromSearch("search", "Lacey", LACEY);
  await waitModel((id) => window.__casegraph.graph.hasNode(id), LACEY);
  const opt = await model(() => window.__casegraph.graph.order);
  assert.equal(opt, 1);
});

await step("double-click expands Lacey", async () => {
  await page.waitForTimeout(800); // camera settles
  const p = await nodeScreenPos(LACEY);
  await page.mouse.dblclick(p.x, p.y);
  await waitModel(() => window.__casegraph.graph.order > 5);
  const m = await model(
    ({ lacey, bank }) => {
      const g = window.__casegraph.graph;
      const pay = g.filterEdges((e, a) => a.relType === "PAYMENT");
      return {
        order: g.order,
        expanded: g.getNodeAttribute(lacey, "expanded"),
        payments: pay.map((e) => ({ src: g.source(e), dst: g.target(e), amount: g.getEdgeAttribute(e, "amount") })),
        paymentNodes: g.filterNodes((n, a) => a.schema === "Payment").length,
        hasBank: g.hasNode(bank),
      };
    },
    { lacey: LACEY, bank: BANK },
  );
  assert.ok(m.expanded, "Lacey is marked expanded");
  assert.equal(m.paymentNodes, 0, "payments are drawn as edges, not nodes");
  assert.ok(m.hasBank, "the Hungarian bank is on the canvas");
  assert.deepEqual(m.payments, [{ src: LACEY, dst: BANK, amount: 16500000 }]);
  // the table shows the same model
  assert.equal(await page.getByTestId("node-table").locator("tbody tr").count(), m.order);
});

await step("save a view and reopen its link in a fresh page", async () => {
  await page.waitForTimeout(2000); // the expansion's layout (1.5 s) has finished
  const snap = () => {
    const g = window.__casegraph.graph;
    return {
      nodes: g.nodes().sort().map((n) => ({ id: n, x: g.getNodeAttribute(n, "x"), y: g.getNodeAttribute(n, "y"), pinned: !!g.getNodeAttribute(n, "pinned") })),
      edges: g.edges().sort(),
    };
  };
  const before = await model(snap);
  assert.ok(before.nodes.length > 5);
  const name = "Lacey expanded " + Date.now().toString(36);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE });
  await page.getByRole("button", { name: "Save view…" }).click();
  await page.getByLabel("View name").fill(name);
  await page.getByRole("form", { name: "Save view" }).getByRole("button", { name: "Save" }).click();
  const linkBox = page.getByTestId("view-link");
  await linkBox.waitFor({ timeout: 10000 });
  const link = await linkBox.inputValue();
  assert.match(link, /\/\?view=[^&]+$/);
  assert.ok(link.startsWith(BASE + "/"), `the link is absolute on this server: ${link}`);
  await page.getByTestId("copy-link").click();
  await page.getByText("Link copied.").waitFor({ timeout: 5000 });
  assert.equal(await model(() => navigator.clipboard.readText()), link);
  // the Views list has it, newest first
  await page.getByRole("button", { name: "Views", exact: true }).click();
  const first = page.getByTestId("views-list").locator("li").first();
  await first.waitFor({ timeout: 10000 });
  assert.match(await first.innerText(), new RegExp(name));
  await page.getByRole("region", { name: "Saved views" }).getByRole("button", { name: "Close" }).click();

  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const p = await ctx.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  try {
    await p.goto(link);
    await p.waitForFunction((n) => window.__casegraph?.graph.order === n && !window.__casegraph.store.state.busy, before.nodes.length, { timeout: 20000 });
    const after = await p.evaluate(snap);
    assert.deepEqual(after, before, "same nodes, links, positions and pins");
    assert.equal(await p.evaluate(() => window.__casegraph.store.state.error), null);
    await p.waitForTimeout(1800); // nothing moves them afterwards (no layout on open)
    assert.deepEqual(await p.evaluate(snap), before);
    assert.equal(await p.getByTestId("node-table").locator("tbody tr").count(), before.nodes.length);
    await p.screenshot({ path: join(OUT, "view-reopened.png") });
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

await step("a saved view is private until shared, and its owner deletes it", async () => {
  const name = "to delete " + Date.now().toString(36);
  await page.getByRole("button", { name: "Save view…" }).click();
  await page.getByLabel("View name").fill(name);
  await page.getByRole("form", { name: "Save view" }).getByRole("button", { name: "Save" }).click();
  await page.getByRole("form", { name: "Save view" }).waitFor({ state: "detached", timeout: 10000 });
  const id = await model(() => window.__casegraph.store.state.currentView?.id);
  assert.ok(id, "the saved view is the current one");
  await page.getByRole("button", { name: "Views", exact: true }).click();
  const item = page.getByTestId("views-list").locator(`li[data-id="${id}"]`);
  await item.waitFor({ timeout: 10000 });
  assert.equal(await item.getAttribute("data-mine"), "true");
  assert.equal(await item.getAttribute("data-shared"), "false");
  assert.equal(await item.getByTestId("view-sharing").innerText(), "private");
  await item.getByRole("button", { name: "Share" }).click();
  await page.waitForFunction((id) => document.querySelector(`li[data-id="${id}"]`)?.getAttribute("data-shared") === "true", id, { timeout: 10000 });
  assert.equal((await (await page.request.get(`${BASE}/api/views/${id}`)).json()).shared, true, "the server has it shared");
  await item.getByRole("button", { name: "Make private" }).click();
  await page.waitForFunction((id) => document.querySelector(`li[data-id="${id}"]`)?.getAttribute("data-shared") === "false", id, { timeout: 10000 });
  await item.getByRole("button", { name: "Delete" }).click();
  await item.getByRole("button", { name: "Yes, delete" }).click();
  await item.waitFor({ state: "detached", timeout: 10000 });
  assert.equal((await page.request.get(`${BASE}/api/views/${id}`)).status(), 404, "the server has deleted it");
  assert.equal(await model(() => window.__casegraph.store.state.error), null);
  await page.getByRole("region", { name: "Saved views" }).getByRole("button", { name: "Close" }).click();
});

await step("side panel shows convicted and acquitted counts", async () => {
  await page.getByTestId("node-table").locator(`tr[data-id="${LACEY}"] button`).click();
  const panel = page.getByTestId("node-panel");
  await panel.waitFor();
  assert.equal(await panel.getAttribute("data-id"), LACEY);
  const convicted = panel.locator('li[data-outcome="CONVICTED"]');
  await convicted.waitFor({ timeout: 10000 });
  assert.match(await convicted.innerText(), /money laundering/i);
  assert.match(await convicted.locator(".outcome").innerText(), /Convicted/);
  const acquitted = panel.locator('li[data-outcome="ACQUITTED"]');
  assert.match(await acquitted.locator(".outcome").innerText(), /Acquitted/);
  const colours = await panel.locator(".charges .outcome").evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
  assert.equal(new Set(colours).size, colours.length, "each outcome has its own colour");
  assert.match(await panel.innerText(), /Techdirt/, "the source is cited");
});

await step("path to the DOJ is found and highlighted", async () => {
  await page.getByRole("tab", { name: "Paths" }).click();
  await page.getByTestId("path-finder").getByRole("button", { name: "use selected" }).click();
  await pickFromSearch("path-to-search", "Justice Department", DOJ);
  await page.getByRole("button", { name: "Find paths" }).click();
  await page.getByTestId("paths").locator("li").first().waitFor();
  await waitModel(
    (doj) => {
      const g = window.__casegraph.graph;
      return g.hasNode(doj) && g.getNodeAttribute(doj, "highlighted") && g.filterEdges((e, a) => a.highlighted).length >= 2;
    },
    DOJ,
  );
  assert.match(await page.getByTestId("paths").innerText(), /U\.S\. Department of Justice/);
});

await step("money flow reaches the Hungarian bank with 16.5 million", async () => {
  await page.getByTestId("node-table").locator(`tr[data-id="${LACEY}"] button`).click();
  await page.getByRole("tab", { name: "Money flow" }).click();
  await page.getByRole("button", { name: "Follow the money" }).click();
  const table = page.getByTestId("flow-table");
  await table.waitFor();
  const text = await table.innerText();
  assert.match(text, /Unnamed bank in Hungary/);
  assert.match(text, /USD 16\.5 million/);
  assert.match(await page.getByTestId("flow-totals").innerText(), /USD 16\.5 million/);
  const flow = await model((bank) => {
    const g = window.__casegraph.graph;
    return g.filterEdges((e, a) => a.relType === "MONEY_FLOW" && g.target(e) === bank).map((e) => g.getEdgeAttribute(e, "amount"));
  }, BANK);
  assert.deepEqual(flow, [16500000]);
});

await step("time slider before 2011 hides the 2011 meeting", async () => {
  await page.getByRole("button", { name: "Clear highlight" }).click();
  assert.ok(await model((m) => window.__casegraph.visibleNodes().includes(m), MEETING), "meeting visible at first");
  await page.getByLabel("Until month").fill("2010-12");
  await waitModel((m) => !window.__casegraph.visibleNodes().includes(m), MEETING);
  assert.equal(await page.getByTestId("node-table").locator(`tr[data-id="${MEETING}"]`).count(), 0, "gone from the table too");
  assert.ok(await model((l) => window.__casegraph.visibleNodes().includes(l), LACEY), "undated people stay");
  await page.screenshot({ path: join(OUT, "time-before-2011.png") });
  await page.getByRole("button", { name: "All time" }).click();
  await waitModel((m) => window.__casegraph.visibleNodes().includes(m), MEETING);
});

await step("undo and redo", async () => {
  const before = await model(() => window.__casegraph.graph.order);
  await page.getByRole("button", { name: /Undo/ }).click();
  const after = await model(() => window.__casegraph.graph.order);
  assert.ok(after <= before);
  await page.getByRole("button", { name: /Redo/ }).click();
  assert.equal(await model(() => window.__casegraph.graph.order), before);
});

await step("export PNG", async () => {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-png").click()]);
  const file = join(OUT, "export.png");
  await dl.saveAs(file);
  const buf = readFileSync(file);
  assert.ok(statSync(file).size > 2000, "PNG has content");
  assert.deepEqual([...buf.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "PNG signature");
});

await step("canvas is described for screen readers", async () => {
  const label = await page.getByTestId("canvas").getAttribute("aria-label");
  assert.match(label, /Graph canvas: \d+ entities .* links/);
  assert.equal(await page.getByTestId("canvas").getAttribute("role"), "img");
});

const unique = "Quillfeather" + Date.now().toString(36);
await step("upload a spreadsheet through the ingest page, then find it", async () => {
  const csv = join(OUT, "people.csv");
  writeFileSync(csv, `id,name,position\nzq-1,Zora ${unique},Test witness\nzq-2,,no name here\n`);
  await page.getByRole("link", { name: "Load data" }).click();
  await page.getByTestId("ingest-page").waitFor();
  await page.getByLabel("Mapping", { exact: true }).fill(
    `dataset: e2e\nsource:\n  title: "e2e upload"\n  publisher: casegraph tests\ninputs:\n  - name: people\n    file: people.csv\n    entities:\n      person:\n        schema: Person\n        id: id\n        required: [id, name]\n        properties:\n          name: name\n          position: position\n`,
  );
  await page.getByLabel("Files").setInputFiles(csv);
  await page.getByRole("button", { name: "Preview (dry run)" }).click();
  await page.getByTestId("preview").waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId("preview").innerText(), new RegExp(unique));
  assert.match(await page.getByTestId("row-errors").innerText(), /3/, "the row without a name is reported (row 3)");
  await page.getByRole("button", { name: "Load" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="ingest-run"]')?.getAttribute("data-status") !== "running" && !!document.querySelector('[data-testid="ingest-run"]'), null, { timeout: 30000 });
  assert.equal(await page.getByTestId("run-status").innerText(), "done");
  await page.getByRole("link", { name: "Explorer" }).click();
  const box = page.getByTestId("search").locator('input[type="search"]');
  await box.fill(unique);
  await page.getByTestId("search").locator('li[role="option"]', { hasText: unique }).waitFor({ timeout: 10000 });
});

await step("GraphiQL loads on its own route", async () => {
  await page.goto(BASE + "/graphiql");
  await page.locator(".graphiql-container").waitFor({ timeout: 20000 });
});

await step("sign-in box when the server wants a token; a viewer saves and opens a view", async () => {
  const authBase = process.env.AUTH_BASE_URL, token = process.env.AUTH_TOKEN;
  assert.ok(authBase && token, "AUTH_BASE_URL and AUTH_TOKEN are set (scripts/test-frontend.sh starts a server with auth on)");
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const p = await ctx.newPage();
  try {
    await p.goto(authBase + "/");
    const box = p.getByTestId("search").locator('input[type="search"]');
    await box.fill("Lacey");
    const dialog = p.getByRole("dialog", { name: "Sign in" });
    await dialog.waitFor({ timeout: 10000 });
    await p.screenshot({ path: join(OUT, "sign-in.png") });
    await dialog.getByLabel("Token").fill(token);
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await dialog.waitFor({ state: "detached" });
    await box.fill("Lace");
    await box.fill("Lacey");
    const option = p.getByTestId("search").locator(`li[role="option"][data-id="${LACEY}"]`);
    await option.waitFor({ timeout: 10000 });
    // a viewer's token may save a view and open it
    await option.dispatchEvent("mousedown");
    await p.waitForFunction((id) => window.__casegraph.graph.hasNode(id), LACEY);
    await p.getByRole("button", { name: "Save view…" }).click();
    await p.getByLabel("View name").fill("viewer's view");
    await p.getByRole("form", { name: "Save view" }).getByRole("button", { name: "Save" }).click();
    const link = await p.getByTestId("view-link").inputValue({ timeout: 10000 });
    assert.ok(link.startsWith(authBase + "/?view="), link);
    // the list shows it as this token's own, private view
    await p.getByRole("button", { name: "Views", exact: true }).click();
    const mine = p.getByTestId("views-list").locator(`li[data-id="${link.split("=")[1]}"]`);
    await mine.waitFor({ timeout: 10000 });
    assert.equal(await mine.getAttribute("data-mine"), "true");
    assert.equal(await mine.getByTestId("view-sharing").innerText(), "private");
    await p.goto(link);
    await p.waitForFunction((id) => window.__casegraph?.graph.hasNode(id) && window.__casegraph.graph.order === 1, LACEY, { timeout: 15000 });
  } finally {
    await ctx.close();
  }
});

// --- cross-referencing: the review queue and merged nodes ----------------------------
// On a server of its own (XREF_BASE_URL: its own Neo4j, holding the demo and
// the register, examples/backpage-register), because verdicts are stored and
// a SAME verdict merges the demo's Lacey with the register's for every reader.
const REGISTER_LACEY = "register-lacey";
const xrefPage = await (async () => {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  const p = await ctx.newPage();
  p.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  return p;
})();

async function xrefStep(name, fn) {
  await step(name, async () => {
    try {
      await fn(xrefPage);
    } finally {
      await xrefPage.screenshot({ path: join(OUT, `xref-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
    }
  });
}

/** The candidate shown, as the page says: its two record ids, sorted. */
const shownPair = async (p) => {
  const c = p.getByTestId("review-candidate");
  return [await c.getAttribute("data-left"), await c.getAttribute("data-right")].sort().join(" ");
};
const progress = async (p) => {
  const m = (await p.getByTestId("review-progress").innerText()).match(/^(\d+) of (\d+) reviewed · (\d+) left$/);
  assert.ok(m, "progress reads “N of M reviewed · K left”");
  return { reviewed: +m[1], total: +m[2], left: +m[3] };
};
/** Presses a key with the focus on the page (not in a field) and waits for the candidate to change. */
async function pressAndMove(p, key) {
  const before = await shownPair(p);
  await p.keyboard.press(key);
  await p.waitForFunction(
    (before) => {
      const c = document.querySelector('[data-testid="review-candidate"]');
      const now = c ? [c.getAttribute("data-left"), c.getAttribute("data-right")].sort().join(" ") : "";
      return now !== before && !window.__casegraph.store.state.review?.judging;
    },
    before,
    { timeout: 15000 },
  );
}

await xrefStep("review queue: three candidates judged and skipped with the keyboard only", async (p) => {
  const base = process.env.XREF_BASE_URL;
  assert.ok(base, "XREF_BASE_URL is set (scripts/test-frontend.sh starts a server of its own with the demo and the register)");
  await p.goto(base + "/");
  await p.waitForFunction(() => !!window.__casegraph?.sigma);
  await p.getByRole("button", { name: "Review matches…" }).click();
  await p.getByTestId("review-candidate").waitFor({ timeout: 60000 });
  assert.ok(p.url().endsWith("/review"), p.url());
  const start = await progress(p);
  assert.equal(start.reviewed, 0, "a fresh server: nothing judged yet");
  assert.ok(start.total >= 3, `at least three candidates between the demo and the register (${start.total})`);
  assert.equal(start.left, start.total);
  assert.match(await p.getByTestId("review-score").innerText(), /match score \d+%\s+computed/);
  assert.ok((await p.getByTestId("review-features").locator("tbody tr").count()) >= 1, "the features behind the score are listed");
  assert.match(await p.getByTestId("review-features").innerText(), /[+−]\d+\.\d\d/, "each feature's signed contribution");

  const lacey = [LACEY, REGISTER_LACEY].sort().join(" ");
  const seen = [];
  const verdicts = {};
  for (let i = 0; i < 3; i++) {
    const pair = await shownPair(p);
    seen.push(pair);
    const left = await p.getByTestId("review-candidate").getAttribute("data-left");
    const right = await p.getByTestId("review-candidate").getAttribute("data-right");
    assert.notEqual(left.split("-")[0], right.split("-")[0], "one record of each dataset");
    if (pair === lacey) {
      // a note typed with letters that are keys: nothing is judged while typing
      await p.getByLabel("Note").focus();
      await p.keyboard.type("same man, surname first; dates and neighbours agree");
      assert.equal(await shownPair(p), pair, "typing in the note judged nothing");
      assert.equal((await progress(p)).reviewed, 0 + Object.keys(verdicts).length);
      await p.keyboard.press("Escape"); // out of the note, back to the keys
      await pressAndMove(p, "s");
      verdicts[pair] = "SAME";
    } else if (!Object.values(verdicts).includes("UNSURE")) {
      await pressAndMove(p, "u");
      verdicts[pair] = "UNSURE";
    } else {
      // skip, come back, skip again: a skipped candidate is not judged
      await pressAndMove(p, "n");
      await pressAndMove(p, "ArrowLeft");
      assert.equal(await shownPair(p), pair, "← goes back to the candidate skipped");
      await pressAndMove(p, "ArrowRight");
    }
  }
  if (!verdicts[lacey]) {
    // Lacey's pair was not among the first three: find it further on, by keys too
    for (let i = 0; i < start.total && (await shownPair(p)) !== lacey; i++) await pressAndMove(p, "n");
    assert.equal(await shownPair(p), lacey, "Lacey and the register's LACEY, Michael are a candidate");
    await pressAndMove(p, "s");
    verdicts[lacey] = "SAME";
  }
  assert.deepEqual(new Set(seen).size, 3, "three different candidates shown");
  const after = await progress(p);
  const judged = Object.keys(verdicts).length;
  assert.deepEqual(after, { reviewed: judged, total: start.total, left: start.total - judged });
  assert.equal(await p.evaluate(() => window.__casegraph.store.state.review.error), null);
  // what the server holds: the verdict with its note
  const answer = await (
    await p.request.post(base + "/graphql", {
      data: { query: `{ entity(id: "${LACEY}") { canonicalId sameAs { id } judgements { judgement note right { id } left { id } } } }` },
    })
  ).json();
  const e = answer.data.entity;
  assert.equal(e.canonicalId, LACEY);
  assert.deepEqual(e.sameAs.map((r) => r.id), [REGISTER_LACEY]);
  assert.equal(e.judgements[0].judgement, "SAME");
  assert.equal(e.judgements[0].note, "same man, surname first; dates and neighbours agree");
});

await xrefStep("the merged node: one node with the marker, its panel lists both records", async (p) => {
  await p.getByRole("link", { name: "Explorer" }).click();
  const box = p.getByTestId("search").locator('input[type="search"]');
  await box.fill("Lacey");
  const option = p.getByTestId("search").locator(`li[role="option"][data-id="${LACEY}"]`);
  await option.waitFor({ timeout: 10000 });
  assert.equal(await p.getByTestId("search").locator(`li[role="option"][data-id="${REGISTER_LACEY}"]`).count(), 0, "the register's record is not a result of its own");
  await option.dispatchEvent("mousedown");
  await p.waitForFunction((id) => window.__casegraph.graph.hasNode(id), LACEY);
  await p.getByTestId("node-panel").getByRole("button", { name: "Expand" }).click();
  await p.waitForFunction(() => window.__casegraph.graph.order > 5 && !window.__casegraph.store.state.busy, null, { timeout: 15000 });
  const m = await p.evaluate(
    ({ lacey, reg }) => {
      const { graph: g, sigma } = window.__casegraph;
      const shown = sigma.getNodeDisplayData(lacey);
      return {
        hasRegister: g.hasNode(reg),
        sameAs: g.getNodeAttribute(lacey, "sameAs"),
        canonicalId: g.getNodeAttribute(lacey, "canonicalId"),
        aliases: g.getNodeAttribute(lacey, "aliases"),
        label: shown.label,
        image: decodeURIComponent(g.getNodeAttribute(lacey, "image")),
        merged: g.filterNodes((n, a) => (a.sameAs ?? []).length > 0),
        // the register's own links now end at the merged node
        registerLinks: g.edges(lacey).filter((e) => g.opposite(lacey, e).startsWith("register-")).length,
      };
    },
    { lacey: LACEY, reg: REGISTER_LACEY },
  );
  assert.equal(m.hasRegister, false, "the register's record is not drawn apart");
  assert.deepEqual(m.sameAs, [REGISTER_LACEY]);
  assert.equal(m.canonicalId, LACEY);
  assert.ok(m.aliases.includes("LACEY, Michael"), `its names include the register's: ${m.aliases}`);
  assert.match(m.label, /Michael Lacey ×2 records/);
  assert.match(m.image, />2<\/text>/, "the picture has the badge with the number of records");
  assert.deepEqual(m.merged, [LACEY], "one merged node");
  assert.ok(m.registerLinks > 0, "the register's links end at the merged node");
  const row = p.getByTestId("node-table").locator(`tr[data-id="${LACEY}"]`);
  assert.match(await row.innerText(), /merged: ×2 records/);
  await row.getByRole("button").click();
  const records = p.getByTestId("merged-records");
  await records.waitFor({ timeout: 10000 });
  await records.locator(`li[data-record="${REGISTER_LACEY}"]`).waitFor({ timeout: 10000 });
  assert.deepEqual(await records.locator("li[data-record]").evaluateAll((els) => els.map((e) => e.getAttribute("data-record"))), [LACEY, REGISTER_LACEY]);
  const text = await records.innerText();
  assert.match(text, /LACEY, Michael/);
  assert.match(text, /register: people\.csv/, "the record's dataset and file");
  assert.match(text, /backpage: people\.csv/);
  assert.match(text, /Techdirt/, "each record's sources");
  assert.match(await p.getByTestId("cluster-judgements").locator('li[data-judgement="SAME"]').innerText(), /same man, surname first/);
  // exports keep who the node stands for
  await p.locator("details.export-menu > summary").click(); // the data exports sit under "More"
  const [dl] = await Promise.all([p.waitForEvent("download"), p.getByRole("button", { name: "JSON", exact: true }).click()]);
  const file = join(OUT, "merged-export.json");
  await dl.saveAs(file);
  const node = JSON.parse(readFileSync(file, "utf8")).nodes.find((n) => n.id === LACEY);
  assert.deepEqual({ canonicalId: node.canonicalId, sameAs: node.sameAs }, { canonicalId: LACEY, sameAs: [REGISTER_LACEY] });
});

await xrefStep("Merge judged records off draws every record apart, and on again merges them", async (p) => {
  await p.getByTestId("merge-toggle").uncheck();
  await p.waitForFunction(
    ({ lacey, reg }) => {
      const g = window.__casegraph.graph;
      return !window.__casegraph.store.state.busy && g.hasNode(reg) && (g.getNodeAttribute(lacey, "sameAs") ?? []).length === 0;
    },
    { lacey: LACEY, reg: REGISTER_LACEY },
    { timeout: 15000 },
  );
  assert.equal(await p.evaluate(() => window.__casegraph.store.state.resolve), false);
  assert.equal(await p.evaluate((id) => window.__casegraph.sigma.getNodeDisplayData(id).label, LACEY), "Michael Lacey");
  await p.getByTestId("merge-toggle").check();
  await p.waitForFunction(
    ({ lacey, reg }) => {
      const g = window.__casegraph.graph;
      return !window.__casegraph.store.state.busy && !g.hasNode(reg) && (g.getNodeAttribute(lacey, "sameAs") ?? []).includes(reg);
    },
    { lacey: LACEY, reg: REGISTER_LACEY },
    { timeout: 15000 },
  );
});

await xrefStep("split a record off a merged node: judged DIFFERENT, after a confirmation, and the canvas refreshes", async (p) => {
  await p.getByTestId("node-table").locator(`tr[data-id="${LACEY}"] button`).click();
  const same = p.getByTestId("cluster-judgements").locator('li[data-judgement="SAME"]');
  await same.waitFor({ timeout: 10000 });
  await same.getByRole("button", { name: "Split…" }).click();
  await same.getByRole("group", { name: "Confirm split" }).getByRole("button", { name: "Yes, split" }).click();
  await p.waitForFunction(
    ({ lacey, reg }) => {
      const g = window.__casegraph.graph;
      return !window.__casegraph.store.state.busy && g.hasNode(reg) && (g.getNodeAttribute(lacey, "sameAs") ?? []).length === 0;
    },
    { lacey: LACEY, reg: REGISTER_LACEY },
    { timeout: 15000 },
  );
  assert.equal(await p.evaluate(() => window.__casegraph.store.state.error), null);
  assert.equal(await p.getByTestId("merged-records").count(), 0, "no records list for a single record");
});
await xrefPage.context().close();

await browser.close();
const failed = results.filter((r) => !r.ok);
if (consoleErrors.length) console.log("browser console errors:\n  " + consoleErrors.slice(0, 20).join("\n  "));
console.log(`\n${results.length - failed.length}/${results.length} steps passed; screenshots in ${OUT}`);
process.exit(failed.length ? 1 : 0);
