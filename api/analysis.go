package api

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/casegraph/casegraph"
)

// Graph-level network analysis: jobs run by Neo4j Graph Data Science in the
// background, their computed values read back as Metrics that always say
// they are computed and by which job.

// AnalysisGraph is what analysis needs of the store (graph.Store has it; a
// Graph without it answers every analysis field with an error).
type AnalysisGraph interface {
	GDSVersion(ctx context.Context) (string, error)
	CreateAnalysisJob(ctx context.Context, job casegraph.AnalysisJob) error
	RunAnalysis(ctx context.Context, job casegraph.AnalysisJob) error
	AnalysisJob(ctx context.Context, id string) (casegraph.AnalysisJob, error)
	AnalysisJobs(ctx context.Context, skip, limit int) ([]casegraph.AnalysisJob, error)
	Metrics(ctx context.Context, ids []string, algorithm casegraph.Algorithm, job string) ([]casegraph.Metric, error)
	EntitiesMetrics(ctx context.Context, ids []string, limit int) (map[string][]casegraph.Metric, error)
	TopEntities(ctx context.Context, job string, limit int) ([]casegraph.Metric, error)
	Communities(ctx context.Context, job casegraph.AnalysisJob, skip, limit, members int) ([]casegraph.Community, int64, error)
	ProjectionLinks(ctx context.Context, p casegraph.Projection, after string, first, perNode int) (casegraph.ProjectionPage, error)
}

// Caps of the analysis fields.
const (
	maxMetricIDs        = 1000 // ids per metrics query
	maxEntityMetrics    = 50   // metrics per entity
	maxCommunityMembers = 100  // members listed per community
)

func analysisOf(g Graph) (AnalysisGraph, error) {
	ag, ok := g.(AnalysisGraph)
	if !ok {
		return nil, casegraph.Errorf(casegraph.EUNAVAILABLE, "this server's store runs no graph analysis")
	}
	return ag, nil
}

type projectionInput struct {
	Schemata      *[]string
	Relationships *[]string
	Dataset       *string
	Since, Until  *Date
	Weight        string
}

// projection is the projection an input asks for (nil: the default one).
func (in *projectionInput) projection() (casegraph.Projection, error) {
	var p casegraph.Projection
	if in == nil {
		return p, nil
	}
	var err error
	if p.Schemata, err = schemata(in.Schemata); err != nil {
		return p, err
	}
	if p.Relationships, err = relTypes(in.Relationships); err != nil {
		return p, err
	}
	if in.Dataset != nil {
		p.Dataset = *in.Dataset
	}
	p.Window = window(in.Since, in.Until)
	p.Weight = casegraph.Weighting(in.Weight)
	return p, nil
}

type analyzeArgs struct {
	Algorithm     string
	Projection    *projectionInput
	SamplingSize  *int32
	MaxIterations *int32
}

// Analyze checks the request and that Neo4j has GDS, records the job and
// runs it in the background; analysisJob(id) follows it.
func (r *resolver) Analyze(ctx context.Context, args analyzeArgs) (*analysisJobResolver, error) {
	if err := RequireRole(ctx, casegraph.RoleAnalyst); err != nil {
		return nil, err
	}
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	p := casegraph.AnalysisParams{Algorithm: casegraph.Algorithm(args.Algorithm)}
	if p.Projection, err = args.Projection.projection(); err != nil {
		return nil, err
	}
	if args.SamplingSize != nil {
		if *args.SamplingSize < 1 {
			return nil, casegraph.Errorf(casegraph.EINVALID, "samplingSize must be at least 1, got %d", *args.SamplingSize)
		}
		p.SamplingSize = int(*args.SamplingSize)
	}
	if args.MaxIterations != nil {
		if *args.MaxIterations < 1 {
			return nil, casegraph.Errorf(casegraph.EINVALID, "maxIterations must be at least 1, got %d", *args.MaxIterations)
		}
		p.MaxIterations = int(*args.MaxIterations)
	}
	if p, err = p.WithDefaults(); err != nil {
		return nil, err
	}
	if _, err := ag.GDSVersion(ctx); err != nil {
		return nil, err
	}
	job := casegraph.AnalysisJob{ID: "analysis-" + newID(), Params: p, Status: casegraph.AnalysisQueued,
		Stage: casegraph.AnalysisQueued, StartedAt: time.Now().UTC()}
	if t, ok := TokenFrom(ctx); ok {
		job.By = t.Name
	}
	if err := ag.CreateAnalysisJob(ctx, job); err != nil {
		return nil, err
	}
	if bg := r.uploads.background; bg != nil {
		bg.Add(1)
	}
	go func() {
		if bg := r.uploads.background; bg != nil {
			defer bg.Done()
		}
		if err := ag.RunAnalysis(r.baseCtx, job); err != nil {
			r.uploads.log.Warn("analysis job failed", "job", job.ID, "algorithm", p.Algorithm, "err", err)
		}
	}()
	return &analysisJobResolver{job}, nil
}

