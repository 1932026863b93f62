package graph

import (
	"context"
	"fmt"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// MaxContacts is how many contacts Contacts returns for one entity.
const MaxContacts = 500

// meetingsTail is shared by both ways into the meetings: it keeps the events
// all the participants attended that overlap the window, newest first (undated
// ones last), and reads each with everyone who attended and its sources.
// %[1]s is the window's predicate on the event's date (andWindow).
const meetingsTail = `WHERE all(pid IN $participants WHERE EXISTS { MATCH (:Entity {id: pid})-[:ATTENDED]->(e) })%[1]s
WITH e ORDER BY e.date IS NULL, e.date DESC, e.id SKIP $skip LIMIT $limit
RETURN e AS n,
  COLLECT { MATCH (p:Entity)-[:ATTENDED]->(e) RETURN DISTINCT p ORDER BY p.name, p.id } AS participants,
  COLLECT { MATCH (s:Entity) WHERE s.id IN e.sourceIds AND s.schema = 'Source' RETURN s ORDER BY s.id } AS sources`

// meetingsOfCypher starts from the first participant named, so that only
// that participant's events are looked at.
const meetingsOfCypher = `MATCH (:Entity {id: $first})-[:ATTENDED]->(e:Event)
WITH DISTINCT e
` + meetingsTail

// allMeetingsCypher looks at every event.
const allMeetingsCypher = `MATCH (e:Event)
` + meetingsTail

// eventInWindow is the window's predicate on event e: an event without a
// date is in no window.
func eventInWindow(w casegraph.Window) string {
	return andWindow(windowDate(w, "toString(e.date)", undatedOut))
}

// Meetings lists the events attended by every one of p.Participants (all
// events when none is named) that overlap the window, newest first, each
// with all its participants and sources. A partial date such as "2011-03"
// overlaps the window when any day of it does. Like Search it returns one
// row more than p.Limit when there is a next page.
func (s *Store) Meetings(ctx context.Context, p casegraph.MeetingParams) ([]casegraph.Meeting, error) {
	p, err := p.WithDefaults()
	if err != nil {
		return nil, err
	}
	params := windowParams(map[string]any{"participants": p.Participants,
		"skip": int64(p.Skip), "limit": int64(p.Limit + 1)}, p.Window)
	cypher := allMeetingsCypher
	if len(p.Participants) > 0 {
		cypher = meetingsOfCypher
		params["first"] = p.Participants[0]
	}
	cypher = fmt.Sprintf(cypher, eventInWindow(p.Window))
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Meeting, error) {
		return collect(ctx, tx, cypher, params, func(rec *neo4j.Record) (casegraph.Meeting, error) {
			ev, err := sourcedFromRecord(rec)
			if err != nil {
				return casegraph.Meeting{}, err
			}
			raw, _ := rec.Get("participants")
			return casegraph.Meeting{Event: ev.Entity, Participants: entitiesFromList(raw), Sources: ev.Sources}, nil
		})
	})
}

// contactsCypher finds everyone who attended an event in the window together
// with the entity. The OPTIONAL MATCH keeps one row (with no contact) for an
// entity that met nobody, so that no row at all means no such entity.
// %[1]s is the window's predicate on the event (eventInWindow).
const contactsCypher = `MATCH (me:Entity {id: $id})
OPTIONAL MATCH (me)-[:ATTENDED]->(e:Event)<-[:ATTENDED]-(other:Entity)
  WHERE other <> me%[1]s
WITH DISTINCT other, e ORDER BY e.date, e.id
WITH other, count(e) AS meetings, min(e.date) AS first, max(e.date) AS last, collect(e.id) AS eventIds
ORDER BY meetings DESC, other.name, other.id LIMIT $limit
RETURN other, meetings, first, last, eventIds`

// Contacts lists who met the entity: everyone who attended at least one
// event in the window with it, with how many such events, the first and last
// of their dates, and their ids (oldest first). Most frequent contacts come
// first, then by name; at most MaxContacts are returned.
func (s *Store) Contacts(ctx context.Context, id string, w casegraph.Window) ([]casegraph.Contact, error) {
	if id == "" {
		return nil, casegraph.Errorf(casegraph.EINVALID, "contacts need an entity id")
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	params := windowParams(map[string]any{"id": id, "limit": int64(MaxContacts)}, w)
	cypher := fmt.Sprintf(contactsCypher, eventInWindow(w))
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Contact, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", id)
		}
		out := []casegraph.Contact{}
		for _, rec := range recs {
			other, isNil, err := neo4j.GetRecordValue[dbtype.Node](rec, "other")
			if err != nil {
				return nil, err
			}
			if isNil {
				continue // the entity exists but met nobody
			}
			c := casegraph.Contact{Entity: entityFromNode(other)}
			c.Count, _, _ = neo4j.GetRecordValue[int64](rec, "meetings")
			c.FirstDate, _, _ = neo4j.GetRecordValue[string](rec, "first")
			c.LastDate, _, _ = neo4j.GetRecordValue[string](rec, "last")
			raw, _ := rec.Get("eventIds")
			c.EventIDs = stringList(raw)
			out = append(out, c)
		}
		return out, nil
	})
}

// entitiesFromList reads a list of nodes returned by a COLLECT subquery.
func entitiesFromList(v any) []casegraph.Entity {
	items, _ := v.([]any)
	out := make([]casegraph.Entity, 0, len(items))
	for _, it := range items {
		if n, ok := it.(dbtype.Node); ok {
			out = append(out, entityFromNode(n))
		}
	}
	return out
}
