package graph

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
)

// Window is an optional date window; dates are ISO text, possibly partial
// ("2011", "2011-03"). Empty means unbounded.
type Window struct {
	Since string
	Until string
}

// Validate refuses bounds that are not calendar dates (YYYY, YYYY-MM or
// YYYY-MM-DD) and windows that end before they begin; dates of different
// precision are compared on the precision they share ("2011" overlaps
// "2011-03-15").
func (w Window) Validate() error {
	for _, b := range []struct{ name, value string }{{"since", w.Since}, {"until", w.Until}} {
		if b.value != "" && !isPartialDate(b.value) {
			return Errorf(EINVALID, "%s %q is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", b.name, b.value)
		}
	}
	if s, u := w.Since, w.Until; s != "" && u != "" {
		if n := min(len(s), len(u)); s[:n] > u[:n] {
			return Errorf(EINVALID, "since %s is after until %s", s, u)
		}
	}
	return nil
}

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
	// levelByLevel runs one statement per level, as the two-level
	// statement's reference in tests.
	levelByLevel bool
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
	Limit       int  // chains
}

// Flow aggregates the payments from one party to another.
type Flow struct {
	Payer       string
	Beneficiary string
	Currency    string
	Total       float64
	Count       int64
	FirstDate   string
	LastDate    string
	PaymentIDs  []string
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
	Totals    map[string]float64 // per currency, of the flows
	Truncated bool
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

// ChargeRow is one count with its defendant, case, court and prosecutor.
type ChargeRow struct {
	Charge     Entity
	Defendant  *Entity
	Case       *Entity
	Prosecutor *Entity
	Sources    []Entity
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
