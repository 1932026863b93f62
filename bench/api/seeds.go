package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// seed is one entity the queries start from, with the two ends a paths
// query goes to.
type seed struct {
	id     string
	schema string
	name   string // searched for by the search kind
	// near is an entity four links away along payments (seed paid someone
	// who paid near), so that a path exists; "" when there is none.
	near string
	// far is another seed from the other half of the sample: a pair of
	// entities drawn at random, most often not connected within 4 links.
	far string
	// hub is one of the best-connected entities of the graph (hubCount of
	// them, taken in turn).
	hub string
}

// hubCount is how many of the best-connected entities the hub queries start
// from.
const hubCount = 20

// hubsCypher lists the best-connected people, companies and accounts,
// most links first (ties by id).
const hubsCypher = `MATCH (n:Entity) WHERE n:Company OR n:Person OR n:BankAccount
WITH n, COUNT { (n)--() } AS links ORDER BY links DESC, n.id LIMIT $n
RETURN n.id AS id, links`

// seedsCypher lists every person and company that made a payment, in id
// order, so that the sample depends on the data only.
const seedsCypher = `MATCH (n:Entity) WHERE (n:Person OR n:Company) AND EXISTS { (n)-[:PAID]->(:Payment) }
RETURN n.id AS id, n.schema AS schema, n.name AS name ORDER BY n.id`

// nearCypher finds, deterministically, a party two payments away.
const nearCypher = `MATCH (a:Entity {id: $id})-[:PAID]->(:Payment)-[:PAID_TO]->(b)-[:PAID]->(:Payment)-[:PAID_TO]->(c)
WHERE c <> a AND b <> a AND c <> b
RETURN c.id AS id ORDER BY c.id LIMIT 1`

// pickSeeds takes n entities evenly spread over the id-ordered list of
// payers, and their paths targets.
func pickSeeds(ctx context.Context, uri string, n int) ([]seed, error) {
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		return nil, err
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, seedsCypher, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	all := res.Records
	if len(all) < 2 {
		return nil, fmt.Errorf("only %d payers in the graph: is it loaded?", len(all))
	}
	n = min(n, len(all))
	seeds := make([]seed, n)
	for i := range seeds {
		rec := all[i*len(all)/n]
		id, _ := rec.Get("id")
		sc, _ := rec.Get("schema")
		name, _ := rec.Get("name")
		seeds[i] = seed{id: id.(string), schema: fmt.Sprint(sc), name: fmt.Sprint(name)}
	}
	hubs, err := neo4j.ExecuteQuery(ctx, driver, hubsCypher, map[string]any{"n": hubCount},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	for i, rec := range hubs.Records {
		if i == 0 || i == len(hubs.Records)-1 {
			links, _ := rec.Get("links")
			fmt.Printf("hub %d of %d has %v links\n", i+1, len(hubs.Records), links)
		}
	}
	for i := range seeds {
		if len(hubs.Records) > 0 {
			v, _ := hubs.Records[i%len(hubs.Records)].Get("id")
			seeds[i].hub = fmt.Sprint(v)
		}
		seeds[i].far = seeds[(i+n/2)%n].id
		res, err := neo4j.ExecuteQuery(ctx, driver, nearCypher, map[string]any{"id": seeds[i].id},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, err
		}
		if len(res.Records) == 1 {
			v, _ := res.Records[0].Get("id")
			seeds[i].near = fmt.Sprint(v)
		}
	}
	return seeds, nil
}

func seedMix(seeds []seed) string {
	by := map[string]int{}
	near := 0
	for _, s := range seeds {
		by[s.schema]++
		if s.near != "" {
			near++
		}
	}
	var parts []string
	for k, v := range by {
		parts = append(parts, fmt.Sprintf("%d %s", v, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ") + fmt.Sprintf("; %d with a party two payments away", near)
}
