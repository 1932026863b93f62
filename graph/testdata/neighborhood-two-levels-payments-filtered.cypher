UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Entity {id: $ids[i]})
WHERE NOT n:IngestJob
CALL (n) {
  MATCH (n)-[r:OWNERSHIP|DIRECTORSHIP|PAID]-(m:Entity)
  WHERE NOT m:Source AND NOT m:IngestJob AND m.schema IN $schemata AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND (coalesce(r.startDate, r.endDate) IS NULL OR left(coalesce(r.startDate, r.endDate), size($until)) <= left($until, size(coalesce(r.startDate, r.endDate)))) AND all(d IN [[CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN coalesce(m.fileDate, m.closeDate) WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END, CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN m.closeDate WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1]))) AND (d[0] IS NULL OR left(d[0], size($until)) <= left($until, size(d[0]))))
  WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
  WITH r, m, m.id IN $ids AS known
  RETURN collect([r.id, type(r), startNode(r) = n, r.role, r.startDate, r.endDate, r.sourceIds, m.id,
                  CASE WHEN known THEN null ELSE CASE WHEN $slim THEN [m.id, m.schema, m.name, m.sourceIds, [k IN $keep | m[k]]] ELSE m END END,
                  CASE WHEN known OR $noDegrees THEN null ELSE COUNT { (m)--() } - COUNT { (m)-[:CITED_IN]-() } END]) AS links, collect(CASE WHEN NOT known THEN [m, r] END) AS steps
}
WITH collect([n.id, CASE WHEN $slim THEN [n.id, n.schema, n.name, n.sourceIds, [k IN $keep | n[k]]] ELSE n END, links, COUNT { (n)-[r:OWNERSHIP|DIRECTORSHIP|PAID]-(m:Entity) WHERE NOT m:Source AND NOT m:IngestJob AND m.schema IN $schemata AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND (coalesce(r.startDate, r.endDate) IS NULL OR left(coalesce(r.startDate, r.endDate), size($until)) <= left($until, size(coalesce(r.startDate, r.endDate)))) AND all(d IN [[CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN coalesce(m.fileDate, m.closeDate) WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END, CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN m.closeDate WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1]))) AND (d[0] IS NULL OR left(d[0], size($until)) <= left($until, size(d[0])))) }, CASE WHEN $noDegrees THEN 0 ELSE COUNT { (n)--() } - COUNT { (n)-[:CITED_IN]-() } END]) AS rows0,
     collect([i, steps]) AS reached
CALL (reached, rows0) {
  UNWIND reached AS seed
  UNWIND range(0, size(seed[1]) - 1) AS j
  WITH seed[1][j][0] AS m, seed[1][j][1] AS r, seed[0] * 1000 + j AS first
  WITH m, min(first) AS first, collect(r) AS via
  ORDER BY first
  WITH collect([m, via]) AS frontier
  RETURN frontier[..$limit - size(rows0)] AS frontier
}
WITH rows0, frontier, $ids + [f IN frontier | f[0].id] AS knownIds,
     size(rows0) + size(frontier) >= $limit AS full
CALL (frontier, knownIds, full) {
  UNWIND frontier AS f
  WITH f[0] AS n, f[1] AS via, full, knownIds
  WHERE n:Payment AND NOT full
  CALL (n, via, full, knownIds) {
    MATCH (n)-[r:PAID|PAID_TO]-(m:Entity)
    WHERE NOT m:Source AND NOT m:IngestJob AND m.schema IN $schemata AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND (coalesce(r.startDate, r.endDate) IS NULL OR left(coalesce(r.startDate, r.endDate), size($until)) <= left($until, size(coalesce(r.startDate, r.endDate)))) AND all(d IN [[CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN coalesce(m.fileDate, m.closeDate) WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END, CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN m.closeDate WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1]))) AND (d[0] IS NULL OR left(d[0], size($until)) <= left($until, size(d[0])))) AND NOT r IN via
    WITH r, m ORDER BY type(r), m.name, m.id, r.id LIMIT $perNode
    WITH r, m, full OR m.id IN knownIds AS known
    RETURN collect([r.id, type(r), startNode(r) = n, r.role, r.startDate, r.endDate, r.sourceIds, m.id,
                  CASE WHEN known THEN null ELSE CASE WHEN $slim THEN [m.id, m.schema, m.name, m.sourceIds, [k IN $keep | m[k]]] ELSE m END END,
                  CASE WHEN known OR $noDegrees THEN null ELSE COUNT { (m)--() } - COUNT { (m)-[:CITED_IN]-() } END]) AS links
  }
  RETURN collect([n.id, null, links, COUNT { (n)-[r:PAID|PAID_TO]-(m:Entity) WHERE NOT m:Source AND NOT m:IngestJob AND m.schema IN $schemata AND (r.endDate IS NULL OR left(r.endDate, size($since)) >= left($since, size(r.endDate))) AND (coalesce(r.startDate, r.endDate) IS NULL OR left(coalesce(r.startDate, r.endDate), size($until)) <= left($until, size(coalesce(r.startDate, r.endDate)))) AND all(d IN [[CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN coalesce(m.fileDate, m.closeDate) WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END, CASE WHEN m:Payment THEN m.date WHEN m:Event THEN m.date WHEN m:CourtCase THEN m.closeDate WHEN m:Charge THEN coalesce(m.outcomeDate, m.reportedOn) END]] WHERE (d[1] IS NULL OR left(d[1], size($since)) >= left($since, size(d[1]))) AND (d[0] IS NULL OR left(d[0], size($until)) <= left($until, size(d[0])))) AND NOT r IN via }, 0]) AS rows1
}
RETURN rows0, rows1
