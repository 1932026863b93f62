// What a column's sample values look like: a type (date, amount, number,
// integer, bool, text) and, for dates, the format that fits the most values.
// Shown beside each column in the mapping wizard and used as the default
// type of the properties it maps. The server parses with the types the
// mapping names; this only guesses which to name.

export type ValueType = "string" | "date" | "amount" | "number" | "integer" | "bool" | "outcome";

/**
 * A date format as people write it (`d/M/yyyy`, `MMM d, yyyy`: the
 * Unicode/Excel letters) and as a Go layout (`2/1/2006`). `builtin` formats
 * (ISO dates and timestamps, Excel dates) need no format in the mapping: the
 * server reads them whatever the mapping says.
 */
export interface DateFormat {
  pattern: string;
  layout: string;
  builtin?: boolean;
}

export interface Inference {
  type: ValueType;
  /** Non-empty sample values, and how many of them the type (and format) fits. */
  filled: number;
  fits: number;
  /** Dates: the format that fits the most values, then the others that fit some. */
  format?: DateFormat;
  alternatives?: DateFormat[];
  /** Dates: day and month could be read either way (no value above 12 tells). */
  ambiguous?: boolean;
  /** Every non-empty sample value differs: a candidate id or key column. */
  unique: boolean;
  /** The column holds no value in the sample. */
  empty: boolean;
}

// --- date formats --------------------------------------------------------------------

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

type Token = { kind: "y4" | "y2" | "M" | "MM" | "MMM" | "MMMM" | "d" | "dd" | "H" | "m" | "s" } | { kind: "lit"; text: string };

/** The letters of a pattern, longest first, with their Go layout parts and what they match. */
const LETTERS: [string, Token["kind"], string, string][] = [
  ["yyyy", "y4", "2006", "(\\d{4})"],
  ["yy", "y2", "06", "(\\d{2})"],
  ["MMMM", "MMMM", "January", "([A-Za-z]{3,9})"],
  ["MMM", "MMM", "Jan", "([A-Za-z]{3})"],
  ["MM", "MM", "01", "(\\d{2})"],
  ["M", "M", "1", "(\\d{1,2})"], // one digit or two: Go's "1" reads both
  ["dd", "dd", "02", "(\\d{2})"],
  ["d", "d", "2", "(\\d{1,2})"],
  ["HH", "H", "15", "(\\d{2})"],
  ["mm", "m", "04", "(\\d{2})"],
  ["ss", "s", "05", "(\\d{2})"],
];

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  outer: while (i < pattern.length) {
    for (const [letters, kind] of LETTERS) {
      if (pattern.startsWith(letters, i)) {
        out.push({ kind } as Token);
        i += letters.length;
        continue outer;
      }
    }
    const last = out[out.length - 1];
    if (last?.kind === "lit") last.text += pattern[i];
    else out.push({ kind: "lit", text: pattern[i] });
    i++;
  }
  return out;
}

/** A pattern's Go layout: `d/M/yyyy` → `2/1/2006`. */
export function goLayout(pattern: string): string {
  return tokenize(pattern)
    .map((t) => (t.kind === "lit" ? t.text : LETTERS.find(([, k]) => k === t.kind)![2]))
    .join("");
}

interface Compiled {
  format: DateFormat;
  tokens: Token[];
  re: RegExp;
  /** dmy, mdy, ymd or named (a month name: nothing to confuse). */
  order: string;
}

