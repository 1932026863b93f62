// End-to-end test of the mapping wizard against a real `casegraph serve`, in
// Debian's Chromium driven by playwright-core: a user uploads a CSV of three
// columns no mapping knows, clicks a mapping together (a person with a name,
// the company employing them, the EMPLOYMENT link), previews the graph the
// rows make, saves the mapping, loads, opens the result on the canvas and
// finds a person through search — without typing any YAML. The saved YAML
// then goes through `casegraph ingest --dry-run` on the command line.
// BASE_URL says where the server is and CASEGRAPH_BIN where the binary is
// (scripts/test-frontend.sh sets both); screenshots go to frontend/test-results/.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, "..", "test-results");
const BIN = resolve(here, "..", "..", process.env.CASEGRAPH_BIN ?? "bin/casegraph");
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--headless"],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
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
    await page.screenshot({ path: join(OUT, `FAIL-wizard-${name.replace(/\W+/g, "-")}.png`), fullPage: true }).catch(() => {});
  }
  await page.screenshot({ path: join(OUT, `wizard-${String(results.length).padStart(2, "0")}-${name.replace(/\W+/g, "-")}.png`), fullPage: true }).catch(() => {});
}

// Three columns no mapping knows; person w1 comes back on row 4 with another
// spelling (an alias), and the three rows share one employer.
const unique = Date.now().toString(36);
const person = `Ottoline Quarrendon${unique}`;
const company = `Brindlecombe${unique} Ltd`;
const csvName = `staff-${unique}.csv`;
const csv = join(OUT, csvName);
writeFileSync(csv, `id,name,employer\nw1,${person},${company}\nw2,Ferdinand Ashgrove${unique},${company}\nw3,Marisol Tennant${unique},${company}\nw1,O. Quarrendon${unique},${company}\n`);

const wizard = page.getByTestId("wizard");
const entity = (key) => wizard.getByRole("group", { name: `Entity ${key}`, exact: true });
const yaml = () => page.getByLabel("Mapping", { exact: true }).inputValue();
let savedYaml = "";

await page.goto(BASE + "/");
await page.getByRole("link", { name: "Load data" }).click();
await page.getByTestId("ingest-page").waitFor();

await step("upload a CSV: its columns and sample values", async () => {
  await page.getByLabel("Files").setInputFiles(csv);
  await page.getByTestId("wizard-columns").waitFor({ timeout: 10000 });
  const cols = await page.getByTestId("wizard-columns").locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-column")));
  assert.deepEqual(cols, ["id", "name", "employer"]);
  const employer = await page.getByTestId("wizard-columns").locator('tr[data-column="employer"]').innerText();
  assert.match(employer, new RegExp(company));
  // the first guess, from the column names alone, is already the mapping this test clicks together
  assert.match(await yaml(), /schema: Person[\s\S]*schema: Company[\s\S]*type: EMPLOYMENT/);
});

await step("click the mapping together from scratch", async () => {
  await wizard.getByRole("button", { name: "Start from scratch" }).click();
  assert.doesNotMatch(await yaml(), /schema:/);
  // the person: keyed by id, named by name
  await wizard.getByRole("button", { name: "Add an entity" }).click();
  await entity("person").getByLabel("Add to person key columns").selectOption("id");
  await entity("person").getByLabel("Add to person name").selectOption("name");
  // the company, from the employer column
  await wizard.getByRole("button", { name: "Add an entity" }).click();
  await entity("person2").getByLabel("Schema").selectOption("Company");
  await entity("company").getByLabel("Add to company key columns").selectOption("employer");
  await entity("company").getByLabel("Add to company name").selectOption("employer");
  // the link: the person works for the company
  await wizard.getByRole("button", { name: "Add a link" }).click();
  const link = wizard.getByRole("group", { name: "Link 1" });
  await link.getByLabel("Link type").selectOption("EMPLOYMENT");
  await link.getByLabel("From", { exact: true }).selectOption("person");
  await link.getByLabel("To", { exact: true }).selectOption("company");
  assert.equal(await page.getByTestId("wizard-todo").count(), 0, "nothing is left to do");
  const y = await yaml();
  assert.match(y, /person:\n\s+schema: Person\n\s+keys: \[id\]\n\s+properties:\n\s+name: name\n/);
  assert.match(y, /company:\n\s+schema: Company\n\s+keys: \[employer\]\n\s+properties:\n\s+name: employer\n/);
  assert.match(y, /- type: EMPLOYMENT\n\s+from: person\n\s+to: company\n/);
  assert.equal(await page.getByTestId("wizard-columns").locator('tr[data-column="employer"] td').last().innerText(), "company key, company.name");
});

