package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
)

// loadDemo loads the Backpage demo case (idempotent, so tests may share it).
func loadDemo(t *testing.T) {
	t.Helper()
	m, err := ingest.LoadMapping("../../examples/backpage/mapping.yml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(context.Background(), testenv.Store(t), m, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
}

func data(t *testing.T, base, query string, vars map[string]any) map[string]any {
	t.Helper()
	code, out := postGraphQL(t, base, query, vars)
	if code != 200 || out["errors"] != nil {
		t.Fatalf("%s\n=> %d %v", query, code, out)
	}
	return out["data"].(map[string]any)
}

func list(v any) []any { l, _ := v.([]any); return l }
func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// TestInvestigatorQueriesOnTheDemoCase asks the questions the explorer and
// the notebooks ask, on the Backpage case, through GraphQL.
func TestInvestigatorQueriesOnTheDemoCase(t *testing.T) {
	loadDemo(t)
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	const lacey = "backpage-michael-lacey"

	t.Run("search finds Lacey first", func(t *testing.T) {
		d := data(t, base, `{ search(query: "lacey") { nodes { id name } } }`, nil)
		nodes := list(obj(d["search"])["nodes"])
		found := false
		for _, n := range nodes {
			found = found || obj(n)["id"] == lacey
		}
		// Other tests' people may share the name; the best hit must be a Michael Lacey.
		if !found || len(nodes) == 0 || obj(nodes[0])["name"] != "Michael Lacey" {
			t.Fatalf("search lacey: %v", nodes)
		}
	})

	t.Run("Allen's contacts: Lacey and Larkin, March 2011", func(t *testing.T) {
		d := data(t, base, `{ contacts(id: "backpage-allen") { entity { id } count firstDate lastDate } }`, nil)
		got := map[string]string{}
		for _, c := range list(d["contacts"]) {
			got[fmt.Sprint(obj(obj(c)["entity"])["id"])] = fmt.Sprint(obj(c)["firstDate"])
		}
		if got[lacey] != "2011-03" || got["backpage-jim-larkin"] != "2011-03" {
			t.Fatalf("contacts of Allen: %v", d)
		}
	})

	t.Run("neighborhood with a collapsed payment", func(t *testing.T) {
		d := data(t, base, `query($ids: [ID!]!) { neighborhood(ids: $ids, depth: 2) { truncated
			nodes { id schema } edges { type source target amount currency sources { title } }
			degrees { id degree hidden } } }`, map[string]any{"ids": []string{lacey}})
		sg := obj(d["neighborhood"])
		var payment map[string]any
		for _, e := range list(sg["edges"]) {
			if obj(e)["type"] == "PAYMENT" {
				payment = obj(e)
			}
		}
		if payment == nil || payment["amount"] != 16500000.0 || payment["currency"] != "USD" || payment["source"] != lacey {
			t.Fatalf("no PAYMENT edge of 16.5M USD from Lacey: %v", sg["edges"])
		}
		if len(list(payment["sources"])) != 1 {
			t.Fatalf("the payment edge does not cite the article: %v", payment)
		}
		if len(list(sg["nodes"])) < 5 || len(list(sg["degrees"])) != len(list(sg["nodes"])) {
			t.Fatalf("neighborhood too small: %v", sg)
		}
	})

	t.Run("links of an entity, a page at a time", func(t *testing.T) {
		d := data(t, base, `query($id: ID!) { entity(id: $id) { links(first: 5) { totalCount nodes { type } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"id": lacey})
		l := obj(obj(d["entity"])["links"])
		if l["totalCount"].(float64) < 10 || len(list(l["nodes"])) != 5 || !obj(l["pageInfo"])["hasNextPage"].(bool) {
			t.Fatalf("links: %v", l)
		}
		d = data(t, base, `query($id: ID!, $after: String) { entity(id: $id) { links(first: 100, after: $after, types: ["CHARGED_WITH"]) { totalCount nodes { type } } } }`,
			map[string]any{"id": lacey, "after": nil})
		if l := obj(obj(d["entity"])["links"]); l["totalCount"] != 4.0 || len(list(l["nodes"])) != 4 {
			t.Fatalf("CHARGED_WITH links: %v", l)
		}
	})

	t.Run("path to the DOJ", func(t *testing.T) {
		d := data(t, base, `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 3) { length nodes { id } edges { type } } }`,
			map[string]any{"a": lacey, "b": "backpage-doj"})
		paths := list(d["paths"])
		if len(paths) == 0 {
			t.Fatal("no path from Lacey to the DOJ")
		}
		first := obj(paths[0])
		nodes := list(first["nodes"])
		if obj(nodes[0])["id"] != lacey || obj(nodes[len(nodes)-1])["id"] != "backpage-doj" || first["length"].(float64) > 3 {
			t.Fatalf("path: %v", first)
		}
	})

	t.Run("money flow reaches the Hungarian bank", func(t *testing.T) {
		d := data(t, base, `query($a: ID!) { moneyFlow(from: $a) { totals { currency total } flows { payer beneficiary total currency }
			chains { parties amounts } nodes { id } } }`, map[string]any{"a": lacey})
		mf := obj(d["moneyFlow"])
		reached := false
		for _, f := range list(mf["flows"]) {
			if obj(f)["beneficiary"] == "backpage-hungarian-bank" && obj(f)["total"] == 16500000.0 {
				reached = true
			}
		}
		totals := list(mf["totals"])
		if !reached || len(totals) != 1 || obj(totals[0])["currency"] != "USD" || obj(totals[0])["total"] != 16500000.0 {
			t.Fatalf("money flow: %v", mf)
		}
	})

	t.Run("who met whom in 2011", func(t *testing.T) {
		d := data(t, base, `query($p: [ID!]) { meetings(participants: $p, since: "2011-01-01", until: "2011-12-31") {
			nodes { event { id date location } participants { id } } } }`, map[string]any{"p": []string{lacey}})
		ms := list(obj(d["meetings"])["nodes"])
		if len(ms) != 1 || obj(obj(ms[0])["event"])["location"] != "Virginia" || len(list(obj(ms[0])["participants"])) != 3 {
			t.Fatalf("meetings: %v", ms)
		}
		d = data(t, base, `query($p: [ID!]) { meetings(participants: $p, until: "2010-12-31") { nodes { event { id } } } }`,
			map[string]any{"p": []string{lacey}})
		if n := len(list(obj(d["meetings"])["nodes"])); n != 0 {
			t.Fatalf("the 2011 meeting shows before 2011: %v", d)
		}
		d = data(t, base, `query($a: ID!) { contacts(id: $a) { entity { id } count } }`, map[string]any{"a": lacey})
		ids := fmt.Sprint(d["contacts"])
		if !strings.Contains(ids, "backpage-jim-larkin") || !strings.Contains(ids, "backpage-allen") {
			t.Fatalf("contacts: %v", ids)
		}
	})

	t.Run("how each charge ended", func(t *testing.T) {
		d := data(t, base, `query($a: ID!) { charges(defendant: $a) { nodes { outcome charge { name } case { id status } prosecutor { id } } } }`,
			map[string]any{"a": lacey})
		outcomes := map[string]int{}
		for _, n := range list(obj(d["charges"])["nodes"]) {
			outcomes[fmt.Sprint(obj(n)["outcome"])]++
			if obj(obj(n)["prosecutor"])["id"] != "backpage-doj" {
				t.Errorf("charge without the DOJ as prosecutor: %v", n)
			}
		}
		want := map[string]int{"CONVICTED": 1, "ACQUITTED": 1, "HUNG_JURY": 1, "MISTRIAL": 1}
		if fmt.Sprint(outcomes) != fmt.Sprint(want) {
			t.Fatalf("outcomes: %v, want %v", outcomes, want)
		}
		d = data(t, base, `{ charges(outcome: HUNG_JURY, first: 100) { nodes { defendant { id } } } }`, nil)
		if !strings.Contains(fmt.Sprint(d), lacey) {
			t.Fatalf("HUNG_JURY filter: %v", d)
		}
	})

	t.Run("timeline in order", func(t *testing.T) {
		d := data(t, base, `query($a: [ID!]!) { timeline(ids: $a) { date kind title } }`, map[string]any{"a": []string{lacey}})
		items := list(d["timeline"])
		if len(items) < 2 {
			t.Fatalf("timeline: %v", items)
		}
		prev := ""
		for _, it := range items {
			date := obj(it)["date"].(string)
			if date < prev {
				t.Fatalf("timeline out of order: %v", items)
			}
			prev = date
		}
		if !strings.Contains(fmt.Sprint(items), "EVENT") {
			t.Fatalf("the 2011 meeting is missing from the timeline: %v", items)
		}
	})
}

// TestAbuseIsRefusedClearly: over-cap arguments, alias floods and deep
// nesting get a clear error, not a slow query or a silent clamp.
func TestAbuseIsRefusedClearly(t *testing.T) {
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	aliases := make([]string, 1000)
	for i := range aliases {
		aliases[i] = fmt.Sprintf("a%d: __typename", i)
	}
	cases := []struct {
		name, query, want string
	}{
		{"huge maxHops", `{ paths(from: "a", to: "b", maxHops: 100) { length } }`, "maxHops"},
		{"nested 50 deep", "{ search(query: \"x\") { nodes { " + strings.Repeat("sources { ", 48) + "id" + strings.Repeat(" }", 48) + " } } }", "depth"},
		{"first a billion", `{ search(query: "x", first: 1000000000) { nodes { id } } }`, "first"},
		{"huge depth", `{ neighborhood(ids: ["a"], depth: 50) { truncated } }`, "depth"},
		{"huge limit", `{ neighborhood(ids: ["a"], limit: 1000000) { truncated } }`, "limit"},
		{"huge money hops", `{ moneyFlow(from: "a", maxHops: 99) { truncated } }`, "maxHops"},
		{"huge first", `{ charges(first: 100000) { nodes { outcome } } }`, "first"},
		{"alias flood", "{ " + strings.Join(aliases, " ") + " }", "selections"},
		{"unknown relationship type", `{ neighborhood(ids: ["a"], relationships: ["PAID]->() DETACH DELETE x//"]) { truncated } }`, "unknown relationship type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			code, out := postGraphQL(t, base, c.query, nil)
			if took := time.Since(start); took > time.Second {
				t.Errorf("refusing took %s", took)
			}
			if code != 200 || out["errors"] == nil || !strings.Contains(strings.ToLower(fmt.Sprint(out["errors"])), strings.ToLower(c.want)) {
				t.Fatalf("got %d %v, want an error mentioning %q", code, out, c.want)
			}
		})
	}
	t.Run("20 MB body", func(t *testing.T) {
		body := `{"query":"{ stats { nodes } }","variables":{"pad":"` + strings.Repeat("x", 20<<20) + `"}}`
		start := time.Now()
		resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		out := decode(t, resp)
		if took := time.Since(start); took > time.Second {
			t.Errorf("refusing took %s", took)
		}
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(fmt.Sprint(out), "limit") {
			t.Fatalf("got %d %v", resp.StatusCode, out)
		}
	})
}

// TestServedSchemaIsSchemaFile: api/schema.graphql is the one source of the
// schema; every type it declares is what the server serves.
func TestServedSchemaIsSchemaFile(t *testing.T) {
	file, err := os.ReadFile("../../api/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	var printed bytes.Buffer
	if err := run(context.Background(), []string{"schema"}, envOf(nil), &printed, io.Discard); err != nil {
		t.Fatal(err)
	}
	if printed.String() != string(file) {
		t.Fatal("`casegraph schema` differs from api/schema.graphql")
	}
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	d := data(t, base, `{ __schema { types { name } } }`, nil)
	served := map[string]bool{}
	for _, ty := range list(obj(d["__schema"])["types"]) {
		served[fmt.Sprint(obj(ty)["name"])] = true
	}
	declared := regexp.MustCompile(`(?m)^(?:type|interface|enum|scalar|input) (\w+)`).FindAllStringSubmatch(string(file), -1)
	if len(declared) < 20 {
		t.Fatalf("only %d types found in the schema file", len(declared))
	}
	for _, m := range declared {
		if !served[m[1]] {
			t.Errorf("type %s is in api/schema.graphql but not served", m[1])
		}
	}
}

// TestSearchForgivesAndDocumentsHaveFacts: searches as investigators typed
// them find their entities (every word must match, through stems,
// nicknames, abbreviations and initials), parties come before documents,
// each hit says how many links it has; and a document's neighbourhood is
// the facts it supports.
func TestSearchForgivesAndDocumentsHaveFacts(t *testing.T) {
	loadDemo(t)
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	const q = `query($q: String!) { search(query: $q, first: 10) { edges { degree node { id schema name } } } }`
	hits := func(text string) []map[string]any {
		var out []map[string]any
		for _, e := range list(obj(data(t, base, q, map[string]any{"q": text})["search"])["edges"]) {
			n := obj(obj(e)["node"])
			n["degree"] = obj(e)["degree"]
			out = append(out, n)
		}
		return out
	}
	find := func(text, id string) map[string]any {
		t.Helper()
		for _, h := range hits(text) {
			if h["id"] == id {
				return h
			}
		}
		t.Errorf("search %q does not find %s: %v", text, id, hits(text))
		return nil
	}
	find("hungarian bank", "backpage-hungarian-bank")
	find("justice dept", "backpage-doj")
	find("M. Lacey", "backpage-michael-lacey")
	if h := find("mike lacey", "backpage-michael-lacey"); h != nil && h["degree"].(float64) < 10 {
		t.Errorf("Lacey's links: %v", h["degree"])
	}
	doj := hits("DOJ")
	if len(doj) == 0 || doj[0]["schema"] == "Source" {
		t.Errorf("DOJ: a party comes before the article: %v", doj)
	}
	find("DOJ", "backpage-doj")
	for _, h := range hits("hungarian bank") {
		if strings.Contains(fmt.Sprint(h["name"]), "Craigslist") {
			t.Errorf("every word must match: %v", h)
		}
	}

	src := hits("Once Again DOJ Fails")
	var article string
	for _, h := range src {
		if h["schema"] == "Source" && strings.HasPrefix(fmt.Sprint(h["id"]), "backpage-") {
			article = fmt.Sprint(h["id"]) // other datasets cite the article under their own ids
		}
	}
	if article == "" {
		t.Fatalf("the article is not found: %v", src)
	}
	sg := obj(data(t, base, `query($id: ID!) { neighborhood(ids: [$id], perNode: 200) { nodes { id schema } edges { type source target }
		degrees { id degree hidden } } }`, map[string]any{"id": article})["neighborhood"])
	cited, links := 0, map[string]int{}
	for _, e := range list(sg["edges"]) {
		e := obj(e)
		if e["type"] == "CITED_IN" {
			if e["target"] != article {
				t.Errorf("a citation points elsewhere: %v", e)
			}
			cited++
		} else {
			links[fmt.Sprint(e["type"])]++
		}
	}
	if cited < 20 || links["CHARGED_WITH"] < 7 || len(list(sg["nodes"])) < 21 {
		t.Errorf("the article's facts: %d citations, links %v, %d nodes", cited, links, len(list(sg["nodes"])))
	}
	for _, d := range list(sg["degrees"]) {
		if d := obj(d); d["id"] == article && d["degree"].(float64) < float64(cited) {
			t.Errorf("the article's degree counts its facts: %v", d)
		}
	}
	filtered := obj(data(t, base, `query($id: ID!) { neighborhood(ids: [$id], relationships: ["PAID"]) { nodes { id } } }`,
		map[string]any{"id": article})["neighborhood"])
	if len(list(filtered["nodes"])) != 1 {
		t.Errorf("a relationship filter without CITED_IN keeps the facts out: %v", filtered)
	}
}
