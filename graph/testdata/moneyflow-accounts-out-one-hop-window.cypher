MATCH (a:Entity {id: $from})
MATCH (a)<-[:FROM_ACCOUNT]-(first:Payment
        WHERE ($minAmount IS NULL OR first.amount >= $minAmount)
          AND (first.date IS NOT NULL AND left(first.date, size($since)) >= left($since, size(first.date))) AND (first.date IS NOT NULL AND left(first.date, size($until)) <= left($until, size(first.date))))-[:TO_ACCOUNT]->(far)
WITH a, [first] AS pays, [far] AS parties
WHERE all(i IN range(0, size(parties) - 2) WHERE NOT parties[i] IN parties[i + 1..])
WITH pays, parties LIMIT $paths
RETURN [pay IN pays | pay {.id, .amount, .currency, .date}] AS payments, [n IN parties | n.id] AS parties
