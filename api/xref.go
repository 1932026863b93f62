package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/xref"
)

// Cross-referencing: candidate pairs (xref, matches), the analysts'
// verdicts (judge), and the clusters that SAME verdicts make, which every
// relationship query draws merged unless asked not to (resolve: false).

// XrefGraph is what cross-referencing needs of the store (graph.Store has
// it; a Graph without it answers every query with the records apart).
type XrefGraph interface {
	XrefRecords(ctx context.Context, schemata []casegraph.Schema, dataset string) ([]xref.Record, error)
	XrefStamp(ctx context.Context) (string, error)
	Datasets(ctx context.Context) ([]string, error)
	SaveJudgement(ctx context.Context, d xref.Decision) (bool, error)
	Judgements(ctx context.Context) ([]xref.Decision, error)
	JudgementStamp(ctx context.Context) (string, error)
}

// How long a snapshot of the judgements is trusted before the store is
// asked whether another process added one. Judgements made through this
// process are seen at once.
const judgementsFresh = time.Second

// judgements caches the clusters the stored verdicts make.
type judgements struct {
	mu       sync.Mutex
	clusters *xref.Clusters
	merges   bool // some pair stands judged SAME
	stamp    string
	checked  time.Time
}

func (j *judgements) get(ctx context.Context, g XrefGraph) (*xref.Clusters, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.clusters != nil && time.Since(j.checked) < judgementsFresh {
		return j.clusters, nil
	}
	stamp, err := g.JudgementStamp(ctx)
	if err != nil {
		return nil, err
	}
	if j.clusters == nil || stamp != j.stamp {
		ds, err := g.Judgements(ctx)
		if err != nil {
			return nil, err
		}
		j.clusters, j.stamp, j.merges = xref.NewClusters(ds), stamp, false
		for _, d := range j.clusters.Decisions() {
			j.merges = j.merges || d.Judgement == xref.Same
		}
	}
	j.checked = time.Now()
	return j.clusters, nil
}

// xref is the store's cross-referencing, or one that says it has none.
func (r *resolver) xref() XrefGraph {
	if r.xg == nil {
		return noXref{}
	}
	return r.xg
}

type noXref struct{}

func (noXref) err() error {
	return casegraph.Errorf(casegraph.EUNAVAILABLE, "this server's store keeps no cross-referencing")
}
func (n noXref) XrefRecords(context.Context, []casegraph.Schema, string) ([]xref.Record, error) {
	return nil, n.err()
}
func (n noXref) XrefStamp(context.Context) (string, error)                  { return "", n.err() }
func (n noXref) Datasets(context.Context) ([]string, error)                 { return nil, n.err() }
func (n noXref) SaveJudgement(context.Context, xref.Decision) (bool, error) { return false, n.err() }
func (n noXref) Judgements(context.Context) ([]xref.Decision, error)        { return nil, nil }
func (n noXref) JudgementStamp(context.Context) (string, error)             { return "", nil }

func (j *judgements) forget() {
	j.mu.Lock()
	j.clusters = nil
	j.mu.Unlock()
}

// resolution is the request's view of the clusters: nil when the caller
// asked for records apart or no record has been judged the same as another.
func (r *resolver) resolution(ctx context.Context, resolve bool) (*xref.Clusters, error) {
	if !resolve || r.xg == nil {
		return nil, nil
	}
	c, err := requestClusters(ctx)
	if err != nil || c == nil {
		return nil, err
	}
	r.judged.mu.Lock()
	merges := r.judged.merges
	r.judged.mu.Unlock()
	if !merges {
		return nil, nil
	}
	return c, nil
}

