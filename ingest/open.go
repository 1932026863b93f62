package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// DefaultMaxFileBytes is the largest input file a run reads unless
// Options.MaxFileBytes says otherwise: above any spreadsheet export met so
// far, and low enough that a path to a disk image fails at once rather
// than after hours of hashing.
const DefaultMaxFileBytes = 16 << 30

// Why an input file is refused before it is read; a FileError wraps them.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("larger than the limit on input files")
)

// inputFile is an input's file, opened once it passed the checks: a
// regular file (not a device, FIFO, socket or directory), no larger than
// the limit. Every read of it stops when ctx ends.
type inputFile struct {
	ctx   context.Context
	f     *os.File
	size  int64
	limit int64
	file  string // base name, for errors
}

// openInput checks and opens path. With opts.OnlyGivenFiles a symlink is
// refused too (the server wrote those files itself, so a link is foreign)
// and errors name the file only, never the server's path.
func openInput(ctx context.Context, path, file string, opts Options) (*inputFile, error) {
	limit := opts.maxFileBytes()
	shown := path
	if opts.OnlyGivenFiles {
		shown = file
	}
	// why an open failed: with the path from the command line, without
	// any path (the server's own) for an upload.
	why := func(err error) string {
		reason := ""
		switch {
		case errors.Is(err, fs.ErrNotExist):
			reason = "no such file"
		case errors.Is(err, fs.ErrPermission):
			reason = "permission denied"
		case opts.OnlyGivenFiles:
			return "cannot be read"
		default:
			return err.Error() // it names the path
		}
		if opts.OnlyGivenFiles {
			return reason
		}
		return reason + " " + path
	}
	fail := func(reason string, err error) error {
		return &FileError{File: file, Reason: reason, Err: err}
	}
	stat := os.Stat
	if opts.OnlyGivenFiles {
		stat = os.Lstat
	}
	st, err := stat(path)
	if err != nil {
		return nil, fail(why(err), err)
	}
	if !st.Mode().IsRegular() {
		return nil, fail(fmt.Sprintf("%s is %s, not a regular file: casegraph reads only regular files", shown, fileKind(st.Mode())), ErrNotRegular)
	}
	if st.Size() > limit {
		return nil, fail(tooLarge(st.Size(), limit), ErrTooLarge)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(why(err), err)
	}
	// The file opened must be the one checked.
	if fst, err := f.Stat(); err != nil || !fst.Mode().IsRegular() || !os.SameFile(st, fst) {
		f.Close()
		return nil, fail(shown+" changed while it was being opened", ErrNotRegular)
	}
	return &inputFile{ctx: ctx, f: f, size: st.Size(), limit: limit, file: file}, nil
}

func (o Options) maxFileBytes() int64 {
	if o.MaxFileBytes > 0 {
		return o.MaxFileBytes
	}
	return DefaultMaxFileBytes
}

func tooLarge(size, limit int64) string {
	return fmt.Sprintf("the file is %s, more than the %s limit on input files", byteSize(size), byteSize(limit))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeDir != 0:
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func (in *inputFile) Close() error { return in.f.Close() }

// reader reads the file from its start.
func (in *inputFile) reader() (io.Reader, error) {
	if _, err := in.f.Seek(0, io.SeekStart); err != nil {
		return nil, &FileError{File: in.file, Reason: err.Error(), Err: err}
	}
	return &guardedReader{in: in, left: in.limit}, nil
}

// ReadAt reads at off, stopping when ctx ends (the XLSX zip check).
func (in *inputFile) ReadAt(p []byte, off int64) (int, error) {
	if err := in.ctx.Err(); err != nil {
		return 0, err
	}
	return in.f.ReadAt(p, off)
}

// sha256 hashes the whole file.
func (in *inputFile) sha256() (string, error) {
	r, err := in.reader()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return "", err
		}
		return "", &FileError{File: in.file, Reason: err.Error(), Err: err}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// guardedReader stops at ctx's end and past the size limit (a file that
// grew after it was checked).
type guardedReader struct {
	in   *inputFile
	left int64
}

func (g *guardedReader) Read(p []byte) (int, error) {
	if err := g.in.ctx.Err(); err != nil {
		return 0, err
	}
	if int64(len(p)) > g.left+1 {
		p = p[:g.left+1]
	}
	n, err := g.in.f.Read(p)
	g.left -= int64(n)
	if g.left < 0 {
		return n, &FileError{File: g.in.file, Reason: "the file grew past the limit on input files while it was read", Err: ErrTooLarge}
	}
	return n, err
}
