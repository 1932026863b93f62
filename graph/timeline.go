package graph

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Kinds of timeline items, in the order items of one date are listed: what
// opens comes before what happens, which comes before what ends.
const (
	TimelineCaseFiled         = "CASE_FILED"
	TimelineChargeFiled       = "CHARGE_FILED"
	TimelineRelationshipStart = "RELATIONSHIP_START"
	TimelineEvent             = "EVENT"
	TimelinePayment           = "PAYMENT"
	TimelineChargeOutcome     = "CHARGE_OUTCOME"
	TimelineRelationshipEnd   = "RELATIONSHIP_END"
	TimelineCaseClosed        = "CASE_CLOSED"
)

// TimelineKinds lists the kinds in their order within one date.
var TimelineKinds = []string{TimelineCaseFiled, TimelineChargeFiled, TimelineRelationshipStart,
	TimelineEvent, TimelinePayment, TimelineChargeOutcome, TimelineRelationshipEnd, TimelineCaseClosed}

// timelineCypher gathers, in one statement, the dated things about the
// entities: payments they made or received, events they attended, charges
// against them, cases they are party to, charged in or prosecuted, and their
// dated relationships. An entity that is itself a payment, event, charge or
// case counts as about itself, and a case's timeline holds its charges.
// Each branch yields (date, kind, item or link); the heavier reading of who
// is involved is done only for the items kept after sorting and the limit.
// %[1]s is the window's predicate on the date (andWindow).
const timelineCypher = `MATCH (x:Entity) WHERE x.id IN $ids
WITH collect(x) AS xs
CALL (xs) {
  UNWIND xs AS x
  UNWIND [x] + COLLECT { MATCH (x)-[:PAID]->(p:Payment) RETURN p }
             + COLLECT { MATCH (p:Payment)-[:PAID_TO]->(x) RETURN p } AS p
  WITH DISTINCT p WHERE p:Payment
  RETURN p.date AS date, 'PAYMENT' AS kind, p AS item, null AS link
  UNION ALL
  UNWIND xs AS x
  UNWIND [x] + COLLECT { MATCH (x)-[:ATTENDED]->(e:Event) RETURN e } AS e
  WITH DISTINCT e WHERE e:Event
  RETURN e.date AS date, 'EVENT' AS kind, e AS item, null AS link
  UNION ALL
  UNWIND xs AS x
  UNWIND [x] + COLLECT { MATCH (x)-[:CHARGED_WITH]->(c:Charge) RETURN c }
             + COLLECT { MATCH (c:Charge)-[:IN_CASE]->(x) RETURN c } AS c
  WITH DISTINCT c WHERE c:Charge
  UNWIND [['CHARGE_FILED', coalesce(c.fileDate, c.date)], ['CHARGE_OUTCOME', c.outcomeDate]] AS dated
  RETURN dated[1] AS date, dated[0] AS kind, c AS item, null AS link
  UNION ALL
  UNWIND xs AS x
  UNWIND [x] + COLLECT { MATCH (x)-[:PARTY_TO]->(k:CourtCase) RETURN k }
             + COLLECT { MATCH (x)-[:CHARGED_WITH]->(:Charge)-[:IN_CASE]->(k:CourtCase) RETURN k }
             + COLLECT { MATCH (k:CourtCase)-[:PROSECUTED_BY]->(x) RETURN k } AS k
  WITH DISTINCT k WHERE k:CourtCase
  UNWIND [['CASE_FILED', k.fileDate], ['CASE_CLOSED', k.closeDate]] AS dated
  RETURN dated[1] AS date, dated[0] AS kind, k AS item, null AS link
  UNION ALL
  UNWIND xs AS x
  MATCH (x)-[r]-(:Entity) WHERE r.startDate IS NOT NULL OR r.endDate IS NOT NULL
  WITH DISTINCT r
  UNWIND [['RELATIONSHIP_START', r.startDate], ['RELATIONSHIP_END', r.endDate]] AS dated
  RETURN dated[1] AS date, dated[0] AS kind, null AS item, r AS link
}
WITH toString(date) AS date, kind, item, link, coalesce(item.id, link.id) AS id
WHERE date IS NOT NULL%[1]s
WITH * ORDER BY date, $kindOrder[kind], id LIMIT $limit
RETURN date, kind, id, coalesce(item.sourceIds, link.sourceIds) AS sourceIds, item, link,
  CASE
    WHEN kind = 'PAYMENT' THEN
      COLLECT { MATCH (a:Entity)-[:PAID]->(item) RETURN a {.id, .name, role: 'payer'} AS a ORDER BY a.id }
      + COLLECT { MATCH (item)-[:PAID_TO]->(b:Entity) RETURN b {.id, .name, role: 'beneficiary'} AS b ORDER BY b.id }
    WHEN kind = 'EVENT' THEN
      COLLECT { MATCH (p:Entity)-[:ATTENDED]->(item) RETURN p {.id, .name, role: 'participant'} AS p ORDER BY p.id }
    WHEN kind STARTS WITH 'CHARGE_' THEN
      COLLECT { MATCH (d:Entity)-[:CHARGED_WITH]->(item) RETURN d {.id, .name, role: 'defendant'} AS d ORDER BY d.id }
      + COLLECT { MATCH (item)-[:IN_CASE]->(k:Entity) RETURN k {.id, .name, role: 'case'} AS k ORDER BY k.id }
    WHEN kind STARTS WITH 'CASE_' THEN
      COLLECT { MATCH (p:Entity)-[:PARTY_TO]->(item) RETURN p {.id, .name, role: 'party'} AS p ORDER BY p.id }
      + COLLECT { MATCH (d:Entity)-[:CHARGED_WITH]->(:Charge)-[:IN_CASE]->(item) RETURN DISTINCT d {.id, .name, role: 'party'} AS d ORDER BY d.id }
      + COLLECT { MATCH (item)-[:PROSECUTED_BY]->(g:Entity) RETURN g {.id, .name, role: 'prosecutor'} AS g ORDER BY g.id }
    ELSE [{id: startNode(link).id, name: startNode(link).name, role: 'from'},
          {id: endNode(link).id, name: endNode(link).name, role: 'to'}]
  END AS related`