// merged fetches every record of the clusters named among ids and draws
// each cluster as one entity.
func (r *resolver) merged(ctx context.Context, c casegraph.Resolution, ids []string) (casegraph.Merged, error) {
	canon := casegraph.Clustered(c, ids)
	if len(canon) == 0 {
		return casegraph.Merged{}, nil
	}
	var all []string
	for _, id := range canon {
		all = append(all, c.Members(id)...)
	}
	records, err := r.graph.EntitiesByID(ctx, all)
	if err != nil {
		return nil, err
	}
	out := casegraph.Merged{}
	for _, id := range canon {
		var recs []casegraph.Entity
		for _, m := range c.Members(id) {
			if e, ok := records[m]; ok {
				recs = append(recs, e)
			}
		}
		out[id] = casegraph.MergeRecords(id, recs)
	}
	loadersOf(ctx).entities(slices.Collect(func(yield func(casegraph.Entity) bool) {
		for _, e := range out {
			if !yield(e) {
				return
			}
		}
	}))
	return out, nil
}

func nodeIDs(ns []casegraph.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

// --- candidates ----------------------------------------------------------------

// maxXrefRecords bounds the records one cross-referencing run reads.
const maxXrefRecords = 2_000_000

// matchRun is one cross-referencing of a scope, computed once per state of
// the graph and kept while it lasts; paging reads it.
type matchRun struct {
	stamp   string
	done    chan struct{}
	matches []xref.Match
	model   xref.Model
	records map[string]*xref.Prepared
	sorted  []*xref.Prepared // every record read, by id
	err     error
	started time.Time
	// progress is pairs scored of pairs to score, for a caller who waits.
	mu          sync.Mutex
	scored, all int
}

// matchRuns keeps the newest runs by scope.
type matchRuns struct {
	mu        sync.Mutex
	runs      map[string]*matchRun
	keys      []string // oldest first
	computing int      // runs not finished, kept or not
}

// keptMatchRuns runs are kept for paging; at most computingMatchRuns
// compute at once, so that asking for many scopes cannot take every core.
const (
	keptMatchRuns      = 8
	computingMatchRuns = 2
)

type xrefArgs struct {
	Dataset  *string
	Schemata *[]string
	MinScore float64
	Within   bool
	Judged   *bool
	First    int32
	After    *string
}

func (r *resolver) Datasets(ctx context.Context) ([]string, error) {
	if err := charge(ctx, "datasets", nil); err != nil {
		return nil, err
	}
	return r.xref().Datasets(ctx)
}

func (r *resolver) Xref(ctx context.Context, args xrefArgs) (*matchConnection, error) {
	if err := charge(ctx, "xref", nil); err != nil {
		return nil, err
	}
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	after, err := decodePairCursor(args.After)
	if err != nil {
		return nil, err
	}
	sc, err := schemata(args.Schemata)
	if err != nil {
		return nil, err
	}
	minScore := args.MinScore
	if minScore < 0 || minScore > 1 {
		return nil, casegraph.Errorf(casegraph.EINVALID, "minScore is a score between 0 and 1, got %g", minScore)
	}
	dataset := ""
	if args.Dataset != nil {
		dataset = strings.TrimSpace(*args.Dataset)
	}
	within := args.Within
	if within && dataset == "" {
		return nil, casegraph.Errorf(casegraph.EINVALID, "within: true compares a dataset with itself: name the dataset")
	}
	run, err := r.matchRun(ctx, sc, dataset, within, false)
	if err != nil {
		return nil, err
	}
	clusters, err := r.judged.get(ctx, r.xref())
	if err != nil {
		return nil, err
	}
	var rows []xref.Match
	judgedCount := 0
	for _, m := range run.matches {
		if m.Score < minScore {
			break // sorted best first
		}
		_, isJudged := clusters.Judgement(m.Left, m.Right)
		joined := !isJudged && clusters.Canonical(m.Left) == clusters.Canonical(m.Right)
		if isJudged || joined {
			judgedCount++
		}
		if args.Judged != nil && *args.Judged != (isJudged || joined) {
			continue
		}
		rows = append(rows, m)
	}
	total := len(rows)
	skip := 0
	if after != nil {
		// the pairs after the last one read: a verdict given since (which
		// takes a pair out of judged: false) moves no later pair
		skip = sort.Search(len(rows), func(i int) bool { return pairAfter(rows[i], *after) })
	}
	conn, err := r.matchPage(ctx, rows, skip, first, clusters)
	if err != nil {
		return nil, err
	}
	conn.total, conn.judgedCount = int32(total), int32(judgedCount)
	return conn, nil
}

// A pair cursor names the last pair read (score, then ids), so a page
// starts after it wherever it now stands in the list.
type pairCursor struct {
	score       float64
	left, right string
}

func encodePairCursor(m xref.Match) string {
	return base64.RawURLEncoding.EncodeToString([]byte("p:" + strconv.FormatFloat(m.Score, 'g', -1, 64) + "\x1f" + m.Left + "\x1f" + m.Right))
}

func decodePairCursor(after *string) (*pairCursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(raw), "p:"); ok {
			if parts := strings.Split(rest, "\x1f"); len(parts) == 3 {
				if score, err := strconv.ParseFloat(parts[0], 64); err == nil {
					return &pairCursor{score, parts[1], parts[2]}, nil
				}
			}
		}
	}
	return nil, casegraph.Errorf(casegraph.EINVALID, "after: %q is not a cursor of xref", *after)
}

