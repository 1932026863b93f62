package api

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/graph-gophers/graphql-go"
)

// The relationship queries: argument checking and shaping here, the Cypher
// in graph/. Every cap is enforced by graph with an EINVALID error.

func window(since, until *Date) casegraph.Window {
	var w casegraph.Window
	if since != nil {
		w.Since = string(*since)
	}
	if until != nil {
		w.Until = string(*until)
	}
	return w
}

func ids(in []ID) []string {
	out := make([]string, len(in))
	for i, id := range in {
		out[i] = string(id)
	}
	return out
}

// parseList parses an optional list argument item by item.
func parseList[T any](in *[]string, parse func(string) (T, error)) ([]T, error) {
	if in == nil {
		return nil, nil
	}
	out := make([]T, 0, len(*in))
	for _, s := range *in {
		v, err := parse(s)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func relTypes(in *[]string) ([]casegraph.RelType, error) {
	return parseList(in, casegraph.ParseRelType)
}
func schemata(in *[]string) ([]casegraph.Schema, error) { return parseList(in, casegraph.ParseSchema) }

type neighborhoodArgs struct {
	IDs              []ID
	Depth            int32
	Relationships    *[]string
	Schemata         *[]string
	Since, Until     *Date
	Limit            int32
	PerNode          int32
	CollapsePayments bool
	Resolve          bool
}

func (r *resolver) Neighborhood(ctx context.Context, args neighborhoodArgs) (*subgraphResolver, error) {
	if err := charge(ctx, "neighborhood", map[string]int{"ids": len(args.IDs), "depth": int(args.Depth),
		"perNode": int(args.PerNode), "limit": int(args.Limit)}); err != nil {
		return nil, err
	}
	types, err := relTypes(args.Relationships)
	if err != nil {
		return nil, err
	}
	sc, err := schemata(args.Schemata)
	if err != nil {
		return nil, err
	}
	p := casegraph.NeighborhoodParams{IDs: ids(args.IDs), Depth: int(args.Depth),
		RelTypes: types, Schemata: sc, Window: window(args.Since, args.Until), Limit: int(args.Limit),
		PerNode: int(args.PerNode), CollapsePayments: args.CollapsePayments,
		NoDegrees: !graphql.HasSelectedField(ctx, "degrees")}
	p.Slim, p.Keep = slimNodes(ctx)
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	if c != nil {
		p.IDs = c.Expand(p.IDs)
	}
	sg, err := r.graph.Neighborhood(ctx, p)
	if err != nil {
		return nil, err
	}
	if sg, err = r.withSourceFacts(ctx, p, sg); err != nil {
		return nil, err
	}
	if c != nil {
		m, err := r.merged(ctx, c, nodeIDs(sg.Nodes))
		if err != nil {
			return nil, err
		}
		sg = casegraph.ResolveSubgraph(sg, c, m)
	}
	l := loadersOf(ctx)
	l.nodes(sg.Nodes)
	l.edges(sg.Edges)
	return &subgraphResolver{sg: sg}, nil
}

// withSourceFacts adds, for each document among the seeds, the entities
// that cite it and the links among them (a document has no links of its
// own: its facts name it in their sources). A filter on relationship types
// or schemata keeps them out unless it asks for CITED_IN.
func (r *resolver) withSourceFacts(ctx context.Context, p casegraph.NeighborhoodParams, sg casegraph.Subgraph) (casegraph.Subgraph, error) {
	if len(p.Schemata) > 0 || (len(p.RelTypes) > 0 && !slices.Contains(p.RelTypes, casegraph.CitedIn)) {
		return sg, nil
	}
	seeds := map[string]bool{}
	for _, id := range p.IDs {
		seeds[id] = true
	}
	var docs []string
	for _, n := range sg.Nodes {
		if seeds[n.ID] && n.Schema == casegraph.Source {
			docs = append(docs, n.ID)
		}
	}
	if len(docs) == 0 {
		return sg, nil
	}
	perNode := p.PerNode
	if perNode == 0 {
		perNode = casegraph.DefaultPerNode
	}
	facts, err := r.graph.SourceFacts(ctx, docs, perNode)
	if err != nil {
		return sg, err
	}
	limit := p.Limit
	if limit == 0 {
		limit = casegraph.DefaultLimit
	}
	at := map[string]int{}
	for i, n := range sg.Nodes {
		at[n.ID] = i
	}
	for _, n := range facts.Nodes {
		if i, ok := at[n.ID]; ok {
			if seeds[n.ID] { // the document: its facts are its links
				sg.Nodes[i].Degree, sg.Nodes[i].Hidden = n.Degree, n.Hidden
			}
			continue
		}
		if len(sg.Nodes) >= limit {
			sg.Truncated = true
			continue
		}
		at[n.ID] = len(sg.Nodes)
		sg.Nodes = append(sg.Nodes, n)
	}
	edgeSeen := map[string]bool{}
	for _, e := range sg.Edges {
		edgeSeen[e.Type+"\x00"+e.ID] = true
	}
	for _, e := range facts.Edges {
		_, from := at[e.Source]
		_, to := at[e.Target]
		if key := e.Type + "\x00" + e.ID; from && to && !edgeSeen[key] {
			edgeSeen[key] = true
			sg.Edges = append(sg.Edges, e)
		}
	}
	sg.Truncated = sg.Truncated || facts.Truncated
	return sg, nil
}

// slimNodes says whether a subgraph's nodes can be sent slim (id, schema,
// name, sourceIds and the typed fields asked for; see casegraph.NeighborhoodParams)
// and which properties to keep: the typed fields' names are the property
// keys. A node's sources come from its sourceIds, so a slim node answers
// them too; asking for its properties, aliases, jobs or links gets whole
// nodes.
func slimNodes(ctx context.Context) (bool, []string) {
	var keep []string
	for _, f := range graphql.SelectedFieldNames(ctx) {
		name, ok := strings.CutPrefix(f, "nodes.")
		if !ok {
			continue
		}
		switch {
		case name == "id", name == "schema", name == "name", name == "sources", strings.HasPrefix(name, "sources."):
		case name == "properties", name == "aliases", name == "jobIds", name == "links":
			return false, nil
		default:
			if strings.Contains(name, ".") { // below links
				return false, nil
			}
			keep = append(keep, name)
		}
	}
	return true, keep
}

type subgraphResolver struct{ sg casegraph.Subgraph }

func (s *subgraphResolver) Nodes() []*entityResolver { return nodeResolvers(s.sg.Nodes) }
func (s *subgraphResolver) Edges() []*edgeResolver   { return edgeResolvers(s.sg.Edges) }
func (s *subgraphResolver) Truncated() bool          { return s.sg.Truncated }

func (s *subgraphResolver) Degrees() []*degreeResolver {
	out := make([]*degreeResolver, len(s.sg.Nodes))
	for i, n := range s.sg.Nodes {
		out[i] = &degreeResolver{ID: ID(n.ID), Degree: int32(n.Degree), Hidden: int32(n.Hidden)}
	}
	return out
}

type degreeResolver struct {
	ID     ID
	Degree int32
	Hidden int32
}

func nodeResolvers(nodes []casegraph.Node) []*entityResolver {
	out := make([]*entityResolver, len(nodes))
	for i, n := range nodes {
		out[i] = newEntityResolver(n.Entity)
	}
	return out
}

func edgeResolvers(edges []casegraph.Edge) []*edgeResolver {
	out := make([]*edgeResolver, len(edges))
	for i, e := range edges {
		out[i] = newEdgeResolver(e)
	}
	return out
}

// edgeResolver is an edge of a subgraph or path, as plain struct fields
// (see entityResolver).
type edgeResolver struct {
	ID        ID
	Type      string
	Source    ID
	Target    ID
	Role      *string
	StartDate *Date
	EndDate   *Date
	Date      *Date
	Amount    *float64
	Currency  *string
	SourceIds []ID
	PaymentId *ID

	e casegraph.Edge
}

func newEdgeResolver(e casegraph.Edge) *edgeResolver {
	r := &edgeResolver{ID: ID(e.ID), Type: e.Type, Source: ID(e.Source), Target: ID(e.Target),
		Role: optional(e.Role), StartDate: optionalDate(e.StartDate), EndDate: optionalDate(e.EndDate),
		Date: optionalDate(e.Date), Amount: e.Amount, Currency: optional(e.Currency),
		SourceIds: toIDs(e.SourceIDs), e: e}
	if e.PaymentID != "" {
		id := ID(e.PaymentID)
		r.PaymentId = &id
	}
	return r
}

// Sources are the documents the edge cites, through the request's source
// loader.
func (e *edgeResolver) Sources(ctx context.Context) ([]*entityResolver, error) {
	return sourcesOf(ctx, e.e.SourceIDs)
}

func optionalDate(s string) *Date {
	if s == "" {
		return nil
	}
	d := Date(s)
	return &d
}

func toIDs(in []string) []ID {
	out := make([]ID, len(in))
	for i, s := range in {
		out[i] = ID(s)
	}
	return out
}

type pathsArgs struct {
	From, To      ID
	MaxHops       int32
	Limit         int32
	Relationships *[]string
	Since, Until  *Date
	Resolve       bool
}

// maxResolvedPathEnds bounds the pairs of records a resolved paths question
// asks about (each end's cluster, one search per pair).
const maxResolvedPathEnds = 16

func (r *resolver) Paths(ctx context.Context, args pathsArgs) ([]*pathResolver, error) {
	if err := charge(ctx, "paths", map[string]int{"maxHops": int(args.MaxHops), "limit": int(args.Limit)}); err != nil {
		return nil, err
	}
	types, err := relTypes(args.Relationships)
	if err != nil {
		return nil, err
	}
	p := casegraph.PathParams{From: string(args.From), To: string(args.To),
		MaxHops: int(args.MaxHops), Limit: int(args.Limit), RelTypes: types, Window: window(args.Since, args.Until)}
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	var paths []casegraph.Path
	if c == nil {
		paths, err = r.graph.Paths(ctx, p)
	} else {
		paths, err = r.resolvedPaths(ctx, c, p)
	}
	if err != nil {
		return nil, err
	}
	l := loadersOf(ctx)
	out := make([]*pathResolver, len(paths))
	for i, p := range paths {
		l.nodes(p.Nodes)
		l.edges(p.Edges)
		out[i] = &pathResolver{Length: int32(len(p.Edges)), Nodes: nodeResolvers(p.Nodes), Edges: edgeResolvers(p.Edges)}
	}
	return out, nil
}

// resolvedPaths asks for the paths between every record of one end's
// cluster and every record of the other's, and draws them merged.
func (r *resolver) resolvedPaths(ctx context.Context, c casegraph.Resolution, p casegraph.PathParams) ([]casegraph.Path, error) {
	from, to := c.Members(p.From), c.Members(p.To)
	if c.Canonical(p.From) == c.Canonical(p.To) {
		return nil, casegraph.Errorf(casegraph.EINVALID, "%s and %s are records of one entity (judged SAME): there is no path to ask for; use resolve: false to see paths between the records", p.From, p.To)
	}
	if len(from)*len(to) > maxResolvedPathEnds {
		return nil, casegraph.Errorf(casegraph.ETOOMUCH, "the two ends have %d and %d records (judged SAME); resolved paths ask about at most %d pairs: use resolve: false and name records",
			len(from), len(to), maxResolvedPathEnds)
	}
	var all []casegraph.Path
	for _, f := range from {
		for _, t := range to {
			q := p
			q.From, q.To = f, t
			paths, err := r.graph.Paths(ctx, q)
			if casegraph.ErrorCode(err) == casegraph.ENOTFOUND && (f != p.From || t != p.To) {
				continue // another record of the cluster is gone
			}
			if err != nil {
				return nil, err
			}
			all = append(all, paths...)
		}
	}
	var ids []string
	for _, path := range all {
		ids = append(ids, nodeIDs(path.Nodes)...)
	}
	m, err := r.merged(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	return casegraph.ResolvePaths(all, c, m, p.Limit), nil
}

type pathResolver struct {
	Length int32
	Nodes  []*entityResolver
	Edges  []*edgeResolver
}

type moneyFlowArgs struct {
	From         ID
	Direction    string
	MaxHops      int32
	Since, Until *Date
	MinAmount    *float64
	TimeOrdered  bool
	Limit        int32
	Resolve      bool
}

func (r *resolver) MoneyFlow(ctx context.Context, args moneyFlowArgs) (*moneyFlowResolver, error) {
	if err := charge(ctx, "moneyFlow", map[string]int{"maxHops": int(args.MaxHops), "limit": int(args.Limit)}); err != nil {
		return nil, err
	}
	p := casegraph.MoneyFlowParams{From: string(args.From), Direction: casegraph.FlowDirection(args.Direction),
		MaxHops: int(args.MaxHops), Window: window(args.Since, args.Until), TimeOrdered: args.TimeOrdered,
		Limit: int(args.Limit)}
	if args.MinAmount != nil {
		p.MinAmount = *args.MinAmount
	}
	// Only the flows need the whole reach (graph/moneyflow.go).
	p.NoFlows = !slices.ContainsFunc(graphql.SelectedFieldNames(ctx), func(f string) bool {
		return f == "flows" || f == "flowPage" || strings.HasPrefix(f, "flows.") || strings.HasPrefix(f, "flowPage.")
	})
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	if c != nil {
		p.Resolve = c
	}
	mf, err := r.graph.MoneyFlow(ctx, p)
	if err != nil {
		return nil, err
	}
	if c != nil {
		m, err := r.merged(ctx, c, moneyFlowIDs(mf))
		if err != nil {
			return nil, err
		}
		mf = casegraph.ResolveMoneyFlow(mf, c, m, p.From, p.Direction)
	}
	return &moneyFlowResolver{mf}, nil
}

// moneyFlowIDs are the parties a money-flow answer names.
func moneyFlowIDs(mf casegraph.MoneyFlow) []string {
	ids := nodeIDs(mf.Nodes)
	for _, f := range mf.Flows {
		ids = append(ids, f.Payer, f.Beneficiary)
	}
	return ids
}

type moneyFlowResolver struct{ mf casegraph.MoneyFlow }

func (m *moneyFlowResolver) Nodes(ctx context.Context) []*entityResolver {
	loadersOf(ctx).nodes(m.mf.Nodes)
	return nodeResolvers(m.mf.Nodes)
}
func (m *moneyFlowResolver) Truncated() bool { return m.mf.Truncated }

func (m *moneyFlowResolver) Flows() []*flowResolver { return flowResolvers(m.mf.Flows) }

type flowPageArgs struct {
	First int32
	After *string
}

// FlowPage pages through the flows, which the store has all of already.
func (m *moneyFlowResolver) FlowPage(args flowPageArgs) (*flowConnection, error) {
	skip, n, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	flows := m.mf.Flows[min(skip, len(m.mf.Flows)):]
	return &flowConnection{page(flowResolvers(flows[:min(n+1, len(flows))]), skip, n), int32(len(m.mf.Flows))}, nil
}

type flowConnection struct {
	*connection[*flowResolver]
	total int32
}

func (c *flowConnection) TotalCount() int32 { return c.total }

func flowResolvers(flows []casegraph.Flow) []*flowResolver {
	out := make([]*flowResolver, len(flows))
	for i, f := range flows {
		out[i] = &flowResolver{Payer: ID(f.Payer), Beneficiary: ID(f.Beneficiary), Currency: optional(f.Currency),
			Total: f.Total, Count: int32(f.Count), FirstDate: optionalDate(f.FirstDate),
			LastDate: optionalDate(f.LastDate), PaymentIds: toIDs(f.PaymentIDs)}
	}
	return out
}

func (m *moneyFlowResolver) Chains() []*chainResolver {
	out := make([]*chainResolver, len(m.mf.Chains))
	for i, c := range m.mf.Chains {
		out[i] = &chainResolver{PaymentIds: toIDs(c.PaymentIDs), Parties: toIDs(c.Parties),
			Amounts: orEmptyF(c.Amounts), Currencies: orEmpty(c.Currencies), Dates: orEmpty(c.Dates)}
	}
	return out
}

func (m *moneyFlowResolver) Totals() []*currencyTotal {
	var out []*currencyTotal
	for cur, total := range m.mf.Totals {
		out = append(out, &currencyTotal{cur, total})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}

// The lists of a money flow are plain struct fields (see entityResolver).

type currencyTotal struct {
	Currency string
	Total    float64
}

type flowResolver struct {
	Payer       ID
	Beneficiary ID
	Currency    *string
	Total       float64
	Count       int32
	FirstDate   *Date
	LastDate    *Date
	PaymentIds  []ID
}

type chainResolver struct {
	PaymentIds []ID
	Parties    []ID
	Amounts    []float64
	Currencies []string
	Dates      []string
}

func orEmptyF(f []float64) []float64 {
	if f == nil {
		return []float64{}
	}
	return f
}

type meetingsArgs struct {
	Participants *[]ID
	Since, Until *Date
	First        int32
	After        *string
}

func (r *resolver) Meetings(ctx context.Context, args meetingsArgs) (*connection[*meetingResolver], error) {
	if err := charge(ctx, "meetings", nil); err != nil {
		return nil, err
	}
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	var who []string
	if args.Participants != nil {
		who = ids(*args.Participants)
	}
	ms, err := r.graph.Meetings(ctx, casegraph.MeetingParams{Participants: who, Window: window(args.Since, args.Until),
		Skip: skip, Limit: first})
	if err != nil {
		return nil, err
	}
	l := loadersOf(ctx)
	nodes := make([]*meetingResolver, len(ms))
	for i, m := range ms {
		l.entity(m.Event, true)
		l.entities(m.Participants)
		nodes[i] = &meetingResolver{m}
	}
	return page(nodes, skip, first), nil
}

type meetingResolver struct{ m casegraph.Meeting }

func (m *meetingResolver) Event() *entityResolver { return sourcedResolver(m.m.Event, m.m.Sources) }
func (m *meetingResolver) Participants() []*entityResolver {
	return entityResolvers(m.m.Participants)
}
func (m *meetingResolver) Sources() []*entityResolver { return entityResolvers(m.m.Sources) }

func entityResolvers(es []casegraph.Entity) []*entityResolver {
	out := make([]*entityResolver, len(es))
	for i, e := range es {
		out[i] = newEntityResolver(e)
	}
	return out
}

type contactsArgs struct {
	ID           ID
	Since, Until *Date
	Resolve      bool
}

func (r *resolver) Contacts(ctx context.Context, args contactsArgs) ([]*contactResolver, error) {
	if err := charge(ctx, "contacts", nil); err != nil {
		return nil, err
	}
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	var cs []casegraph.Contact
	if c == nil {
		cs, err = r.graph.Contacts(ctx, string(args.ID), window(args.Since, args.Until))
	} else {
		cs, err = r.resolvedContacts(ctx, c, string(args.ID), window(args.Since, args.Until))
	}
	if err != nil {
		return nil, err
	}
	l := loadersOf(ctx)
	out := make([]*contactResolver, len(cs))
	for i := range cs {
		l.entity(cs[i].Entity, false)
		out[i] = &contactResolver{cs[i]}
	}
	return out, nil
}

// resolvedContacts merges the contacts of every record of id's cluster.
func (r *resolver) resolvedContacts(ctx context.Context, c casegraph.Resolution, id string, w casegraph.Window) ([]casegraph.Contact, error) {
	var lists [][]casegraph.Contact
	var ids []string
	for _, m := range c.Members(id) {
		cs, err := r.graph.Contacts(ctx, m, w)
		if casegraph.ErrorCode(err) == casegraph.ENOTFOUND && m != id {
			continue
		}
		if err != nil {
			return nil, err
		}
		lists = append(lists, cs)
		for _, ct := range cs {
			ids = append(ids, ct.Entity.ID)
		}
	}
	merged, err := r.merged(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	return casegraph.ResolveContacts(lists, c, merged, id), nil
}

type contactResolver struct{ c casegraph.Contact }

func (c *contactResolver) Entity() *entityResolver { return newEntityResolver(c.c.Entity) }
func (c *contactResolver) Count() int32            { return int32(c.c.Count) }
func (c *contactResolver) FirstDate() *Date        { return optionalDate(c.c.FirstDate) }
func (c *contactResolver) LastDate() *Date         { return optionalDate(c.c.LastDate) }
func (c *contactResolver) EventIds() []ID          { return toIDs(c.c.EventIDs) }

type chargesArgs struct {
	Defendant *ID
	Case      *ID
	Outcome   *string
	First     int32
	After     *string
	Resolve   bool
}

func (r *resolver) Charges(ctx context.Context, args chargesArgs) (*connection[*chargeRecord], error) {
	if err := charge(ctx, "charges", nil); err != nil {
		return nil, err
	}
	skip, first, err := pageArgs(args.First, args.After)
	if err != nil {
		return nil, err
	}
	p := casegraph.ChargeParams{Skip: skip, Limit: first}
	if args.Defendant != nil {
		p.Defendant = string(*args.Defendant)
	}
	if args.Case != nil {
		p.Case = string(*args.Case)
	}
	if args.Outcome != nil {
		p.Outcome = casegraph.ChargeOutcome(*args.Outcome)
	}
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	if c != nil && p.Defendant != "" {
		for _, m := range c.Members(p.Defendant) {
			if m != p.Defendant {
				p.Also = append(p.Also, m)
			}
		}
	}
	rows, err := r.graph.Charges(ctx, p)
	if err != nil {
		return nil, err
	}
	if c != nil {
		var ids []string
		for _, row := range rows {
			for _, e := range []*casegraph.Entity{row.Defendant, row.Case, row.Prosecutor} {
				if e != nil {
					ids = append(ids, e.ID)
				}
			}
		}
		m, err := r.merged(ctx, c, ids)
		if err != nil {
			return nil, err
		}
		rows = casegraph.ResolveCharges(rows, c, m)
	}
	l := loadersOf(ctx)
	nodes := make([]*chargeRecord, len(rows))
	for i, row := range rows {
		l.entity(row.Charge, true)
		for _, e := range []*casegraph.Entity{row.Defendant, row.Case, row.Prosecutor} {
			if e != nil {
				l.entity(*e, false)
			}
		}
		nodes[i] = &chargeRecord{row}
	}
	return page(nodes, skip, first), nil
}

type chargeRecord struct{ r casegraph.ChargeRow }

func (c *chargeRecord) Charge() *entityResolver    { return sourcedResolver(c.r.Charge, c.r.Sources) }
func (c *chargeRecord) Outcome() *string           { return newEntityResolver(c.r.Charge).Outcome() }
func (c *chargeRecord) Defendant() *entityResolver { return optionalEntity(c.r.Defendant) }
func (c *chargeRecord) Case() *entityResolver      { return optionalEntity(c.r.Case) }
func (c *chargeRecord) Prosecutor() *entityResolver {
	return optionalEntity(c.r.Prosecutor)
}
func (c *chargeRecord) Sources() []*entityResolver { return entityResolvers(c.r.Sources) }

func optionalEntity(e *casegraph.Entity) *entityResolver {
	if e == nil {
		return nil
	}
	return newEntityResolver(*e)
}

type timelineArgs struct {
	IDs          []ID
	Since, Until *Date
	Limit        int32
	Resolve      bool
}

func (r *resolver) Timeline(ctx context.Context, args timelineArgs) ([]*timelineResolver, error) {
	if err := charge(ctx, "timeline", map[string]int{"ids": len(args.IDs), "limit": int(args.Limit)}); err != nil {
		return nil, err
	}
	p := casegraph.TimelineParams{IDs: ids(args.IDs), Window: window(args.Since, args.Until), Limit: int(args.Limit)}
	c, err := r.resolution(ctx, args.Resolve)
	if err != nil {
		return nil, err
	}
	if c != nil {
		p.IDs = c.Expand(p.IDs)
	}
	items, err := r.graph.Timeline(ctx, p)
	if err != nil {
		return nil, err
	}
	if c != nil {
		items = casegraph.ResolveTimeline(items, c)
	}
	out := make([]*timelineResolver, len(items))
	for i := range items {
		out[i] = &timelineResolver{items[i]}
	}
	return out, nil
}

type timelineResolver struct{ t casegraph.TimelineItem }

func (t *timelineResolver) Date() Date      { return Date(t.t.Date) }
func (t *timelineResolver) Kind() string    { return t.t.Kind }
func (t *timelineResolver) Title() string   { return t.t.Title }
func (t *timelineResolver) EntityId() ID    { return ID(t.t.EntityID) }
func (t *timelineResolver) Related() []ID   { return toIDs(t.t.Related) }
func (t *timelineResolver) SourceIds() []ID { return toIDs(t.t.SourceIDs) }
