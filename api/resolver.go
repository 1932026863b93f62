package api

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/casegraph/casegraph"
	"github.com/casegraph/casegraph/ingest"
	"github.com/casegraph/casegraph/xref"
)

// Caps on what one request may ask for. An over-cap request is refused with
// a clear error rather than silently clamped.
const (
	maxFirst = 100
)

// resolver is the GraphQL root.
type resolver struct {
	graph   Graph
	uploads *uploads
	baseCtx context.Context // the server's lifetime, for work that outlasts a request

	// Cross-referencing (xref.go): the matching model, the runs kept for
	// paging, the judgements' clusters, and one verdict at a time.
	xg      XrefGraph  // nil: the store keeps no judgements
	model   xref.Model // the default; matchModel says which is in use
	models  models
	runs    matchRuns
	judged  judgements
	judging sync.Mutex
}

func (r *resolver) Entity(ctx context.Context, args struct{ ID ID }) (*entityResolver, error) {
	e, err := r.graph.GetEntity(ctx, string(args.ID))
	if casegraph.ErrorCode(err) == casegraph.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	loadersOf(ctx).entity(e.Entity, true)
	return sourcedResolver(e.Entity, e.Sources), nil
}

type searchArgs struct {
	Query    string
	Schemata *[]string
	First    int32
	After    *string
	Resolve  bool
}

func (r *resolver) Search(ctx context.Context, args searchArgs) (*connection[*entityResolver], error) {
	if err := charge(ctx, "search", nil); err != nil {
		return nil, err
	}
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	sc, err := schemata(args.Schemata)
	if err != nil {
		return nil, err
	}
	p := casegraph.SearchParams{Query: args.Query, Skip: skip, Limit: first, Schemata: sc}
	hits, err := r.graph.Search(ctx, p)
	if err != nil {
		return nil, err
	}
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	var merged casegraph.Merged
	if c != nil {
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.Entity.ID
		}
		if merged, err = r.merged(ctx, c, ids); err != nil {
			return nil, err
		}
		hits = casegraph.ResolveHits(hits, c, merged)
	}
	l := loadersOf(ctx)
	nodes := make([]*entityResolver, len(hits))
	for i, h := range hits {
		if _, ok := merged[h.Entity.ID]; ok {
			// a merged entity cites its records' sources, not just this hit's
			l.entity(h.Entity, false)
			nodes[i] = newEntityResolver(h.Entity)
			continue
		}
		l.entity(h.Entity, true)
		nodes[i] = sourcedResolver(h.Entity, h.Sources)
	}
	return newConnection(nodes, hits, skip, first), nil
}

// newConnection pages the resolvers of hits fetched with one extra row
// past first.
func newConnection(nodes []*entityResolver, hits []casegraph.Sourced, skip, first int) *connection[*entityResolver] {
	conn := page(nodes, skip, first)
	for i, e := range conn.edges {
		e.score, e.degree = hits[i].Score, int32(hits[i].Degree)
	}
	return conn
}

func (r *resolver) Stats(ctx context.Context) (*statsResolver, error) {
	if err := charge(ctx, "stats", nil); err != nil {
		return nil, err
	}
	st, err := r.graph.Stats(ctx)
	if err != nil {
		return nil, err
	}
	return &statsResolver{st}, nil
}

// pageSize checks a `first` argument against the server cap.
func pageSize(first int32) (int, error) {
	if first < 1 || first > maxFirst {
		return 0, casegraph.Errorf(casegraph.EINVALID, "first must be between 1 and %d, got %d", maxFirst, first)
	}
	return int(first), nil
}

// pageArgs checks a connection's first and after arguments.
func pageArgs(first int32, after *string) (skip, n int, err error) {
	if n, err = pageSize(first); err != nil {
		return 0, 0, err
	}
	skip, err = decodeCursor(after)
	return skip, n, err
}

// Cursors are opaque to clients; inside they hold the offset of the next row.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

