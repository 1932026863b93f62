package ingest

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// spill is an external sort of the writes a bulk load collects: every
// entity or relationship write, keyed by what the graph would MERGE it on,
// in the order the normal path would have sent it (batch, then position in
// the batch). Records are kept in memory up to a limit, sorted and written
// out as a run; at the end the runs are merged, so every write of one key
// comes out together and in order, while memory stays at one run's worth
// however large the input is.
type spill struct {
	dir   string
	name  string
	limit int // bytes of records held before a run is written
	recs  []spillRec
	held  int
	runs  []string
	total int64
}

type spillRec struct {
	key        string
	batch, idx uint64
	data       []byte
}

func newSpill(dir, name string, limit int) *spill {
	return &spill{dir: dir, name: name, limit: limit}
}

func (s *spill) add(key string, batch, idx uint64, data []byte) error {
	s.recs = append(s.recs, spillRec{key: key, batch: batch, idx: idx, data: data})
	s.held += len(key) + len(data) + 64
	s.total++
	if s.held >= s.limit {
		return s.writeRun()
	}
	return nil
}

func compareRec(a, b *spillRec) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	if c := cmp.Compare(a.batch, b.batch); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// writeRun sorts what is held and writes it as one run file.
func (s *spill) writeRun() error {
	if len(s.recs) == 0 {
		return nil
	}
	slices.SortFunc(s.recs, func(a, b spillRec) int { return compareRec(&a, &b) })
	path := filepath.Join(s.dir, s.name+"-run-"+strconv.Itoa(len(s.runs))+".bin")
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bulk: creating a sort run: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var head [3 * binary.MaxVarintLen64]byte
	for i := range s.recs {
		r := &s.recs[i]
		n := binary.PutUvarint(head[:], uint64(len(r.key)))
		w.Write(head[:n])
		w.WriteString(r.key)
		n = binary.PutUvarint(head[:], r.batch)
		n += binary.PutUvarint(head[n:], r.idx)
		n += binary.PutUvarint(head[n:], uint64(len(r.data)))
		w.Write(head[:n])
		w.Write(r.data)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("bulk: writing a sort run: %w", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	s.runs = append(s.runs, path)
	clear(s.recs)
	s.recs, s.held = s.recs[:0], 0
	return nil
}

// merge writes out what is still held and calls group once per key, with
// every record of that key in order. Run files are removed afterwards.
func (s *spill) merge(group func(key string, recs []spillRec) error) error {
	if err := s.writeRun(); err != nil {
		return err
	}
	defer func() {
		for _, p := range s.runs {
			os.Remove(p)
		}
	}()
	var h runHeap
	for _, p := range s.runs {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		r := &runReader{r: bufio.NewReaderSize(f, 256<<10)}
		ok, err := r.next()
		if err != nil {
			return fmt.Errorf("bulk: reading %s: %w", p, err)
		}
		if ok {
			h = append(h, r)
		}
	}
	heap.Init(&h)
	var cur []spillRec
	for h.Len() > 0 {
		top := h[0]
		rec := top.cur
		if len(cur) > 0 && cur[0].key != rec.key {
			if err := group(cur[0].key, cur); err != nil {
				return err
			}
			cur = cur[:0]
		}
		cur = append(cur, rec)
		ok, err := top.next()
		if err != nil {
			return fmt.Errorf("bulk: reading a sort run: %w", err)
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	if len(cur) > 0 {
		return group(cur[0].key, cur)
	}
	return nil
}

type runReader struct {
	r   *bufio.Reader
	cur spillRec
}

// next reads the next record into cur (a new allocation: the caller keeps
// the records of a key while it reads on); false at the end of the run.
func (r *runReader) next() (bool, error) {
	n, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	key := make([]byte, n)
	if _, err := io.ReadFull(r.r, key); err != nil {
		return false, err
	}
	var nums [3]uint64
	for i := range nums {
		if nums[i], err = binary.ReadUvarint(r.r); err != nil {
			return false, err
		}
	}
	data := make([]byte, nums[2])
	if _, err := io.ReadFull(r.r, data); err != nil {
		return false, err
	}
	r.cur = spillRec{key: string(key), batch: nums[0], idx: nums[1], data: data}
	return true, nil
}

type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return compareRec(&h[i].cur, &h[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// The encoding of a spilled write: strings and lists length-prefixed,
// properties as (name, kind, value) in the kinds Neo4j stores.
const (
	kindString byte = iota + 1
	kindFloat
	kindInt
	kindBool
	kindStrings
	kindFloats
	kindInts
)

type encoder struct{ b []byte }

func (e *encoder) uvarint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) strs(l []string) {
	e.uvarint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}

func (e *encoder) props(p map[string]any) error {
	keys := make([]string, 0, len(p))
	for k, v := range p {
		if v != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		switch v := p[k].(type) {
		case string:
			e.b = append(e.b, kindString)
			e.str(v)
		case float64:
			e.b = append(e.b, kindFloat)
			e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
		case int64:
			e.b = append(e.b, kindInt)
			e.b = binary.AppendVarint(e.b, v)
		case int:
			e.b = append(e.b, kindInt)
			e.b = binary.AppendVarint(e.b, int64(v))
		case bool:
			e.b = append(e.b, kindBool)
			if v {
				e.b = append(e.b, 1)
			} else {
				e.b = append(e.b, 0)
			}
		case []string:
			e.b = append(e.b, kindStrings)
			e.strs(v)
		case []float64:
			e.b = append(e.b, kindFloats)
			e.uvarint(uint64(len(v)))
			for _, f := range v {
				e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f))
			}
		case []int64:
			e.b = append(e.b, kindInts)
			e.uvarint(uint64(len(v)))
			for _, n := range v {
				e.b = binary.AppendVarint(e.b, n)
			}
		default:
			return fmt.Errorf("property %q has unsupported type %T", k, v)
		}
	}
	return nil
}

type decoder struct {
	b   []byte
	err error
}

// errCorrupt: a spilled record does not decode (the sort files were damaged).
var errCorrupt = errors.New("bulk: corrupt sort record")

// corrupt records that the record does not decode and stops reading it.
func (d *decoder) corrupt() {
	d.err = errCorrupt
	d.b = nil
}

// readVarint takes one varint off the record with read (binary.Uvarint or binary.Varint).
func readVarint[T uint64 | int64](d *decoder, read func([]byte) (T, int)) T {
	n, w := read(d.b)
	if w <= 0 {
		d.corrupt()
		return 0
	}
	d.b = d.b[w:]
	return n
}

func (d *decoder) uvarint() uint64 { return readVarint(d, binary.Uvarint) }
func (d *decoder) varint() int64   { return readVarint(d, binary.Varint) }

func (d *decoder) str() string {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.corrupt()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	out := make([]string, 0, min(n, 1024))
	for range n {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) float() float64 {
	if len(d.b) < 8 {
		d.corrupt()
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return f
}

func (d *decoder) props() map[string]any {
	n := d.uvarint()
	p := make(map[string]any, n)
	for range n {
		k := d.str()
		if len(d.b) == 0 {
			d.err = errCorrupt
			return p
		}
		kind := d.b[0]
		d.b = d.b[1:]
		switch kind {
		case kindString:
			p[k] = d.str()
		case kindFloat:
			p[k] = d.float()
		case kindInt:
			p[k] = d.varint()
		case kindBool:
			p[k] = len(d.b) > 0 && d.b[0] == 1
			if len(d.b) > 0 {
				d.b = d.b[1:]
			}
		case kindStrings:
			l := d.strs()
			if l == nil {
				l = []string{}
			}
			p[k] = l
		case kindFloats:
			m := d.uvarint()
			l := make([]float64, 0, min(m, 1024))
			for range m {
				l = append(l, d.float())
			}
			p[k] = l
		case kindInts:
			m := d.uvarint()
			l := make([]int64, 0, min(m, 1024))
			for range m {
				l = append(l, d.varint())
			}
			p[k] = l
		default:
			d.err = errCorrupt
			return p
		}
	}
	return p
}
