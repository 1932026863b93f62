// Package rotate is an append-only log file that starts afresh when it
// would grow past a size, keeping a few of the files before it: audit.log,
// then audit.log.1 (the newest old one) … audit.log.N. A flood of requests
// can fill at most (N+1) × the size of disk.
package rotate

import (
	"fmt"
	"os"
	"sync"
)

// File is a rotating log file; writes are serialised, and one Write never
// spans two files.
type File struct {
	path string
	max  int64
	keep int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// Open opens path for appending (creating it, readable by its owner only),
// to rotate before a write would take it past max bytes, keeping keep old
// files.
func Open(path string, max int64, keep int) (*File, error) {
	if max <= 0 || keep < 1 {
		return nil, fmt.Errorf("rotate: max must be positive and keep at least 1, got %d and %d", max, keep)
	}
	r := &File{path: path, max: max, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *File) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.size = f, st.Size()
	return nil
}

// Name is the path of the current file.
func (r *File) Name() string { return r.path }

// Write appends p, rotating first if p would take the file past its size.
func (r *File) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.max {
		if err := r.rotate(); err != nil {
			return 0, fmt.Errorf("rotating %s: %w", r.path, err)
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

// rotate shifts path.i to path.i+1 (the oldest falls off), path to path.1,
// and opens a new path.
func (r *File) rotate() error {
	if err := r.f.Close(); err != nil {
		return err
	}
	r.f = nil
	for i := r.keep - 1; i >= 1; i-- {
		if err := os.Rename(r.old(i), r.old(i+1)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.Rename(r.path, r.old(1)); err != nil {
		return err
	}
	return r.open()
}

func (r *File) old(i int) string { return fmt.Sprintf("%s.%d", r.path, i) }

// Close closes the current file.
func (r *File) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