type analysisJobsArgs struct {
	First int32
	After *string
}

func (r *resolver) AnalysisJobs(ctx context.Context, args analysisJobsArgs) ([]*analysisJobResolver, error) {
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	jobs, err := ag.AnalysisJobs(ctx, skip, first)
	if err != nil {
		return nil, err
	}
	out := make([]*analysisJobResolver, len(jobs))
	for i, j := range jobs {
		out[i] = &analysisJobResolver{j}
	}
	return out, nil
}

func (r *resolver) AnalysisJob(ctx context.Context, args struct{ ID ID }) (*analysisJobResolver, error) {
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	j, err := ag.AnalysisJob(ctx, string(args.ID))
	if casegraph.ErrorCode(err) == casegraph.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &analysisJobResolver{j}, nil
}

type metricsArgs struct {
	IDs       []ID
	Algorithm string
	Job       *ID
}

func (r *resolver) Metrics(ctx context.Context, args metricsArgs) ([]*metricResolver, error) {
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	alg := casegraph.Algorithm(args.Algorithm)
	if len(args.IDs) > maxMetricIDs {
		return nil, casegraph.Errorf(casegraph.EINVALID, "metrics reads at most %d ids at once, got %d", maxMetricIDs, len(args.IDs))
	}
	job := ""
	if args.Job != nil {
		job = string(*args.Job)
	}
	ms, err := ag.Metrics(ctx, ids(args.IDs), alg, job)
	if err != nil {
		return nil, err
	}
	return r.metricResolvers(ctx, ag, ms)
}

type topArgs struct {
	Algorithm string
	First     int32
	Job       *ID
}

func (r *resolver) TopEntities(ctx context.Context, args topArgs) ([]*metricResolver, error) {
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	first, err := pageSize(args.First)
	if err != nil {
		return nil, err
	}
	alg := casegraph.Algorithm(args.Algorithm)
	if alg.Communities() {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%s puts entities in communities and scores none: ask communities(job) instead", alg)
	}
	var job casegraph.AnalysisJob
	if args.Job != nil {
		if job, err = ag.AnalysisJob(ctx, string(*args.Job)); err != nil {
			return nil, err
		}
		if job.Params.Algorithm != alg {
			return nil, casegraph.Errorf(casegraph.EINVALID, "job %s ran %s, not %s", job.ID, job.Params.Algorithm, alg)
		}
	} else if job, err = newestDone(ctx, ag, alg); err != nil {
		return nil, err
	}
	ms, err := ag.TopEntities(ctx, job.ID, first)
	if err != nil {
		return nil, err
	}
	return r.metricResolvers(ctx, ag, ms)
}

