package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// noTemp fails if dir holds a temporary file of surge's.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestWriteKeepsWhatIsThere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fw := &files{}
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("a new file gets the permissions os.Create gives", func(t *testing.T) {
		ref := filepath.Join(dir, "ref")
		f, err := os.Create(ref)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		path := filepath.Join(dir, "new.json")
		if err := fw.write(path, []byte("new")); err != nil {
			t.Fatal(err)
		}
		a, _ := os.Stat(ref)
		b, _ := os.Stat(path)
		if a.Mode() != b.Mode() || read(path) != "new" {
			t.Errorf("mode %v, want %v as os.Create; content %q", b.Mode(), a.Mode(), read(path))
		}
	})
	t.Run("an existing file keeps its permissions", func(t *testing.T) {
		path := filepath.Join(dir, "private.json")
		os.WriteFile(path, []byte("old"), 0o600)
		os.Chmod(path, 0o600)
		if err := fw.write(path, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 || read(path) != "new" {
			t.Errorf("mode %v, content %q; want 0600 and new", fi.Mode(), read(path))
		}
	})
	t.Run("through a symbolic link", func(t *testing.T) {
		target := filepath.Join(dir, "target.csv")
		os.WriteFile(target, []byte("old"), 0o644)
		link := filepath.Join(dir, "link.csv")
		if err := os.Symlink("target.csv", link); err != nil {
			t.Skip(err)
		}
		if err := fw.write(link, []byte("new")); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Lstat(link)
		if fi.Mode()&fs.ModeSymlink == 0 || read(target) != "new" {
			t.Errorf("link is now %v, target holds %q: want a link still, and new", fi.Mode(), read(target))
		}
	})
	t.Run("through a link to a file not there yet", func(t *testing.T) {
		link := filepath.Join(dir, "dangling.csv")
		if err := os.Symlink(filepath.Join(dir, "later.csv"), link); err != nil {
			t.Skip(err)
		}
		if err := fw.write(link, []byte("new")); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Lstat(link)
		if fi.Mode()&fs.ModeSymlink == 0 || read(filepath.Join(dir, "later.csv")) != "new" {
			t.Errorf("link is now %v", fi.Mode())
		}
	})
	t.Run("a hard link keeps sharing the file", func(t *testing.T) {
		a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
		os.WriteFile(a, []byte("old"), 0o644)
		if err := os.Link(a, b); err != nil {
			t.Skip(err)
		}
		if err := fw.write(a, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if read(b) != "new" {
			t.Errorf("the other link holds %q, want new", read(b))
		}
	})
	t.Run("a folder is an error", func(t *testing.T) {
		err := fw.write(dir, []byte("new"))
		var fe *fileError
		if !errors.As(err, &fe) || exitCode(err) != exitInput || !strings.Contains(err.Error(), "cannot write "+dir) {
			t.Errorf("got %v (exit %d), want cannot write and exit 2", err, exitCode(err))
		}
	})
	noTemp(t, dir)
}

func TestRemoveTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fw := &files{}
	f, err := fw.create(filepath.Join(dir, "out.json"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fw.removeTemp()
	if _, err := os.Stat(f.Name()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s is still there after removeTemp: %v", f.Name(), err)
	}
}

func TestExitCodeByType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"interrupted", fmt.Errorf("point 3: %w", context.Canceled), exitInterrupt},
		{"a scenario's value, however wrapped", fmt.Errorf("point 3: %w", &sim.FieldError{Path: "horizon", Msg: "bad"}), exitInput},
		{"a scenario file's problem", errors.Join(&scenarios.Error{File: "x.toml", Err: errors.New("bad")}), exitInput},
		{"a path the user gave", &fileError{"write", "x", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}}, exitInput},
		{"the disk", &fileError{"write", "x", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}}, exitError},
		{"a picture format", fmt.Errorf("x: %w", plots.ErrFormat), exitInput},
		{"anything else", errors.New("sim: internal error"), exitError},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("%s: exit %d, want %d", tc.name, got, tc.want)
		}
	}
}
