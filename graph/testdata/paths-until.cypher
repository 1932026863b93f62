MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 5 (
  (a) ((x)-[r:OWNERSHIP|DIRECTORSHIP|EMPLOYMENT|MEMBERSHIP|ASSOCIATE|FAMILY|REPRESENTATION|UNKNOWN_LINK|PAID|PAID_TO|FROM_ACCOUNT|TO_ACCOUNT|HOLDS_ACCOUNT|ACCOUNT_AT|ATTENDED|CHARGED_WITH|IN_CASE|PROSECUTED_BY|PARTY_TO]-(y) WHERE (y.id = $to OR (NOT y:Source AND NOT y:IngestJob AND all(d IN [CASE WHEN y:Payment OR y:Event THEN y.date WHEN y:Charge THEN y.outcomeDate END] WHERE (d IS NULL OR left(d, size($until)) <= left($until, size(d)))))) AND (r.startDate IS NULL OR left(r.startDate, size($until)) <= left($until, size(r.startDate)))){1,4} (b)
  WHERE all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]) AND NOT b IN x
)
WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
RETURN nodes(p) AS nodes, relationships(p) AS rels,
       [n IN nodes(p) | COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() }] AS degrees