// newestDone is the newest finished job of an algorithm (among the 100
// newest jobs).
func newestDone(ctx context.Context, ag AnalysisGraph, alg casegraph.Algorithm) (casegraph.AnalysisJob, error) {
	jobs, err := ag.AnalysisJobs(ctx, 0, 100)
	if err != nil {
		return casegraph.AnalysisJob{}, err
	}
	for _, j := range jobs {
		if j.Params.Algorithm == alg && j.Status == casegraph.AnalysisDone {
			return j, nil
		}
	}
	return casegraph.AnalysisJob{}, casegraph.Errorf(casegraph.ENOTFOUND, "no %s job has finished yet: start one with analyze", alg)
}

type communitiesArgs struct {
	Job     ID
	First   int32
	After   *string
	Members int32
}

func (r *resolver) Communities(ctx context.Context, args communitiesArgs) (*communityConnection, error) {
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	if args.Members < 0 || args.Members > maxCommunityMembers {
		return nil, casegraph.Errorf(casegraph.EINVALID, "members must be between 0 and %d, got %d", maxCommunityMembers, args.Members)
	}
	job, err := ag.AnalysisJob(ctx, string(args.Job))
	if err != nil {
		return nil, err
	}
	if !job.Params.Algorithm.Communities() {
		return nil, casegraph.Errorf(casegraph.EINVALID, "job %s ran %s, which finds no communities: run WCC or LOUVAIN", job.ID, job.Params.Algorithm)
	}
	found, total, err := ag.Communities(ctx, job, skip, first+1, int(args.Members))
	if err != nil {
		return nil, err
	}
	nodes := make([]*communityResolver, len(found))
	for i, c := range found {
		nodes[i] = &communityResolver{c: c, job: &analysisJobResolver{job}}
	}
	return &communityConnection{conn: page(nodes, skip, first), total: int32(total)}, nil
}

type projectionLinksArgs struct {
	Projection *projectionInput
	First      int32
	After      *string
	PerNode    int32
}

// ProjectionLinks pages the links a job on the projection would see.
func (r *resolver) ProjectionLinks(ctx context.Context, args projectionLinksArgs) (*projectionLinkPage, error) {
	ag, err := analysisOf(r.graph)
	if err != nil {
		return nil, err
	}
	p, err := args.Projection.projection()
	if err != nil {
		return nil, err
	}
	after := ""
	if args.After != nil {
		after = *args.After
	}
	page, err := ag.ProjectionLinks(ctx, p, after, int(args.First), int(args.PerNode))
	if err != nil {
		return nil, err
	}
	return &projectionLinkPage{page: page, after: after}, nil
}

type projectionLinkPage struct {
	page  casegraph.ProjectionPage
	after string
}

func (r *projectionLinkPage) Links() []*projectionLink {
	out := make([]*projectionLink, len(r.page.Links))
	for i := range r.page.Links {
		out[i] = &projectionLink{r.page.Links[i]}
	}
	return out
}
func (r *projectionLinkPage) Sources() int32  { return int32(r.page.Sources) }
func (r *projectionLinkPage) Hidden() float64 { return float64(r.page.Hidden) }
func (r *projectionLinkPage) Truncated() bool { return r.page.Hidden > 0 }
func (r *projectionLinkPage) PageInfo() *pageInfo {
	pi := &pageInfo{hasNext: r.page.HasNextPage, hasPrevious: r.after != ""}
	if r.page.EndCursor != "" {
		end := r.page.EndCursor
		pi.end = &end
	}
	if r.after != "" {
		start := r.after
		pi.start = &start
	}
	return pi
}

type projectionLink struct{ l casegraph.ProjectionLink }

func (r *projectionLink) Source() ID      { return ID(r.l.Source) }
func (r *projectionLink) Target() ID      { return ID(r.l.Target) }
func (r *projectionLink) Type() string    { return r.l.Type }
func (r *projectionLink) Weight() float64 { return r.l.Weight }
func (r *projectionLink) Derived() bool   { return r.l.Derived }
func (r *projectionLink) Payments() int32 { return int32(r.l.Payments) }
func (r *projectionLink) SourceIds() []ID {
	out := make([]ID, len(r.l.SourceIDs))
	for i, id := range r.l.SourceIDs {
		out[i] = ID(id)
	}
	return out
}

