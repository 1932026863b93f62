CYPHER replan=skip
CALL () {
  UNWIND $ents AS row
  MERGE (n:Entity {id: row[0]})
  ON CREATE SET n:$(row[6]), n += row[3], n.schema = row[6], n.name = row[1],
      n.aliases = row[2], n.aliasText = row[5], n.sourceIds = $prov[row[4]][0], n.jobIds = $prov[row[4]][1]
  ON MATCH SET n:$(row[6]), n += row[3], n.schema = row[6],
      n.name = coalesce(row[1], n.name),
      n.aliases = reduce(acc = coalesce(n.aliases, []), x IN row[2] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      n.aliasText = reduce(s = '', a IN reduce(acc = coalesce(n.aliases, []), x IN row[2] | CASE WHEN x IN acc THEN acc ELSE acc + x END) | s + a + ' '),
      n.sourceIds = reduce(acc = coalesce(n.sourceIds, []), x IN $prov[row[4]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      n.jobIds = reduce(acc = coalesce(n.jobIds, []), x IN $prov[row[4]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN collect([n]) AS written
}
CALL () {
  UNWIND $refs AS id
  OPTIONAL MATCH (n:Entity {id: id})
  RETURN collect([n]) AS found
}
WITH written + found AS ends
CALL (ends) {
  UNWIND $rels[0] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:OWNERSHIP {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked0
}
CALL (ends) {
  UNWIND $rels[1] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:DIRECTORSHIP {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked1
}
CALL (ends) {
  UNWIND $rels[2] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:EMPLOYMENT {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked2
}
CALL (ends) {
  UNWIND $rels[3] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:MEMBERSHIP {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked3
}
CALL (ends) {
  UNWIND $rels[4] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:ASSOCIATE {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked4
}
CALL (ends) {
  UNWIND $rels[5] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:FAMILY {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked5
}
CALL (ends) {
  UNWIND $rels[6] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:REPRESENTATION {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked6
}
CALL (ends) {
  UNWIND $rels[7] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:UNKNOWN_LINK {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked7
}
CALL (ends) {
  UNWIND $rels[8] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PAID {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked8
}
CALL (ends) {
  UNWIND $rels[9] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PAID_TO {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked9
}
CALL (ends) {
  UNWIND $rels[10] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:FROM_ACCOUNT {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked10
}
CALL (ends) {
  UNWIND $rels[11] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:TO_ACCOUNT {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked11
}
CALL (ends) {
  UNWIND $rels[12] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:HOLDS_ACCOUNT {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked12
}
CALL (ends) {
  UNWIND $rels[13] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:ACCOUNT_AT {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked13
}
CALL (ends) {
  UNWIND $rels[14] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:ATTENDED {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked14
}
CALL (ends) {
  UNWIND $rels[15] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:CHARGED_WITH {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked15
}
CALL (ends) {
  UNWIND $rels[16] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:IN_CASE {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked16
}
CALL (ends) {
  UNWIND $rels[17] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PROSECUTED_BY {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked17
}
CALL (ends) {
  UNWIND $rels[18] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PARTY_TO {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked18
}
CALL (ends) {
  UNWIND $rels[19] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:CITED_IN {id: row[0]}]->(b)
  ON CREATE SET r += row[6], r.role = row[3], r.startDate = row[4], r.endDate = row[5],
      r.sourceIds = $prov[row[7]][0], r.jobIds = $prov[row[7]][1]
  ON MATCH SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN $prov[row[7]][0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN $prov[row[7]][1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked19
}
RETURN linked0 + linked1 + linked2 + linked3 + linked4 + linked5 + linked6 + linked7 + linked8 + linked9 + linked10 + linked11 + linked12 + linked13 + linked14 + linked15 + linked16 + linked17 + linked18 + linked19 AS linked
