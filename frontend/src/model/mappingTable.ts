// Reads the head of a spreadsheet in the browser for the mapping wizard: a
// CSV (delimiter, BOM and encoding found as the server finds them) or an
// XLSX (a zip of XML parts, inflated with the browser's own
// DecompressionStream: no dependency). Only the header and the first rows
// are read; the server reads the whole file when it loads.
import type { Table } from "./mapping";

/** Rows the wizard reads, shows and previews. */
export const SAMPLE_ROWS = 50;

/** A CSV's head as read, with the bytes of the header and the rows read (for a preview of only those rows). */
export interface CsvHead extends Table {
  headBytes: number;
}

export class TableError extends Error {}

// --- CSV --------------------------------------------------------------------------------

/** The most frequent of , ; tab | in the first line outside quotes (as the server picks it). */
export function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0, "|": 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === "\n" || ch === "\r")) break;
    if (!quoted && ch in counts) counts[ch]++;
  }
  let best = ",";
  for (const c of [";", "\t", "|"]) if (counts[c] > counts[best]) best = c;
  return best;
}

/**
 * Parses CSV text (RFC 4180 quotes, CRLF or LF, blank lines skipped) into at
 * most maxRecords records, and the offset in text just after the last one.
 */
export function parseCsv(text: string, delimiter: string, maxRecords: number, final = true): { records: string[][]; end: number } {
  const records: string[][] = [];
  let rec: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  let end = 0;
  const endRecord = (at: number) => {
    rec.push(field);
    field = "";
    fieldStarted = false;
    if (!(rec.length === 1 && rec[0] === "")) records.push(rec);
    rec = [];
    end = at;
  };
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (ch === delimiter) {
      rec.push(field);
      field = "";
      fieldStarted = false;
      i++;
    } else if (ch === "\r" || ch === "\n") {
      const next = ch === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1;
      endRecord(next);
      i = next;
    } else {
      field += ch;
      fieldStarted = true;
      i++;
    }
  }
  // the text's last line, without a line break: a record only if the text is all there is
  if (final && i >= text.length && !quoted && records.length < maxRecords && (field !== "" || rec.length)) endRecord(text.length);
  return { records, end };
}

function decodeLatin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/**
 * A CSV's header and first rows. Text that is not UTF-8 is read as Latin-1
 * (and the mapping will say so); UTF-16 is refused, as the server refuses it.
 * bytes may be the start of a longer file (wholeFile false): a last line cut
 * short is then left out.
 */
export function readCsv(file: string, bytes: Uint8Array, wholeFile = true, headerRow = 1, maxRows = SAMPLE_ROWS): CsvHead {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new TableError(`${file} is UTF-16 text: save it as UTF-8 CSV (or Latin-1).`);
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let body = bytes.subarray(bom);
  if (body.subarray(0, 8192).includes(0)) throw new TableError(`${file} does not look like text: is it a CSV?`);
  let encoding: "utf-8" | "latin-1" = "utf-8";
  let text: string;
  try {
    // a multi-byte character cut at the end of a partial read is not an error
    if (!wholeFile) {
      let cut = body.length;
      while (cut > 0 && cut > body.length - 4 && (body[cut - 1] & 0xc0) === 0x80) cut--;
      if (cut > 0 && body[cut - 1] >= 0xc0) cut--;
      body = body.subarray(0, cut);
    }
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    encoding = "latin-1";
    text = decodeLatin1(body);
  }
  const delimiter = sniffDelimiter(text.slice(0, 32 << 10));
  // a partial read's last line may be cut short: it is not read
  const skip = Math.max(headerRow, 1) - 1;
  const { records, end } = parseCsv(text, delimiter, skip + maxRows + 1, wholeFile);
  if (records.length <= skip) throw new TableError(`${file} has no header row${skip ? ` (row ${headerRow})` : ""}.`);
  const header = records[skip].map((h) => h.trim());
  const rows = records.slice(skip + 1).map((r) => header.map((_, i) => r[i] ?? ""));
  const usedText = text.slice(0, end);
  const headBytes = bom + (encoding === "utf-8" ? new TextEncoder().encode(usedText).length : usedText.length);
  return { file, format: "csv", header, rows, delimiter, encoding, headBytes, ...(skip ? { headerRow } : {}) };
}

// --- XLSX: a zip of XML parts ---------------------------------------------------------------

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

