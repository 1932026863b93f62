package boltstub

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestPackStreamRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want any // as decoded
	}{
		{"null", nil, nil},
		{"true", true, true},
		{"tiny int", -16, int64(-16)},
		{"int8", -17, int64(-17)},
		{"int16", 1000, int64(1000)},
		{"int32", -70000, int64(-70000)},
		{"int64", int64(1) << 40, int64(1) << 40},
		{"tiny string", "neo4j", "neo4j"},
		{"string16", strings.Repeat("x", 300), strings.Repeat("x", 300)},
		{"list", []string{"127.0.0.1:1", "127.0.0.1:2"}, []any{"127.0.0.1:1", "127.0.0.1:2"}},
		{"map", map[string]any{"role": "READ", "ttl": 300}, map[string]any{"role": "READ", "ttl": int64(300)}},
		{"big map", bigMap(20), bigMapDecoded(20)},
		{"structure", structure{tag: msgFailure, fields: []any{map[string]any{"code": "X"}}},
			structure{tag: msgFailure, fields: []any{map[string]any{"code": "X"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := &decoder{b: encode(nil, c.in)}
			got, err := d.value()
			if err != nil || !reflect.DeepEqual(got, c.want) || d.pos != len(d.b) {
				t.Fatalf("decoded %#v (%v), read %d of %d bytes; want %#v", got, err, d.pos, len(d.b), c.want)
			}
		})
	}
	// A value cut short is an error, not a panic.
	full := encode(nil, map[string]any{"rt": []string{"a", "b"}})
	for n := 0; n < len(full); n++ {
		if _, err := (&decoder{b: full[:n]}).value(); err == nil {
			t.Fatalf("%d of %d bytes decoded without error", n, len(full))
		}
	}
}

func bigMap(n int) map[string]any {
	m := map[string]any{}
	for i := range n {
		m[string(rune('a'+i))] = i
	}
	return m
}

func bigMapDecoded(n int) map[string]any {
	m := map[string]any{}
	for i := range n {
		m[string(rune('a'+i))] = int64(i)
	}
	return m
}

func TestChunking(t *testing.T) {
	msg := bytes.Repeat([]byte{7}, 70000) // two chunks
	var buf bytes.Buffer
	buf.Write([]byte{0, 0}) // a NOOP before the message is skipped
	if err := writeMessage(&buf, msg); err != nil {
		t.Fatal(err)
	}
	got, err := readMessage(&buf)
	if err != nil || !bytes.Equal(got, msg) || buf.Len() != 0 {
		t.Fatalf("read %d bytes (%v), %d left; want %d, 0 left", len(got), err, buf.Len(), len(msg))
	}
}

func TestHandshakeVersionCheck(t *testing.T) {
	// the Go driver 5.28's proposal: manifest, 5.8 back 8, 4.4 back 2, 3.0
	props := []byte{0, 0, 1, 0xFF, 0, 8, 8, 5, 0, 2, 4, 4, 0, 0, 0, 3}
	for _, c := range []struct {
		major, minor byte
		want         bool
	}{{5, 4, true}, {5, 0, true}, {5, 8, true}, {5, 9, false}, {4, 2, true}, {4, 1, false}, {6, 0, false}} {
		if got := proposed(props, c.major, c.minor); got != c.want {
			t.Errorf("proposed %d.%d = %v, want %v", c.major, c.minor, got, c.want)
		}
	}
}
