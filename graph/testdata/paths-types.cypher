MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 5 (
  (a) ((x)-[r:OWNERSHIP|DIRECTORSHIP|PAID]-(y) WHERE (y.id = $to OR (NOT y:Source AND NOT y:IngestJob))){1,4} (b)
  WHERE all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]) AND NOT b IN x
)
WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
RETURN nodes(p) AS nodes, relationships(p) AS rels,
       [n IN nodes(p) | COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() }] AS degrees
