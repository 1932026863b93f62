# casegraph — the make targets are the project's vocabulary.
#   make demo   build everything, start the local Neo4j, serve on http://localhost:8080
#   make test   every test, against a Neo4j of its own (Bolt on 127.0.0.1:17687)

GO       ?= go
MVN      ?= mvn
BIN      := bin/casegraph
LAUNCHER := launcher/target/casegraph-neo4j.jar
LAUNCHER_SRC := launcher/pom.xml $(shell find launcher/src -name '*.java' 2>/dev/null)

.PHONY: all build binary launcher demo test lint bench bench-ingest clean

all: build

build: binary launcher

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

# Benchmarks print what they compared and the ratio; see docs/benchmarks.md.
# BIG=1 adds the 1,000,000-row run.
comma := ,
BENCH_ROWS := 50000,200000$(if $(BIG),$(comma)1000000)

bench: bench-ingest

bench-ingest: build
	$(GO) run ./bench/ingest -rows $(BENCH_ROWS)

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin launcher/target .casegraph/test
