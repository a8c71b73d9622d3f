//go:build unix

package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// surgeProcess starts surge as a process (the test binary, see TestMain).
func surgeProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SURGE_AS_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// waitExit waits for cmd to end, for at most a minute, and returns its exit
// status.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatal("surge did not stop within a minute")
	}
	return -1
}

func TestInterruptStopsCleanly(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "sweep.csv")
			// Long enough to be interrupted: minutes of work.
			cmd, stderr := surgeProcess(t, "sweep", "south-sudan-2014", "--vary", "lift.un-passenger.count=1:400:1",
				"--reps", "5000", "--workers", "1", "--out", out)
			time.Sleep(500 * time.Millisecond)
			cmd.Process.Signal(sig)
			if code := waitExit(t, cmd); code != exitInterrupt {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitInterrupt, stderr)
			}
			if got := stderr.String(); got != "surge: interrupted\n" {
				t.Errorf("stderr %q, want one line saying it was interrupted", got)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files left in the output folder", len(entries))
			}
		})
	}
}

func TestSecondSignalStopsAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	// With no reader, writing into the FIFO waits for ever: the first
	// signal cannot stop it.
	cmd, stderr := surgeProcess(t, "run", "tutorial", "--reps", "10", "--out", fifo)
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	if code := waitExit(t, cmd); code != exitInterrupt {
		t.Errorf("exit %d, want %d; stderr: %s", code, exitInterrupt, stderr)
	}
	if !strings.Contains(stderr.String(), "surge: interrupted again: stopped") {
		t.Errorf("stderr %q", stderr)
	}
}

// TestServeStopsGracefully: SIGTERM lets the run under way finish and
// answer, then surge serve exits as an interrupted command does.
func TestServeStopsGracefully(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "SURGE_AS_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewReader(stdout)
	first, err := lines.ReadString('\n')
	if err != nil {
		t.Fatalf("%v; stderr: %s", err, stderr.String())
	}
	addr := regexp.MustCompile(`http://\S+/`).FindString(first)
	if addr == "" {
		t.Fatalf("no address in %q", first)
	}
	go io.Copy(io.Discard, lines)
	resp, err := http.Get(addr + "api/run?scenario=south-sudan-2014&reps=1000&progress=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := bufio.NewReader(resp.Body)
	if _, err := body.ReadString('\n'); err != nil { // the run has begun
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	rest, _ := io.ReadAll(body)
	if !strings.Contains(string(rest), `{"result":{"schema_version"`) {
		t.Errorf("the run under way did not finish: %.200q", rest)
	}
	if code := waitExit(t, cmd); code != exitInterrupt {
		t.Errorf("exit %d, want %d; stderr: %s", code, exitInterrupt, stderr.String())
	}
	if !strings.Contains(stderr.String(), "surge: stopping") || !strings.HasSuffix(stderr.String(), "surge: interrupted\n") {
		t.Errorf("stderr %q", stderr.String())
	}
	if _, err := http.Get(addr); err == nil {
		t.Error("still serving after it stopped")
	}
}
