// Package ingest reads spreadsheets (CSV, XLSX) and FollowTheMoney JSON
// lines, applies a mapping file, validates rows and writes batches through
// graph. It depends on graph; graph knows nothing of it.
package ingest

// excelize reads XLSX files: read.go opens one sheet and streams its rows
// with the row iterator (newXLSXReader), after checkZip has inflated the zip
// once within xlsxUnzipLimit. read.go imports it itself, so this blank
// import no longer keeps anything in go.mod.
import _ "github.com/xuri/excelize/v2"
