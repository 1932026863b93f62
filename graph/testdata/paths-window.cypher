MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 5 (
  (a) ((x)-[r:OWNERSHIP|DIRECTORSHIP|EMPLOYMENT|MEMBERSHIP|ASSOCIATE|FAMILY|REPRESENTATION|UNKNOWN_LINK|PAID|PAID_TO|FROM_ACCOUNT|TO_ACCOUNT|HOLDS_ACCOUNT|ACCOUNT_AT|ATTENDED|CHARGED_WITH|IN_CASE|PROSECUTED_BY|PARTY_TO]-(y) WHERE (y.id = $to OR (NOT y:Source AND NOT y:IngestJob AND all(d IN [[CASE WHEN y:Payment THEN y.date WHEN y:Event THEN y.date WHEN y:CourtCase THEN coalesce(y.fileDate, y.closeDate) WHEN y:Charge THEN coalesce(y.outcomeDate, y.reportedOn) END, CASE WHEN y:Payment THEN y.date WHEN y:Event THEN y.date WHEN y:CourtCase THEN y.closeDate WHEN y:Charge THEN coalesce(y.outcomeDate, y.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1]))) AND (d[0] IS NULL OR left(d[0], size($until)) <= left($until, size(d[0])))))) AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND (coalesce(r.startDate, r.endDate) IS NULL OR left(coalesce(r.startDate, r.endDate), size($until)) <= left($until, size(coalesce(r.startDate, r.endDate))))){1,4} (b)
  WHERE all(i IN range(0, size(x) - 2) WHERE NOT x[i] IN x[i + 1..]) AND NOT b IN x
)
WITH p ORDER BY length(p), [n IN nodes(p) | n.id]
RETURN nodes(p) AS nodes, relationships(p) AS rels,
       [n IN nodes(p) | COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() }] AS degrees
