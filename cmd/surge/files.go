package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/surge-sim/surge/scenarios"
)

// fileError is a file surge was asked to read or write and could not.
type fileError struct {
	verb string // "read" or "write"
	path string // as the user gave it
	err  error
}

func (e *fileError) Error() string {
	err := e.err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is ours, or a temporary file's
	}
	return fmt.Sprintf("cannot %s %s: %v", e.verb, e.path, err)
}

func (e *fileError) Unwrap() error { return e.err }

// byUser reports whether the file's problem is in the path the user gave
// (missing, forbidden, a folder, read-only), rather than in the machine.
func (e *fileError) byUser() bool {
	for _, target := range []error{fs.ErrNotExist, fs.ErrPermission, fs.ErrExist, syscall.ENOTDIR, syscall.EISDIR,
		syscall.EROFS, syscall.ENAMETOOLONG, syscall.ELOOP, syscall.ENXIO} {
		if errors.Is(e.err, target) {
			return true
		}
	}
	var tl *scenarios.TooLargeError
	return errors.As(e.err, &tl)
}

// Input size limits: far above what surge writes, far below what would
// exhaust memory.
const (
	maxResultSize   = 256 << 20 // a JSON result or a sweep's part
	maxObservedSize = 64 << 20  // an observed series: 250 times the IPI's monthly file of every mission
)

// readInput reads a file of at most limit bytes.
func readInput(path string, limit int64) ([]byte, error) {
	b, err := scenarios.ReadFile(path, limit)
	if err != nil {
		return nil, &fileError{"read", path, err}
	}
	return b, nil
}

// files writes every file surge writes, and remembers its temporary files
// so that an interrupt can remove them.
type files struct {
	mu   sync.Mutex
	temp map[string]bool
	seq  int
}

// write writes data to path:
//   - through a symbolic link, to the file it points to;
//   - into a FIFO, a device or anything else that is not a regular file,
//     directly (never replacing it);
//   - into an existing regular file with other hard links, in place, so the
//     links keep sharing it;
//   - otherwise to a temporary file in the same folder, renamed into place
//     once complete, so that path never holds half a file; an existing
//     file keeps its permissions (and, where allowed, its owner).
func (fw *files) write(path string, data []byte) error { return fw.stream(path, bytesOf(data)) }

// bytesOf renders data as it is.
func bytesOf(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// stream writes what render writes to path, as write does, through a
// buffer: the whole is never held in memory.
func (fw *files) stream(path string, render func(io.Writer) error) error {
	fi, err := os.Stat(path) // through links
	switch {
	case err == nil && fi.IsDir():
		err = syscall.EISDIR
	case err == nil && (!fi.Mode().IsRegular() || linkCount(fi) > 1):
		err = writeInPlace(path, render) // open follows links, /dev/stdout's to a pipe too
	case err == nil:
		var target string
		if target, err = filepath.EvalSymlinks(path); err == nil {
			err = fw.replace(target, render, fi)
		}
	case errors.Is(err, fs.ErrNotExist):
		var target string
		if target, err = followLinks(path); err == nil {
			err = fw.replace(target, render, nil)
		}
	}
	if err != nil {
		return &fileError{"write", path, err}
	}
	return nil
}

// followLinks returns the file path's symbolic links lead to, which need
// not exist yet.
func followLinks(path string) (string, error) {
	for range 40 { // as the kernel's limit on links followed
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", syscall.ELOOP
}

// writeInPlace writes into an existing file without replacing it.
func writeInPlace(path string, render func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	return errors.Join(buffered(f, render), f.Close())
}

// buffered writes what render writes to w through a buffer.
func buffered(w io.Writer, render func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := render(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// replace writes to a temporary file beside path and renames it over path.
// old is the file it replaces, if any.
func (fw *files) replace(path string, render func(io.Writer) error, old fs.FileInfo) (err error) {
	perm := fs.FileMode(0o666) // as os.Create: the umask applies
	if old != nil {
		perm = 0o600 // until it gets the old file's permissions
	}
	tmp, err := fw.create(path, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		fw.forget(tmp.Name())
	}()
	if err = buffered(tmp, render); err != nil {
		return err
	}
	if old != nil {
		if err = tmp.Chmod(old.Mode().Perm()); err != nil {
			return err
		}
		keepOwner(tmp, old)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// create makes a new temporary file beside path and remembers it.
func (fw *files) create(path string, perm fs.FileMode) (*os.File, error) {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.temp == nil {
		fw.temp = map[string]bool{}
	}
	for {
		fw.seq++
		name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d-%d.tmp", filepath.Base(path), os.Getpid(), fw.seq))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && fw.seq < 1000 {
			continue
		}
		if err != nil {
			return nil, err
		}
		fw.temp[name] = true
		return f, nil
	}
}

func (fw *files) forget(name string) {
	fw.mu.Lock()
	delete(fw.temp, name)
	fw.mu.Unlock()
}

// removeTemp removes the temporary files being written, when surge is
// interrupted.
func (fw *files) removeTemp() {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	for name := range fw.temp {
		os.Remove(name)
	}
	clear(fw.temp)
}
