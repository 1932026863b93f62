MATCH (a:Entity {id: $from})
MATCH (a)-[:PAID]->(first:Payment
        WHERE ($minAmount IS NULL OR first.amount >= $minAmount)
          AND (first.date IS NOT NULL AND left(first.date, size($since)) >= left($since, size(first.date))))
      ((p:Payment)-[:PAID_TO]->(via)-[:PAID]->(q:Payment)
        WHERE via <> a
          AND ($minAmount IS NULL OR q.amount >= $minAmount)
          AND (q.date IS NOT NULL AND left(q.date, size($since)) >= left($since, size(q.date)))
          AND (NOT $timeOrdered OR (p.date IS NOT NULL AND q.date IS NOT NULL
               AND left(p.date, size(q.date)) <= left(q.date, size(p.date))))
      ){0,3}
      (last:Payment)-[:PAID_TO]->(far)
WITH a, [first] + q AS pays, via + far AS parties
WHERE all(i IN range(0, size(parties) - 2) WHERE NOT parties[i] IN parties[i + 1..])
WITH pays, parties LIMIT $paths
RETURN [pay IN pays | pay {.id, .amount, .currency, .date}] AS payments, [n IN parties | n.id] AS parties
