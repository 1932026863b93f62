MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 3 (
  (a) ((x)-[r:OWNERSHIP|DIRECTORSHIP|PAID]-(y) WHERE (y.id = $to OR (NOT y:Source AND NOT y:IngestJob AND all(d IN [CASE WHEN y:Payment OR y:Event THEN y.date WHEN y:Charge THEN y.outcomeDate END] WHERE (d IS NULL OR left(d, size($since)) >= left($since, size(d))) AND (d IS NULL OR left(d, size($until)) <= left($until, size(d)))))) AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND (r.startDate IS NULL OR left(r.startDate, size($until)) <= left($until, size(r.startDate)))){1,6} (b)
  WHERE all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]) AND NOT b IN x
)
WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
RETURN nodes(p) AS nodes, relationships(p) AS rels,
       [n IN nodes(p) | COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() }] AS degrees