// Metrics on an entity: every value finished jobs computed for it, read
// for every entity of the answer at once (metricLoader).
func (e *entityResolver) Metrics(ctx context.Context) ([]*metricResolver, error) {
	l := loadersOf(ctx)
	if l == nil || l.res == nil {
		return nil, nil
	}
	ag, ok := l.res.graph.(AnalysisGraph)
	if !ok {
		return []*metricResolver{}, nil // a store without analysis has computed nothing
	}
	got, err := l.metrics.get(ctx, l, ag, string(e.ID))
	if err != nil {
		return nil, err
	}
	return l.res.metricResolvers(ctx, ag, got)
}

// metricLoader answers Entity.metrics for a whole response: the first
// entity asked fetches the metrics of every entity the response holds (the
// link loader knows them all) in one query, and their jobs in one more per
// job (metricResolvers, cached for the request); an entity nobody told the
// loaders about is fetched late, in a query of its own.
type metricLoader struct {
	once  sync.Once
	batch *batch[[]casegraph.Metric]

	mu   sync.Mutex
	jobs map[string]*analysisJobResolver
}

func (m *metricLoader) get(ctx context.Context, l *loaders, ag AnalysisGraph, id string) ([]casegraph.Metric, error) {
	m.once.Do(func() {
		m.batch = newBatch(func(ctx context.Context, ids []string) (map[string][]casegraph.Metric, error) {
			return ag.EntitiesMetrics(ctx, ids, maxEntityMetrics)
		})
		l.links.mu.Lock()
		m.batch.want(l.links.order)
		l.links.mu.Unlock()
	})
	got, err := m.batch.get(ctx, []string{id})
	return got[id], err
}

