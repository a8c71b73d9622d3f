//go:build unix

package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// A FIFO stands for any file that is not a regular one, such as a device:
// surge writes into it and leaves it as it is (a test on /dev/null itself
// would destroy it, as root, if it failed).
func TestWriteIntoAFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := (&files{}).write(fifo, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("%s is no longer a FIFO: %v %v", fifo, fi.Mode(), err) // and the reader waits for ever
	}
	if s := <-got; s != "new" {
		t.Errorf("the reader got %q, want new", s)
	}
}

// /dev/stdout is a link to /proc/self/fd/1, itself a link to "pipe:[N]"
// when the output goes into a pipe: writing follows it as open does.
func TestWriteThroughAProcLinkToAPipe(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	path := "/proc/self/fd/" + strconv.Itoa(int(w.Fd()))
	if _, err := os.Lstat(path); err != nil {
		t.Skip("no /proc:", err)
	}
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	err = (&files{}).write(path, []byte("new"))
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "new" {
		t.Errorf("the pipe got %q, want new", s)
	}
}
