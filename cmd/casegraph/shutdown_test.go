package main

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestShutdownWaitsForBackgroundUploads(t *testing.T) {
	cases := []struct {
		name     string
		loadFor  time.Duration // how long the one upload goes on; 0: none
		limit    time.Duration
		took     time.Duration // at least
		tookLess time.Duration
		logs     []string
	}{
		{"nothing loading", 0, time.Second, 0, 500 * time.Millisecond, nil},
		{"an upload that stops", 300 * time.Millisecond, 5 * time.Second, 300 * time.Millisecond, 3 * time.Second,
			[]string{"waiting for uploads still loading to stop", "uploads stopped"}},
		{"an upload that does not stop in time", time.Hour, 400 * time.Millisecond, 400 * time.Millisecond, 3 * time.Second,
			[]string{"waiting for uploads still loading to stop", "uploads still loading after the shutdown wait"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var wg sync.WaitGroup
			if c.loadFor > 0 {
				wg.Add(1)
				timer := time.AfterFunc(c.loadFor, wg.Done)
				defer timer.Stop()
			}
			var logs bytes.Buffer
			started := time.Now()
			waitBackground(&wg, c.limit, slog.New(slog.NewTextHandler(&logs, nil)))
			took := time.Since(started)
			if took < c.took || took > c.tookLess {
				t.Errorf("waited %s, want between %s and %s", took, c.took, c.tookLess)
			}
			for _, want := range c.logs {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("no %q in the log:\n%s", want, logs.String())
				}
			}
			if c.logs == nil && logs.Len() > 0 {
				t.Errorf("logged with nothing to wait for:\n%s", logs.String())
			}
		})
	}
}