// job is the request's one read of a job.
func (m *metricLoader) job(ctx context.Context, ag AnalysisGraph, id string) (*analysisJobResolver, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if j, ok := m.jobs[id]; ok {
		return j, nil
	}
	j, err := ag.AnalysisJob(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.jobs == nil {
		m.jobs = map[string]*analysisJobResolver{}
	}
	m.jobs[id] = &analysisJobResolver{j}
	return m.jobs[id], nil
}

// metricResolvers reads the jobs the metrics name, once each per request.
func (r *resolver) metricResolvers(ctx context.Context, ag AnalysisGraph, ms []casegraph.Metric) ([]*metricResolver, error) {
	jobs := map[string]*analysisJobResolver{}
	cache := &metricLoader{}
	if l := loadersOf(ctx); l != nil {
		cache = &l.metrics
	}
	for _, m := range ms {
		if _, ok := jobs[m.Job]; ok {
			continue
		}
		j, err := cache.job(ctx, ag, m.Job)
		if err != nil {
			return nil, err
		}
		jobs[m.Job] = j
	}
	out := make([]*metricResolver, len(ms))
	for i, m := range ms {
		out[i] = &metricResolver{m: m, job: jobs[m.Job]}
	}
	return out, nil
}

type analysisJobResolver struct{ j casegraph.AnalysisJob }

func (r *analysisJobResolver) ID() ID              { return ID(r.j.ID) }
func (r *analysisJobResolver) Algorithm() string   { return string(r.j.Params.Algorithm) }
func (r *analysisJobResolver) Status() string      { return r.j.Status }
func (r *analysisJobResolver) Stage() string       { return r.j.Stage }
func (r *analysisJobResolver) Progress() float64   { return r.j.Progress }
func (r *analysisJobResolver) Sampled() bool       { return r.j.Sampled }
func (r *analysisJobResolver) Nodes() float64      { return float64(r.j.Nodes) }
func (r *analysisJobResolver) Links() float64      { return float64(r.j.Links) }
func (r *analysisJobResolver) Results() float64    { return float64(r.j.Results) }
func (r *analysisJobResolver) By() string          { return r.j.By }
func (r *analysisJobResolver) StartedAt() string   { return r.j.StartedAt.UTC().Format(time.RFC3339) }
func (r *analysisJobResolver) FinishedAt() *string { return timeOrNil(r.j.FinishedAt) }
func (r *analysisJobResolver) Error() *string      { return strOrNil(r.j.Error) }
func (r *analysisJobResolver) Parameters() *JSON {
	if r.j.Parameters == "" {
		return nil
	}
	var m JSON
	if json.Unmarshal([]byte(r.j.Parameters), &m) != nil {
		return nil
	}
	return &m
}
func (r *analysisJobResolver) Projection() *projectionResolver {
	return &projectionResolver{r.j.Params.Projection}
}

type projectionResolver struct{ p casegraph.Projection }

func (r *projectionResolver) Schemata() []string {
	out := make([]string, len(r.p.Schemata))
	for i, s := range r.p.Schemata {
		out[i] = string(s)
	}
	return out
}
func (r *projectionResolver) Relationships() []string {
	out := make([]string, len(r.p.Relationships))
	for i, t := range r.p.Relationships {
		out[i] = string(t)
	}
	return out
}
func (r *projectionResolver) Dataset() *string { return strOrNil(r.p.Dataset) }
func (r *projectionResolver) Since() *Date     { return dateOrNil(r.p.Window.Since) }
func (r *projectionResolver) Until() *Date     { return dateOrNil(r.p.Window.Until) }
func (r *projectionResolver) Weight() string {
	if r.p.Weight == "" {
		return string(casegraph.WeightNone)
	}
	return string(r.p.Weight)
}

type metricResolver struct {
	m   casegraph.Metric
	job *analysisJobResolver
}

func (r *metricResolver) Computed() bool            { return true }
func (r *metricResolver) EntityID() ID              { return ID(r.m.Entity) }
func (r *metricResolver) Algorithm() string         { return string(r.m.Algorithm) }
func (r *metricResolver) Value() *float64           { return r.m.Score }
func (r *metricResolver) Job() *analysisJobResolver { return r.job }
func (r *metricResolver) Parameters() *JSON         { return r.job.Parameters() }
func (r *metricResolver) ComputedAt() *string       { return r.job.FinishedAt() }
func (r *metricResolver) Community() *ID {
	if r.m.Community == nil {
		return nil
	}
	id := ID(strconv.FormatInt(*r.m.Community, 10))
	return &id
}

type communityConnection struct {
	conn  *connection[*communityResolver]
	total int32
}

func (c *communityConnection) Nodes() []*communityResolver { return c.conn.Nodes() }
func (c *communityConnection) PageInfo() *pageInfo         { return c.conn.PageInfo() }
func (c *communityConnection) TotalCount() int32           { return c.total }

type communityResolver struct {
	c   casegraph.Community
	job *analysisJobResolver
}

func (r *communityResolver) ID() ID                    { return ID(strconv.FormatInt(r.c.ID, 10)) }
func (r *communityResolver) Size() int32               { return int32(r.c.Size) }
func (r *communityResolver) Payments() int32           { return int32(r.c.Payments) }
func (r *communityResolver) Job() *analysisJobResolver { return r.job }
func (r *communityResolver) InternalMoney() []*currencyTotal {
	var out []*currencyTotal
	for cur, total := range r.c.InternalMoney {
		out = append(out, &currencyTotal{Currency: cur, Total: total})
	}
	slices.SortFunc(out, func(a, b *currencyTotal) int { return strings.Compare(a.Currency, b.Currency) })
	return out
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func dateOrNil(s string) *Date {
	if s == "" {
		return nil
	}
	d := Date(s)
	return &d
}

func timeOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func (r *communityResolver) Members() []ID {
	out := make([]ID, len(r.c.Members))
	for i, id := range r.c.Members {
		out[i] = ID(id)
	}
	return out
}
