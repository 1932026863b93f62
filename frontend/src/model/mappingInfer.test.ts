import { describe, expect, it } from "vitest";
import { dateFormatsFor, goLayout, inferColumn, isAmount, readDate } from "./mappingInfer";

describe("date formats", () => {
  it("translates patterns people write into Go layouts", () => {
    expect(goLayout("d/M/yyyy")).toBe("2/1/2006");
    expect(goLayout("MMM d, yyyy")).toBe("Jan 2, 2006");
    expect(goLayout("d MMMM yyyy")).toBe("2 January 2006");
    expect(goLayout("dd.MM.yy")).toBe("02.01.06");
    expect(goLayout("d/M/yyyy HH:mm")).toBe("2/1/2006 15:04");
  });

  it.each([
    [["2011-03-05", "2012-11-30"], "yyyy-MM-dd", true],
    [["25/03/2015", "1/4/2015", "30/12/2016"], "d/M/yyyy", false],
    [["03/25/2015", "4/1/2015"], "M/d/yyyy", false],
    [["25.03.2015", "01.04.2015"], "d.M.yyyy", false],
    [["Mar 25, 2015", "Apr 1, 2015", "dec 31, 2016"], "MMM d, yyyy", false],
    [["March 25, 2015", "April 1, 2015"], "MMMM d, yyyy", false],
    [["25 March 2015", "1 April 2015"], "d MMMM yyyy", false],
    [["25-Mar-2015", "01-Apr-2015"], "d-MMM-yyyy", false],
    [["Mar 2015", "Apr 2016"], "MMM yyyy", false],
    [["2011-03-05 10:15:00", "2012-01-01 00:00:00"], "yyyy-MM-dd HH:mm:ss", true],
  ])("%j reads best as %s", (values, pattern, builtin) => {
    const inf = inferColumn("date", values);
    expect(inf.type).toBe("date");
    expect(inf.format?.pattern).toBe(pattern);
    expect(!!inf.format?.builtin).toBe(builtin);
    expect(inf.fits).toBe(values.length);
  });

  it("reads values into ISO dates, partial dates kept partial", () => {
    expect(readDate({ pattern: "d/M/yyyy", layout: "2/1/2006" }, "5/3/2011")).toBe("2011-03-05");
    expect(readDate({ pattern: "MMM yyyy", layout: "Jan 2006" }, "Mar 2011")).toBe("2011-03");
    expect(readDate({ pattern: "d.M.yy", layout: "2.1.06" }, "5.3.11")).toBe("2011-03-05");
    expect(readDate({ pattern: "d/M/yyyy", layout: "2/1/2006" }, "31/2/2011")).toBeNull(); // no such day
    expect(readDate({ pattern: "MMM d, yyyy", layout: "Jan 2, 2006" }, "Foo 2, 2011")).toBeNull();
  });

  it("says when day and month could be either way, and not when a value tells", () => {
    const unsure = inferColumn("date", ["01/02/2015", "03/04/2015", "05/06/2016"]);
    expect(unsure.type).toBe("date");
    expect(unsure.ambiguous).toBe(true);
    const sure = inferColumn("date", ["01/02/2015", "25/04/2015"]);
    expect(sure.format?.pattern).toBe("d/M/yyyy");
    expect(sure.ambiguous).toBeUndefined();
    const us = inferColumn("date", ["01/02/2015", "04/25/2015"]);
    expect(us.format?.pattern).toBe("M/d/yyyy");
    expect(us.ambiguous).toBeUndefined();
  });

  it("counts how many values the best format fits, and lists the others", () => {
    const fits = dateFormatsFor(["25/03/2015", "2015-03-26", "27/03/2015", ""]);
    expect(fits[0].format.pattern).toBe("d/M/yyyy");
    expect(fits[0].fits).toBe(2);
    expect(fits.some((f) => f.format.pattern === "yyyy-MM-dd" && f.fits === 1)).toBe(true);
  });

  it("leaves a column text when too few values are dates", () => {
    const inf = inferColumn("date", ["25/03/2015", "soon", "later", "never", "n/a"]);
    expect(inf.type).toBe("string");
  });

  it("takes XLSX date cells as dates without a format", () => {
    const inf = inferColumn("when", ["40607", "40608"], { excelDates: 2 });
    expect(inf.type).toBe("date");
    expect(inf.format).toEqual({ pattern: "Excel date", layout: "", builtin: true });
  });
});

describe("other types", () => {
  it.each([
    ["count", ["1", "2", "30"], "integer"],
    ["ratio", ["1.5", "2.25", "-3.0"], "number"],
    ["amount", ["$16.5 million", "€1,200.00", "2,500"], "amount"],
    ["paid", ["1.234,56", "12.000,00"], "amount"],
    ["active", ["yes", "no", "Y"], "bool"],
    ["verdict", ["guilty", "not guilty", "hung jury"], "outcome"],
    ["name", ["Ann", "Bob"], "string"],
    ["postcode", ["01234", "02345"], "string"], // a leading zero is a code
    ["year", ["2011", "2012"], "date"], // the name says these are years
    ["total", ["2011", "2012"], "integer"],
  ])("%s %j is %s", (name, values, type) => {
    expect(inferColumn(name, values).type).toBe(type);
  });

  it("recognises amounts as people write them", () => {
    for (const v of ["$16.5 million", "USD 1,000", "1 000 000", "(1,234.00)", "€ 12", "12 EUR", "16,500,000.00"]) expect(isAmount(v), v).toBe(true);
    for (const v of ["Ann", "12:30", "1/2/2015", "1,2,3"]) expect(isAmount(v), v).toBe(false);
  });

  it("marks columns whose values all differ, and empty ones", () => {
    expect(inferColumn("id", ["a1", "a2", "A3"]).unique).toBe(true);
    expect(inferColumn("employer", ["Acme", "acme", "Beta"]).unique).toBe(false);
    const empty = inferColumn("notes", ["", " ", ""]);
    expect(empty.empty).toBe(true);
    expect(empty.filled).toBe(0);
  });
});
