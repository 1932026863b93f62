#!/usr/bin/env bash
# The Python client's tests, for real: a `casegraph serve` with authentication
# on, the Backpage demo loaded, an analyst token, then
#   - pytest on clients/python/tests, and
#   - examples/notebooks/backpage.ipynb run top to bottom with nbclient
#     (the executed copy is kept in .casegraph/backpage.executed.ipynb).
# Fails if either fails. Needs CASEGRAPH_TEST_NEO4J_URI (scripts/test.sh sets
# it) and bin/casegraph (make binary). Python packages come from PyPI into
# .venv at the repository root, made here if missing; nothing is installed or
# registered outside it (Jupyter, IPython and matplotlib keep their files
# under .casegraph/python-test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { echo "test-python: $*"; }
die() { echo "test-python: $*" >&2; exit 1; }

[ -n "${CASEGRAPH_TEST_NEO4J_URI:-}" ] ||
  die "CASEGRAPH_TEST_NEO4J_URI is not set: point it at a Neo4j for tests (scripts/test.sh starts one and sets it)"
bin=${CASEGRAPH_BIN:-./bin/casegraph}
[ -x "$bin" ] || die "$bin is missing: run 'make binary' first"
token_help=$("$bin" token --help 2>&1 || true)
[[ "$token_help" == *"token create"* ]] ||
  die "this casegraph has no 'token' command, so no API token can be made for the tests (they run with authentication on)"

# --- the virtual environment ---------------------------------------------------
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $("$python" --version 2>&1)"
  "$python" -m venv .venv
fi
say "installing the client and the test tools into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -e clients/python pytest nbclient nbformat ipykernel matplotlib

work="$root/.casegraph/python-test"
rm -rf "$work"
mkdir -p "$work"
export IPYTHONDIR="$work/ipython" MPLCONFIGDIR="$work/matplotlib" \
  JUPYTER_CONFIG_DIR="$work/jupyter/config" JUPYTER_DATA_DIR="$work/jupyter/data" \
  JUPYTER_RUNTIME_DIR="$work/jupyter/runtime" JUPYTER_PLATFORM_DIRS=1 PYTHONDONTWRITEBYTECODE=1

# --- the server ----------------------------------------------------------------
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
say "starting casegraph serve on $url (auth on, Neo4j $CASEGRAPH_TEST_NEO4J_URI, loading the demo)"
"$bin" serve --neo4j-uri "$CASEGRAPH_TEST_NEO4J_URI" --http-addr "127.0.0.1:$port" \
  --data-dir "$work/data" --load examples/backpage/mapping.yml >"$work/serve.log" 2>&1 &
serve_pid=$!
stop_server() {
  if kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$serve_pid" 2>/dev/null; then
    echo "test-python: casegraph serve exited before it was ready; its log:" >&2
    cat "$work/serve.log" >&2
    exit 1
  fi
  # urlopen raises on anything but a 2xx answer (/readyz says 503 until Neo4j and the schema are there)
  if .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
    "$url/readyz" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 1
done
if [ -z "$ready" ]; then
  echo "test-python: casegraph serve was not ready after 120 s; its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi

token=$("$bin" token create --role analyst --name python-tests --neo4j-uri "$CASEGRAPH_TEST_NEO4J_URI" \
  --data-dir "$work/data" 2>"$work/token.log") || { cat "$work/token.log" >&2; die "could not create an API token"; }
token=$(printf '%s' "$token" | tail -n 1 | tr -d '[:space:]')
[ -n "$token" ] || { cat "$work/token.log" >&2; die "casegraph token create printed no secret"; }
export CASEGRAPH_URL="$url" CASEGRAPH_TOKEN="$token"

# --- the tests -----------------------------------------------------------------
status=0
say "pytest clients/python/tests"
.venv/bin/python -m pytest -p no:cacheprovider -q -ra clients/python/tests || status=1

say "running examples/notebooks/backpage.ipynb"
.venv/bin/python examples/notebooks/execute.py examples/notebooks/backpage.ipynb \
  --out .casegraph/backpage.executed.ipynb --timeout 300 || status=1

stop_server
if [ "$status" -ne 0 ]; then
  echo "test-python: FAILED (server log: $work/serve.log)" >&2
fi
exit "$status"
