// A deterministic synthetic neighbourhood for the UI benchmark (ui-bench.mjs),
// shaped like a real case: a third of the elements drawn are entities, the
// rest drawn links; a third of the drawn links between two parties are
// payments, and those pairs often paid each other many times (1 to 12
// payments, as a bank and its customers do), so the links stored outnumber
// the links drawn once parallel links are grouped. `elements` counts what is
// drawn after grouping: entities + drawn links.

const SCHEMATA = ["Person", "Company", "Organization", "BankAccount", "Event", "PublicBody"];
const TYPES = ["ASSOCIATE", "OWNERSHIP", "DIRECTORSHIP", "EMPLOYMENT", "MEMBERSHIP", "ATTENDED"];
const CURRENCIES = ["USD", "USD", "EUR", "GBP", "HUF"];

export function synthetic(elements, seed = 1) {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const n = Math.max(2, Math.round(elements / 3));
  const drawn = elements - n;
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `syn-${i}`,
    schema: SCHEMATA[i % SCHEMATA.length],
    name: `Synthetic ${SCHEMATA[i % SCHEMATA.length]} ${i}`,
    properties: i % SCHEMATA.length === 4 ? { date: `20${10 + (i % 10)}-0${1 + (i % 9)}` } : {},
  }));
  const edges = [];
  const pairs = new Set();
  let groups = 0;
  const link = (a, b) => {
    const k = `${a}>${b}`;
    if (a === b || pairs.has(k)) return false;
    pairs.add(k);
    groups++;
    if (groups % 3 === 0) {
      // a pair that paid several times: one drawn edge, 1 to 12 payments
      const times = 1 + Math.floor(rnd() ** 2 * 12);
      for (let t = 0; t < times; t++) {
        const id = `syn-t${edges.length}`;
        edges.push({
          id,
          type: "PAYMENT",
          source: `syn-${a}`,
          target: `syn-${b}`,
          paymentId: id,
          amount: Math.round(rnd() * 1e8) / 100,
          currency: CURRENCIES[Math.floor(rnd() * CURRENCIES.length)],
          date: `20${10 + Math.floor(rnd() * 10)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
        });
      }
    } else {
      edges.push({
        id: `syn-e${edges.length}`,
        type: TYPES[groups % TYPES.length],
        source: `syn-${a}`,
        target: `syn-${b}`,
        startDate: groups % 5 === 0 ? `20${10 + (groups % 10)}` : null,
      });
    }
    return true;
  };
  // a tree around hubs (preferential: earlier nodes get more links), then extra links
  for (let i = 1; i < n && groups < drawn; i++) link(i, Math.floor(rnd() ** 2 * i));
  while (groups < drawn) link(Math.floor(rnd() * n), Math.floor(rnd() ** 2 * n));
  return { nodes, edges };
}
