package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/internal/testenv"
	"github.com/casegraph/casegraph/xref"
)

// loadAs loads an example mapping under a dataset name of the test's own,
// so that its verdicts touch no other test's records.
func loadAs(t *testing.T, path, dataset string) {
	t.Helper()
	m, err := ingest.LoadMapping(path)
	if err != nil {
		t.Fatal(err)
	}
	m.Dataset = dataset
	if _, err := ingest.Run(context.Background(), testenv.Store(t), m, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
}

func ids(v any) []string {
	var out []string
	for _, n := range list(v) {
		out = append(out, fmt.Sprint(obj(n)["id"]))
	}
	return out
}

// TestCrossReferencingTheDemoWithASecondSource: the Backpage case and a
// second source that writes "LACEY, Michael" and "James Larkin". The pairs
// are found and explained, an analyst's verdicts are kept and checked, and
// every question then sees one Lacey whose links come from both sources,
// with the money counted once — or the records apart with resolve: false.
func TestCrossReferencingTheDemoWithASecondSource(t *testing.T) {
	p := testenv.Prefix(t)
	court, register := p+"backpage", p+"register"
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (j:Judgement) WHERE j.left STARTS WITH $p DETACH DELETE j`, map[string]any{"p": p})
		testenv.DeleteByPrefix(t, p)
		testenv.Cypher(t, `MATCH (j:IngestJob) WHERE j.dataset STARTS WITH $p DETACH DELETE j`, map[string]any{"p": p})
	})
	loadAs(t, "../../examples/backpage/mapping.yml", court)
	loadAs(t, "../../examples/backpage-register/mapping.yml", register)
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()
	lacey, lacey2 := court+"-michael-lacey", register+"-lacey"
	larkin, larkin2 := court+"-jim-larkin", register+"-larkin"
	allen := court + "-allen"

	judge := func(a, b, verdict string) (int, map[string]any) {
		return postGraphQL(t, base, `mutation($a: ID!, $b: ID!, $j: Judgement!) {
			judge(left: $a, right: $b, judgement: $j, note: "e2e") { left { id } right { id } judgement judgedBy judgedAt score } }`,
			map[string]any{"a": a, "b": b, "j": verdict})
	}

	t.Run("xref finds the same people under other spellings, and says why", func(t *testing.T) {
		d := data(t, base, `query($d: String!) { datasets xref(dataset: $d, first: 50) { totalCount judgedCount
			nodes { left { id } right { id } score judgement features { name score detail } } } }`, map[string]any{"d": register})
		if !slices.Contains(list(d["datasets"]), any(register)) {
			t.Errorf("datasets: %v", d["datasets"])
		}
		found := map[string]float64{}
		for _, n := range list(obj(d["xref"])["nodes"]) {
			m := obj(n)
			pair := fmt.Sprint(obj(m["left"])["id"]) + " ~ " + fmt.Sprint(obj(m["right"])["id"])
			found[pair] = m["score"].(float64)
			if len(list(m["features"])) == 0 || m["judgement"] != nil {
				t.Errorf("%s: features %v judgement %v", pair, m["features"], m["judgement"])
			}
			left, right := fmt.Sprint(obj(m["left"])["id"]), fmt.Sprint(obj(m["right"])["id"])
			if strings.HasPrefix(left, register) == strings.HasPrefix(right, register) {
				t.Errorf("a dataset against the others pairs records of two datasets: %s", pair)
			}
		}
		for _, want := range []string{lacey + " ~ " + lacey2, larkin + " ~ " + larkin2} {
			if found[want] < 0.5 {
				t.Errorf("%s not found (score %v) in %v", want, found[want], found)
			}
		}
		if found[allen+" ~ "+lacey2] >= 0.5 {
			t.Errorf("Allen is not Lacey: %v", found)
		}
		m := data(t, base, `query($id: ID!) { matches(id: $id) { nodes { left { id } right { id } score } } }`, map[string]any{"id": lacey2})
		// Other tests' Laceys may be in the database too: this one must be
		// among the matches, scored high.
		var score float64
		for _, n := range list(obj(m["matches"])["nodes"]) {
			if obj(obj(n)["left"])["id"] == lacey || obj(obj(n)["right"])["id"] == lacey {
				score = obj(n)["score"].(float64)
			}
		}
		if score < 0.9 {
			t.Errorf("Michael Lacey among the matches of LACEY, Michael: %v", m)
		}
	})

	t.Run("a page starts after the last pair read, whatever was judged since", func(t *testing.T) {
		const q = `query($d: String!, $after: String) { xref(dataset: $d, judged: false, first: 1, after: $after) {
			edges { cursor node { left { id } right { id } } } pageInfo { hasNextPage } } }`
		pairOf := func(d map[string]any) (string, string, string) {
			e := obj(list(obj(d["xref"])["edges"])[0])
			n := obj(e["node"])
			return fmt.Sprint(obj(n["left"])["id"]), fmt.Sprint(obj(n["right"])["id"]), fmt.Sprint(e["cursor"])
		}
		all := data(t, base, `query($d: String!) { xref(dataset: $d, judged: false, first: 3) { nodes { left { id } right { id } } } }`,
			map[string]any{"d": register})
		nodes := list(obj(all["xref"])["nodes"])
		if len(nodes) < 3 {
			t.Fatalf("fewer than 3 pairs: %v", all)
		}
		l1, r1, cursor := pairOf(data(t, base, q, map[string]any{"d": register}))
		if code, out := judge(l1, r1, "UNSURE"); code != 200 || out["errors"] != nil {
			t.Fatalf("judge: %v", out)
		}
		l2, r2, _ := pairOf(data(t, base, q, map[string]any{"d": register, "after": cursor}))
		second := obj(nodes[1])
		if l2 != obj(second["left"])["id"] || r2 != obj(second["right"])["id"] {
			t.Errorf("page 2 after judging page 1's pair is %s ~ %s, want the second pair %v", l2, r2, second)
		}
		if _, out := judge(l1, r1, "DIFFERENT"); out["errors"] != nil {
			t.Fatalf("judge: %v", out)
		}
	})

	t.Run("SAME joins the records; every query sees one Lacey", func(t *testing.T) {
		code, out := judge(lacey2, lacey, "SAME")
		j := obj(obj(out["data"])["judge"])
		if code != 200 || out["errors"] != nil || j["judgement"] != "SAME" || j["judgedBy"] != "local" ||
			obj(j["left"])["id"] != lacey || j["judgedAt"] == nil {
			t.Fatalf("judge: %d %v", code, out)
		}
		e := obj(data(t, base, `query($id: ID!) { entity(id: $id) { canonicalId sameAs { id } judgements { judgement note } } }`,
			map[string]any{"id": lacey2})["entity"])
		if e["canonicalId"] != lacey || !slices.Equal(ids(e["sameAs"]), []string{lacey}) || len(list(e["judgements"])) != 1 {
			t.Errorf("entity: %v", e)
		}

		sg := obj(data(t, base, `query($id: ID!) { neighborhood(ids: [$id]) { nodes { id name aliases sameAs { id } sources { id } }
			edges { type source target } } }`, map[string]any{"id": lacey2})["neighborhood"])
		nodeIDs := ids(sg["nodes"])
		if slices.Contains(nodeIDs, lacey2) || !slices.Contains(nodeIDs, lacey) {
			t.Fatalf("one Lacey, under the canonical id: %v", nodeIDs)
		}
		types := map[string]bool{}
		for _, ed := range list(sg["edges"]) {
			ed := obj(ed)
			if ed["source"] == lacey2 || ed["target"] == lacey2 {
				t.Errorf("an edge still names the record: %v", ed)
			}
			if ed["source"] == lacey || ed["target"] == lacey {
				types[fmt.Sprint(ed["type"])] = true
			}
		}
		// Charges and the payment come from the court data, the raid and
		// the capitalised BACKPAGE from the second source.
		for _, want := range []string{"CHARGED_WITH", "ATTENDED", "DIRECTORSHIP", "PAYMENT"} {
			if !types[want] {
				t.Errorf("merged Lacey lacks %s links: %v", want, types)
			}
		}
		for _, want := range []string{register + "-raid", register + "-backpage", court + "-lacey-2023-money-laundering"} {
			if !slices.Contains(nodeIDs, want) {
				t.Errorf("merged Lacey's neighbourhood lacks %s: %v", want, nodeIDs)
			}
		}
		for _, n := range list(sg["nodes"]) {
			if n := obj(n); n["id"] == lacey {
				if !slices.Contains(list(n["aliases"]), any("LACEY, Michael")) || !slices.Equal(ids(n["sameAs"]), []string{lacey2}) {
					t.Errorf("merged node: %v", n)
				}
			}
		}

		apart := obj(data(t, base, `query($id: ID!) { neighborhood(ids: [$id], resolve: false) { nodes { id } edges { type } } }`,
			map[string]any{"id": lacey2})["neighborhood"])
		if !slices.Contains(ids(apart["nodes"]), lacey2) || slices.Contains(ids(apart["nodes"]), lacey) {
			t.Errorf("resolve: false keeps the records apart: %v", ids(apart["nodes"]))
		}
		for _, ed := range list(apart["edges"]) {
			if obj(ed)["type"] == "CHARGED_WITH" {
				t.Errorf("the register's Lacey has no charges of his own")
			}
		}

		mf := obj(data(t, base, `query($id: ID!) { moneyFlow(from: $id) { totals { currency total } flows { payer beneficiary total count } } }`,
			map[string]any{"id": lacey2})["moneyFlow"])
		totals := list(mf["totals"])
		if len(totals) != 1 || obj(totals[0])["total"] != 16.5e6 || obj(totals[0])["currency"] != "USD" {
			t.Errorf("the $16.5 million once: %v", mf)
		}
		ch := obj(data(t, base, `query($id: ID!) { charges(defendant: $id, first: 20) { nodes { outcome defendant { id } } } }`,
			map[string]any{"id": lacey2})["charges"])
		if n := list(ch["nodes"]); len(n) != 4 || obj(obj(n[0])["defendant"])["id"] != lacey {
			t.Errorf("charges of the merged Lacey: %v", ch)
		}
		s := obj(data(t, base, `query($q: String!) { search(query: $q, first: 50) { nodes { id } } }`, map[string]any{"q": "Lacey"})["search"])
		hits := ids(s["nodes"])
		if slices.Contains(hits, lacey2) || !slices.Contains(hits, lacey) {
			t.Errorf("search shows the merged Lacey once: %v", hits)
		}
		tl := data(t, base, `query($id: ID!) { timeline(ids: [$id]) { kind related } }`, map[string]any{"id": lacey2})
		kinds := map[string]bool{}
		for _, it := range list(tl["timeline"]) {
			kinds[fmt.Sprint(obj(it)["kind"])] = true
		}
		if !kinds["CHARGE_OUTCOME"] && !kinds["CHARGE_FILED"] {
			t.Errorf("the merged timeline has the court data's charges: %v", kinds)
		}
		cs := data(t, base, `query($id: ID!) { contacts(id: $id) { entity { id } count } }`, map[string]any{"id": lacey2})
		if got := ids(slices.Collect(func(yield func(any) bool) {
			for _, c := range list(cs["contacts"]) {
				yield(obj(c)["entity"])
			}
		})); !slices.Contains(got, allen) {
			t.Errorf("contacts of the merged Lacey: %v", got)
		}
	})

	t.Run("a contradiction is refused with the chain that makes it", func(t *testing.T) {
		if code, out := judge(lacey2, allen, "SAME"); code != 200 || out["errors"] != nil {
			t.Fatalf("judge: %v", out)
		}
		code, out := judge(lacey, allen, "DIFFERENT")
		msg := fmt.Sprint(out["errors"])
		if out["errors"] == nil || !strings.Contains(msg, lacey2) || !strings.Contains(msg, "code:invalid") {
			t.Fatalf("DIFFERENT inside a cluster: %d %v", code, out)
		}
		if code, out := judge(lacey2, allen, "DIFFERENT"); code != 200 || out["errors"] != nil {
			t.Fatalf("splitting a cluster is allowed: %v", out)
		}
		if code, out := judge(lacey, allen, "DIFFERENT"); code != 200 || out["errors"] != nil {
			t.Fatalf("once split, DIFFERENT is fine: %v", out)
		}
		if _, out := judge(lacey, court+"-backpage", "SAME"); out["errors"] == nil {
			t.Errorf("a person and a company cannot be judged the same")
		}
	})

	t.Run("verdicts survive re-ingest", func(t *testing.T) {
		loadAs(t, "../../examples/backpage-register/mapping.yml", register)
		e := obj(data(t, base, `query($id: ID!) { entity(id: $id) { canonicalId } }`, map[string]any{"id": lacey2})["entity"])
		if e["canonicalId"] != lacey {
			t.Errorf("after re-ingest: %v", e)
		}
		d := data(t, base, `query($d: String!) { xref(dataset: $d, judged: false, first: 50) { judgedCount nodes { left { id } right { id } } } }`,
			map[string]any{"d": register})
		for _, n := range list(obj(d["xref"])["nodes"]) {
			if obj(obj(n)["right"])["id"] == lacey2 || obj(obj(n)["left"])["id"] == lacey2 {
				if obj(obj(n)["left"])["id"] == lacey || obj(obj(n)["right"])["id"] == lacey {
					t.Errorf("a judged pair in the unjudged queue")
				}
			}
		}
		if obj(d["xref"])["judgedCount"].(float64) < 1 {
			t.Errorf("judgedCount: %v", d)
		}
	})
}

// TestJudgementsRoundTripThroughTheResolverFormat: verdicts exported in
// nomenklatura's resolver format and imported into a graph without them
// come back the same, 100 %; importing again records nothing; a verdict
// that contradicts the others is refused with its line. `casegraph xref`
// writes the pairs of a dataset as JSON lines.
func TestJudgementsRoundTripThroughTheResolverFormat(t *testing.T) {
	p := testenv.Prefix(t)
	store := testenv.Store(t)
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (j:Judgement) WHERE j.left STARTS WITH $p DETACH DELETE j`, map[string]any{"p": p})
		testenv.DeleteByPrefix(t, p)
		testenv.Cypher(t, `MATCH (j:IngestJob) WHERE j.dataset STARTS WITH $p DETACH DELETE j`, map[string]any{"p": p})
	})
	env := envOf(map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	cli := func(args ...string) (string, error) {
		var out, errs strings.Builder
		err := run(context.Background(), args, env, &out, &errs)
		return out.String() + errs.String(), err
	}
	dir := t.TempDir()
	file := dir + "/judgements.jsonl"
	lines := []string{
		fmt.Sprintf(`[%q, %q, "positive", 0.91, "alice", "2026-11-30T10:00:00"]`, p+"a", p+"b"),
		fmt.Sprintf(`[%q, %q, "negative", 0.40, "bob", "2026-11-30T10:01:00"]`, p+"a", p+"c"),
		fmt.Sprintf(`[%q, %q, "unsure", null, "bob", "2026-11-30T10:02:00"]`, p+"d", p+"e"),
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := cli("judgements", "import", file); err != nil || !strings.Contains(out, "3 recorded") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err := cli("judgements", "import", file); err != nil || !strings.Contains(out, "0 recorded, 3 already recorded") {
		t.Fatalf("import again: %v\n%s", err, out)
	}
	bad := dir + "/bad.jsonl"
	badLines := fmt.Sprintf(`[%q, %q, "positive", 0.9, "eve", "2026-11-30T11:00:00"]`+"\n"+
		`[%q, %q, "negative", 0.9, "eve", "2026-11-30T11:01:00"]`+"\n", p+"b", p+"c", p+"a", p+"b")
	if err := os.WriteFile(bad, []byte(badLines), 0o644); err != nil {
		t.Fatal(err)
	}
	// a=b and a≠c stand, so b=c is refused; a≠b then splits a from b.
	out, err := cli("judgements", "import", bad)
	if err == nil || !strings.Contains(err.Error(), "judgement 1") || !strings.Contains(out, "1 recorded") {
		t.Fatalf("a contradiction is refused with its line, the rest recorded: %v\n%s", err, out)
	}

	exported := dir + "/out.jsonl"
	if out, err := cli("judgements", "export", "--out", exported); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	f, err := os.Open(exported)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := xref.ReadResolverJSONL(f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range back {
		if strings.HasPrefix(d.Left, p) {
			got[d.Left+" "+d.Right] = fmt.Sprintf("%s %s %.2f %s", d.Judgement, d.User, d.Score, d.CreatedAt.UTC().Format("15:04"))
		}
	}
	want := map[string]string{
		p + "a " + p + "b": "DIFFERENT eve 0.90 11:01",
		p + "a " + p + "c": "DIFFERENT bob 0.40 10:01",
		p + "d " + p + "e": "UNSURE bob 0.00 10:02",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("round trip:\n got %v\nwant %v", got, want)
	}
	stored, err := store.Judgements(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range stored {
		if strings.HasPrefix(d.Left, p) {
			n++
		}
	}
	if n != 4 {
		t.Errorf("the history keeps every verdict (3 + the split): %d", n)
	}

	loadAs(t, "../../examples/backpage/mapping.yml", p+"court")
	loadAs(t, "../../examples/backpage-register/mapping.yml", p+"register")
	pairs := dir + "/pairs.jsonl"
	if out, err := cli("xref", "--dataset", p+"register", "--out", pairs); err != nil {
		t.Fatalf("xref: %v\n%s", err, out)
	}
	raw, _ := os.ReadFile(pairs)
	if !strings.Contains(string(raw), p+"register-lacey") || !strings.Contains(string(raw), p+"court-michael-lacey") {
		t.Errorf("xref wrote no Lacey pair:\n%s", raw)
	}
}

// TestRefitLearnsFromVerdicts: with a dozen verdicts the weights are fitted
// to them; the quality before and after (cross-validated) is reported, and
// the model in use says whether it was adopted.
func TestRefitLearnsFromVerdicts(t *testing.T) {
	p := testenv.Prefix(t)
	t.Cleanup(func() {
		testenv.Cypher(t, `MATCH (j:Judgement) WHERE j.left STARTS WITH $p DETACH DELETE j`, map[string]any{"p": p})
		testenv.Cypher(t, `MATCH (v:Setting {id: 'xref.model'}) DELETE v`, nil)
		testenv.DeleteByPrefix(t, p)
		testenv.Cypher(t, `MATCH (j:IngestJob) WHERE j.dataset STARTS WITH $p DETACH DELETE j`, map[string]any{"p": p})
	})
	dir := t.TempDir()
	pairs := [][3]string{ // left name, right name, same?
		{"Anna Schmidt", "SCHMIDT, Anna", "y"}, {"Peter Novak", "Petr Novák", "y"}, {"Maria Garcia", "María García", "y"},
		{"John Smith", "Smith, John", "y"}, {"Olga Ivanova", "Ольга Иванова", "y"}, {"Ahmed Hassan", "Hassan, Ahmed", "y"},
		{"Anna Schmidt", "Hanna Schmitt", "n"}, {"Peter Novak", "Pavel Novak", "n"}, {"Maria Garcia", "Mario Garcia", "n"},
		{"John Smith", "Joan Smythe", "n"}, {"Olga Ivanova", "Olga Ivanovich", "n"}, {"Ahmed Hassan", "Ahmad Hassani", "n"},
	}
	var csv strings.Builder
	csv.WriteString("id,name\n")
	for i, pr := range pairs {
		fmt.Fprintf(&csv, "l%d,%q\nr%d,%q\n", i, pr[0], i, pr[1])
	}
	if err := os.WriteFile(dir+"/people.csv", []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	mapping := "dataset: " + p + "refit\nsource: {title: refit test}\ninputs:\n  - name: people\n    file: people.csv\n" +
		"    entities:\n      person: {schema: Person, id: id, required: [id, name], properties: {name: name}}\n"
	if err := os.WriteFile(dir+"/mapping.yml", []byte(mapping), 0o644); err != nil {
		t.Fatal(err)
	}
	loadAs(t, dir+"/mapping.yml", p+"refit")
	base, stop := startServe(t, nil, map[string]string{"NEO4J_URI": testenv.Neo4jURI(t)})
	defer stop()

	if _, out := postGraphQL(t, base, `mutation { refitMatchModel { fitted } }`, nil); out["errors"] == nil {
		t.Errorf("a refit without verdicts is refused: %v", out)
	}
	for i, pr := range pairs {
		verdict := map[string]string{"y": "SAME", "n": "DIFFERENT"}[pr[2]]
		l, r := fmt.Sprintf("%srefit-l%d", p, i), fmt.Sprintf("%srefit-r%d", p, i)
		if _, out := postGraphQL(t, base, `mutation($a: ID!, $b: ID!, $j: Judgement!) { judge(left: $a, right: $b, judgement: $j) { judgement } }`,
			map[string]any{"a": l, "b": r, "j": verdict}); out["errors"] != nil {
			t.Fatalf("judge %d: %v", i, out)
		}
	}
	d := data(t, base, `mutation { refitMatchModel { fitted weights { name weight }
		lastFit { examples adopted summary before { precision recall f1 } after { precision recall f1 } } } }`, nil)
	m := obj(d["refitMatchModel"])
	fit := obj(m["lastFit"])
	if fit["examples"].(float64) < 12 || len(list(m["weights"])) == 0 || !strings.Contains(fmt.Sprint(fit["summary"]), "cross-validated") {
		t.Fatalf("refit: %v", m)
	}
	for _, q := range []any{fit["before"], fit["after"]} {
		for _, k := range []string{"precision", "recall", "f1"} {
			if v, ok := obj(q)[k].(float64); !ok || v < 0 || v > 1 {
				t.Errorf("%s = %v", k, obj(q)[k])
			}
		}
	}
	if m["fitted"] != fit["adopted"] {
		t.Errorf("fitted says whether the refit is in use: %v", m)
	}
	again := obj(data(t, base, `{ matchModel { fitted lastFit { examples } } }`, nil)["matchModel"])
	if again["fitted"] != m["fitted"] || obj(again["lastFit"])["examples"] != fit["examples"] {
		t.Errorf("the model in use is the one stored: %v", again)
	}
}
