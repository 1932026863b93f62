import { describe, expect, it } from "vitest";
import chargesUrl from "../../../examples/backpage/charges.xlsx?url&inline";
import { displayCell, excelSerialDate, isDateFormatCode, parseCsv, readCsv, readXlsx, sniffDelimiter, TableError } from "./mappingTable";

const enc = (s: string) => new TextEncoder().encode(s);

describe("CSV", () => {
  it("finds the delimiter as the server does: the most frequent outside quotes in the first line", () => {
    expect(sniffDelimiter("a,b,c\n1;2;3;4;5")).toBe(",");
    expect(sniffDelimiter('a;"b,c,d";e')).toBe(";");
    expect(sniffDelimiter("a\tb\tc")).toBe("\t");
    expect(sniffDelimiter("a|b")).toBe("|");
    expect(sniffDelimiter("single")).toBe(",");
  });

  it("reads quotes, doubled quotes, line breaks in quotes, CRLF, and skips blank lines", () => {
    const { records } = parseCsv('id,note\r\n1,"say ""hi"""\r\n\r\n2,"two\nlines"\n3,', ",", 100);
    expect(records).toEqual([
      ["id", "note"],
      ["1", 'say "hi"'],
      ["2", "two\nlines"],
      ["3", ""],
    ]);
  });

  it("reads the header and the first rows, padded to the header, and counts their bytes for the preview", () => {
    const text = "\uFEFFid;name;city\n" + Array.from({ length: 60 }, (_, i) => `${i + 1};Név ${i + 1}`).join("\n") + "\n";
    const t = readCsv("people.csv", enc(text), true, 1, 50);
    expect(t.header).toEqual(["id", "name", "city"]);
    expect(t.delimiter).toBe(";");
    expect(t.encoding).toBe("utf-8");
    expect(t.rows.length).toBe(50);
    expect(t.rows[49]).toEqual(["50", "Név 50", ""]);
    // the bytes of the BOM, the header and 50 rows: cutting there gives exactly those lines
    const head = new TextDecoder().decode(enc(text).subarray(0, t.headBytes));
    expect(head.split("\n").filter(Boolean).length).toBe(51);
    expect(head.endsWith("50;Név 50\n")).toBe(true);
  });

  it("reads a short file whole, its last line without a line break included", () => {
    const t = readCsv("p.csv", enc("id,name\n1,Ann\n2,Bob"));
    expect(t.rows).toEqual([
      ["1", "Ann"],
      ["2", "Bob"],
    ]);
    expect(t.headBytes).toBe(enc("id,name\n1,Ann\n2,Bob").length);
  });

  it("leaves out a line cut short when only the start of a file was read", () => {
    const t = readCsv("p.csv", enc("id,name\n1,Ann\n2,Bo"), false);
    expect(t.rows).toEqual([["1", "Ann"]]);
  });

  it("reads text that is not UTF-8 as Latin-1 and says so", () => {
    const bytes = Uint8Array.from([...enc("name\n"), 0x47, 0xe9, 0x7a, 0x61, 0x0a]); // "Géza" in Latin-1
    const t = readCsv("p.csv", bytes);
    expect(t.encoding).toBe("latin-1");
    expect(t.rows).toEqual([["Géza"]]);
  });

  it("starts at the header row given, rows above it being titles", () => {
    const t = readCsv("p.csv", enc("Register of 2019,,\n\nid,name\n1,Ann\n"), true, 2);
    expect(t.header).toEqual(["id", "name"]);
    expect(t.rows).toEqual([["1", "Ann"]]);
    expect(t.headerRow).toBe(2);
  });

  it("refuses UTF-16 and binary files with a reason", () => {
    expect(() => readCsv("p.csv", Uint8Array.from([0xff, 0xfe, 0x61, 0]))).toThrow(/UTF-16/);
    expect(() => readCsv("p.csv", Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(TableError);
  });
});

// --- a small zip writer for XLSX fixtures ---------------------------------------------

async function deflateRaw(b: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([b as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function zip(files: Record<string, string>, deflate = true): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = enc(text);
    const data = deflate ? await deflateRaw(raw) : raw;
    const nameBytes = enc(name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(8, deflate ? 8 : 0, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, raw.length, true);
    local.setUint16(26, nameBytes.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(10, deflate ? 8 : 0, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, raw.length, true);
    dir.setUint16(28, nameBytes.length, true);
    dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), nameBytes, data);
    central.push(new Uint8Array(dir.buffer), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(files).length, true);
  end.setUint16(10, Object.keys(files).length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, b) => n + b.length, 0));
  let p = 0;
  for (const b of all) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

const WORKBOOK = (date1904 = false) =>
  `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
  `${date1904 ? '<workbookPr date1904="1"/>' : ""}<sheets><sheet name="Intro" sheetId="1" r:id="rId2"/><sheet name="People &amp; firms" sheetId="2" r:id="rId1"/></sheets></workbook>`;
const RELS = `<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`;
const STYLES = `<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="#,##0.00 &quot;Ft&quot;"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
const SHARED = `<sst><si><t>id</t></si><si><t>name</t></si><si><r><t>Ann </t></r><r><rPr/><t>Smith</t></r><rPh><t>アン</t></rPh></si><si><t>born</t></si><si><t>paid</t></si><si/></sst>`;
const PEOPLE = `<worksheet><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>25569</v></c><c r="D2" s="2"><v>1500.5</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>x&amp;2</t></is></c><c r="C4" s="3"><v>40607</v></c><c r="D4" t="b"><v>1</v></c></row>
</sheetData></worksheet>`;
const INTRO = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>About</t></is></c></row></sheetData></worksheet>`;

const workbook = (opts: { date1904?: boolean; deflate?: boolean } = {}) =>
  zip(
    {
      "[Content_Types].xml": "<Types/>",
      "xl/workbook.xml": WORKBOOK(opts.date1904),
      "xl/_rels/workbook.xml.rels": RELS,
      "xl/styles.xml": STYLES,
      "xl/sharedStrings.xml": SHARED,
      "xl/worksheets/sheet1.xml": INTRO,
      "xl/worksheets/sheet2.xml": PEOPLE,
    },
    opts.deflate ?? true,
  );

describe("XLSX", () => {
  it("lists the sheets in the workbook's order and reads the first by default", async () => {
    const t = await readXlsx("book.xlsx", await workbook());
    expect(t.sheets).toEqual(["Intro", "People & firms"]);
    expect(t.sheet).toBe("Intro");
    expect(t.header).toEqual(["About"]);
    expect(t.rows).toEqual([]);
  });

  it("reads a sheet's cells as the server does: shared and inline strings, raw numbers, booleans, date cells counted", async () => {
    for (const deflate of [true, false]) {
      const t = await readXlsx("book.xlsx", await workbook({ deflate }), "People & firms");
      expect(t.header).toEqual(["id", "name", "born", "paid"]);
      expect(t.rows).toEqual([
        ["1", "Ann Smith", "25569", "1500.5"],
        ["x&2", "", "40607", "TRUE"],
      ]);
      expect(t.excelDates).toEqual([0, 0, 2, 0]);
      expect(displayCell(t, 2, "40607")).toBe("2011-03-05 (40607)");
      expect(displayCell(t, 3, "1500.5")).toBe("1500.5");
    }
  });

  it("counts days from 1904 when the workbook says so", async () => {
    const t = await readXlsx("book.xlsx", await workbook({ date1904: true }), "People & firms");
    expect(displayCell(t, 2, "0")).toBe("1904-01-01 (0)");
  });

  it("names the sheets when the one asked for is missing, and refuses what is not a workbook", async () => {
    await expect(readXlsx("book.xlsx", await workbook(), "Nope")).rejects.toThrow(/sheets: Intro, People & firms/);
    await expect(readXlsx("book.xlsx", enc("id,name\n1,Ann\n"))).rejects.toThrow(TableError);
  });

  it("reads the demo's charges workbook: its second sheet has a title row above the header", async () => {
    const bytes = new Uint8Array(await (await fetch(chargesUrl)).arrayBuffer());
    const t = await readXlsx("charges.xlsx", bytes, "Charges");
    expect(t.header).toContain("charge_id");
    expect(t.header).toContain("reported_on");
    const reported = t.header.indexOf("reported_on");
    expect(t.excelDates![reported]).toBeGreaterThan(0);
    const other = await readXlsx("charges.xlsx", bytes, "Other defendants", 2);
    expect(other.header).toContain("charge_id");
    expect(other.headerRow).toBe(2);
  });
});

describe("Excel dates", () => {
  it("converts serials as the server does, with Excel's missing 1900-02-29", () => {
    expect(excelSerialDate(40607)).toBe("2011-03-05");
    expect(excelSerialDate(1)).toBe("1900-01-01");
    expect(excelSerialDate(59)).toBe("1900-02-28");
    expect(excelSerialDate(60)).toBeNull();
    expect(excelSerialDate(61)).toBe("1900-03-01");
    expect(excelSerialDate(40607.75)).toBe("2011-03-05");
  });
  it("tells date number formats from others", () => {
    for (const c of ["dd/mm/yyyy;@", "yyyy-mm-dd", "d-mmm-yy", "[$-409]mmmm d, yyyy", "h:mm", "mm:ss.000"]) expect(isDateFormatCode(c), c).toBe(true);
    for (const c of ["#,##0.00", '0.00 "days"', "General", '#,##0 "Ft"', "0%"]) expect(isDateFormatCode(c), c).toBe(false);
  });
});
