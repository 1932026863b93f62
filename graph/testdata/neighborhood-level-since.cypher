UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:IngestJob
CALL (n) {
  MATCH (n)-[r:OWNERSHIP|DIRECTORSHIP|EMPLOYMENT|MEMBERSHIP|ASSOCIATE|FAMILY|REPRESENTATION|UNKNOWN_LINK|PAID|PAID_TO|FROM_ACCOUNT|TO_ACCOUNT|HOLDS_ACCOUNT|ACCOUNT_AT|ATTENDED|CHARGED_WITH|IN_CASE|PROSECUTED_BY|PARTY_TO]-(m:Entity)
  WHERE NOT m:Source AND NOT m:IngestJob AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND all(d IN [[CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN coalesce(m.fileDate, m.closeDate) WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END, CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN m.closeDate WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1]))))
  WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
  WITH r, m, $full OR m.id IN $known AS known
  RETURN collect([r.id, type(r), startNode(r) = n, r.role, r.startDate, r.endDate, r.sourceIds, m.id,
                  CASE WHEN known THEN null ELSE CASE WHEN $slim THEN [m.id, m.schema, m.name, m.sourceIds, [k IN $keep | m[k]]] ELSE m END END,
                  CASE WHEN known OR $noDegrees THEN null ELSE COUNT { (m)--() } - COUNT { (m)-[:CITED_IN]-() } END]) AS links
}
RETURN n.id AS id, CASE WHEN NOT $seeds THEN null ELSE CASE WHEN $slim THEN [n.id, n.schema, n.name, n.sourceIds, [k IN $keep | n[k]]] ELSE n END END AS n, links,
       COUNT { (n)-[r:OWNERSHIP|DIRECTORSHIP|EMPLOYMENT|MEMBERSHIP|ASSOCIATE|FAMILY|REPRESENTATION|UNKNOWN_LINK|PAID|PAID_TO|FROM_ACCOUNT|TO_ACCOUNT|HOLDS_ACCOUNT|ACCOUNT_AT|ATTENDED|CHARGED_WITH|IN_CASE|PROSECUTED_BY|PARTY_TO]-(m:Entity) WHERE NOT m:Source AND NOT m:IngestJob AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND all(d IN [[CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN coalesce(m.fileDate, m.closeDate) WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END, CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN m.closeDate WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1])))) } AS matching,
       CASE WHEN $noDegrees OR NOT $seeds THEN 0 ELSE COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() } END AS degree
