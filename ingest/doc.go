// Package ingest reads spreadsheets (CSV, XLSX through excelize's row
// iterator) and FollowTheMoney JSON lines, applies a mapping file, validates
// rows and writes batches through the Writer it is given (graph.Store in
// casegraph). It builds the domain types of package casegraph and knows
// nothing of Neo4j.
package ingest
