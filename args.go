package casegraph

import "math"

// Argument checks of the relationship queries: each params type fills in
// its defaults and refuses what is out of range, with a message that names
// the argument and its range. It never clamps. The API and the store both
// call these, so a limit is written once.

// MaxSeeds is how many entities one neighbourhood request may start from.
const MaxSeeds = 50

// PaymentEdge is the Edge.Type of a payment drawn as one edge from payer to
// beneficiary.
const PaymentEdge = "PAYMENT"

// defaultInRange sets *v to def when it is 0 and refuses it outside 1..max,
// naming the argument and what it counts (unit, with its leading space).
func defaultInRange(name string, v *int, def, max int, unit string) error {
	if *v == 0 {
		*v = def
	}
	if *v < 1 || *v > max {
		return Errorf(EINVALID, "%s %d is out of range: use 1 to %d%s", name, *v, max, unit)
	}
	return nil
}

// distinctIDs drops repeated ids, keeping the first of each, in order; ok
// is false when one of them is empty. The list it returns is never nil.
func distinctIDs(ids []string) (out []string, ok bool) {
	out = make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id == "" {
			return nil, false
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, true
}

// checkIDs drops repeated ids, keeping the first of each, and refuses empty
// ids and lists shorter than lo or longer than hi once repeats are dropped.
// what names the ids in the error message ("participant", "entity").
func checkIDs(what string, ids []string, lo, hi int) ([]string, error) {
	out, ok := distinctIDs(ids)
	if !ok {
		return nil, Errorf(EINVALID, "an empty %s id was given", what)
	}
	if len(out) < lo || len(out) > hi {
		if lo == 0 {
			return nil, Errorf(EINVALID, "at most %d %s ids may be given, not %d", hi, what, len(out))
		}
		return nil, Errorf(EINVALID, "between %d and %d %s ids must be given, not %d", lo, hi, what, len(out))
	}
	return out, nil
}

// checkPage refuses a page that skips a negative number of rows or whose
// size is not 1 to MaxPageSize. A page has no default size.
func checkPage(skip, limit int) error {
	if skip < 0 {
		return Errorf(EINVALID, "cannot skip a negative number of rows (%d)", skip)
	}
	if limit < 1 || limit > MaxPageSize {
		return Errorf(EINVALID, "page size must be between 1 and %d, not %d", MaxPageSize, limit)
	}
	return nil
}

// WithDefaults fills in the defaults and refuses anything out of range.
func (p NeighborhoodParams) WithDefaults() (NeighborhoodParams, error) {
	if len(p.IDs) == 0 {
		return p, Errorf(EINVALID, "neighborhood needs at least one id")
	}
	if len(p.IDs) > MaxSeeds {
		return p, Errorf(EINVALID, "neighborhood takes at most %d ids, got %d", MaxSeeds, len(p.IDs))
	}
	ids, ok := distinctIDs(p.IDs)
	if !ok {
		return p, Errorf(EINVALID, "neighborhood was given an empty id")
	}
	p.IDs = ids
	if err := defaultInRange("depth", &p.Depth, 1, MaxDepth, ""); err != nil {
		return p, err
	}
	if err := defaultInRange("limit", &p.Limit, DefaultLimit, MaxLimit, " nodes"); err != nil {
		return p, err
	}
	if p.Limit < len(p.IDs) {
		return p, Errorf(EINVALID, "limit %d is smaller than the %d ids asked for", p.Limit, len(p.IDs))
	}
	if err := defaultInRange("perNode", &p.PerNode, DefaultPerNode, MaxPerNode, " links per node"); err != nil {
		return p, err
	}
	for _, sc := range p.Schemata {
		if !sc.Valid() {
			return p, Errorf(EINVALID, "unknown schema %q", sc)
		}
	}
	return p, p.Window.Validate()
}

// Limits of a paths request beyond those in query.go.
const (
	MaxPaths     = 20 // paths in one answer
	DefaultPaths = 5
	DefaultHops  = 4
)

// WithDefaults fills in the defaults and refuses anything out of range.
func (p PathParams) WithDefaults() (PathParams, error) {
	if p.From == "" || p.To == "" {
		return p, Errorf(EINVALID, "paths needs both a from and a to id")
	}
	if p.From == p.To {
		return p, Errorf(EINVALID, "paths needs two different entities, got %q twice", p.From)
	}
	if err := defaultInRange("maxHops", &p.MaxHops, DefaultHops, MaxHops, ""); err != nil {
		return p, err
	}
	if err := defaultInRange("limit", &p.Limit, DefaultPaths, MaxPaths, " paths"); err != nil {
		return p, err
	}
	return p, p.Window.Validate()
}

const (
	DefaultMoneyHops   = 4   // when MoneyFlowParams.MaxHops is 0
	DefaultMoneyChains = 100 // when MoneyFlowParams.Limit is 0
	MaxMoneyChains     = 500 // the most chains one answer may ask for
)

// WithDefaults fills in the defaults and refuses what is out of range; it
// never clamps.
func (p MoneyFlowParams) WithDefaults() (MoneyFlowParams, error) {
	if p.From == "" {
		return p, Errorf(EINVALID, "moneyFlow needs the id of the entity to start from")
	}
	switch p.Direction {
	case "":
		p.Direction = Outgoing
	case Outgoing, Incoming:
	default:
		return p, Errorf(EINVALID, "direction must be OUT or IN, not %q", p.Direction)
	}
	if p.MaxHops == 0 {
		p.MaxHops = DefaultMoneyHops
	}
	if p.MaxHops < 1 || p.MaxHops > MaxMoneyHops {
		return p, Errorf(EINVALID, "maxHops must be between 1 and %d, not %d", MaxMoneyHops, p.MaxHops)
	}
	if p.Limit == 0 {
		p.Limit = DefaultMoneyChains
	}
	if p.Limit < 1 || p.Limit > MaxMoneyChains {
		return p, Errorf(EINVALID, "limit must be between 1 and %d chains, not %d", MaxMoneyChains, p.Limit)
	}
	if p.MinAmount < 0 || math.IsNaN(p.MinAmount) || math.IsInf(p.MinAmount, 0) {
		return p, Errorf(EINVALID, "minAmount must be a number of at least 0, not %v", p.MinAmount)
	}
	if err := p.Window.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

// WithDefaults drops repeated participants and refuses a bad page, an empty
// participant id, more than MaxMeetingsFilter participants and a bad
// window. There are no defaults: a page names its size.
func (p MeetingParams) WithDefaults() (MeetingParams, error) {
	if err := checkPage(p.Skip, p.Limit); err != nil {
		return p, err
	}
	ids, err := checkIDs("participant", p.Participants, 0, MaxMeetingsFilter)
	if err != nil {
		return p, err
	}
	p.Participants = ids
	return p, p.Window.Validate()
}

// Valid reports whether o is one of ChargeOutcomes.
func (o ChargeOutcome) Valid() bool {
	for _, known := range ChargeOutcomes {
		if o == known {
			return true
		}
	}
	return false
}

// WithDefaults refuses a bad page and an unknown outcome. There are no
// defaults: a page names its size.
func (p ChargeParams) WithDefaults() (ChargeParams, error) {
	if err := checkPage(p.Skip, p.Limit); err != nil {
		return p, err
	}
	if p.Outcome != "" && !p.Outcome.Valid() {
		return p, Errorf(EINVALID, "unknown charge outcome %q (want one of %v)", p.Outcome, ChargeOutcomes)
	}
	return p, nil
}

// WithDefaults drops repeated ids, sets a Limit of 0 to DefaultLimit and
// refuses anything out of range.
func (p TimelineParams) WithDefaults() (TimelineParams, error) {
	ids, err := checkIDs("entity", p.IDs, 1, MaxTimelineIDs)
	if err != nil {
		return p, err
	}
	p.IDs = ids
	if p.Limit == 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit < 1 || p.Limit > MaxTimelineItems {
		return p, Errorf(EINVALID, "a timeline holds between 1 and %d items, not %d", MaxTimelineItems, p.Limit)
	}
	return p, p.Window.Validate()
}

// WithDefaults refuses unknown relationship types. The page is the
// caller's: the API checks it with its other connections.
func (p LinksParams) WithDefaults() (LinksParams, error) {
	for _, t := range p.Types {
		if !t.Valid() {
			return p, Errorf(EINVALID, "unknown relationship type %q", t)
		}
	}
	return p, nil
}
