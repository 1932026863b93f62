package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/graph"
	"github.com/casegraph/casegraph/internal/testenv"
)

// TestCypherExplain has Neo4j plan every golden statement in
// testdata/ (cypher_golden_test.go writes them) with representative
// parameters: a statement Neo4j refuses fails here, before any query runs it.
func TestCypherExplain(t *testing.T) {
	s := testenv.Store(t)
	window := map[string]any{"since": "2011", "until": "2016-08"}
	rels := make([]any, len(casegraph.RelTypes)) // one list of rows per type
	for i := range rels {
		rels[i] = []any{}
	}
	rels[0] = []any{[]any{"r", int64(0), int64(1), nil, "2011", nil, map[string]any{}, int64(0)}}
	params := map[string]map[string]any{
		"neighborhood": {"ids": []string{"a", "b"}, "perNode": int64(25), "noDegrees": false, "slim": true,
			"keep": []string{"amount"}, "limit": int64(200), "schemata": []string{"Person"},
			"seeds": true, "known": []string{"a"}, "full": false},
		"paths":     {"from": "a", "to": "b"},
		"moneyflow": {"from": "a", "minAmount": 1000.0, "timeOrdered": true, "paths": int64(81), "frontier": []any{map[string]any{"id": "b", "date": "2016"}}, "rows": int64(1000)},
		"batch": {"ents": []any{[]any{"a", "A", []string{"A"}, map[string]any{}, int64(0), "A ", string(casegraph.Person)}},
			"refs": []string{"b"}, "rels": rels,
			"prov": []any{[]any{[]string{"src"}, []string{"job"}}}},
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.cypher"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden Cypher in testdata/ (%v)", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".cypher")
		t.Run(name, func(t *testing.T) {
			cypher, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			statement, _, _ := strings.Cut(name, "-")
			p, ok := params[statement]
			if !ok {
				t.Fatalf("no parameters for the %s statements", statement)
			}
			args := map[string]any{}
			for k, v := range p {
				args[k] = v
			}
			for k, v := range window {
				args[k] = v
			}
			// Each statement gets its own deadline: planning 40 statements
			// on a loaded machine can take longer than one deadline allows.
			if err := graph.Explain(ctxT(t), s, string(cypher), args, statement == "batch"); err != nil {
				t.Fatalf("Neo4j refuses %s: %v", f, err)
			}
		})
	}
}
