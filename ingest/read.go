package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/casegraph/casegraph"
)

// rowReader streams the rows of one table. Row numbers are what a person
// sees in a spreadsheet program: 1-based, the header row included.
type rowReader interface {
	Header() []string
	// Next returns the next row and its number; io.EOF at the end. A
	// *RowError means this row is bad but reading may go on.
	Next() ([]string, int, error)
	Close() error
}

// Limits that keep a hostile or broken file from exhausting memory.
const (
	MaxLineBytes   = 8 << 20   // one CSV line
	MaxRowBytes    = 16 << 20  // one CSV row, which quoted fields may spread over lines
	MaxLineFields  = 100_000   // delimiters in one CSV line (each field costs memory)
	MaxCellBytes   = 1 << 20   // one cell
	MaxColumns     = 2000      // columns in a header
	xlsxUnzipLimit = 256 << 20 // total uncompressed size of an XLSX
)

// FileError is a problem with a whole file: it cannot be read at all.
type FileError struct {
	File   string
	Sheet  string
	Reason string
	Err    error // the cause, if any: ErrNotRegular, ErrTooLarge, a context's error…
}

func (e *FileError) Unwrap() error { return e.Err }

// Code classifies the error for casegraph.ErrorCode: the file is the
// sender's to fix (a read its context stopped is ETIMEOUT or ECANCELED,
// which casegraph.ErrorCode finds in Err first).
func (e *FileError) Code() string { return casegraph.EINVALID }

func (e *FileError) Error() string {
	where := e.File
	if e.Sheet != "" {
		where += " sheet " + e.Sheet
	}
	return where + ": " + e.Reason
}

// csvReader reads CSV with a detected or given delimiter.
type csvReader struct {
	file   string
	r      *csv.Reader
	header []string
	line   *lineGuard
	rowNum int
}

func newCSVReader(file string, src io.Reader, in *Input) (*csvReader, error) {
	br := bufio.NewReaderSize(src, 64<<10)
	bom, _ := br.Peek(3)
	if bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	} else if bytes.HasPrefix(bom, []byte{0xFF, 0xFE}) || bytes.HasPrefix(bom, []byte{0xFE, 0xFF}) {
		return nil, &FileError{File: file, Reason: "the file is UTF-16 text: save it as UTF-8 CSV (or Latin-1, with encoding: latin-1)"}
	}
	var text io.Reader = br
	switch strings.ToLower(in.Encoding) {
	case "latin-1", "latin1", "iso-8859-1":
		text = &latin1Reader{r: br}
	}
	guard := &lineGuard{r: text, limit: MaxLineBytes}
	gbr := bufio.NewReaderSize(guard, 64<<10)

	delim := in.Delimiter
	if delim == `\t` {
		delim = "\t"
	}
	peek, _ := gbr.Peek(32 << 10)
	if delim == "" {
		delim = string(sniffDelimiter(peek))
	}
	r := csv.NewReader(gbr)
	r.Comma, _ = utf8.DecodeRuneInString(delim)
	r.FieldsPerRecord = -1 // column counts are checked per row, with a clear message
	r.ReuseRecord = false
	if r.Comma < utf8.RuneSelf {
		guard.delim = byte(r.Comma)
	}
	c := &csvReader{file: file, r: r, line: guard}

	skip := max(in.HeaderRow, 1) - 1
	for {
		guard.startRow(r.InputOffset(), c.rowNum)
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil, &FileError{File: file, Reason: "the file has no header row"}
		}
		if err != nil {
			if looksBinary(peek) {
				return nil, &FileError{File: file, Reason: errBinary.Error()}
			}
			return nil, &FileError{File: file, Reason: "cannot read the header row: " + csvReason(err)}
		}
		c.rowNum = endLine(r, rec)
		if skip > 0 {
			skip--
			continue
		}
		if err := checkHeader(rec); err != nil {
			return nil, &FileError{File: file, Reason: err.Error()}
		}
		c.header = rec
		return c, nil
	}
}

func (c *csvReader) Header() []string { return c.header }
func (c *csvReader) Close() error     { return nil }

func (c *csvReader) Next() ([]string, int, error) {
	c.line.startRow(c.r.InputOffset(), c.rowNum)
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	if err != nil {
		// No FieldPos here: it panics when the error came before the
		// row's first field ended (a quote problem in column 1).
		var tooLong *lineTooLong
		if errors.As(err, &tooLong) {
			return nil, 0, &FileError{File: c.file, Reason: tooLong.Error()}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.rowNum = pe.Line
			if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
				// rec holds the fields before the bad one.
				re := &RowError{Row: pe.StartLine, Column: cell(c.header, len(rec)), Reason: csvReason(err)}
				return rec, pe.StartLine, re
			}
		}
		return nil, c.rowNum, &FileError{File: c.file, Reason: csvReason(err)}
	}
	line, _ := c.r.FieldPos(0) // a row read without error has a field
	c.rowNum = endLine(c.r, rec)
	if len(rec) != len(c.header) && !(len(rec) == 1 && rec[0] == "") {
		re := &RowError{Row: line, Reason: fmt.Sprintf("has %d columns, the header has %d", len(rec), len(c.header))}
		if len(rec) > len(c.header) {
			re.Value = strings.Join(rec[len(c.header):], string(c.r.Comma)) // kept in the rejects file
		}
		return rec, line, re
	}
	return rec, line, nil
}

