package casegraph

import (
	"slices"
	"time"
)

// Network analysis: scores and communities computed on a projection of the
// graph by Neo4j Graph Data Science. They are computed values, never facts
// from a source: each belongs to the AnalysisJob that made it, which says
// the algorithm, its parameters, the projection and when.

// Algorithm is a graph-level analysis casegraph runs.
type Algorithm string

const (
	PageRank    Algorithm = "PAGERANK"    // score: PageRank (weighted when the projection is)
	Degree      Algorithm = "DEGREE"      // score: number of links (or their total weight)
	WCC         Algorithm = "WCC"         // community: weakly connected component
	Louvain     Algorithm = "LOUVAIN"     // community: Louvain modularity communities
	Betweenness Algorithm = "BETWEENNESS" // score: betweenness centrality, sampled on large graphs
)

// Algorithms lists every algorithm in a stable order.
var Algorithms = []Algorithm{PageRank, Degree, WCC, Louvain, Betweenness}

// Valid reports whether a is a known algorithm.
func (a Algorithm) Valid() bool { return slices.Contains(Algorithms, a) }

// Communities reports whether a assigns communities rather than scores.
func (a Algorithm) Communities() bool { return a == WCC || a == Louvain }

// Weighting says what a collapsed payer→beneficiary link weighs.
type Weighting string

const (
	WeightNone   Weighting = "NONE"   // every link weighs 1
	WeightAmount Weighting = "AMOUNT" // a payment link weighs the sum of its amounts
	WeightCount  Weighting = "COUNT"  // a payment link weighs its number of payments
)

// Projection says which part of the graph an analysis runs on: entities of
// some schemata (from a dataset, if named), the links of some types between
// them dated in a window, payments collapsed to one payer→beneficiary link.
type Projection struct {
	Schemata      []Schema
	Relationships []RelType // PAID or PAID_TO stand for the collapsed payments
	Dataset       string
	Window        Window
	Weight        Weighting
}

// DefaultAnalysisSchemata are the parties and accounts: who can be central.
var DefaultAnalysisSchemata = []Schema{Person, Company, Organization, PublicBody, BankAccount}

// AnalysisRelTypes are the link types a projection may use; payments are
// always collapsed (PAID/PAID_TO), so FROM_ACCOUNT and TO_ACCOUNT are not
// projected, nor are links to sources.
var AnalysisRelTypes = []RelType{Ownership, Directorship, Employment, Membership, Associate, Family,
	Representation, UnknownLink, Paid, HoldsAccount, AccountAt, Attended, ChargedWith, InCase, ProsecutedBy, PartyTo}

