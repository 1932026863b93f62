// The anchor for `make bench-ingest`: Neo4j's own LOAD CSV building the same
// model as bench/ingest/payments.yml — the same nodes, labels, properties,
// relationships and provenance lists — in transactions of $batch rows.
// Relationship ids are built by concatenation here (Cypher has no SHA-1);
// they are strings of the same kind.
LOAD CSV WITH HEADERS FROM $url AS row
CALL {
  WITH row
  MERGE (p:Entity {id: $ds + '-' + row.ref})
  SET p:Payment, p.schema = 'Payment', p.name = row.ref,
      p.amount = toFloat(row.amount), p.currency = row.currency, p.date = row.date, p.purpose = row.purpose,
      p.aliases = coalesce(p.aliases, []), p.aliasText = '',
      p.sourceIds = CASE WHEN $src IN coalesce(p.sourceIds, []) THEN p.sourceIds ELSE coalesce(p.sourceIds, []) + $src END,
      p.jobIds = CASE WHEN $job IN coalesce(p.jobIds, []) THEN p.jobIds ELSE coalesce(p.jobIds, []) + $job END
  MERGE (a:Entity {id: $ds + '-' + row.payer_id})
  SET a.name = row.payer_name, a.aliases = coalesce(a.aliases, []), a.aliasText = '',
      a.sourceIds = CASE WHEN $src IN coalesce(a.sourceIds, []) THEN a.sourceIds ELSE coalesce(a.sourceIds, []) + $src END,
      a.jobIds = CASE WHEN $job IN coalesce(a.jobIds, []) THEN a.jobIds ELSE coalesce(a.jobIds, []) + $job END
  FOREACH (_ IN CASE WHEN row.payer_id STARTS WITH 'p' THEN [1] ELSE [] END | SET a:Person, a.schema = 'Person')
  FOREACH (_ IN CASE WHEN row.payer_id STARTS WITH 'c' THEN [1] ELSE [] END | SET a:Company, a.schema = 'Company')
  MERGE (b:Entity {id: $ds + '-' + row.beneficiary_id})
  SET b.name = row.beneficiary_name, b.aliases = coalesce(b.aliases, []), b.aliasText = '',
      b.sourceIds = CASE WHEN $src IN coalesce(b.sourceIds, []) THEN b.sourceIds ELSE coalesce(b.sourceIds, []) + $src END,
      b.jobIds = CASE WHEN $job IN coalesce(b.jobIds, []) THEN b.jobIds ELSE coalesce(b.jobIds, []) + $job END
  FOREACH (_ IN CASE WHEN row.beneficiary_id STARTS WITH 'p' THEN [1] ELSE [] END | SET b:Person, b.schema = 'Person')
  FOREACH (_ IN CASE WHEN row.beneficiary_id STARTS WITH 'c' THEN [1] ELSE [] END | SET b:Company, b.schema = 'Company')
  MERGE (fa:Entity {id: $ds + '-' + row.payer_account})
  SET fa:BankAccount, fa.schema = 'BankAccount', fa.accountNumber = row.payer_account,
      fa.aliases = coalesce(fa.aliases, []), fa.aliasText = '',
      fa.sourceIds = CASE WHEN $src IN coalesce(fa.sourceIds, []) THEN fa.sourceIds ELSE coalesce(fa.sourceIds, []) + $src END,
      fa.jobIds = CASE WHEN $job IN coalesce(fa.jobIds, []) THEN fa.jobIds ELSE coalesce(fa.jobIds, []) + $job END
  MERGE (ta:Entity {id: $ds + '-' + row.beneficiary_account})
  SET ta:BankAccount, ta.schema = 'BankAccount', ta.accountNumber = row.beneficiary_account,
      ta.aliases = coalesce(ta.aliases, []), ta.aliasText = '',
      ta.sourceIds = CASE WHEN $src IN coalesce(ta.sourceIds, []) THEN ta.sourceIds ELSE coalesce(ta.sourceIds, []) + $src END,
      ta.jobIds = CASE WHEN $job IN coalesce(ta.jobIds, []) THEN ta.jobIds ELSE coalesce(ta.jobIds, []) + $job END
  MERGE (a)-[r1:PAID {id: $ds + '-paid-' + row.payer_id + '-' + row.ref}]->(p)
  SET r1.sourceIds = [$src], r1.jobIds = [$job]
  MERGE (p)-[r2:PAID_TO {id: $ds + '-paid_to-' + row.ref + '-' + row.beneficiary_id}]->(b)
  SET r2.sourceIds = [$src], r2.jobIds = [$job]
  MERGE (p)-[r3:FROM_ACCOUNT {id: $ds + '-from_account-' + row.ref + '-' + row.payer_account}]->(fa)
  SET r3.sourceIds = [$src], r3.jobIds = [$job]
  MERGE (p)-[r4:TO_ACCOUNT {id: $ds + '-to_account-' + row.ref + '-' + row.beneficiary_account}]->(ta)
  SET r4.sourceIds = [$src], r4.jobIds = [$job]
  MERGE (a)-[r5:HOLDS_ACCOUNT {id: $ds + '-holds_account-' + row.payer_id + '-' + row.payer_account}]->(fa)
  SET r5.sourceIds = [$src], r5.jobIds = [$job]
  MERGE (b)-[r6:HOLDS_ACCOUNT {id: $ds + '-holds_account-' + row.beneficiary_id + '-' + row.beneficiary_account}]->(ta)
  SET r6.sourceIds = [$src], r6.jobIds = [$job]
} IN TRANSACTIONS OF $batch ROWS
