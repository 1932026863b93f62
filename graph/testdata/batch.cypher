CYPHER replan=skip
CALL () {
  UNWIND $ents AS row
  MERGE (n:Entity {id: row[0]})
  WITH n, row, $prov[row[4]] AS prov,
       [k IN keys(row[3]) WHERE n[k] IS NOT NULL AND n[k] <> row[3][k]] AS changed,
       reduce(acc = coalesce(n.aliases, []), x IN [x IN row[2] + [row[1]] WHERE x <> coalesce(n.name, row[1])] |
         CASE WHEN x IN acc THEN acc ELSE acc + x END) AS aliases
  SET n:$(row[5]), n += row[3], n.schema = row[5],
      n.name = coalesce(n.name, row[1]),
      n.aliases = aliases,
      n.aliasText = reduce(s = '', a IN aliases | s + a + ' '),
      n.sourceIds = reduce(acc = coalesce(n.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      n.jobIds = reduce(acc = coalesce(n.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN collect([n]) AS written, count(CASE WHEN size(changed) > 0 THEN 1 END) AS entitiesChanged,
      sum(size(changed)) AS entityPropertiesChanged
}
CALL () {
  UNWIND $refs AS id
  OPTIONAL MATCH (n:Entity {id: id})
  RETURN collect([n]) AS found
}
WITH written + found AS ends, entitiesChanged, entityPropertiesChanged
CALL (ends) {
  UNWIND $rels[0] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:OWNERSHIP {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked0, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged0, sum(size(changed)) AS propsChanged0
}
CALL (ends) {
  UNWIND $rels[1] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:DIRECTORSHIP {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked1, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged1, sum(size(changed)) AS propsChanged1
}
CALL (ends) {
  UNWIND $rels[2] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:EMPLOYMENT {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked2, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged2, sum(size(changed)) AS propsChanged2
}
CALL (ends) {
  UNWIND $rels[3] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:MEMBERSHIP {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked3, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged3, sum(size(changed)) AS propsChanged3
}
CALL (ends) {
  UNWIND $rels[4] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:ASSOCIATE {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked4, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged4, sum(size(changed)) AS propsChanged4
}
CALL (ends) {
  UNWIND $rels[5] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:FAMILY {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked5, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged5, sum(size(changed)) AS propsChanged5
}
CALL (ends) {
  UNWIND $rels[6] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:REPRESENTATION {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked6, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged6, sum(size(changed)) AS propsChanged6
}
CALL (ends) {
  UNWIND $rels[7] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:UNKNOWN_LINK {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked7, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged7, sum(size(changed)) AS propsChanged7
}
CALL (ends) {
  UNWIND $rels[8] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PAID {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked8, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged8, sum(size(changed)) AS propsChanged8
}
CALL (ends) {
  UNWIND $rels[9] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PAID_TO {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked9, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged9, sum(size(changed)) AS propsChanged9
}
CALL (ends) {
  UNWIND $rels[10] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:FROM_ACCOUNT {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked10, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged10, sum(size(changed)) AS propsChanged10
}
CALL (ends) {
  UNWIND $rels[11] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:TO_ACCOUNT {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked11, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged11, sum(size(changed)) AS propsChanged11
}
CALL (ends) {
  UNWIND $rels[12] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:HOLDS_ACCOUNT {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked12, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged12, sum(size(changed)) AS propsChanged12
}
CALL (ends) {
  UNWIND $rels[13] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:ACCOUNT_AT {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked13, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged13, sum(size(changed)) AS propsChanged13
}
CALL (ends) {
  UNWIND $rels[14] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:ATTENDED {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked14, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged14, sum(size(changed)) AS propsChanged14
}
CALL (ends) {
  UNWIND $rels[15] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:CHARGED_WITH {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked15, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged15, sum(size(changed)) AS propsChanged15
}
CALL (ends) {
  UNWIND $rels[16] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:IN_CASE {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked16, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged16, sum(size(changed)) AS propsChanged16
}
CALL (ends) {
  UNWIND $rels[17] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PROSECUTED_BY {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked17, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged17, sum(size(changed)) AS propsChanged17
}
CALL (ends) {
  UNWIND $rels[18] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:PARTY_TO {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked18, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged18, sum(size(changed)) AS propsChanged18
}
CALL (ends) {
  UNWIND $rels[19] AS row
  WITH row, ends[row[1]][0] AS a, ends[row[2]][0] AS b
  WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[r:CITED_IN {id: row[0]}]->(b)
  WITH r, row, $prov[row[7]] AS prov,
       [k IN keys(row[6]) WHERE r[k] IS NOT NULL AND r[k] <> row[6][k]] +
       [x IN [['role', row[3]], ['startDate', row[4]], ['endDate', row[5]]] WHERE r[x[0]] <> x[1] | x[0]] AS changed
  SET r += row[6],
      r.role = coalesce(row[3], r.role),
      r.startDate = coalesce(row[4], r.startDate),
      r.endDate = coalesce(row[5], r.endDate),
      r.sourceIds = reduce(acc = coalesce(r.sourceIds, []), x IN prov[0] | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      r.jobIds = reduce(acc = coalesce(r.jobIds, []), x IN prov[1] | CASE WHEN x IN acc THEN acc ELSE acc + x END)
  RETURN count(r) AS linked19, count(CASE WHEN size(changed) > 0 THEN 1 END) AS relsChanged19, sum(size(changed)) AS propsChanged19
}
RETURN linked0 + linked1 + linked2 + linked3 + linked4 + linked5 + linked6 + linked7 + linked8 + linked9 + linked10 + linked11 + linked12 + linked13 + linked14 + linked15 + linked16 + linked17 + linked18 + linked19 AS linked,
  entitiesChanged,
  relsChanged0 + relsChanged1 + relsChanged2 + relsChanged3 + relsChanged4 + relsChanged5 + relsChanged6 + relsChanged7 + relsChanged8 + relsChanged9 + relsChanged10 + relsChanged11 + relsChanged12 + relsChanged13 + relsChanged14 + relsChanged15 + relsChanged16 + relsChanged17 + relsChanged18 + relsChanged19 AS relationshipsChanged,
  entityPropertiesChanged + propsChanged0 + propsChanged1 + propsChanged2 + propsChanged3 + propsChanged4 + propsChanged5 + propsChanged6 + propsChanged7 + propsChanged8 + propsChanged9 + propsChanged10 + propsChanged11 + propsChanged12 + propsChanged13 + propsChanged14 + propsChanged15 + propsChanged16 + propsChanged17 + propsChanged18 + propsChanged19 AS propertiesChanged