func decodeCursor(after *string) (int, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*after)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(raw), "o:"); ok {
			if n, err := strconv.Atoi(rest); err == nil && n >= 0 {
				return n, nil
			}
		}
	}
	return 0, casegraph.Errorf(casegraph.EINVALID, "after: %q is not a cursor this server gave out", *after)
}

// connection is a Relay connection of any node type: search results,
// meetings, charges, ingest jobs.
type connection[T any] struct {
	edges []*edge[T]
	page  pageInfo
}

func (c *connection[T]) Edges() []*edge[T]   { return c.edges }
func (c *connection[T]) PageInfo() *pageInfo { return &c.page }
func (c *connection[T]) Nodes() []T {
	out := make([]T, len(c.edges))
	for i, e := range c.edges {
		out[i] = e.node
	}
	return out
}

type edge[T any] struct {
	cursor string
	node   T
	score  float64 // search relevance; other connections have none
	degree int32   // search hits' links
}

func (e *edge[T]) Cursor() string { return e.cursor }
func (e *edge[T]) Node() T        { return e.node }
func (e *edge[T]) Score() float64 { return e.score }
func (e *edge[T]) Degree() int32  { return e.degree }

// page builds a connection from rows fetched with one extra past first,
// which is how the store says another page exists.
func page[T any](rows []T, skip, first int) *connection[T] {
	conn := &connection[T]{page: pageInfo{hasPrevious: skip > 0}}
	if len(rows) > first {
		rows, conn.page.hasNext = rows[:first], true
	}
	for i, r := range rows {
		conn.edges = append(conn.edges, &edge[T]{cursor: encodeCursor(skip + i + 1), node: r})
	}
	if n := len(conn.edges); n > 0 {
		conn.page.start, conn.page.end = &conn.edges[0].cursor, &conn.edges[n-1].cursor
	}
	return conn
}

type pageInfo struct {
	hasNext, hasPrevious bool
	start, end           *string
}

func (p *pageInfo) HasNextPage() bool     { return p.hasNext }
func (p *pageInfo) HasPreviousPage() bool { return p.hasPrevious }
func (p *pageInfo) StartCursor() *string  { return p.start }
func (p *pageInfo) EndCursor() *string    { return p.end }

type statsResolver struct{ st casegraph.Stats }

func (s *statsResolver) Nodes() float64         { return float64(s.st.Nodes) }
func (s *statsResolver) Relationships() float64 { return float64(s.st.Relationships) }

func (s *statsResolver) BySchema() []*countResolver {
	var out []*countResolver
	for _, sc := range casegraph.Schemata {
		if n, ok := s.st.BySchema[sc]; ok {
			out = append(out, &countResolver{string(sc), n})
		}
	}
	return out
}

func (s *statsResolver) ByRelationship() []*countResolver {
	var out []*countResolver
	for _, t := range casegraph.RelTypes {
		if n, ok := s.st.ByRelType[t]; ok {
			out = append(out, &countResolver{string(t), n})
		}
	}
	return out
}

type countResolver struct {
	key string
	n   int64
}

func (c *countResolver) Key() string    { return c.key }
func (c *countResolver) Count() float64 { return float64(c.n) }

// JSON is the JSON scalar: any value, passed through as it is.
// It is a plain map so that encoding it needs no MarshalJSON round trip
// (which encoding/json would validate and compact again); on input it
// takes a JSON object.
type JSON map[string]any

func (JSON) ImplementsGraphQLType(name string) bool { return name == "JSON" }
func (j *JSON) UnmarshalGraphQL(input any) error {
	m, ok := input.(map[string]any)
	if !ok {
		return fmt.Errorf("a JSON object was expected, got %T", input)
	}
	*j = m
	return nil
}

// ID is the ID scalar. Unlike graphql.ID it has no MarshalJSON, so
// encoding one is encoding a string, not a method call whose output
// encoding/json then validates and copies again; an answer holds hundreds.
type ID string

