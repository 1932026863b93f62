UNWIND $frontier AS f
MATCH (v:Entity {id: f.id})<-[:FROM_ACCOUNT]-(q:Payment
        WHERE ($minAmount IS NULL OR q.amount >= $minAmount)
          AND (q.date IS NOT NULL AND left(q.date, size($since)) >= left($since, size(q.date))) AND (q.date IS NOT NULL AND left(q.date, size($until)) <= left($until, size(q.date))))-[:TO_ACCOUNT]->(w)
WHERE (w <> v OR v.id = $from)
  AND (f.date IS NULL OR (q.date IS NOT NULL
       AND left(f.date, size(q.date)) <= left(q.date, size(f.date))))
RETURN f.id AS via, w.id AS party, q.id AS id, q.amount AS amount, q.currency AS currency, q.date AS date
LIMIT $rows
