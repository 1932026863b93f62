# casegraph — the make targets are the project's vocabulary.
#   make demo   build everything, start the local Neo4j, serve on http://localhost:8080
#   make test   every test, against a Neo4j of its own (Bolt on 127.0.0.1:17687)

GO       ?= go
MVN      ?= mvn
BIN      := bin/casegraph
LAUNCHER := launcher/target/casegraph-neo4j.jar
LAUNCHER_SRC := launcher/pom.xml $(shell find launcher/src -name '*.java' 2>/dev/null)

.PHONY: all build binary launcher frontend test-frontend demo test lint bench bench-ingest bench-api bench-peer bench-ui clean

all: build

build: binary launcher frontend

# The web explorer: `casegraph serve` reads frontend/dist from disk at runtime
# (--frontend-dir), so the Go build never needs npm.
# Incremental: npm ci only when the lock file changed, the build only when a
# source did, so a second `make demo` starts in seconds.
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig.json -type f 2>/dev/null)

frontend: frontend/dist/index.html

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build
	@touch $@

# Vitest, the build, and Playwright against a real server (needs CASEGRAPH_TEST_NEO4J_URI).
test-frontend: binary
	./scripts/test-frontend.sh

binary:
	$(GO) build -o $(BIN) ./cmd/casegraph

launcher: $(LAUNCHER)

$(LAUNCHER): $(LAUNCHER_SRC)
	$(MVN) -B -q -f launcher/pom.xml -DskipTests package
	@touch $@

demo: build
	./$(BIN) serve --no-auth --load examples/backpage/mapping.yml

test: build
	./scripts/test.sh

# The hostile regression tests (every Go test named TestHostile…) and the
# fault run: Neo4j killed under load must give fast 503s, never hangs
# (bench/fault, figures in docs/benchmarks.md). `make test` ends with it.
.PHONY: test-hostile
test-hostile: binary launcher
	./scripts/test.sh hostile

# Benchmarks print what they compared and the ratio; see docs/benchmarks.md.
# bench-ingest also loads each file with `ingest --bulk` (the offline
# importer) into a fresh data folder: the bulk row.
# BIG=1 adds the 1,000,000-row ingest run and runs the API benchmarks on a
# graph of about 1,000,000 nodes instead of 200,000 (loaded once into
# .casegraph/bench-api and reused while the size stays the same).
comma := ,
BENCH_ROWS := 50000,200000$(if $(BIG),$(comma)1000000)
BENCH_NODES := $(if $(BIG),1000000,200000)
PEER_DIR := bench/peer

bench: bench-ingest bench-api bench-peer bench-ui

bench-ingest: build
	$(GO) run ./bench/ingest -rows $(BENCH_ROWS)

# GraphQL over HTTP vs casegraph's graph layer (same Cypher, Go driver).
bench-api: build
	$(GO) run ./bench/api -nodes $(BENCH_NODES)

# casegraph vs @neo4j/graphql (bench/peer, Node.js) on the same Neo4j.
bench-peer: build $(PEER_DIR)/node_modules/.installed
	$(GO) run ./bench/api -nodes $(BENCH_NODES) -latency=false -peer

# The explorer in headless Chromium: time to first render and ForceAtlas2 on
# synthetic neighbourhoods of 500, 2,000 and 10,000 elements. No database:
# a build with test hooks (VITE_CASEGRAPH_TEST_HOOKS=1) from a static server.
# Then the view-level metrics (degree, betweenness, PageRank, Louvain) on the
# same cases.
bench-ui: frontend/node_modules/.package-lock.json
	node frontend/bench/ui-bench.mjs
	node frontend/bench/metrics-bench.mjs

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

$(PEER_DIR)/node_modules/.installed: $(PEER_DIR)/package.json $(PEER_DIR)/package-lock.json
	cd $(PEER_DIR) && npm ci --no-audit --no-fund
	@touch $@

# Graph-level analysis (Neo4j Graph Data Science) on the generator's case:
# the launcher's start time without and with GDS, then casegraph's jobs vs
# the same GDS calls in plain Cypher (write mode, and stream for reference),
# medians of 3 runs; then bench/analysis/networkx_bench.py (in .venv, the
# client's own environment) exports the jobs' projection through the Python
# client and times networkx on it against the jobs. The database is loaded
# once under .casegraph/analysis-bench/nodes-N and reused. BIG=1: 1,000,000
# nodes, 1 run, no networkx. Figures in docs/benchmarks.md.
ANALYSIS_NODES := $(if $(BIG),1000000,100000)
# at 1,000,000 nodes sampled betweenness takes over ten minutes a side: left out
BIG_ANALYSIS_ALGORITHMS := PAGERANK,DEGREE,WCC,LOUVAIN
ANALYSIS_FLAGS := $(if $(BIG),-runs 3 -heap 4g -pagecache 2g -algorithms $(BIG_ANALYSIS_ALGORITHMS),-networkx .venv/bin/python)

.PHONY: bench-analysis
bench-analysis: build launcher .venv/.analysis-installed
	$(GO) run ./bench/analysis -nodes $(ANALYSIS_NODES) -dir .casegraph/analysis-bench -casegraph $(BIN) \
		-bolt-addr 127.0.0.1:17641 -probe-bolt-addr 127.0.0.1:17644 $(ANALYSIS_FLAGS)

.venv/.analysis-installed: clients/python/pyproject.toml
	test -x .venv/bin/python || python3 -m venv .venv
	.venv/bin/python -m pip install -q --disable-pip-version-check -e "clients/python[bench]"
	@touch $@

# Cross-referencing (package xref) against Aleph's compare, nomenklatura's
# logic-v2/v1 and Splink on nomenklatura's labelled sets and a generated case
# with its register; the Python anchors run in .venv-bench. BIG=1 adds the
# 1,000,000-records-a-side scale run. Figures in docs/benchmarks.md.
.PHONY: bench-xref
XREF_OUT := .casegraph/bench-xref
VENV_BENCH := .venv-bench

bench-xref: $(VENV_BENCH)/.installed
	$(GO) run ./bench/xref prep -out $(XREF_OUT)
	$(VENV_BENCH)/bin/python bench/xref/anchors.py --out $(XREF_OUT)
	$(GO) run ./bench/xref report -out $(XREF_OUT) $(if $(BIG),-big)

$(VENV_BENCH)/.installed: bench/xref/requirements.txt
	test -x $(VENV_BENCH)/bin/python || python3 -m venv $(VENV_BENCH)
	echo "*" > $(VENV_BENCH)/.gitignore
	$(VENV_BENCH)/bin/pip install -q -r bench/xref/requirements.txt
	@touch $@

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin launcher/target .casegraph/test