await step("name the source", async () => {
  await wizard.getByLabel("Dataset").fill(`wizard-e2e-${unique}`);
  await wizard.getByLabel("Source title").fill("Staff list from the wizard test");
  await wizard.getByLabel("Source address").fill("https://example.org/staff");
  const y = await yaml();
  assert.match(y, new RegExp(`dataset: wizard-e2e-${unique}\n`));
  assert.match(y, /title: "Staff list from the wizard test"\n\s+url: "https:\/\/example.org\/staff"/);
});

await step("preview: the entities once each, the person's other spelling as an alias, the links, drawn", async () => {
  await page.getByRole("button", { name: "Preview (dry run)" }).click();
  await page.getByTestId("wizard-preview").waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId("preview-summary").innerText(), /4 rows read: 4 would load, 0 rejected\. They make 4 entities/);
  const rows = await page
    .getByTestId("preview")
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => ({ schema: tr.getAttribute("data-schema"), cells: [...tr.querySelectorAll("td")].map((td) => td.innerText.trim()) })));
  const companies = rows.filter((r) => r.schema === "Company");
  assert.equal(companies.length, 1, "the employer of three rows is one company");
  assert.equal(companies[0].cells[1], company);
  assert.equal(companies[0].cells[4], "4", "named on four rows");
  const ottoline = rows.find((r) => r.cells[1] === person);
  assert.ok(ottoline, "the person is previewed");
  assert.equal(ottoline.cells[2], `O. Quarrendon${unique}`, "the other spelling is an alias");
  assert.equal(rows.filter((r) => r.schema === "Person").length, 3);
  const links = await page.getByTestId("preview-links").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, " ").trim()));
  assert.equal(links.length, 3);
  assert.ok(links.includes(`${person} EMPLOYMENT ${company} 2`), links.join(" | "));
  assert.equal(await page.getByTestId("wizard-preview-canvas").getAttribute("aria-label"), "Preview: 4 entities and 3 links (tables below)");
  assert.ok(await page.getByTestId("wizard-preview-canvas").locator("canvas").count() > 0, "sigma draws the preview");
});

await step("save the mapping as YAML", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save the mapping (YAML)" }).click()]);
  assert.equal(download.suggestedFilename(), `staff-${unique}.yml`);
  const path = join(OUT, download.suggestedFilename());
  await download.saveAs(path);
  savedYaml = readFileSync(path, "utf8");
  assert.equal(savedYaml, await yaml(), "the file saved is the mapping shown");
});

await step("the saved YAML loads with the command line too (casegraph ingest --dry-run)", async () => {
  const mappingPath = join(OUT, `staff-${unique}.yml`);
  const { stdout } = await promisify(execFile)(BIN, ["ingest", "--server", BASE, "--mapping", mappingPath, "--dry-run", csv], { cwd: OUT, timeout: 60000 });
  assert.match(stdout, /4 rows read, 4 loaded, 0 rejected/, stdout);
});

await step("load, then open the result on the canvas", async () => {
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await page.waitForFunction(() => ["done", "failed"].includes(document.querySelector('[data-testid="ingest-run"]')?.getAttribute("data-status")), null, {
    timeout: 60000,
  });
  const error = await page.getByRole("alert").allInnerTexts();
  assert.equal(await page.getByTestId("run-status").innerText(), "done", error.join(" "));
  assert.match(await page.getByTestId("ingest-job").innerText(), /4 rows read, 4 loaded, 0 rejected/);
  await page.getByRole("button", { name: "Open on canvas" }).click();
  await page.waitForFunction(
    (name) => {
      const g = window.__casegraph?.graph;
      return !!g && g.someNode((_, a) => a.label === name) && g.order >= 4 && !window.__casegraph.store.state.busy;
    },
    person,
    { timeout: 60000 }, // a busy test machine answers a neighbourhood in seconds
  );
  assert.equal(new URL(page.url()).pathname, "/");
  const drawn = await page.evaluate(() => {
    const g = window.__casegraph.graph;
    return { names: g.mapNodes((_, a) => a.label).sort(), links: g.mapEdges((_, a) => a.relType) };
  });
  assert.ok(drawn.names.includes(company), drawn.names.join(", "));
  assert.ok(drawn.links.filter((t) => t === "EMPLOYMENT").length >= 3, drawn.links.join(", "));
});

await step("find a loaded person through search", async () => {
  await page.reload();
  const box = page.getByTestId("search").locator('input[type="search"]');
  await box.fill(`Marisol Tennant${unique}`);
  await page.getByTestId("search").locator('li[role="option"]', { hasText: `Marisol Tennant${unique}` }).waitFor({ timeout: 10000 });
});

await browser.close();
const failed = results.filter((r) => !r.ok);
if (consoleErrors.length) console.log("browser console errors:\n  " + consoleErrors.slice(0, 20).join("\n  "));
console.log(`\n${results.length - failed.length}/${results.length} wizard steps passed; screenshots in ${OUT}`);
process.exit(failed.length ? 1 : 0);