function zipEntries(b: Uint8Array): Map<string, ZipEntry> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new TableError("not an XLSX workbook (no zip directory)");
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  const out = new Map<string, ZipEntry>();
  const utf8 = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) throw new TableError("not an XLSX workbook (a broken zip directory)");
    const method = v.getUint16(p + 10, true);
    const compressedSize = v.getUint32(p + 20, true);
    const size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const local = v.getUint32(p + 42, true);
    const name = utf8.decode(b.subarray(p + 46, p + 46 + nameLen));
    if (local + 30 > b.length) throw new TableError("not an XLSX workbook (a zip entry past the end)");
    const offset = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    out.set(name.replace(/^\//, ""), { name, method, compressedSize, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Inflates one zip entry as text; with stop, reading ends as soon as stop says it has enough. */
async function inflate(b: Uint8Array, e: ZipEntry, limit: number, stop?: (text: string) => boolean): Promise<string> {
  const raw = b.subarray(e.offset, e.offset + e.compressedSize);
  if (e.method === 0) return new TextDecoder().decode(raw.subarray(0, limit));
  if (e.method !== 8) throw new TableError(`the workbook part ${e.name} is compressed in a way the browser cannot read; load it with a mapping instead`);
  const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate-raw")).pipeThrough(new TextDecoderStream());
  const reader = stream.getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    if (text.length > limit) {
      await reader.cancel();
      throw new TableError(`the workbook part ${e.name} is larger than the browser reads (${limit >> 20} MB)`);
    }
    if (stop?.(text)) {
      await reader.cancel();
      break;
    }
  }
  return text;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
  );
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]) : undefined;
}

/** The text of a shared string or an inline string: its <t> runs, without phonetic hints. */
function runsText(xml: string): string {
  const body = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  let out = "";
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += unescapeXml(m[1]);
  return out;
}

/** Excel's built-in number formats that show dates and times. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom number format code shows a date: day, month or year letters outside quotes and brackets. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "")
    .replace(/_./g, "")
    .replace(/\*./g, "");
  if (/^general$/i.test(bare.trim())) return false;
  // digit placeholders make a number format, except a fraction of seconds (ss.000)
  return /[dmyh]/i.test(bare) && !/[0#?]/.test(bare.replace(/s\.0+/gi, "s"));
}

/** The ISO date of an Excel serial day number (the 1900 system, or 1904), as the server converts it. */
export function excelSerialDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1)) return null;
  const n = Math.floor(serial);
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + n * 86400000;
  else if (n < 60) ms = Date.UTC(1899, 11, 31) + n * 86400000;
  else if (n === 60) return null; // 1900-02-29, a day that never was
  else ms = Date.UTC(1899, 11, 30) + n * 86400000;
  const d = new Date(ms);
  if (d.getUTCFullYear() > 9999) return null;
  return d.toISOString().slice(0, 10);
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** The largest XML part the browser inflates for the wizard. */
const MAX_PART = 64 << 20;

/**
 * An XLSX's sheet (the first, or the one named): its first row as the header
 * and the rows after it, cells as the server reads them (raw values: a date
 * cell is its serial number), and per column how many cells are dates.
 */
