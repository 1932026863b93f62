#!/usr/bin/env bash
# Runs every test against a real Neo4j started here: the local launcher on its
# own port and data folder, so a running `make demo` is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

bolt="${CASEGRAPH_TEST_BOLT:-127.0.0.1:17687}"
home=".casegraph/test"
rm -rf "$home"
mkdir -p "$home"

./bin/casegraph neo4j --data-dir "$home" --bolt-addr "$bolt" \
  --neo4j-heap 2g --neo4j-pagecache 512m >"$home/neo4j.out" 2>&1 &
neo4j_pid=$!
cleanup() { kill "$neo4j_pid" 2>/dev/null && wait "$neo4j_pid" 2>/dev/null || true; }
trap cleanup EXIT

echo "waiting for the test Neo4j on $bolt ..."
for _ in $(seq 1 180); do
  if grep -q "Neo4j is running" "$home/neo4j.out" 2>/dev/null; then break; fi
  if ! kill -0 "$neo4j_pid" 2>/dev/null; then
    echo "the test Neo4j failed to start:"; cat "$home/neo4j.out"; exit 1
  fi
  sleep 1
done
grep -q "Neo4j is running" "$home/neo4j.out" || { echo "the test Neo4j did not start in 180 s"; cat "$home/neo4j.out"; exit 1; }

export CASEGRAPH_TEST_NEO4J_URI="bolt://$bolt"

# The hostile part (make test-hostile): every TestHostile… test, then the
# fault run, which kills a Neo4j of its own under load (bench/fault).
hostile() {
  go test -count=1 -p 1 -timeout 30m -run 'Hostile' ./...
  go run ./bench/fault -casegraph bin/casegraph
}
if [ "${1:-}" = hostile ]; then
  hostile
  exit
fi

make lint
# One package at a time: the packages share one Neo4j on 2 cores, and two at
# once made each statement slow enough to reach the tests' deadlines.
go test -count=1 -p 1 -timeout 30m -skip 'Hostile' ./... # the hostile tests run once, at the end

# The Python client and the notebook, against a live server on the demo case.
./scripts/test-python.sh

# The web explorer: Vitest, the build, and Playwright in Debian's Chromium
# against a live server on the demo case.
./scripts/test-frontend.sh

# Last, the hostile tests and the fault run (make test-hostile).
hostile
