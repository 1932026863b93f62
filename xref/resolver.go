package xref

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/casegraph/casegraph"
)

// nomenklatura's resolver file: one JSON array per line,
// [target, source, judgement, score, user, created_at], where target is the
// greater id of the pair and source the smaller, judgement one of
// "positive", "negative", "unsure", "no_judgement", and created_at a local
// ISO time without zone ("2024-01-02T03:04:05").

const resolverTime = "2006-01-02T15:04:05"

var toResolver = map[Judgement]string{Same: "positive", Different: "negative", Unsure: "unsure"}

var fromResolver = map[string]Judgement{"positive": Same, "negative": Different, "unsure": Unsure}

// WriteResolverJSONL writes decisions in nomenklatura's resolver format.
// Times are written in UTC; a decision without a score writes null.
func WriteResolverJSONL(w io.Writer, ds []Decision) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		j, ok := toResolver[d.Judgement]
		if !ok {
			return casegraph.Errorf(casegraph.EINVALID, "decision %s/%s: unknown judgement %q", d.Left, d.Right, d.Judgement)
		}
		left, right := Pair(d.Left, d.Right)
		var score any
		if d.Score != 0 {
			score = d.Score
		}
		// nomenklatura refuses an edge without a user: one nobody signed is
		// casegraph's.
		user := d.User
		if user == "" {
			user = UnknownUser
		}
		var created any
		if !d.CreatedAt.IsZero() {
			t := d.CreatedAt.UTC()
			if t.Nanosecond() != 0 {
				created = t.Format(resolverTime + ".999999")
			} else {
				created = t.Format(resolverTime)
			}
		}
		line, err := json.Marshal([]any{right, left, j, score, user, created})
		if err != nil {
			return err
		}
		bw.Write(line)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// resolverObject is the object form of one edge.
type resolverObject struct {
	Target    *string  `json:"target"`
	Source    *string  `json:"source"`
	Judgement string   `json:"judgement"`
	Score     *float64 `json:"score"`
	User      *string  `json:"user"`
	CreatedAt *string  `json:"created_at"`
}

// ReadResolverJSONL reads nomenklatura's resolver format (array or object
// lines); no_judgement lines are skipped, blank lines too. Bad input is an
// EINVALID error naming the line.
func ReadResolverJSONL(r io.Reader) ([]Decision, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var out []Decision
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		d, skip, err := parseResolverLine(line)
		if err != nil {
			return nil, casegraph.Errorf(casegraph.EINVALID, "resolver file line %d: %s", n, err)
		}
		if !skip {
			out = append(out, d)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, casegraph.Errorf(casegraph.EINVALID, "resolver file after line %d: %s", n, err)
	}
	return out, nil
}

func parseResolverLine(line []byte) (Decision, bool, error) {
	var o resolverObject
	switch line[0] {
	case '[':
		var row []json.RawMessage
		if err := json.Unmarshal(line, &row); err != nil {
			return Decision{}, false, fmt.Errorf("not a JSON array: %v", err)
		}
		if len(row) < 3 {
			return Decision{}, false, fmt.Errorf("want [target, source, judgement, score, user, created_at], got %d fields", len(row))
		}
		fields := []any{&o.Target, &o.Source, &o.Judgement, &o.Score, &o.User, &o.CreatedAt}
		names := []string{"target", "source", "judgement", "score", "user", "created_at"}
		for i := range fields {
			if i >= len(row) {
				break
			}
			if err := json.Unmarshal(row[i], fields[i]); err != nil {
				return Decision{}, false, fmt.Errorf("%s: %v", names[i], err)
			}
		}
	case '{':
		if err := json.Unmarshal(line, &o); err != nil {
			return Decision{}, false, fmt.Errorf("not a JSON object: %v", err)
		}
	default:
		return Decision{}, false, fmt.Errorf("want a JSON array or object")
	}
	if o.Judgement == "no_judgement" {
		return Decision{}, true, nil
	}
	j, ok := fromResolver[o.Judgement]
	if !ok {
		return Decision{}, false, fmt.Errorf("unknown judgement %q (want positive, negative, unsure or no_judgement)", o.Judgement)
	}
	if o.Target == nil || o.Source == nil || *o.Target == "" || *o.Source == "" {
		return Decision{}, false, fmt.Errorf("target and source ids are required")
	}
	d := Decision{Judgement: j}
	d.Left, d.Right = Pair(*o.Target, *o.Source)
	if o.Score != nil {
		d.Score = *o.Score
	}
	if o.User != nil && *o.User != UnknownUser {
		d.User = *o.User
	}
	if o.CreatedAt != nil && *o.CreatedAt != "" {
		t, err := parseResolverTime(*o.CreatedAt)
		if err != nil {
			return Decision{}, false, err
		}
		d.CreatedAt = t
	}
	return d, false, nil
}

// UnknownUser signs, in a resolver file, a verdict recorded without a user
// (and is read back as none).
const UnknownUser = "casegraph"

// parseResolverTime reads created_at with or without fraction and zone; a
// time without zone is UTC.
func parseResolverTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	// nomenklatura writes zones as Python's isoformat of a timezone cut
	// short, "+0" or "+00": make them "+00:00".
	if i := strings.LastIndexAny(s, "+-"); i > len("2006-01-02") {
		if zone := s[i+1:]; len(zone) <= 2 && zone != "" && strings.Trim(zone, "0123456789") == "" {
			s = s[:i+1] + fmt.Sprintf("%02s:00", zone)
		}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("created_at %q is not an ISO time such as 2024-01-02T03:04:05", s)
}
