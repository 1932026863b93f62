package xref

import (
	"strings"
	"testing"
	"time"
)

// nomenklatura's own files: zones cut short ("+0"), and no edge without a user.
func TestResolverFilesAsNomenklaturaWritesThem(t *testing.T) {
	in := `["b", "a", "positive", 0.9, "ana", "2025-03-04T05:06:07.592482+0"]` + "\n" +
		`["d", "c", "negative", null, "bo", "2025-03-04T05:06:07+00"]` + "\n"
	ds, err := ReadResolverJSONL(strings.NewReader(in))
	if err != nil || len(ds) != 2 {
		t.Fatalf("%v %v", ds, err)
	}
	if want := time.Date(2025, 3, 4, 5, 6, 7, 592482000, time.UTC); !ds[0].CreatedAt.Equal(want) {
		t.Errorf("time %v, want %v", ds[0].CreatedAt, want)
	}
	var out strings.Builder
	if err := WriteResolverJSONL(&out, []Decision{{Left: "a", Right: "b", Judgement: Same}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"`+UnknownUser+`"`) || strings.Contains(out.String(), "null,null") {
		t.Errorf("an unsigned verdict: %s", out.String())
	}
}