func (ID) ImplementsGraphQLType(name string) bool { return name == "ID" }
func (id *ID) UnmarshalGraphQL(input any) error {
	switch input := input.(type) {
	case string:
		*id = ID(input)
	case int32:
		*id = ID(strconv.Itoa(int(input)))
	default:
		return fmt.Errorf("an ID is a string or an integer, got %T", input)
	}
	return nil
}

// Date is the Date scalar: an ISO date string, possibly partial (2011, 2011-06).
type Date string

func (Date) ImplementsGraphQLType(name string) bool { return name == "Date" }
func (d *Date) UnmarshalGraphQL(input any) error {
	s, ok := input.(string)
	if !ok || !validDate(s) {
		return fmt.Errorf("a Date is written YYYY, YYYY-MM or YYYY-MM-DD, got %v", input)
	}
	*d = Date(s)
	return nil
}

type ingestRowsArgs struct {
	Mapping string
	Rows    []JSON
	DryRun  bool
}

// IngestRows is the notebook path into ingest: rows as JSON objects.
func (r *resolver) IngestRows(ctx context.Context, args ingestRowsArgs) (*ingestResult, error) {
	if err := RequireRole(ctx, casegraph.RoleAnalyst); err != nil {
		return nil, err
	}
	reports, err := r.uploads.ingestRows(ctx, args.Mapping, args.Rows, args.DryRun)
	if len(reports) == 0 {
		if err == nil {
			err = casegraph.Errorf(casegraph.EINTERNAL, "ingest produced no report")
		}
		return nil, err
	}
	var fileErr *ingest.FileError
	if errors.As(err, &fileErr) {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%v", err)
	}
	var mapErr *ingest.MappingError
	if errors.As(err, &mapErr) {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%v", err)
	}
	if err != nil {
		return nil, err
	}
	return &ingestResult{reports[0]}, nil
}

type ingestResult struct{ r *ingest.JobReport }

func (i *ingestResult) JobId() ID           { return ID(i.r.JobID) }
func (i *ingestResult) Status() string      { return i.r.Status }
func (i *ingestResult) RowsRead() int32     { return int32(i.r.Read) }
func (i *ingestResult) RowsLoaded() int32   { return int32(i.r.Loaded) }
func (i *ingestResult) RowsRejected() int32 { return int32(i.r.Rejected) }
func (i *ingestResult) Errors() []*rowErrorResolver {
	out := make([]*rowErrorResolver, len(i.r.Errors))
	for k, e := range i.r.Errors {
		out[k] = &rowErrorResolver{e}
	}
	return out
}
func (i *ingestResult) Preview(ctx context.Context) []*entityResolver {
	l := loadersOf(ctx)
	out := make([]*entityResolver, len(i.r.Preview))
	for k, e := range i.r.Preview {
		l.entity(e, false)
		out[k] = newEntityResolver(e)
	}
	return out
}

type rowErrorResolver struct{ e *ingest.RowError }

func (r *rowErrorResolver) Row() int32      { return int32(r.e.Row) }
func (r *rowErrorResolver) Column() *string { return optional(r.e.Column) }
func (r *rowErrorResolver) Value() *string  { return optional(r.e.Value) }
func (r *rowErrorResolver) Reason() string  { return r.e.Reason }
func (r *rowErrorResolver) Message() string { return r.e.Error() }

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

type ingestJobsArgs struct {
	First int32
	After *string
}

// IngestJobs lists ingest jobs, newest first.
func (r *resolver) IngestJobs(ctx context.Context, args ingestJobsArgs) (*connection[*entityResolver], error) {
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	jobs, err := r.graph.IngestJobs(ctx, skip, first)
	if err != nil {
		return nil, err
	}
	l := loadersOf(ctx)
	hits := make([]casegraph.Sourced, len(jobs))
	nodes := make([]*entityResolver, len(jobs))
	for i, j := range jobs {
		l.entity(j, false)
		hits[i], nodes[i] = casegraph.Sourced{Entity: j}, newEntityResolver(j)
	}
	return newConnection(nodes, hits, skip, first), nil
}