// endLine is the line the row just read ends on: where its last field
// starts, plus the line breaks inside that field.
func endLine(r *csv.Reader, rec []string) int {
	last, _ := r.FieldPos(len(rec) - 1)
	return last + strings.Count(rec[len(rec)-1], "\n")
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch pe.Err {
		case csv.ErrQuote:
			return fmt.Sprintf("unterminated or stray quote (starting at line %d)", pe.StartLine)
		case csv.ErrBareQuote:
			return fmt.Sprintf("a quote inside an unquoted field at line %d, column %d", pe.Line, pe.Column)
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// checkHeader refuses headers that show the file is not a table at all.
func checkHeader(h []string) error {
	if len(h) > MaxColumns {
		return fmt.Errorf("the header has %d columns, more than the %d allowed: is this really a table?", len(h), MaxColumns)
	}
	nonEmpty := 0
	for _, name := range h {
		if !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
			return errBinary
		}
		if strings.TrimSpace(name) != "" {
			nonEmpty++
		}
	}
	if nonEmpty == 0 {
		return errors.New("the header row is empty")
	}
	return nil
}

var errBinary = errors.New("the header row holds binary data or invalid UTF-8: is this a CSV file, and is the encoding right (try encoding: latin-1)?")

// looksBinary reports whether the first line of b holds NUL bytes or
// invalid UTF-8 (a rune cut by the end of b aside).
func looksBinary(b []byte) bool {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	} else if len(b) > utf8.UTFMax {
		b = b[:len(b)-utf8.UTFMax]
	}
	return bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b)
}