// pairAfter says whether m comes after the cursor in the order of a run:
// best score first, then by ids.
func pairAfter(m xref.Match, c pairCursor) bool {
	if m.Score != c.score {
		return m.Score < c.score
	}
	if m.Left != c.left {
		return m.Left > c.left
	}
	return m.Right > c.right
}

// matchRun finds (or starts) the run for a scope and waits for it as long
// as the request may; a run that outlasts the request goes on, and a later
// request reads it.
// With recordsOnly the run only reads and prepares the records (for
// matches, which compares one record with them).
func (r *resolver) matchRun(ctx context.Context, sc []casegraph.Schema, dataset string, within, recordsOnly bool) (*matchRun, error) {
	stamp, err := r.xref().XrefStamp(ctx)
	if err != nil {
		return nil, err
	}
	model, version, err := r.matchModel(ctx)
	if err != nil {
		return nil, err
	}
	stamp += "\x00" + version
	names := make([]string, len(sc))
	for i, s := range sc {
		names[i] = string(s)
	}
	sort.Strings(names)
	key := fmt.Sprintf("%s\x00%s\x00%t\x00%t", strings.Join(names, ","), dataset, within, recordsOnly)
	r.runs.mu.Lock()
	if r.runs.runs == nil {
		r.runs.runs = map[string]*matchRun{}
	}
	run := r.runs.runs[key]
	if run == nil || run.stamp != stamp || (run.err != nil && isDone(run)) {
		if r.runs.computing >= computingMatchRuns {
			r.runs.mu.Unlock()
			return nil, casegraph.Errorf(casegraph.ETOOMUCH, "%d cross-referencing runs are computing already; ask again when one has finished", computingMatchRuns)
		}
		r.runs.computing++
		run = &matchRun{stamp: stamp, done: make(chan struct{}), started: time.Now()}
		if _, had := r.runs.runs[key]; !had {
			r.runs.keys = append(r.runs.keys, key)
		}
		r.runs.runs[key] = run
		for len(r.runs.keys) > keptMatchRuns {
			delete(r.runs.runs, r.runs.keys[0])
			r.runs.keys = r.runs.keys[1:]
		}
		go r.compute(run, model, sc, dataset, within, recordsOnly)
	}
	r.runs.mu.Unlock()
	select {
	case <-run.done:
		return run, run.err
	case <-ctx.Done():
		run.mu.Lock()
		scored, all := run.scored, run.all
		run.mu.Unlock()
		progress := "reading the records"
		if all > 0 {
			progress = fmt.Sprintf("%d of %d candidate pairs scored", scored, all)
		}
		return nil, casegraph.Errorf(casegraph.ETIMEOUT, "cross-referencing is still running (%s, started %s ago); it goes on in the background: ask again shortly",
			progress, time.Since(run.started).Round(time.Second))
	}
}

func isDone(run *matchRun) bool {
	select {
	case <-run.done:
		return true
	default:
		return false
	}
}

