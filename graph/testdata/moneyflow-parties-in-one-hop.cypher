MATCH (a:Entity {id: $from})
MATCH (a)<-[:PAID_TO]-(first:Payment
        WHERE ($minAmount IS NULL OR first.amount >= $minAmount))<-[:PAID]-(far)
WITH a, [first] AS pays, [far] AS parties
WHERE all(i IN range(0, size(parties) - 2) WHERE NOT parties[i] IN parties[i + 1..])
WITH pays, parties LIMIT $paths
RETURN [pay IN pays | pay {.id, .amount, .currency, .date}] AS payments, [n IN parties | n.id] AS parties
