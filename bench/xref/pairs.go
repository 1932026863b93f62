package main

// The labelled pairs every tool scores: one JSON object a line,
// {"set","schema","left","right","match","kind"}, left and right being
// FollowTheMoney entities ({"id","schema","properties":{prop:[values]}}).
// "schema" is the casegraph schema the pair is scored as; the entities keep
// their own FtM schema (LegalEntity stays LegalEntity for the Python tools).

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/ingest/synth"
	"github.com/casegraph/casegraph/xref"
)

// ftmEntity is a FollowTheMoney entity as JSON.
type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// pair is one labelled pair.
type pair struct {
	Set    string    `json:"set"`
	Schema string    `json:"schema"`
	Left   ftmEntity `json:"left"`
	Right  ftmEntity `json:"right"`
	Match  bool      `json:"match"`
	Kind   string    `json:"kind,omitempty"` // how the pair was made, when known
}

// The sets, in the order the table shows them.
const (
	setNames     = "name_bench"
	setChecks    = "entity_bench"
	setDonations = "donations"
	setGenerated = "generated"
)

var sets = []string{setNames, setChecks, setDonations, setGenerated}

// casegraphSchema maps an FtM schema to the one casegraph scores it as;
// false for schemata casegraph does not hold (Vessel).
func casegraphSchema(ftm string) (casegraph.Schema, bool) {
	switch ftm {
	case "Person":
		return casegraph.Person, true
	case "Company", "LegalEntity":
		return casegraph.Company, true
	case "Organization":
		return casegraph.Organization, true
	case "PublicBody":
		return casegraph.PublicBody, true
	case "BankAccount":
		return casegraph.BankAccount, true
	}
	return "", false
}

// prepStats counts what the prep step kept and left out.
type prepStats struct {
	Pairs   map[string]int `json:"pairs"`
	Skipped map[string]int `json:"skipped"` // by set: pairs of schemata casegraph does not hold
}

// readNameBench reads cases.csv: one pair per row.
func readNameBench(path string, st *prepStats) ([]pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for k, c := range rows[0] {
		col[c] = k
	}
	var out []pair
	for n, r := range rows[1:] {
		schema := r[col["schema"]]
		cg, ok := casegraphSchema(schema)
		if !ok {
			st.Skipped[setNames]++
			continue
		}
		id := fmt.Sprintf("nb%04d", n+1)
		out = append(out, pair{Set: setNames, Schema: string(cg), Match: r[col["is_match"]] == "true",
			Kind:  strings.Trim(r[col["case_group"]]+" "+r[col["category"]], " "),
			Left:  ftmEntity{ID: id + "a", Schema: schema, Properties: map[string][]string{"name": {r[col["name1"]]}}},
			Right: ftmEntity{ID: id + "b", Schema: schema, Properties: map[string][]string{"name": {r[col["name2"]]}}}})
	}
	return out, nil
}