// WithDefaults fills the defaults and checks every value against its
// allow-list.
func (p Projection) WithDefaults() (Projection, error) {
	if len(p.Schemata) == 0 {
		p.Schemata = DefaultAnalysisSchemata
	}
	for _, s := range p.Schemata {
		if !s.Valid() || s == Payment || s == Source || s == IngestJob {
			return p, Errorf(EINVALID, "schema %q cannot be analysed (payments are collapsed to payer→beneficiary links)", s)
		}
	}
	if len(p.Relationships) == 0 {
		p.Relationships = AnalysisRelTypes
	}
	var rels []RelType
	for _, t := range p.Relationships {
		if t == PaidTo {
			t = Paid
		}
		if !slices.Contains(AnalysisRelTypes, t) {
			return p, Errorf(EINVALID, "relationship type %q cannot be analysed; choose among %v", t, AnalysisRelTypes)
		}
		if !slices.Contains(rels, t) {
			rels = append(rels, t)
		}
	}
	p.Relationships = rels
	p.Schemata = slices.Compact(slices.Sorted(slices.Values(p.Schemata)))
	if p.Weight == "" {
		p.Weight = WeightNone
	}
	if p.Weight != WeightNone && p.Weight != WeightAmount && p.Weight != WeightCount {
		return p, Errorf(EINVALID, "weight must be NONE, AMOUNT or COUNT, got %q", p.Weight)
	}
	if err := p.Window.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

// Payments reports whether the projection collapses payments into links.
func (p Projection) Payments() bool { return slices.Contains(p.Relationships, Paid) }

// AnalysisParams are what one analysis job runs.
type AnalysisParams struct {
	Algorithm  Algorithm
	Projection Projection
	// SamplingSize bounds the source nodes betweenness starts from; 0
	// samples DefaultSamplingSize sources on graphs larger than that, and
	// every node on smaller ones.
	SamplingSize int
	// MaxIterations bounds PageRank and Louvain (0: the defaults, 20 and 10).
	MaxIterations int
}

// DefaultSamplingSize is how many sources betweenness samples by default.
const DefaultSamplingSize = 2000

// WithDefaults checks the algorithm and the projection.
func (a AnalysisParams) WithDefaults() (AnalysisParams, error) {
	if !a.Algorithm.Valid() {
		return a, Errorf(EINVALID, "unknown algorithm %q; choose among %v", a.Algorithm, Algorithms)
	}
	if a.SamplingSize < 0 || a.SamplingSize > 1_000_000 {
		return a, Errorf(EINVALID, "samplingSize must be between 1 and 1,000,000, got %d", a.SamplingSize)
	}
	if a.MaxIterations < 0 || a.MaxIterations > 1000 {
		return a, Errorf(EINVALID, "maxIterations must be between 1 and 1000, got %d", a.MaxIterations)
	}
	if a.MaxIterations == 0 {
		switch a.Algorithm {
		case PageRank:
			a.MaxIterations = 20
		case Louvain:
			a.MaxIterations = 10
		}
	}
	p, err := a.Projection.WithDefaults()
	a.Projection = p
	return a, err
}

// Analysis job statuses.
const (
	AnalysisQueued  = "queued"
	AnalysisRunning = "running"
	AnalysisDone    = "done"
	AnalysisFailed  = "failed"
)

// AnalysisJob is one run of an algorithm on a projection, and the record
// every value it computed points to.
type AnalysisJob struct {
	ID         string
	Params     AnalysisParams
	Parameters string // the algorithm's configuration as GDS got it, JSON
	By         string // who started it
	Status     string
	Stage      string  // what it is doing: projecting, computing, storing
	Progress   float64 // 0..1
	Error      string
	StartedAt  time.Time
	FinishedAt time.Time
	Nodes      int64 // in the projection
	Links      int64
	Results    int64 // metrics stored
	// Sampled: betweenness started from SamplingSize sources, not all.
	Sampled bool
	// How long the job took to project, and to compute and store its
	// results (zero until that stage ended).
	ProjectionTime, ComputeTime time.Duration
}

// AnalysisInterrupted is the error of a job whose server stopped (or
// died) while it ran: nothing runs it any more.
const AnalysisInterrupted = "interrupted: the server stopped"

// Metric is one computed value of one entity: a score, or a community.
type Metric struct {
	Entity    string
	Job       string
	Algorithm Algorithm
	Score     *float64 // nil for community algorithms
	Community *int64   // nil for score algorithms
}

// Community is one community (or component) a job found.
type Community struct {
	ID      int64
	Size    int64
	Members []string // the first members, most linked first
	// InternalMoney is the total amount of the payments between members
	// (in the job's window), by currency.
	InternalMoney map[string]float64
	Payments      int64
}

// ProjectionLink is one link of a projection as a job's algorithm sees it:
// a link of the graph, or payments from payer to beneficiary collapsed
// into one derived link weighing what the projection says.
type ProjectionLink struct {
	Source, Target string
	Type           string // a relationship type, or PAYMENT for collapsed payments
	Weight         float64
	Derived        bool     // collapsed payments: a summary, not a fact of one source
	Payments       int64    // how many payments a derived link sums
	SourceIDs      []string // the sources cited (a derived link's: of all its payments)
}

// ProjectionPage is one page of a projection's links: every link whose
// source entity is among the page's sources, at most PerNode a source.
type ProjectionPage struct {
	Links   []ProjectionLink
	Sources int   // source entities on the page
	Hidden  int64 // links left out because a source had more than PerNode
	// EndCursor is the last source's id: the next page starts after it.
	EndCursor   string
	HasNextPage bool
}
