package ingest

import (
	"errors"
	"io"
)

// rowSource yields mapped rows from one input, whatever its format.
type rowSource interface {
	Header() []string
	Sheet() string
	// Next returns the next row's result (nil if the filter left it out),
	// its raw cells, and its number; io.EOF at the end; a *RowError for a
	// rejected row; any other error stops the file.
	Next() (*rowResult, []string, int, error)
	Close() error
}

// openRows reads r, f's contents (as counted for progress); FtM input reads
// f again for its second pass, XLSX checks f's zip first.
func openRows(m *Mapping, in *Input, file string, f *inputFile, r io.Reader, sourceID string) (rowSource, error) {
	var rr rowReader
	var sheet string
	switch in.Format {
	case "ftm":
		return newFTMSource(m, file, f.reader, r, sourceID), nil
	case "xlsx":
		x, err := newXLSXReader(file, f, r, in)
		if err != nil {
			return nil, err
		}
		rr, sheet = x, x.sheet
	default:
		c, err := newCSVReader(file, r, in)
		if err != nil {
			return nil, err
		}
		rr = c
	}
	c, err := compile(m, in, rr.Header(), sourceID)
	if err != nil {
		rr.Close()
		return nil, err
	}
	return &tableSource{rr: rr, c: c, sheet: sheet}, nil
}

// tableSource maps CSV and XLSX rows.
type tableSource struct {
	rr    rowReader
	c     *compiled
	sheet string
}

func (t *tableSource) Header() []string { return t.rr.Header() }
func (t *tableSource) Sheet() string    { return t.sheet }
func (t *tableSource) Close() error     { return t.rr.Close() }

func (t *tableSource) Next() (*rowResult, []string, int, error) {
	row, num, err := t.rr.Next()
	if err != nil {
		var re *RowError
		if errors.As(err, &re) {
			return nil, row, num, re
		}
		return nil, nil, num, err
	}
	if isBlank(row) || !t.c.keep(row) {
		return nil, row, num, nil
	}
	res, rowErr := t.c.apply(row, num)
	if rowErr != nil {
		return nil, row, num, rowErr
	}
	return &res, row, num, nil
}

func isBlank(row []string) bool {
	for _, v := range row {
		for _, r := range v {
			if r != ' ' && r != '\t' && r != '\u00a0' {
				return false
			}
		}
	}
	return true
}