function compile(pattern: string, builtin = false): Compiled {
  const tokens = tokenize(pattern);
  const re = new RegExp(
    "^" +
      tokens
        .map((t) => (t.kind === "lit" ? t.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+") : LETTERS.find(([, k]) => k === t.kind)![3]))
        .join("") +
      "$",
  );
  const order = tokens
    .filter((t) => t.kind !== "lit" && t.kind !== "H" && t.kind !== "m" && t.kind !== "s")
    .map((t) => (t.kind === "MMM" || t.kind === "MMMM" ? "n" : t.kind[0].toLowerCase()))
    .join("");
  return { format: { pattern, layout: goLayout(pattern), ...(builtin ? { builtin } : {}) }, tokens, re, order };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The ISO date a value is in a compiled format ("2011-03", "2011-03-05"), or null. */
function read(c: Compiled, value: string): string | null {
  const m = c.re.exec(value.trim());
  if (!m) return null;
  let y = 0,
    mo = 0,
    d = 0;
  let g = 1;
  for (const t of c.tokens) {
    if (t.kind === "lit") continue;
    const v = m[g++];
    switch (t.kind) {
      case "y4":
        y = +v;
        break;
      case "y2":
        y = +v < 69 ? 2000 + +v : 1900 + +v; // Go's rule for "06"
        break;
      case "M":
      case "MM":
        mo = +v;
        break;
      case "MMM":
      case "MMMM": {
        const name = v.toLowerCase();
        mo = MONTHS.findIndex((full) => (t.kind === "MMM" ? full.slice(0, 3) === name : full === name)) + 1;
        if (!mo) return null;
        break;
      }
      case "d":
      case "dd":
        d = +v;
        break;
      case "H":
        if (+v > 23) return null;
        break;
      case "m":
      case "s":
        if (+v > 59) return null;
        break;
    }
  }
  if (y < 1 || (mo && (mo < 1 || mo > 12))) return null;
  if (d && (!mo || d < 1 || d > daysIn(y, mo))) return null;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${String(y).padStart(4, "0")}${mo ? "-" + p(mo) : ""}${d ? "-" + p(d) : ""}`;
}

/** ISO dates and timestamps: the server reads them without a format. */
const BUILTIN = ["yyyy-MM-dd", "yyyy-MM", "yyyy", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

function candidatePatterns(): string[] {
  const out: string[] = [];
  for (const sep of ["/", ".", "-", " "]) {
    for (const year of ["yyyy", "yy"]) {
      out.push(`d${sep}M${sep}${year}`, `M${sep}d${sep}${year}`);
      if (year === "yyyy") {
        out.push(`d${sep}M${sep}yyyy HH:mm`, `d${sep}M${sep}yyyy HH:mm:ss`, `M${sep}d${sep}yyyy HH:mm`, `M${sep}d${sep}yyyy HH:mm:ss`);
        if (sep !== "-") out.push(`yyyy${sep}M${sep}d`);
      }
    }
    if (sep !== " ") out.push(`M${sep}yyyy`);
  }
  out.push(
    "MMM d, yyyy",
    "MMMM d, yyyy",
    "MMM d yyyy",
    "MMMM d yyyy",
    "d MMM yyyy",
    "d MMMM yyyy",
    "d MMM, yyyy",
    "d. MMMM yyyy",
    "d-MMM-yyyy",
    "d-MMM-yy",
    "MMM yyyy",
    "MMMM yyyy",
    "MMM-yyyy",
    "MMM-yy",
  );
  return out;
}

const COMPILED: Compiled[] = [...BUILTIN.map((p) => compile(p.replace(/'T'/, "T"), true)), ...candidatePatterns().map((p) => compile(p))];
// the 'T' of a timestamp is a quoted letter in the pattern people read
for (const c of COMPILED) if (c.format.pattern.includes("THH")) c.format.pattern = c.format.pattern.replace("THH", "'T'HH");

/** The ISO date a value is in a format, or null: what the preview says a value becomes. */
export function readDate(format: DateFormat, value: string): string | null {
  const c = COMPILED.find((x) => x.format.pattern === format.pattern) ?? compile(format.pattern, format.builtin);
  return read(c, value);
}

/** A format's fit to values: the formats that read some, the most first (ISO first among equals, then day before month). */
export function dateFormatsFor(values: string[]): { format: DateFormat; fits: number; order: string }[] {
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (!filled.length) return [];
  const scored = COMPILED.map((c, i) => ({ c, i, fits: filled.filter((v) => read(c, v) !== null).length })).filter((s) => s.fits > 0);
  scored.sort((a, b) => b.fits - a.fits || a.i - b.i);
  return scored.map((s) => ({ format: s.c.format, fits: s.fits, order: s.c.order }));
}

// --- numbers, amounts, booleans --------------------------------------------------------

const CURRENCY = /^(?:[$€£¥₹₽₪₩₴₺฿]|US\$|[A-Z]{3}(?=[\s\d.,-]|$))|(?:[$€£¥₹₽₪₩₴₺฿]|[A-Z]{3})$/;
const SCALE = /\s*(?:thousand|million|billion|mn|bn|k|m)\.?$/i;
const BOOLS = new Set(["true", "false", "yes", "no", "y", "n"]);
const OUTCOMES = /^(?:pending|convicted|guilty|acquitted|not guilty|hung|hung jury|deadlocked|mistrial|dismissed|pleaded guilty|plea|guilty plea)$/i;

function isInteger(v: string): boolean {
  // a leading zero makes a code (a postcode, an account number), not a number
  return /^[-+]?(?:0|[1-9]\d{0,14})$/.test(v);
}

function isNumber(v: string): boolean {
  return /^[-+]?\d+\.\d+$/.test(v) || /^[-+]?\.\d+$/.test(v) || /^[-+]?\d+(?:\.\d+)?[eE][-+]?\d+$/.test(v);
}

/** A money amount as people write it: a currency, thousands separators, a scale word. */
export function isAmount(v: string): boolean {
  let s = v.trim();
  let marked = false;
  const strip = (re: RegExp, keep = "") => {
    const before = s;
    s = s.replace(re, keep).trim();
    if (s !== before) marked = true;
  };
  strip(/^[-+]/);
  strip(/^\((.*)\)$/, "$1"); // (1,234.00): an accountant's negative
  strip(CURRENCY);
  strip(/^[-+]/);
  strip(CURRENCY);
  strip(SCALE);
  if (!/^\d/.test(s)) return false;
  if (/^\d{1,3}(?:([,. '\u00a0])\d{3})(?:\1\d{3})*(?:[.,]\d{1,4})?$/.test(s)) return true; // 16,500,000.00 or 1.234,56
  if (/^\d+(?:[.,]\d{1,4})?$/.test(s)) return marked || /,\d{1,2}$/.test(s);
  return false;
}

/** A name that says the column holds dates. */
export function nameSaysDate(name: string): boolean {
  return /(^|[^a-z])(date|dob|year|born|died|since|until|from|to|start|end|begin|opened|closed|filed|when|day|dated|published)([^a-z]|$)|date|_at$|_on$|At$|On$/i.test(
    name.replace(/([a-z])([A-Z])/g, "$1_$2"),
  );
}

/**
 * What a column's values look like. name helps with what values alone cannot
 * tell (a column of years is dates if it is called "year"). A type is chosen
 * when it fits at least four in five of the values; otherwise text.
 */
export function inferColumn(name: string, values: string[], opts: { excelDates?: number } = {}): Inference {
  const filled = values.map((v) => v.trim()).filter(Boolean);
  const unique = filled.length > 0 && new Set(filled.map((v) => v.toLowerCase())).size === filled.length;
  const base = { filled: filled.length, unique, empty: filled.length === 0 };
  if (!filled.length) return { type: "string", fits: 0, ...base };
  const enough = (n: number) => n > 0 && n >= Math.ceil(filled.length * 0.8);
  const count = (f: (v: string) => boolean) => filled.filter(f).length;

  // XLSX cells stored as dates: the server converts them without a format
  if (opts.excelDates && enough(opts.excelDates)) {
    return { type: "date", fits: opts.excelDates, format: { pattern: "Excel date", layout: "", builtin: true }, ...base };
  }
  const dates = () => {
    const fits = dateFormatsFor(filled);
    if (!fits.length || !enough(fits[0].fits)) return null;
    const best = fits[0];
    const alternatives = fits.slice(1).filter((f) => f.fits === best.fits && f.format.pattern !== best.format.pattern);
    // d/M and M/d both fit every value: no day above 12 tells them apart
    const swapped = best.order.replace(/[dm]/g, (c) => (c === "d" ? "m" : "d"));
    const ambiguous = swapped !== best.order && alternatives.some((a) => a.order === swapped);
    return {
      type: "date" as const,
      fits: best.fits,
      format: best.format,
      alternatives: fits.slice(1, 6).map((f) => f.format),
      ...(ambiguous ? { ambiguous } : {}),
      ...base,
    };
  };
  const dateFirst = nameSaysDate(name);
  if (dateFirst) {
    const d = dates();
    if (d) return d;
  }
  const bools = count((v) => BOOLS.has(v.toLowerCase()));
  if (enough(bools)) return { type: "bool", fits: bools, ...base };
  const ints = count(isInteger);
  if (enough(ints)) return { type: "integer", fits: ints, ...base };
  const nums = count((v) => isInteger(v) || isNumber(v));
  if (enough(nums)) return { type: "number", fits: nums, ...base };
  const amounts = count((v) => isInteger(v) || isNumber(v) || isAmount(v));
  if (enough(amounts)) return { type: "amount", fits: amounts, ...base };
  if (!dateFirst) {
    const d = dates();
    if (d) return d;
  }
  const outcomes = count((v) => OUTCOMES.test(v));
  if (enough(outcomes)) return { type: "outcome", fits: outcomes, ...base };
  return { type: "string", fits: filled.length, ...base };
}
