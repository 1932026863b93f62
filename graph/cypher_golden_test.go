package graph

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/casegraph/casegraph"
)

var update = flag.Bool("update", false, "rewrite the golden Cypher files in testdata/")

// cypherVariant is one variant of a composed statement: the template, the
// statement in it, and the parts it is rendered with.
type cypherVariant struct {
	t    *template.Template
	name string
	data any
}

// cypherVariants lists every variant of every composed statement by the
// name of its golden file (testdata/<name>.cypher). The parts that are
// lists of types are represented by all of them and by a few.
func cypherVariants(t *testing.T) map[string]cypherVariant {
	t.Helper()
	typeExpr := func(types ...casegraph.RelType) string {
		s, err := hoodTypeExpr(types)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	all := typeExpr()
	some := typeExpr(casegraph.Ownership, casegraph.Directorship, casegraph.Paid)
	pay := typeExpr(casegraph.Paid, casegraph.PaidTo)
	none := casegraph.Window{}
	since, until := casegraph.Window{Since: "2011"}, casegraph.Window{Until: "2016-08"}
	both := casegraph.Window{Since: "2011", Until: "2016-08"}

	level := func(d hoodStatement) cypherVariant { return cypherVariant{hoodCypher, "level", d} }
	twoLevels := func(d hoodStatement) cypherVariant { return cypherVariant{hoodCypher, "two-levels", d} }
	paths := func(d pathsStatement) cypherVariant { return cypherVariant{pathsCypher, "paths", d} }
	v := map[string]cypherVariant{
		"neighborhood-level":                        level(hoodStatement{Types: all}),
		"neighborhood-level-types":                  level(hoodStatement{Types: some}),
		"neighborhood-level-payments":               level(hoodStatement{Types: pay}),
		"neighborhood-level-schemata":               level(hoodStatement{Types: all, Schemata: true}),
		"neighborhood-level-since":                  level(hoodStatement{Types: all, Window: since}),
		"neighborhood-level-until":                  level(hoodStatement{Types: all, Window: until}),
		"neighborhood-level-window":                 level(hoodStatement{Types: all, Window: both}),
		"neighborhood-level-filtered":               level(hoodStatement{Types: some, Schemata: true, Window: both}),
		"neighborhood-two-levels":                   twoLevels(hoodStatement{Types: all, NextTypes: all}),
		"neighborhood-two-levels-types":             twoLevels(hoodStatement{Types: some, NextTypes: some}),
		"neighborhood-two-levels-filtered":          twoLevels(hoodStatement{Types: some, NextTypes: some, Schemata: true, Window: both}),
		"neighborhood-two-levels-payments":          twoLevels(hoodStatement{Types: all, NextTypes: pay, PaymentsOnly: true, Window: none}),
		"neighborhood-two-levels-payments-filtered": twoLevels(hoodStatement{Types: some, NextTypes: pay, PaymentsOnly: true, Schemata: true, Window: both}),
		"paths":          paths(pathsStatement{Limit: 5, MaxHops: 4, Types: all}),
		"paths-types":    paths(pathsStatement{Limit: 5, MaxHops: 4, Types: some}),
		"paths-since":    paths(pathsStatement{Limit: 5, MaxHops: 4, Types: all, Window: since}),
		"paths-until":    paths(pathsStatement{Limit: 5, MaxHops: 4, Types: all, Window: until}),
		"paths-window":   paths(pathsStatement{Limit: 5, MaxHops: 4, Types: all, Window: both}),
		"paths-filtered": paths(pathsStatement{Limit: 3, MaxHops: 6, Types: some, Window: both}),
		"batch":          {batchTemplate, "batch", newBatchLayout()},
	}
	for _, byAccount := range []bool{false, true} {
		for _, dir := range []casegraph.FlowDirection{casegraph.Outgoing, casegraph.Incoming} {
			for _, hops := range []int{1, 4} {
				name := fmt.Sprintf("moneyflow-%s-%s", map[bool]string{false: "parties", true: "accounts"}[byAccount],
					strings.ToLower(string(dir)))
				if hops == 1 {
					name += "-one-hop"
				}
				v[name] = cypherVariant{moneyFlowCypher, "moneyflow", newMoneyFlowStatement(byAccount, dir, hops, none)}
				v[name+"-window"] = cypherVariant{moneyFlowCypher, "moneyflow", newMoneyFlowStatement(byAccount, dir, hops, both)}
			}
			reach := strings.Replace(fmt.Sprintf("moneyflow-%s-%s", map[bool]string{false: "parties", true: "accounts"}[byAccount],
				strings.ToLower(string(dir))), "moneyflow-", "moneyflow-reach-", 1)
			v[reach] = cypherVariant{moneyFlowCypher, "moneyreach", newMoneyFlowStatement(byAccount, dir, 4, none)}
			v[reach+"-window"] = cypherVariant{moneyFlowCypher, "moneyreach", newMoneyFlowStatement(byAccount, dir, 4, both)}
		}
	}
	v["moneyflow-parties-out-since"] = cypherVariant{moneyFlowCypher, "moneyflow", newMoneyFlowStatement(false, casegraph.Outgoing, 4, since)}
	v["moneyflow-parties-out-until"] = cypherVariant{moneyFlowCypher, "moneyflow", newMoneyFlowStatement(false, casegraph.Outgoing, 4, until)}
	return v
}

// TestCypherGolden renders every variant of every composed statement and
// compares it with its golden file; -update rewrites them:
//
//	go test ./graph -run Golden -update
func TestCypherGolden(t *testing.T) {
	variants := cypherVariants(t)
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			got, err := render(v.t, v.name, v.data)
			if err != nil {
				t.Fatal(err)
			}
			got += "\n"
			path := filepath.Join("testdata", name+".cypher")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./graph -run Golden -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the statement rendered (run go test ./graph -run Golden -update to accept it):\n%s",
					path, lineDiff(string(want), got))
			}
		})
	}
	// A golden file no variant renders any more is stale.
	files, _ := filepath.Glob(filepath.Join("testdata", "*.cypher"))
	for _, f := range files {
		if _, ok := variants[strings.TrimSuffix(filepath.Base(f), ".cypher")]; !ok {
			t.Errorf("%s: no variant renders it; delete it", f)
		}
	}
}

