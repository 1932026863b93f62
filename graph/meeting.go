package graph

import (
	"context"

	"github.com/casegraph/casegraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Limits of the meeting queries.
const (
	MaxPageSize       = 100 // rows in one page of meetings or charges
	MaxMeetingsFilter = 50  // participants one meetings query may name
	MaxContacts       = 500 // contacts returned for one entity
)

// meetingsTail is shared by both ways into the meetings: it keeps the events
// all the participants attended that overlap the window, newest first (undated
// ones last), and reads each with everyone who attended and its sources.
const meetingsTail = `WHERE all(pid IN $participants WHERE EXISTS { MATCH (:Entity {id: pid})-[:ATTENDED]->(e) })
  AND ($since IS NULL OR toString(e.date) + '~' >= $since)
  AND ($until IS NULL OR toString(e.date) <= $until)
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

// Meetings lists the events attended by every one of participants (all
// events when none is named) that overlap the window, newest first, each
// with all its participants and sources. A partial date such as "2011-03"
// overlaps the window when any day of it does. Like Search it returns one
// row more than limit when there is a next page.
func (s *Store) Meetings(ctx context.Context, participants []string, w casegraph.Window, skip, limit int) ([]casegraph.Meeting, error) {
	if err := checkPage(skip, limit); err != nil {
		return nil, err
	}
	ids, err := checkIDs("participant", participants, 0, MaxMeetingsFilter)
	if err != nil {
		return nil, err
	}
	since, until, err := partialWindow(w)
	if err != nil {
		return nil, err
	}
	params := map[string]any{"participants": ids, "since": since, "until": until,
		"skip": int64(skip), "limit": int64(limit + 1)}
	cypher := allMeetingsCypher
	if len(ids) > 0 {
		cypher = meetingsOfCypher
		params["first"] = ids[0]
	}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Meeting, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		var out []casegraph.Meeting
		for res.Next(ctx) {
			ev, err := sourcedFromRecord(res.Record())
			if err != nil {
				return nil, err
			}
			raw, _ := res.Record().Get("participants")
			out = append(out, casegraph.Meeting{Event: ev.Entity, Participants: entitiesFromList(raw), Sources: ev.Sources})
		}
		return out, res.Err()
	})
}

// contactsCypher finds everyone who attended an event in the window together
// with the entity. The OPTIONAL MATCH keeps one row (with no contact) for an
// entity that met nobody, so that no row at all means no such entity.
const contactsCypher = `MATCH (me:Entity {id: $id})
OPTIONAL MATCH (me)-[:ATTENDED]->(e:Event)<-[:ATTENDED]-(other:Entity)
  WHERE other <> me
    AND ($since IS NULL OR toString(e.date) + '~' >= $since)
    AND ($until IS NULL OR toString(e.date) <= $until)
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
	since, until, err := partialWindow(w)
	if err != nil {
		return nil, err
	}
	params := map[string]any{"id": id, "since": since, "until": until, "limit": int64(MaxContacts)}
	return read(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]casegraph.Contact, error) {
		res, err := tx.Run(ctx, contactsCypher, params)
		if err != nil {
			return nil, err
		}
		found := false
		out := []casegraph.Contact{}
		for res.Next(ctx) {
			found = true
			rec := res.Record()
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
		if err := res.Err(); err != nil {
			return nil, err
		}
		if !found {
			return nil, casegraph.Errorf(casegraph.ENOTFOUND, "no entity with id %q", id)
		}
		return out, nil
	})
}

// checkPage validates a page request: skip ≥ 0 and 1 ≤ limit ≤ MaxPageSize.
func checkPage(skip, limit int) error {
	if skip < 0 {
		return casegraph.Errorf(casegraph.EINVALID, "cannot skip a negative number of rows (%d)", skip)
	}
	if limit < 1 || limit > MaxPageSize {
		return casegraph.Errorf(casegraph.EINVALID, "page size must be between 1 and %d, not %d", MaxPageSize, limit)
	}
	return nil
}

// checkIDs drops repeated ids, keeping the first of each, and refuses empty
// ids and lists shorter than lo or longer than hi. what names the ids in the
// error message ("participant", "entity").
func checkIDs(what string, ids []string, lo, hi int) ([]string, error) {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id == "" {
			return nil, casegraph.Errorf(casegraph.EINVALID, "an empty %s id was given", what)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if len(out) < lo || len(out) > hi {
		if lo == 0 {
			return nil, casegraph.Errorf(casegraph.EINVALID, "at most %d %s ids may be given, not %d", hi, what, len(out))
		}
		return nil, casegraph.Errorf(casegraph.EINVALID, "between %d and %d %s ids must be given, not %d", lo, hi, what, len(out))
	}
	return out, nil
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
