package main

import (
	"io"
	"runtime/debug"
	"testing"
)

func TestServeTunesTheCollectorUnlessTheEnvironmentDoes(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	tests := []struct {
		name      string
		env       map[string]string
		percent   int
		memLimit  int64
		wantAfter int // the GC percent once tuneGC ran from 100
	}{
		{"nothing set", nil, 400, 1 << 30, 400},
		{"GOGC set", map[string]string{"GOGC": "150"}, 0, 1 << 30, 100},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "2GiB"}, 400, 0, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig("serve", nil, func(k string) string { return tc.env[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Serve.GCPercent != tc.percent || cfg.Serve.MemoryLimit != tc.memLimit {
				t.Fatalf("GCPercent %d, MemoryLimit %d; want %d, %d", cfg.Serve.GCPercent, cfg.Serve.MemoryLimit, tc.percent, tc.memLimit)
			}
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(1 << 40)
			tuneGC(cfg.Serve)
			if got := debug.SetGCPercent(100); got != tc.wantAfter {
				t.Errorf("GC percent %d after tuneGC, want %d", got, tc.wantAfter)
			}
			wantLimit := tc.memLimit
			if wantLimit == 0 {
				wantLimit = 1 << 40 // left as it was
			}
			if got := debug.SetMemoryLimit(-1); got != wantLimit {
				t.Errorf("memory limit %d after tuneGC, want %d", got, wantLimit)
			}
		})
	}
}