// compute runs one cross-referencing under the server's lifetime, not the
// request's: the work is kept for the next request.
func (r *resolver) compute(run *matchRun, model xref.Model, sc []casegraph.Schema, dataset string, within, recordsOnly bool) {
	defer func() {
		r.runs.mu.Lock()
		r.runs.computing--
		r.runs.mu.Unlock()
		close(run.done)
	}()
	ctx := r.baseCtx
	left, err := r.xref().XrefRecords(ctx, sc, dataset)
	if err != nil {
		run.err = err
		return
	}
	var right []xref.Record
	if dataset != "" && !within {
		all, err := r.xref().XrefRecords(ctx, sc, "")
		if err != nil {
			run.err = err
			return
		}
		for _, rec := range all {
			if rec.Dataset != dataset {
				right = append(right, rec)
			}
		}
	}
	if len(left)+len(right) > maxXrefRecords {
		run.err = casegraph.Errorf(casegraph.ETOOMUCH, "cross-referencing reads at most %d records; this scope has %d: name a dataset or schemata",
			maxXrefRecords, len(left)+len(right))
		return
	}
	run.records = map[string]*xref.Prepared{}
	prep := func(recs []xref.Record) []*xref.Prepared {
		out := make([]*xref.Prepared, len(recs))
		for i, rec := range recs {
			out[i] = xref.Prepare(rec)
			run.records[rec.ID] = out[i]
		}
		return out
	}
	pl := prep(left)
	var pr []*xref.Prepared
	if right != nil || (dataset != "" && !within) {
		pr = prep(right)
		if pr == nil {
			pr = []*xref.Prepared{}
		}
	}
	run.model = model
	if recordsOnly {
		run.sorted = append(pl, pr...)
		sort.Slice(run.sorted, func(i, j int) bool { return run.sorted[i].ID < run.sorted[j].ID })
		return
	}
	run.matches, run.err = xref.Run(ctx, pl, pr, model, 0, xref.BlockOptions{}, func(done, total int) {
		run.mu.Lock()
		run.scored, run.all = done, total
		run.mu.Unlock()
	})
}

type matchesArgs struct {
	ID    ID
	First int32
}

// Matches lists the likely matches of one record against every record of
// its family, best first.
func (r *resolver) Matches(ctx context.Context, args matchesArgs) (*matchConnection, error) {
	if err := charge(ctx, "matches", nil); err != nil {
		return nil, err
	}
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	e, err := r.graph.GetEntity(ctx, string(args.ID))
	if err != nil {
		return nil, err
	}
	family, ok := xref.FamilyOf(e.Schema)
	if !ok {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%s records are not cross-referenced; matches are found for people, companies, organisations, public bodies and bank accounts", e.Schema)
	}
	var sc []casegraph.Schema
	for _, s := range casegraph.Schemata {
		if f, ok := xref.FamilyOf(s); ok && f == family {
			sc = append(sc, s)
		}
	}
	run, err := r.matchRun(ctx, sc, "", false, true)
	if err != nil {
		return nil, err
	}
	me := run.records[e.ID]
	if me == nil {
		return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no record %q among the cross-referenced records; was it loaded after the last run?", e.ID)
	}
	others := run.sorted
	var rows []xref.Match
	for _, pair := range xref.Candidates([]*xref.Prepared{me}, others, xref.BlockOptions{}) {
		if others[pair[1]].ID == me.ID {
			continue
		}
		m := run.model.Compare(me, others[pair[1]])
		if m.Score >= run.model.Threshold/2 {
			rows = append(rows, m)
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		return pairAfter(b, pairCursor{a.Score, a.Left, a.Right})
	})
	clusters, err := r.judged.get(ctx, r.xref())
	if err != nil {
		return nil, err
	}
	conn, err := r.matchPage(ctx, rows, 0, first, clusters)
	if err != nil {
		return nil, err
	}
	for _, m := range rows {
		if _, ok := clusters.Judgement(m.Left, m.Right); ok {
			conn.judgedCount++
		}
	}
	return conn, nil
}