// sniffDelimiter picks the most frequent of , ; tab | in the first line,
// ignoring quoted text.
func sniffDelimiter(b []byte) byte {
	counts := map[byte]int{}
	quoted := false
	for _, c := range b {
		if c == '"' {
			quoted = !quoted
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted && (c == ',' || c == ';' || c == '\t' || c == '|') {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t', '|'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// latin1Reader decodes ISO-8859-1 into UTF-8: every byte is one rune.
type latin1Reader struct {
	r   io.Reader
	buf []byte
	out []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if cap(l.buf) == 0 {
			l.buf = make([]byte, 16<<10)
		}
		n, err := l.r.Read(l.buf[:cap(l.buf)])
		for _, b := range l.buf[:n] {
			l.out = utf8.AppendRune(l.out, rune(b))
		}
		if n == 0 && err != nil {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	if len(l.out) == 0 {
		l.out = l.out[:0:0]
	}
	return n, nil
}

// lineGuard fails a read once a single line grows past limit, or holds
// more than MaxLineFields delimiters, or a row (a quoted field may span
// lines) runs past MaxRowBytes, so one enormous line or an unterminated
// quote cannot swallow all memory.
type lineGuard struct {
	r      io.Reader
	limit  int
	run    int
	line   int
	delim  byte // 0: not counted
	fields int  // delimiters in the current line
	// The CSV reader reads ahead of the row it parses; rows are measured
	// from the offset the reader had reached when the row began.
	read     int64 // bytes passed on
	rowStart int64
	rowAfter int // the line the previous row ended on
}

type lineTooLong struct {
	line, limit int
	what        string
}

func (e *lineTooLong) Error() string {
	switch e.what {
	case "row":
		return fmt.Sprintf("the row after line %d runs past %d MB: is a closing quote missing?", e.line, e.limit>>20)
	case "fields":
		return fmt.Sprintf("line %d has more than %d delimiters: is this really a CSV file, and is the delimiter right?", e.line, e.limit)
	}
	return fmt.Sprintf("line %d is longer than %d MB: is this really a CSV file?", e.line, e.limit>>20)
}

// startRow marks where the next row begins: offset in the text the CSV
// reader has consumed, after line afterLine.
func (g *lineGuard) startRow(offset int64, afterLine int) {
	g.rowStart, g.rowAfter = offset, afterLine
}

func (g *lineGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			g.run, g.fields = 0, 0
			g.line++
			continue
		}
		g.run++
		if g.run > g.limit {
			return 0, &lineTooLong{line: g.line + 1, limit: g.limit}
		}
		if c == g.delim && g.delim != 0 {
			if g.fields++; g.fields > MaxLineFields {
				return 0, &lineTooLong{line: g.line + 1, limit: MaxLineFields, what: "fields"}
			}
		}
		if g.read+int64(i)-g.rowStart > MaxRowBytes {
			return 0, &lineTooLong{line: g.rowAfter, limit: MaxRowBytes, what: "row"}
		}
	}
	g.read += int64(n)
	return n, err
}

// xlsxReader streams one sheet's rows with excelize's row iterator.
type xlsxReader struct {
	file   string
	sheet  string
	f      *excelize.File
	rows   *excelize.Rows
	header []string
	rowNum int
}

func newXLSXReader(file string, zipped *inputFile, src io.Reader, in *Input) (*xlsxReader, error) {
	tooBig := fmt.Sprintf("the XLSX file unpacks to more than %d MB: refusing it (a zip bomb, or a workbook to split)", xlsxUnzipLimit>>20)
	if err := checkZip(zipped, zipped.size, xlsxUnzipLimit); err != nil {
		if errors.Is(err, errZipTooBig) {
			return nil, &FileError{File: file, Reason: tooBig}
		}
		return nil, &FileError{File: file, Reason: "not a readable XLSX file: " + err.Error()}
	}
	f, err := excelize.OpenReader(src, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		reason := "not a readable XLSX file: " + err.Error()
		if strings.Contains(err.Error(), "size limit") || strings.Contains(err.Error(), "exceeds") {
			reason = tooBig
		}
		return nil, &FileError{File: file, Reason: reason}
	}
	sheet := in.Sheet
	if sheet == "" {
		sheet = f.GetSheetName(0)
	} else if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		f.Close()
		return nil, &FileError{File: file, Reason: fmt.Sprintf("no sheet named %q (sheets: %s)", sheet, strings.Join(f.GetSheetList(), ", "))}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, &FileError{File: file, Sheet: sheet, Reason: err.Error()}
	}
	x := &xlsxReader{file: file, sheet: sheet, f: f, rows: rows}
	skip := max(in.HeaderRow, 1)
	for x.rowNum < skip {
		if !rows.Next() {
			x.Close()
			return nil, &FileError{File: file, Sheet: sheet, Reason: "the sheet has no header row"}
		}
		x.rowNum++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			x.Close()
			return nil, &FileError{File: file, Sheet: sheet, Reason: err.Error()}
		}
		x.header = cols
	}
	if err := checkHeader(x.header); err != nil {
		x.Close()
		return nil, &FileError{File: file, Sheet: sheet, Reason: err.Error()}
	}
	return x, nil
}

var errZipTooBig = errors.New("too big")

// checkZip inflates every part of a zip once, counting, before excelize
// reads it: excelize trusts the sizes the zip declares and ignores errors
// while inflating, so a zip that lies about its sizes (a zip bomb) or is
// corrupt would load in part, as if whole. A file that is not a zip at
// all is left to excelize (it may be an encrypted workbook).
func checkZip(r io.ReaderAt, size, limit int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil
	}
	var declared uint64
	for _, f := range zr.File {
		declared += min(f.UncompressedSize64, uint64(limit)+1)
		if declared > uint64(limit) {
			return errZipTooBig
		}
	}
	var total int64
	for _, f := range zr.File {
		rc, err := f.Open()
		if err == nil {
			var n int64
			n, err = io.Copy(io.Discard, io.LimitReader(rc, limit-total+1))
			rc.Close()
			total += n
		}
		if err != nil {
			return fmt.Errorf("its part %s is corrupt (%v)", f.Name, err)
		}
		if total > limit {
			return errZipTooBig
		}
	}
	return nil
}

func (x *xlsxReader) Header() []string { return x.header }

func (x *xlsxReader) Next() ([]string, int, error) {
	for x.rows.Next() {
		x.rowNum++
		// Raw values: a date cell gives its serial number, which a date
		// column converts; formatted text would depend on the cell's style.
		cols, err := x.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, x.rowNum, &FileError{File: x.file, Sheet: x.sheet, Reason: fmt.Sprintf("row %d: %v", x.rowNum, err)}
		}
		if len(cols) == 0 {
			continue // an empty row
		}
		if len(cols) > len(x.header) {
			extra := cols[len(x.header):]
			if strings.TrimSpace(strings.Join(extra, "")) != "" {
				return cols, x.rowNum, &RowError{Row: x.rowNum, Reason: fmt.Sprintf("has values beyond the %d header columns", len(x.header))}
			}
			cols = cols[:len(x.header)]
		}
		for len(cols) < len(x.header) {
			cols = append(cols, "") // trailing empty cells are not stored
		}
		return cols, x.rowNum, nil
	}
	if err := x.rows.Error(); err != nil {
		return nil, x.rowNum, &FileError{File: x.file, Sheet: x.sheet, Reason: err.Error()}
	}
	return nil, 0, io.EOF
}

func (x *xlsxReader) Close() error {
	if x.rows != nil {
		x.rows.Close()
	}
	return x.f.Close()
}
