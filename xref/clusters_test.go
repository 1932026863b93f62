package xref

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func dec(a, b string, j Judgement, minute int) Decision {
	l, r := Pair(a, b)
	return Decision{Left: l, Right: r, Judgement: j, User: "ana",
		CreatedAt: time.Date(2024, 1, 2, 3, minute, 5, 0, time.UTC)}
}

func TestClusters(t *testing.T) {
	c := NewClusters([]Decision{
		dec("c", "b", Same, 1),
		dec("b", "d", Same, 2),
		dec("x", "y", Same, 3),
		dec("x", "y", Different, 4), // the later one counts
		dec("e", "f", Unsure, 5),
	})
	if got := c.Canonical("d"); got != "b" {
		t.Errorf("Canonical(d) = %s, want b", got)
	}
	if got := c.Canonical("zz"); got != "zz" {
		t.Errorf("Canonical(zz) = %s", got)
	}
	if got := c.Members("c"); !reflect.DeepEqual(got, []string{"b", "c", "d"}) {
		t.Errorf("Members(c) = %v", got)
	}
	if got := c.Members("x"); !reflect.DeepEqual(got, []string{"x"}) {
		t.Errorf("Members(x) = %v (the SAME was replaced by DIFFERENT)", got)
	}
	if got := c.Expand([]string{"q", "d"}); !reflect.DeepEqual(got, []string{"q", "d", "b", "c"}) {
		t.Errorf("Expand = %v", got)
	}
	if d, ok := c.Judgement("y", "x"); !ok || d.Judgement != Different {
		t.Errorf("Judgement(y, x) = %v %v", d, ok)
	}
	if got := len(c.Decisions()); got != 4 {
		t.Errorf("%d decisions, want 4 (latest per pair)", got)
	}
}

func TestClustersCheck(t *testing.T) {
	base := NewClusters([]Decision{dec("a", "b", Same, 1), dec("b", "c", Same, 2), dec("d", "e", Same, 3), dec("a", "d", Different, 4)})
	t.Run("different inside a cluster is refused", func(t *testing.T) {
		err := base.Check(dec("a", "c", Different, 10))
		var ce *ContradictionError
		if !errors.As(err, &ce) {
			t.Fatalf("Check = %v, want a contradiction", err)
		}
		msg := err.Error()
		for _, want := range []string{"a = b", "b = c", "ana", "2024-01-02 03:01", "DIFFERENT or UNSURE first"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
		if len(ce.Chain) != 2 {
			t.Errorf("chain %v, want a-b, b-c", ce.Chain)
		}
	})
	t.Run("same joining clusters with a different pair is refused", func(t *testing.T) {
		err := base.Check(dec("c", "e", Same, 10))
		var ce *ContradictionError
		if !errors.As(err, &ce) {
			t.Fatalf("Check = %v, want a contradiction", err)
		}
		if ce.Different.Left != "a" || ce.Different.Right != "d" || len(ce.Chain) != 4 {
			t.Errorf("contradiction %+v", ce)
		}
	})
	t.Run("splitting a cluster is allowed", func(t *testing.T) {
		d := dec("b", "c", Different, 10)
		if err := base.Check(d); err != nil {
			t.Fatalf("Check = %v", err)
		}
		next := base.With(d)
		if got := next.Members("a"); !reflect.DeepEqual(got, []string{"a", "b"}) {
			t.Errorf("after the split Members(a) = %v", got)
		}
		if got := base.Members("a"); len(got) != 3 {
			t.Errorf("With changed the original: %v", got)
		}
		// now c may be joined to e
		if err := next.Check(dec("c", "e", Same, 11)); err != nil {
			t.Errorf("after the split: %v", err)
		}
	})
	t.Run("re-judging the different pair same is allowed", func(t *testing.T) {
		if err := base.Check(dec("d", "a", Same, 10)); err != nil {
			t.Errorf("Check = %v", err)
		}
	})
	t.Run("a pair with itself", func(t *testing.T) {
		if err := base.Check(dec("a", "a", Same, 10)); err == nil {
			t.Error("no error")
		}
	})
}

func TestResolverRoundTrip(t *testing.T) {
	ds := []Decision{
		{Left: "a", Right: "b", Judgement: Same, User: "ana", Score: 0.93, CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{Left: "NK-1", Right: "Q7", Judgement: Different, User: "bo", CreatedAt: time.Date(2025, 6, 1, 0, 0, 0, 123456000, time.UTC)},
		{Left: "c", Right: "d", Judgement: Unsure},
	}
	var buf bytes.Buffer
	if err := WriteResolverJSONL(&buf, ds); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `["b","a","positive",0.93,"ana","2024-01-02T03:04:05"]`) {
		t.Errorf("first line %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	got, err := ReadResolverJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ds) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, ds)
	}
}

func TestReadResolverJSONL(t *testing.T) {
	in := `["b", "a", "positive", 0.5, "u", "2024-01-02T03:04:05.123+02:00"]
{"target": "d", "source": "c", "judgement": "negative", "score": null, "user": "v", "created_at": "2024-01-02 03:04:05"}
["f", "e", "no_judgement", null, null, null]

["h", "g", "unsure", null, "w", "2024-01-02T03:04:05"]
`
	got, err := ReadResolverJSONL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Judgement != Same || got[1].Judgement != Different || got[2].Judgement != Unsure {
		t.Fatalf("got %+v", got)
	}
	if want := time.Date(2024, 1, 2, 1, 4, 5, 123000000, time.UTC); !got[0].CreatedAt.Equal(want) {
		t.Errorf("zoned time read as %v", got[0].CreatedAt)
	}
	for _, bad := range []string{"[\"a\"]\n", "[\"b\",\"a\",\"maybe\"]\n", "{\n", "[\"b\",\"a\",\"positive\",null,null,\"yesterday\"]\n"} {
		_, err := ReadResolverJSONL(strings.NewReader("[\"b\",\"a\",\"positive\"]\n" + bad))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%q: error %v, want one naming line 2", bad, err)
		}
	}
}
