// The explorer's pages by address: /, /ingest, /graphiql and /review (the
// review queue, also reached as #/review). App reads the page from here and
// re-renders on popstate; links and buttons anywhere move with navigate.

/** The page the address names. */
export function currentPage(loc: { pathname: string; hash: string } = window.location): string {
  if (loc.hash === "#/review" || loc.hash.startsWith("#/review?")) return "/review";
  return loc.pathname;
}

/** Goes to a page of the explorer without reloading it. */
export function navigate(path: string) {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}