// Timeline lists the dated items about the entities p.IDs, oldest first,
// then in TimelineKinds order, then by id: payments they made or received,
// events they attended, charges against them (filed and decided), court
// cases they are party to, charged in or prosecuted (filed and closed), and
// their relationships starting and ending. Items without a date are left
// out; a partial date such as "2011-03" is kept when any day of it is inside
// the window. At most p.Limit items are returned (see TimelineParams).
func (s *Store) Timeline(ctx context.Context, p casegraph.TimelineParams) ([]casegraph.TimelineItem, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return nil, err
	}
	order := make(map[string]any, len(TimelineKinds))
	for i, k := range TimelineKinds {
		order[k] = int64(i)
	}
	params := windowParams(map[string]any{"ids": p.IDs, "kindOrder": order, "limit": int64(p.Limit)}, p.Window)
	cypher := fmt.Sprintf(timelineCypher, andWindow(windowDate(p.Window, "date", undatedOut)))
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.TimelineItem, error) {
		return collect(ctx, tx, cypher, params, timelineItem)
	})
}

// timelineParty is one entity involved in a timeline item, and how.
type timelineParty struct{ id, name, role string }

func timelineItem(rec *neo4j.Record) (casegraph.TimelineItem, error) {
	it := casegraph.TimelineItem{Related: []string{}}
	it.Date, _, _ = neo4j.GetRecordValue[string](rec, "date")
	it.Kind, _, _ = neo4j.GetRecordValue[string](rec, "kind")
	it.EntityID, _, _ = neo4j.GetRecordValue[string](rec, "id")
	raw, _ := rec.Get("sourceIds")
	it.SourceIDs = stringList(raw)

	var parties []timelineParty
	seen := map[string]bool{}
	raw, _ = rec.Get("related")
	list, _ := raw.([]any)
	for _, v := range list {
		m, _ := v.(map[string]any)
		p := timelineParty{}
		p.id, _ = m["id"].(string)
		p.name, _ = m["name"].(string)
		p.role, _ = m["role"].(string)
		if p.id == "" || seen[p.id+"\x00"+p.role] {
			continue
		}
		seen[p.id+"\x00"+p.role] = true
		parties = append(parties, p)
		if !slices.Contains(it.Related, p.id) {
			it.Related = append(it.Related, p.id)
		}
	}

	var item casegraph.Entity
	if v, _ := rec.Get("item"); v != nil {
		n, _ := v.(dbtype.Node)
		item = entityFromNode(n)
	}
	var relType, role string
	if v, _ := rec.Get("link"); v != nil {
		r, _ := v.(dbtype.Relationship)
		relType = r.Type
		role, _ = r.Props["role"].(string)
	}
	it.Title = timelineTitle(it.Kind, item, relType, role, parties)
	return it, nil
}