// matchPage serves one page of matches with their records.
func (r *resolver) matchPage(ctx context.Context, rows []xref.Match, skip, first int, clusters *xref.Clusters) (*matchConnection, error) {
	total := len(rows)
	rows = rows[min(skip, len(rows)):]
	if len(rows) > first+1 {
		rows = rows[:first+1]
	}
	var ids []string
	for _, m := range rows {
		ids = append(ids, m.Left, m.Right)
	}
	records, err := r.graph.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	nodes := make([]*matchResolver, 0, len(rows))
	for _, m := range rows {
		left, lok := records[m.Left]
		right, rok := records[m.Right]
		if !lok || !rok {
			continue // a record gone since the run; the next run drops the pair
		}
		mr := &matchResolver{m: m, left: left, right: right}
		if d, ok := clusters.Judgement(m.Left, m.Right); ok {
			mr.d = &d
		}
		nodes = append(nodes, mr)
	}
	loadersOf(ctx).entities(slices.Collect(func(yield func(casegraph.Entity) bool) {
		for _, e := range records {
			if !yield(e) {
				return
			}
		}
	}))
	conn := page(nodes, skip, first)
	for i, e := range conn.edges {
		e.cursor = encodePairCursor(nodes[i].m)
	}
	if n := len(conn.edges); n > 0 {
		conn.page.start, conn.page.end = &conn.edges[0].cursor, &conn.edges[n-1].cursor
	}
	return &matchConnection{connection: conn, total: int32(total)}, nil
}

type matchConnection struct {
	*connection[*matchResolver]
	total, judgedCount int32
}

func (c *matchConnection) TotalCount() int32  { return c.total }
func (c *matchConnection) JudgedCount() int32 { return c.judgedCount }

type matchResolver struct {
	m           xref.Match
	left, right casegraph.Entity
	d           *xref.Decision
}

func (m *matchResolver) Left() *entityResolver  { return newEntityResolver(m.left) }
func (m *matchResolver) Right() *entityResolver { return newEntityResolver(m.right) }
func (m *matchResolver) Score() float64         { return m.m.Score }
func (m *matchResolver) Features() []*featureResolver {
	out := make([]*featureResolver, len(m.m.Features))
	for i := range m.m.Features {
		out[i] = &featureResolver{m.m.Features[i]}
	}
	return out
}
func (m *matchResolver) Judgement() *string {
	if m.d == nil {
		return nil
	}
	s := string(m.d.Judgement)
	return &s
}
func (m *matchResolver) Note() *string {
	if m.d == nil || m.d.Note == "" {
		return nil
	}
	return &m.d.Note
}
func (m *matchResolver) JudgedBy() *string {
	if m.d == nil {
		return nil
	}
	return &m.d.User
}
func (m *matchResolver) JudgedAt() *string {
	if m.d == nil {
		return nil
	}
	s := m.d.CreatedAt.UTC().Format(time.RFC3339)
	return &s
}

type featureResolver struct{ f xref.Feature }

func (f *featureResolver) Name() string    { return f.f.Name }
func (f *featureResolver) Score() float64  { return f.f.Score }
func (f *featureResolver) Weight() float64 { return f.f.Weight }
func (f *featureResolver) Value() float64  { return f.f.Value }
func (f *featureResolver) Detail() string  { return f.f.Detail }

// --- verdicts --------------------------------------------------------------

type judgeArgs struct {
	Left, Right ID
	Judgement   string
	Note        *string
}

// maxNoteBytes bounds a judgement's note.
const maxNoteBytes = 4000

