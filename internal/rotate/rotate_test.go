package rotate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestFileRotatesAndKeepsAFew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.log")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 50), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i := range 20 {
		line := fmt.Sprintf("line %02d ......\n", i) // 15 bytes
		lines = append(lines, line)
		if _, err := f.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Fatalf("%d files, want the current one and 2 old ones", len(entries))
	}
	var total int
	for _, name := range []string{"audit.log", "audit.log.1", "audit.log.2"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 100 {
			t.Fatalf("%s has %d bytes, over the 100 allowed", name, len(b))
		}
		if len(b)%15 != 0 { // the 50 bytes there before have rotated away by now

			t.Fatalf("%s does not hold whole lines: %q", name, b)
		}
		total += len(b)
	}
	cur, _ := os.ReadFile(path)
	if !bytes.HasSuffix(cur, []byte(lines[19])) {
		t.Fatalf("the newest line is not in the current file: %q", cur)
	}
	if total >= 50+20*15 {
		t.Fatal("nothing was dropped: the oldest files are not let go")
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
}
