// Package ingest reads spreadsheets (CSV, XLSX) and FollowTheMoney JSON
// lines, applies a mapping file, validates rows and writes batches through
// graph. It depends on graph; graph knows nothing of it.
package ingest

import _ "github.com/xuri/excelize/v2" // the XLSX reader; kept in go.mod while it is written