// timelineTitle says in a few words what happened.
func timelineTitle(kind string, item casegraph.Entity, relType, role string, parties []timelineParty) string {
	str := func(k string) string { s, _ := item.Properties[k].(string); return s }
	name := item.Name
	if name == "" && strings.HasPrefix(kind, "CHARGE_") {
		name = str("statute")
	}
	if name == "" {
		name = item.ID
	}
	switch kind {
	case TimelinePayment:
		title := "Payment"
		if amount, ok := item.Properties["amount"].(float64); ok {
			title += " " + formatAmount(amount)
		} else if amount, ok := item.Properties["amount"].(int64); ok {
			title += " " + formatAmount(float64(amount))
		}
		if cur := str("currency"); cur != "" {
			title += " " + cur
		}
		payers, beneficiaries := partyNames(parties, "payer"), partyNames(parties, "beneficiary")
		if payers != "" {
			title += " from " + payers
		}
		if beneficiaries != "" {
			title += " to " + beneficiaries
		}
		return title
	case TimelineEvent:
		if item.Name == "" && str("location") != "" {
			return "Event in " + str("location")
		}
		return name
	case TimelineChargeFiled:
		return "Charged: " + name
	case TimelineChargeOutcome:
		outcome := str("outcome")
		if outcome == "" {
			return "Charge decided: " + name
		}
		return sentenceCase(outcome) + ": " + name
	case TimelineCaseFiled:
		return "Case filed: " + name
	case TimelineCaseClosed:
		if status := str("status"); status != "" {
			return "Case closed (" + status + "): " + name
		}
		return "Case closed: " + name
	case TimelineRelationshipStart, TimelineRelationshipEnd:
		verb := " starts: "
		if kind == TimelineRelationshipEnd {
			verb = " ends: "
		}
		title := sentenceCase(relType) + verb + partyNames(parties, "from") + " → " + partyNames(parties, "to")
		if role != "" {
			title += " (" + role + ")"
		}
		return title
	}
	return name
}

// sentenceCase turns an upper-case identifier such as UNKNOWN_LINK into
// "Unknown link".
func sentenceCase(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "_", " "))
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// partyNames joins the names (or ids) of the parties with the given role.
func partyNames(parties []timelineParty, role string) string {
	var names []string
	for _, p := range parties {
		if p.role != role {
			continue
		}
		if p.name != "" {
			names = append(names, p.name)
		} else {
			names = append(names, p.id)
		}
	}
	return strings.Join(names, ", ")
}

// formatAmount writes 16500000 as "16,500,000" and 1234.5 as "1,234.50".
func formatAmount(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	digits := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac, _ := strings.Cut(digits, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "00" {
		b.WriteString("." + frac)
	}
	return b.String()
}
