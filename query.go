package casegraph

// Types returned by the relationship queries (neighbourhood, paths, money
// flow, meetings, charges, timeline). Each query lives in its own file,
// next to its Cypher: neighborhood.go, paths.go, moneyflow.go, meeting.go,
// charge.go, timeline.go.

// Limits the queries enforce. The API refuses requests over them with a
// clear error (it does not clamp silently); these are the same numbers.
const (
	MaxDepth         = 3
	MaxHops          = 6
	MaxMoneyHops     = 8
	MaxLimit         = 2000 // nodes in one subgraph, paths in one answer
	MaxPerNode       = 200  // hub protection: links kept per expanded node
	DefaultPerNode   = 50
	DefaultLimit     = 500
	DefaultPageFirst = 20

	MaxPageSize       = 100  // rows in one page of meetings or charges
	MaxMeetingsFilter = 50   // participants one meetings query may name
	MaxTimelineIDs    = 50   // entities one timeline may be about
	MaxTimelineItems  = 1000 // items in one timeline
)

// Node is an entity as the canvas draws it.
type Node struct {
	Entity
	// Hidden counts links of this node left out by hub protection.
	Hidden int64
	// Degree is the node's total number of links.
	Degree int64
}

// Edge is one link on the canvas. A payment (payer → Payment → beneficiary)
// may be drawn as one edge of type "PAYMENT" from payer to beneficiary,
// carrying the payment's id, amount, currency and date.
type Edge struct {
	ID        string
	Type      string // a RelType, or "PAYMENT" for a collapsed payment
	Source    string
	Target    string
	Role      string
	StartDate string
	EndDate   string
	SourceIDs []string
	PaymentID string
	Amount    *float64
	Currency  string
	Date      string
}

// Subgraph is what a canvas draws; Truncated says something was left out.
type Subgraph struct {
	Nodes     []Node
	Edges     []Edge
	Truncated bool
}

// NeighborhoodParams ask for the links around some entities.
type NeighborhoodParams struct {
	IDs              []string
	Depth            int       // 1..MaxDepth
	RelTypes         []RelType // empty: all
	Schemata         []Schema  // empty: all; filters the neighbours, not the seeds
	Window           Window
	Limit            int // total nodes
	PerNode          int // hub protection
	CollapsePayments bool
	// NoDegrees leaves every Node.Degree at 0, for a caller that does not
	// show them: counting a neighbour's links is work its answer would not
	// use. Hidden (links left out) is counted either way.
	NoDegrees bool
	// Slim sends each node with its id, schema, name and sources and only
	// the properties named in Keep, for a caller that shows no more: Neo4j
	// then does not send, nor the driver decode, the rest of every node.
	Slim bool
	Keep []string
}

// Path is one route between two entities: nodes and the edges between them
// in order.
type Path struct {
	Nodes []Node
	Edges []Edge
}

// PathParams ask for shortest paths.
type PathParams struct {
	From, To string
	MaxHops  int // 1..MaxHops
	Limit    int // k shortest
	RelTypes []RelType
	Window   Window
}

// FlowDirection is which way money is followed.
type FlowDirection string

// Directions.
const (
	Outgoing FlowDirection = "OUT"
	Incoming FlowDirection = "IN"
)

// MoneyFlowParams ask where money went from (or came to) an entity.
type MoneyFlowParams struct {
	From        string
	Direction   FlowDirection
	MaxHops     int // 1..MaxMoneyHops
	Window      Window
	MinAmount   float64
	TimeOrdered bool // each onward payment on or after the one that funded it
	Limit       int  // chains listed; flows and totals count every payment
	// NoFlows leaves Flows out: the totals need only the payments at the
	// entity itself, the flows every payment within MaxHops.
	NoFlows bool
	// Resolve, when set, follows money through every record of a cluster
	// as through one entity: the origin's records all start the walk, and
	// reaching one record of a cluster reaches all of them. The answer
	// still names records; ResolveMoneyFlow draws it merged.
	Resolve Resolution
}

// MaxFlowPaymentIDs is the most payment ids one Flow lists.
const MaxFlowPaymentIDs = 1000

// Flow aggregates the payments from one party to another: all of them,
// whatever MoneyFlowParams.Limit says.
type Flow struct {
	Payer       string
	Beneficiary string
	Currency    string
	Total       float64
	Count       int64 // every payment of the flow
	FirstDate   string
	LastDate    string
	PaymentIDs  []string // the first MaxFlowPaymentIDs of them by id
}

// Chain is one sequence of payments, in order.
type Chain struct {
	PaymentIDs []string
	Parties    []string // payer, then each beneficiary in turn
	Amounts    []float64
	Currencies []string
	Dates      []string
}

// MoneyFlow is the answer to a money-flow question.
type MoneyFlow struct {
	Nodes     []Node
	Flows     []Flow
	Chains    []Chain
	Totals    map[string]float64 // per currency, of the flows at the origin
	Truncated bool               // chains were left out; flows and totals are complete
}

// MeetingParams ask for the events some entities attended together, a page
// at a time.
type MeetingParams struct {
	Participants []string // every one of them attended; empty: all events
	Window       Window
	Skip         int
	Limit        int // 1..MaxPageSize rows in the page
}

// Meeting is an event with its participants.
type Meeting struct {
	Event        Entity
	Participants []Entity
	Sources      []Entity
}

// Contact is someone an entity met, with how often and when.
type Contact struct {
	Entity    Entity
	Count     int64
	FirstDate string
	LastDate  string
	EventIDs  []string
}

// ChargeParams ask for charges, a page at a time; each filter is optional.
type ChargeParams struct {
	Defendant string // the charged entity's id
	// Also are other records of the same defendant (judged SAME): their
	// charges are listed with the defendant's.
	Also    []string
	Case    string // the court case's id
	Outcome ChargeOutcome
	Skip    int
	Limit   int // 1..MaxPageSize rows in the page
}

// ChargeRow is one count with its defendant, case, court and prosecutor.
type ChargeRow struct {
	Charge     Entity
	Defendant  *Entity
	Case       *Entity
	Prosecutor *Entity
	Sources    []Entity
}

// TimelineParams ask for the dated things about some entities.
type TimelineParams struct {
	IDs    []string // 1..MaxTimelineIDs entities
	Window Window
	Limit  int // 1..MaxTimelineItems items; 0 means DefaultLimit
}

// TimelineItem is one dated thing about the entities asked for.
type TimelineItem struct {
	Date      string
	Kind      string // PAYMENT, EVENT, CHARGE_FILED, CHARGE_OUTCOME, CASE_FILED, CASE_CLOSED, RELATIONSHIP_START, RELATIONSHIP_END
	Title     string
	EntityID  string // the payment, event, charge, case or relationship
	Related   []string
	SourceIDs []string
}

// Sourced is an entity together with the Source entities it cites.
type Sourced struct {
	Entity
	Sources []Entity
	Score   float64 // full-text score, for search hits
	Degree  int64   // links (citations aside), for search hits
}

// SearchParams are the inputs of a full-text search.
type SearchParams struct {
	Query    string
	Schemata []Schema // empty: all
	Skip     int
	Limit    int
}

// LinksParams ask for one page of links of each of several entities.
type LinksParams struct {
	IDs   []string
	Types []RelType // empty: all (CITED_IN is never a link)
	Skip  int
	Limit int
}

// Links is one entity's page of links.
type Links struct {
	Edges []Edge
	Total int64 // links matching the filter, all pages
}