// readChecks reads checks.yml: query against candidate. A side without a
// name gets one joined from its name parts, as nomenklatura's entity bench
// does.
func readChecks(path string, st *prepStats) ([]pair, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Checks []struct {
			Match     bool                 `yaml:"match"`
			Schema    string               `yaml:"schema"`
			Label     string               `yaml:"label"`
			Query     map[string]yaml.Node `yaml:"query"`
			Candidate map[string]yaml.Node `yaml:"candidate"`
		} `yaml:"checks"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	side := func(id, schema string, props map[string]yaml.Node) (ftmEntity, error) {
		e := ftmEntity{ID: id, Schema: schema, Properties: map[string][]string{}}
		for k, node := range props {
			var vs []string
			if node.Kind == yaml.SequenceNode {
				if err := node.Decode(&vs); err != nil {
					return e, err
				}
			} else {
				var v string
				if err := node.Decode(&v); err != nil {
					return e, err
				}
				vs = []string{v}
			}
			e.Properties[k] = vs
		}
		if len(e.Properties["name"]) == 0 {
			var parts []string
			for _, p := range []string{"firstName", "secondName", "middleName", "fatherName", "motherName", "lastName"} {
				if v := e.Properties[p]; len(v) > 0 {
					parts = append(parts, v[0])
				}
			}
			e.Properties["name"] = []string{strings.Join(parts, " ")}
		}
		return e, nil
	}
	var out []pair
	for n, c := range doc.Checks {
		cg, ok := casegraphSchema(c.Schema)
		if !ok {
			st.Skipped[setChecks]++
			continue
		}
		id := fmt.Sprintf("eb%04d", n+1)
		l, err := side(id+"q", c.Schema, c.Query)
		if err != nil {
			return nil, fmt.Errorf("%s: check %d: %w", path, n+1, err)
		}
		r, err := side(id+"c", c.Schema, c.Candidate)
		if err != nil {
			return nil, fmt.Errorf("%s: check %d: %w", path, n+1, err)
		}
		out = append(out, pair{Set: setChecks, Schema: string(cg), Match: c.Match, Kind: c.Label, Left: l, Right: r})
	}
	return out, nil
}

// readDonations makes every pair of donors of one family in the donations
// fixture, labelled by testdata/xref/nomenklatura/donations_labels.csv:
// listed SAME pairs match, UNSURE pairs are left out, all others differ.
// Each donor's address entities are folded into its address property.
func readDonations(fixture, labels string) ([]pair, error) {
	f, err := os.Open(fixture)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byID := map[string]ftmEntity{}
	var donors []ftmEntity
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e ftmEntity
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("%s: %w", fixture, err)
		}
		byID[e.ID] = e
		if e.Schema == "Person" || e.Schema == "Company" || e.Schema == "Organization" {
			donors = append(donors, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for k, d := range donors {
		props := map[string][]string{}
		for p, vs := range d.Properties {
			if p == "addressEntity" {
				for _, a := range vs {
					props["address"] = append(props["address"], byID[a].Properties["full"]...)
				}
				continue
			}
			props[p] = vs
		}
		donors[k].Properties = props
	}
	lf, err := os.Open(labels)
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	lr := csv.NewReader(lf)
	lr.Comment = '#'
	rows, err := lr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", labels, err)
	}
	judged := map[[2]string]string{}
	for _, r := range rows[1:] {
		a, b := r[0], r[1]
		if b < a {
			a, b = b, a
		}
		judged[[2]string{a, b}] = r[2]
	}
	sort.Slice(donors, func(i, j int) bool { return donors[i].ID < donors[j].ID })
	var out []pair
	for i := range donors {
		for j := i + 1; j < len(donors); j++ {
			a, b := donors[i], donors[j]
			fa, _ := casegraphSchema(a.Schema)
			fb, _ := casegraphSchema(b.Schema)
			if (fa == casegraph.Person) != (fb == casegraph.Person) {
				continue
			}
			j := judged[[2]string{a.ID, b.ID}]
			if j == "UNSURE" {
				continue
			}
			schema := fa
			if fa != fb {
				schema = casegraph.Organization // Company against Organization
			}
			out = append(out, pair{Set: setDonations, Schema: string(schema), Match: j == "SAME", Left: a, Right: b})
		}
	}
	return out, nil
}

// memWriter keeps what ingest writes, for reading a generated case without
// a database.
type memWriter struct {
	entities map[string]casegraph.Entity
	rels     []casegraph.Relationship
}

func (w *memWriter) WriteBatch(_ context.Context, es []casegraph.Entity, rs []casegraph.Relationship) error {
	for _, e := range es {
		old, ok := w.entities[e.ID]
		if !ok {
			w.entities[e.ID] = e
			continue
		}
		// As the graph's MERGE does: a later row adds to the node.
		if e.Name != "" {
			old.Name = e.Name
		}
		for _, a := range e.Aliases {
			if !slices.Contains(old.Aliases, a) {
				old.Aliases = append(old.Aliases, a)
			}
		}
		if old.Properties == nil {
			old.Properties = map[string]any{}
		}
		for k, v := range e.Properties {
			old.Properties[k] = v
		}
		w.entities[e.ID] = old
	}
	w.rels = append(w.rels, rs...)
	return nil
}

// ingestMapping loads a mapping's files into w through the real ingest engine.
func ingestMapping(ctx context.Context, w *memWriter, path string) error {
	m, err := ingest.LoadMapping(path)
	if err != nil {
		return err
	}
	reports, err := ingest.Run(ctx, w, m, ingest.Options{})
	if err != nil {
		return err
	}
	for _, r := range reports {
		if r.Rejected > 0 {
			return fmt.Errorf("%s: %d rows rejected", path, r.Rejected)
		}
	}
	return nil
}

// generated is a case and its register as ingest loads them.
type generated struct {
	caseEntities, regEntities []casegraph.Entity // people, companies, accounts, in id order
	truth                     []truthPair
}

type truthPair struct {
	Left, Right string
	Schema      casegraph.Schema
	Same        bool
	Variation   string
}

// generate writes a case and its register under dir and loads both.
func generate(ctx context.Context, dir string, o synth.Options, reg synth.Register) (*generated, error) {
	caseDir := filepath.Join(dir, "case")
	regDir := filepath.Join(caseDir, "register")
	if err := synth.Generate(caseDir, o); err != nil {
		return nil, err
	}
	if _, err := synth.GenerateRegister(regDir, caseDir, o, reg); err != nil {
		return nil, err
	}
	w := &memWriter{entities: map[string]casegraph.Entity{}}
	if err := ingestMapping(ctx, w, filepath.Join(caseDir, "mapping.yml")); err != nil {
		return nil, err
	}
	if err := ingestMapping(ctx, w, filepath.Join(regDir, "mapping.yml")); err != nil {
		return nil, err
	}
	g := &generated{}
	for _, e := range w.entities {
		if _, ok := xref.FamilyOf(e.Schema); !ok {
			continue
		}
		if strings.HasPrefix(e.ID, synth.RegisterDataset+"-") {
			g.regEntities = append(g.regEntities, e)
		} else {
			g.caseEntities = append(g.caseEntities, e)
		}
	}
	byID := func(a, b casegraph.Entity) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(g.caseEntities, byID)
	slices.SortFunc(g.regEntities, byID)
	tf, err := os.Open(filepath.Join(regDir, "truth.csv"))
	if err != nil {
		return nil, err
	}
	defer tf.Close()
	rows, err := csv.NewReader(tf).ReadAll()
	if err != nil {
		return nil, err
	}
	for _, r := range rows[1:] {
		g.truth = append(g.truth, truthPair{Left: r[0], Right: r[1], Schema: casegraph.Schema(r[2]), Same: r[3] == "true", Variation: r[4]})
	}
	return g, nil
}

// ftmOf writes an ingested entity as FtM: the name and aliases as name and
// alias, every other property as strings.
func ftmOf(e casegraph.Entity) ftmEntity {
	props := map[string][]string{}
	if e.Name != "" {
		props["name"] = []string{e.Name}
	}
	if len(e.Aliases) > 0 {
		props["alias"] = slices.Clone(e.Aliases)
	}
	for k, v := range e.Properties {
		if k == "name" || k == "aliases" {
			continue
		}
		switch x := v.(type) {
		case string:
			props[k] = []string{x}
		case []string:
			props[k] = slices.Clone(x)
		case []any:
			for _, s := range x {
				props[k] = append(props[k], fmt.Sprint(s))
			}
		default:
			props[k] = []string{fmt.Sprint(x)}
		}
	}
	return ftmEntity{ID: e.ID, Schema: string(e.Schema), Properties: props}
}

// generatedPairs are the truth pairs (the register's copies and its planted
// look-alikes) and, for each register record, two near misses chosen
// without asking any matcher: case records of its family sharing its
// rarest name word (accounts: its bank's code), not its truth partner.
func generatedPairs(g *generated) []pair {
	caseByID := map[string]casegraph.Entity{}
	for _, e := range g.caseEntities {
		caseByID[e.ID] = e
	}
	regByID := map[string]casegraph.Entity{}
	for _, e := range g.regEntities {
		regByID[e.ID] = e
	}
	var out []pair
	partner := map[[2]string]bool{}
	for _, t := range g.truth {
		l, r := caseByID[t.Left], regByID[t.Right]
		out = append(out, pair{Set: setGenerated, Schema: string(t.Schema), Match: t.Same, Kind: t.Variation, Left: ftmOf(l), Right: ftmOf(r)})
		partner[[2]string{t.Left, t.Right}] = true
	}
	// an index of case records by word, per family
	words := func(e casegraph.Entity) []string {
		if e.Schema == casegraph.BankAccount {
			for _, k := range []string{"iban", "accountNumber"} {
				if vs := ftmOf(e).Properties[k]; len(vs) > 0 {
					v := strings.ToUpper(strings.ReplaceAll(vs[0], " ", ""))
					if k == "iban" && len(v) > 8 {
						return []string{"bank:" + v[:2] + v[4:8]}
					}
				}
			}
			if vs := ftmOf(e).Properties["bankName"]; len(vs) > 0 {
				return []string{"bankname:" + vs[0]}
			}
			return nil
		}
		var out []string
		for _, w := range strings.Fields(strings.ToLower(e.Name)) {
			w = strings.Trim(w, ".,")
			if len([]rune(w)) >= 3 {
				out = append(out, w)
			}
		}
		return out
	}
	index := map[string][]string{}
	for _, e := range g.caseEntities {
		fam, _ := xref.FamilyOf(e.Schema)
		for _, w := range words(e) {
			index[string(fam)+"|"+w] = append(index[string(fam)+"|"+w], e.ID)
		}
	}
	for _, r := range g.regEntities {
		fam, _ := xref.FamilyOf(r.Schema)
		best := ""
		for _, w := range words(r) {
			k := string(fam) + "|" + w
			if n := len(index[k]); n > 1 && (best == "" || n < len(index[best])) {
				best = k
			}
		}
		if best == "" {
			continue
		}
		ids := index[best]
		h := fnv32(r.ID)
		taken := 0
		for step := 0; step < len(ids) && taken < 2; step++ {
			l := ids[(int(h)+step*7919)%len(ids)]
			if partner[[2]string{l, r.ID}] {
				continue
			}
			partner[[2]string{l, r.ID}] = true
			le := caseByID[l]
			schema := le.Schema
			if le.Schema != r.Schema {
				schema = casegraph.Organization
			}
			out = append(out, pair{Set: setGenerated, Schema: string(schema), Match: false, Kind: "near miss: shares " + strings.SplitN(best, "|", 2)[1],
				Left: ftmOf(le), Right: ftmOf(r)})
			taken++
		}
	}
	return out
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for k := 0; k < len(s); k++ {
		h ^= uint32(s[k])
		h *= 16777619
	}
	return h
}

func writePairs(path string, ps []pair) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	for _, p := range ps {
		if err := enc.Encode(p); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readPairs(path string) ([]pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []pair
	dec := json.NewDecoder(bufio.NewReader(f))
	for {
		var p pair
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: pair %d: %w", path, len(out)+1, err)
		}
		out = append(out, p)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
