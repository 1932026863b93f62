// Money as the explorer adds it up: exactly. Amounts arrive as JSON numbers
// (the shortest decimal that reads back as the same double), so each is read
// as that decimal and summed as a scaled integer (BigInt): 0.1 + 0.2 is 0.3,
// and 1,500 payments in cents sum to the cent, as the server's math/big does.

/** A decimal as an integer and a number of decimal places: 12.34 = { units: 1234n, scale: 2 }. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** The decimal a finite number is written as (its shortest round-trip form, exponents expanded). */
export function toDecimal(n: number): Decimal {
  if (!Number.isFinite(n)) throw new Error(`not a finite amount: ${n}`);
  const [mantissa, exp = "0"] = String(n).toLowerCase().split("e");
  const negative = mantissa.startsWith("-");
  const [int, frac = ""] = mantissa.replace("-", "").split(".");
  let digits = int + frac;
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    digits += "0".repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits);
  return { units: negative ? -units : units, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** The exact sum of some amounts. */
export function sumExact(amounts: Iterable<number>): Decimal {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const a of amounts) {
    const d = toDecimal(a);
    const scale = Math.max(total.scale, d.scale);
    total = { units: rescale(total, scale) + rescale(d, scale), scale };
  }
  return total;
}

/** A decimal as a plain string: "1234.5" (trailing zeros of the fraction dropped). */
export function decimalString(d: Decimal): string {
  const negative = d.units < 0n;
  const s = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const int = s.slice(0, s.length - d.scale);
  const frac = s.slice(s.length - d.scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? "." + frac : ""}`;
}

/** The nearest double, for drawing (widths, sizes) and comparisons to the cent. */
export function decimalNumber(d: Decimal): number {
  return Number(decimalString(d));
}

/** An exact decimal string written for people: "1234567.891" → "1,234,567.891", with its currency. */
export function formatDecimal(total: string, currency?: string | null): string {
  const [int, frac] = total.replace("-", "").split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${currency ? currency + " " : ""}${total.startsWith("-") ? "−" : ""}${grouped}${frac ? "." + frac : ""}`;
}