// lineDiff shows the lines of want and got that differ, - for want and +
// for got, with the line number.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "%d\n- %s\n+ %s\n", i+1, a, c)
		}
	}
	return b.String()
}

// TestCypherRowLayouts renders every variant with its {{col}} marks shown
// and checks that each list Go reads by index is written with its items in
// the order of the constants that read them (rowLayouts): every list starts
// at its first item and ends at its last.
func TestCypherRowLayouts(t *testing.T) {
	mark := regexp.MustCompile(`/\*col:(\w+)\.(\w+)\*/`)
	for name, v := range cypherVariants(t) {
		t.Run(name, func(t *testing.T) {
			marked := template.Must(v.t.Clone()).Funcs(template.FuncMap{
				"col": func(item string) string { return "/*col:" + item + "*/" },
			})
			text, err := render(marked, v.name, v.data)
			if err != nil {
				t.Fatal(err)
			}
			next := map[string]int{}
			for _, m := range mark.FindAllStringSubmatch(text, -1) {
				layout, item := m[1], m[2]
				names, ok := rowLayouts[layout]
				if !ok {
					t.Fatalf("%s: no row layout %q", m[0], layout)
				}
				i := slices.Index(names, item)
				switch {
				case i < 0:
					t.Fatalf("%s: layout %s has no item %q (it has %v)", m[0], layout, item, names)
				case i == 0 && next[layout] != 0 && next[layout] != len(names):
					t.Fatalf("%s: a %s list ends after %d of its %d items", m[0], layout, next[layout], len(names))
				case i != 0 && i != next[layout]:
					t.Fatalf("%s: a %s list has %s where the reader expects %s", m[0], layout, item, names[next[layout]])
				}
				next[layout] = i + 1
			}
			for layout, n := range next {
				if n != len(rowLayouts[layout]) {
					t.Errorf("a %s list ends after %d of its %d items", layout, n, len(rowLayouts[layout]))
				}
			}
			if name == "batch" || strings.HasPrefix(name, "paths") || strings.HasPrefix(name, "moneyflow") {
				return // their lists are read by Cypher (batch) or by column name
			}
			if len(next) != len(rowLayouts) {
				t.Errorf("only the layouts %v are marked", slices.Sorted(maps.Keys(next)))
			}
		})
	}
}
