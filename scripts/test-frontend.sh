#!/usr/bin/env bash
# The web explorer's tests, for real:
#   - npm ci (or npm install without a lock file) in frontend/,
#   - Vitest on the model code, the type check and the production build,
#   - a `casegraph serve --no-auth` on the Backpage demo serving that build,
#     a second server with authentication on (for the sign-in box), and a
#     third with a Neo4j of its own holding the demo and the second example
#     dataset (examples/backpage-register), for cross-referencing: the review
#     queue's verdicts are stored, and they merge records, so they must not
#     reach the Neo4j other tests share,
#   - the Playwright end-to-end steps (frontend/e2e/explorer.e2e.mjs) in
#     Debian's Chromium (/usr/bin/chromium; apt-get install chromium),
#   - then a generated case of 7,000 payments loaded beside the demo and the
#     real-size steps (frontend/e2e/realsize.e2e.mjs).
# Screenshots land in frontend/test-results/. Needs CASEGRAPH_TEST_NEO4J_URI
# (scripts/test.sh sets it) and bin/casegraph (make binary). Never skips:
# anything missing is a failure that says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { echo "test-frontend: $*"; }
die() { echo "test-frontend: $*" >&2; exit 1; }

[ -n "${CASEGRAPH_TEST_NEO4J_URI:-}" ] ||
  die "CASEGRAPH_TEST_NEO4J_URI is not set: point it at a Neo4j for tests (scripts/test.sh starts one and sets it)"
bin=${CASEGRAPH_BIN:-./bin/casegraph}
[ -x "$bin" ] || die "$bin is missing: run 'make binary' first"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || die "$chromium is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM"
command -v npm >/dev/null || die "npm is missing: install Node.js 20+ with npm"

# --- unit tests and the build ---------------------------------------------------
cd frontend
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
say "vitest"
npx vitest run
say "type check and build"
npm run build
cd "$root"

# --- the servers ------------------------------------------------------------------
work="$root/.casegraph/frontend-test"
rm -rf "$work" frontend/test-results
mkdir -p "$work" frontend/test-results
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

pids=()
stop_servers() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap stop_servers EXIT

wait_ready() { # url log pid [seconds]
  for _ in $(seq 1 $((${4:-60} * 2))); do
    if curl -fsS "$1/readyz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$3" 2>/dev/null || { cat "$2"; die "casegraph serve exited before it was ready (log above)"; }
    sleep 0.5
  done
  cat "$2"
  die "casegraph serve was not ready in ${4:-60} s (log above)"
}

port=$(free_port)
url="http://127.0.0.1:$port"
say "starting casegraph serve --no-auth on $url (Neo4j $CASEGRAPH_TEST_NEO4J_URI, loading the demo)"
"$bin" serve --no-auth --neo4j-uri "$CASEGRAPH_TEST_NEO4J_URI" --http-addr "127.0.0.1:$port" \
  --data-dir "$work/data" --frontend-dir frontend/dist --load examples/backpage/mapping.yml >"$work/serve.log" 2>&1 &
pids+=($!)
wait_ready "$url" "$work/serve.log" "${pids[-1]}"

auth_port=$(free_port)
auth_url="http://127.0.0.1:$auth_port"
say "starting a second casegraph serve with authentication on $auth_url"
"$bin" serve --neo4j-uri "$CASEGRAPH_TEST_NEO4J_URI" --http-addr "127.0.0.1:$auth_port" \
  --data-dir "$work/data-auth" --frontend-dir frontend/dist >"$work/serve-auth.log" 2>&1 &
pids+=($!)
wait_ready "$auth_url" "$work/serve-auth.log" "${pids[-1]}"
token=$("$bin" token create --neo4j-uri "$CASEGRAPH_TEST_NEO4J_URI" --data-dir "$work/data-auth" \
  --name frontend-e2e --role viewer 2>"$work/token.log" | grep -o 'cg_[A-Za-z0-9_-]*' | head -1) ||
  { cat "$work/token.log"; die "could not create an API token"; }
[ -n "$token" ] || { cat "$work/token.log"; die "casegraph token create printed no token"; }

# Cross-referencing: judgements live in Neo4j and a SAME verdict merges the
# demo's Michael Lacey with the register's "LACEY, Michael" in every answer,
# so the review steps get a server whose local Neo4j is its own (a fresh
# folder each run, stopped with the server): the demo, then the register.
xref_port=$(free_port)
xref_bolt=$(free_port)
xref_url="http://127.0.0.1:$xref_port"
say "starting a third casegraph serve, with a Neo4j of its own on 127.0.0.1:$xref_bolt, on $xref_url (the demo and the register)"
# A Neo4j just created populates its indexes while the demo loads: on a busy
# machine that first write can outlast the default 30 s transaction timeout.
env -u NEO4J_URI "$bin" serve --no-auth --http-addr "127.0.0.1:$xref_port" --bolt-addr "127.0.0.1:$xref_bolt" \
  --neo4j-heap 512m --neo4j-pagecache 128m --data-dir "$work/data-xref" --frontend-dir frontend/dist \
  --request-timeout 3m --load examples/backpage/mapping.yml >"$work/serve-xref.log" 2>&1 &
pids+=($!)
wait_ready "$xref_url" "$work/serve-xref.log" "${pids[-1]}" 300
"$bin" ingest --mapping examples/backpage-register/mapping.yml --neo4j-uri "bolt://127.0.0.1:$xref_bolt" \
  --data-dir "$work/data-xref" >"$work/ingest-register.log" 2>&1 ||
  { cat "$work/ingest-register.log"; die "loading examples/backpage-register failed (log above)"; }

# --- end to end ---------------------------------------------------------------------
say "playwright end-to-end steps"
BASE_URL="$url" AUTH_BASE_URL="$auth_url" AUTH_TOKEN="$token" XREF_BASE_URL="$xref_url" CHROMIUM="$chromium" \
  node frontend/e2e/explorer.e2e.mjs
BASE_URL="$url" CHROMIUM="$chromium" CASEGRAPH_BIN="$bin" node frontend/e2e/wizard.e2e.mjs

# --- the explorer at real size ---------------------------------------------------------
# A generated case of 525 parties (people and companies) and 7,000 payments
# (casegraph generate --rows 7000), loaded under a dataset name of its own so
# its ids meet no other test's, into the Neo4j the first server reads, after
# the steps above; then the real-size steps (frontend/e2e/realsize.e2e.mjs):
# the biggest hub expanded fully, its payments grouped into one edge per
# pair, counts and totals checked against GraphQL moneyFlow.
say "generating a real-size case (7,000 payments) and loading it as dataset realsize"
"$bin" generate --out "$work/realsize" --rows 7000 >"$work/realsize-generate.log" 2>&1 ||
  { cat "$work/realsize-generate.log"; die "casegraph generate failed (log above)"; }
sed -i 's/^dataset: synth$/dataset: realsize/' "$work/realsize/mapping.yml"
grep -q '^dataset: realsize$' "$work/realsize/mapping.yml" || die "the generated mapping has no 'dataset: synth' line to rename"
"$bin" ingest --mapping "$work/realsize/mapping.yml" --neo4j-uri "$CASEGRAPH_TEST_NEO4J_URI" --data-dir "$work/data" \
  >"$work/ingest-realsize.log" 2>&1 || { cat "$work/ingest-realsize.log"; die "loading the real-size case failed (log above)"; }
say "playwright real-size steps"
REALSIZE_BASE_URL="$url" REALSIZE_DIR="$work/realsize" REALSIZE_DATASET=realsize CHROMIUM="$chromium" \
  node frontend/e2e/realsize.e2e.mjs