export async function readXlsx(file: string, bytes: Uint8Array, sheet?: string, headerRow = 1, maxRows = SAMPLE_ROWS): Promise<Table> {
  const top = Math.max(headerRow, 1);
  const last = top + maxRows;
  const entries = zipEntries(bytes);
  const part = async (name: string, stop?: (t: string) => boolean) => {
    const e = entries.get(name);
    return e ? inflate(bytes, e, MAX_PART, stop) : null;
  };
  const workbook = await part("xl/workbook.xml");
  if (workbook === null) throw new TableError(`${file} is not an XLSX workbook (no xl/workbook.xml)`);
  const rels = (await part("xl/_rels/workbook.xml.rels")) ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], "Id");
    const target = attr(m[0], "Target");
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : "xl/" + target.replace(/^\.\//, ""));
  }
  const sheets: { name: string; path: string }[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], "name");
    const rid = attr(m[0], "r:id") ?? /\s\w+:id="([^"]*)"/.exec(m[0])?.[1];
    if (name && rid && targets.has(rid)) sheets.push({ name, path: targets.get(rid)! });
  }
  if (!sheets.length) throw new TableError(`${file} has no sheets`);
  const chosen = sheet ? sheets.find((s) => s.name === sheet) : sheets[0];
  if (!chosen) throw new TableError(`${file} has no sheet named "${sheet}" (sheets: ${sheets.map((s) => s.name).join(", ")})`);
  const date1904 = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbook);

  const shared: string[] = [];
  const sst = await part("xl/sharedStrings.xml");
  if (sst) for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(m[1] ? runsText(m[1]) : "");

  const dateStyles = new Set<number>();
  const styles = await part("xl/styles.xml");
  if (styles) {
    const custom = new Map<number, string>();
    for (const m of styles.matchAll(/<numFmt\b[^>]*>/g)) custom.set(Number(attr(m[0], "numFmtId")), attr(m[0], "formatCode") ?? "");
    const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
    let i = 0;
    for (const m of xfs.matchAll(/<xf\b[^>]*>/g)) {
      const id = Number(attr(m[0], "numFmtId") ?? 0);
      if (DATE_FORMAT_IDS.has(id) || (custom.has(id) && isDateFormatCode(custom.get(id)!))) dateStyles.add(i);
      i++;
    }
  }

  // only as much of the sheet as the rows read need
  const xml = (await part(chosen.path, (t) => (t.match(/<\/row>/g)?.length ?? 0) > last)) ?? "";
  const rows = new Map<number, Map<number, { v: string; date: boolean }>>();
  let nextRow = 1;
  for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = Number(attr(" " + rm[1], "r") ?? nextRow);
    nextRow = r + 1;
    if (r > last) break;
    const cells = new Map<number, { v: string; date: boolean }>();
    let nextCol = 0;
    for (const cm of (rm[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const head = " " + cm[1];
      const ref = attr(head, "r");
      const col = ref ? columnIndex(ref) : nextCol;
      nextCol = col + 1;
      const t = attr(head, "t") ?? "n";
      const s = Number(attr(head, "s") ?? 0);
      const body = cm[2] ?? "";
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let text = "";
      if (t === "s") text = v !== undefined ? (shared[Number(v)] ?? "") : "";
      else if (t === "inlineStr") text = runsText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? "");
      else if (t === "b") text = v === "1" ? "TRUE" : v === "0" ? "FALSE" : "";
      else text = v !== undefined ? unescapeXml(v) : "";
      cells.set(col, { v: text, date: (t === "n" || t === "d") && text !== "" && dateStyles.has(s) });
    }
    rows.set(r, cells);
  }
  const headRow = rows.get(top);
  if (!headRow || !headRow.size) throw new TableError(`${file} sheet ${chosen.name} has no header row${top > 1 ? ` (row ${top})` : ""}`);
  const width = Math.max(...headRow.keys()) + 1;
  const header = Array.from({ length: width }, (_, i) => (headRow.get(i)?.v ?? "").trim());
  const out: string[][] = [];
  const excelDates = header.map(() => 0);
  for (let r = top + 1; r <= last; r++) {
    const cells = rows.get(r);
    if (!cells) {
      if (r >= nextRow) break;
      continue; // an empty row
    }
    out.push(
      header.map((_, i) => {
        const c = cells.get(i);
        if (c?.date) excelDates[i]++;
        return c?.v ?? "";
      }),
    );
  }
  return {
    file,
    format: "xlsx",
    header,
    rows: out,
    sheet: chosen.name,
    sheets: sheets.map((s) => s.name),
    excelDates,
    ...(date1904 ? { date1904 } : {}),
    ...(top > 1 ? { headerRow: top } : {}),
  };
}

/** What the wizard shows of a cell: an Excel date cell as its date. */
export function displayCell(t: Table, column: number, value: string): string {
  if (t.format === "xlsx" && t.excelDates?.[column] && /^\d+(\.\d+)?$/.test(value)) {
    const d = excelSerialDate(Number(value), t.date1904);
    if (d) return `${d} (${value})`;
  }
  return value;
}

// --- files ----------------------------------------------------------------------------------

/** How much of a CSV the browser reads for its first rows. */
const CSV_HEAD_BYTES = 4 << 20;

export function tableFormat(name: string): "csv" | "xlsx" | null {
  const ext = name.toLowerCase().split(".").pop();
  if (ext === "xlsx") return "xlsx";
  if (ext === "csv" || ext === "tsv" || ext === "txt") return "csv";
  return null;
}

/** Reads the head of a chosen file. */
export async function readTableFile(file: File, opts: { sheet?: string; headerRow?: number } = {}): Promise<Table & { headBytes?: number }> {
  const format = tableFormat(file.name);
  if (format === "xlsx") return readXlsx(file.name, new Uint8Array(await file.arrayBuffer()), opts.sheet, opts.headerRow);
  if (format === "csv") {
    const whole = file.size <= CSV_HEAD_BYTES;
    return readCsv(file.name, new Uint8Array(await file.slice(0, CSV_HEAD_BYTES).arrayBuffer()), whole, opts.headerRow);
  }
  throw new TableError(`${file.name}: the wizard reads CSV and XLSX files (FollowTheMoney JSON lines map themselves: load them with a mapping that names them).`);
}