// Judge records an analyst's verdict on a pair of records. Both must exist
// and be of one family; a verdict that would put two records judged
// DIFFERENT into one cluster is refused with the chain that joins them.
func (r *resolver) Judge(ctx context.Context, args judgeArgs) (*matchResolver, error) {
	if err := RequireRole(ctx, casegraph.RoleAnalyst); err != nil {
		return nil, err
	}
	left, right := xref.Pair(string(args.Left), string(args.Right))
	if left == right {
		return nil, casegraph.Errorf(casegraph.EINVALID, "a record cannot be judged against itself")
	}
	note := ""
	if args.Note != nil {
		note = strings.TrimSpace(*args.Note)
	}
	if len(note) > maxNoteBytes {
		return nil, casegraph.Errorf(casegraph.EINVALID, "a note holds at most %d bytes, this one %d", maxNoteBytes, len(note))
	}
	records, err := r.graph.EntitiesByID(ctx, []string{left, right})
	if err != nil {
		return nil, err
	}
	for _, id := range []string{left, right} {
		if _, ok := records[id]; !ok {
			return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", id)
		}
	}
	fl, okl := xref.FamilyOf(records[left].Schema)
	fr, okr := xref.FamilyOf(records[right].Schema)
	if !okl || !okr || fl != fr {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%s is a %s and %s a %s: only people with people, organisations with organisations and accounts with accounts can be judged",
			left, records[left].Schema, right, records[right].Schema)
	}
	user := "local"
	if t, ok := TokenFrom(ctx); ok {
		user = t.Name
	}
	d := xref.Decision{Left: left, Right: right, Judgement: xref.Judgement(args.Judgement), Note: note,
		User: user, CreatedAt: time.Now().UTC()}
	model, _, err := r.matchModel(ctx)
	if err != nil {
		return nil, err
	}
	m := model.Compare(xref.Prepare(xref.FromEntity(records[left], "", nil)), xref.Prepare(xref.FromEntity(records[right], "", nil)))
	d.Score = m.Score
	// One verdict at a time, so that two analysts cannot together make a
	// contradiction that each alone would have been refused.
	r.judging.Lock()
	defer r.judging.Unlock()
	r.judged.forget()
	clusters, err := r.judged.get(ctx, r.xref())
	if err != nil {
		return nil, err
	}
	if err := clusters.Check(d); err != nil {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%v", err)
	}
	if _, err := r.xref().SaveJudgement(ctx, d); err != nil {
		return nil, err
	}
	r.judged.forget()
	if clusters, err = r.judged.get(ctx, r.xref()); err != nil {
		return nil, err
	}
	mr := &matchResolver{m: m, left: records[left], right: records[right]}
	if stored, ok := clusters.Judgement(left, right); ok {
		mr.d = &stored
	}
	return mr, nil
}

// --- an entity's cluster ----------------------------------------------------

// CanonicalId is the id of the record that stands for this entity's cluster.
func (e *entityResolver) CanonicalId(ctx context.Context) (ID, error) {
	c, err := requestClusters(ctx)
	if err != nil || c == nil {
		return e.ID, err
	}
	return ID(c.Canonical(string(e.ID))), nil
}

// SameAs lists the other records of this entity's cluster; a merged entity
// (drawn under its canonical id) lists them all but the canonical one.
func (e *entityResolver) SameAs(ctx context.Context) ([]*entityResolver, error) {
	c, err := requestClusters(ctx)
	if err != nil || c == nil {
		return []*entityResolver{}, err
	}
	var ids []string
	for _, m := range c.Members(string(e.ID)) {
		if m != string(e.ID) {
			ids = append(ids, m)
		}
	}
	if len(ids) == 0 {
		return []*entityResolver{}, nil
	}
	return entitiesOf(ctx, ids)
}

// Judgements lists the verdicts on pairs this record is part of, newest first.
func (e *entityResolver) Judgements(ctx context.Context) ([]*matchResolver, error) {
	c, err := requestClusters(ctx)
	if err != nil || c == nil {
		return []*matchResolver{}, err
	}
	var ds []xref.Decision
	for _, d := range c.Decisions() {
		if d.Left == string(e.ID) || d.Right == string(e.ID) {
			ds = append(ds, d)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].CreatedAt.After(ds[j].CreatedAt) })
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.Left, d.Right)
	}
	records, err := loadersOf(ctx).g.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*matchResolver, 0, len(ds))
	for _, d := range ds {
		l, lok := records[d.Left]
		r, rok := records[d.Right]
		if !lok || !rok {
			continue
		}
		d := d
		out = append(out, &matchResolver{m: xref.Match{Left: d.Left, Right: d.Right, Score: d.Score}, left: l, right: r, d: &d})
	}
	return out, nil
}
