// Package ingest reads spreadsheets (CSV, XLSX) and FollowTheMoney JSON
// lines, applies a mapping file, validates rows and writes batches through
// graph. It depends on graph; graph knows nothing of it.
package ingest
