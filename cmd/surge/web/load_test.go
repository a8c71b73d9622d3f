package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// students is how many run at once in TestLoad: a class.
const students = 50

// TestLoad is a class on the loopback: 50 students press Run at the same
// moment, each asking for 1,000 replications of south-sudan-2014, as the
// page does. Every one is answered, the server's memory comes back down
// once they are (nothing is kept per request), and it still serves
// afterwards. It reports requests per second, the 95th percentile of the
// latency and the peak memory (make test-load; the README quotes them).
// The race detector makes it ten times slower: it is skipped then.
func TestLoad(t *testing.T) {
	if raceEnabled {
		t.Skip("the load test runs without the race detector: make test-load")
	}
	srv := httptest.NewServer(New(nil))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: students}}
	ask := func(ctx context.Context, path string) (int, []byte, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Warm up: the scenario is read once, on first use.
	if code, _, err := ask(ctx, "/api/run?scenario=south-sudan-2014&reps=10"); code != 200 || err != nil {
		t.Fatalf("%d %v", code, err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	// Peak memory, sampled while the class runs.
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse+m.StackInuse)
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()

	latency := make([]time.Duration, students)
	failures := make([]string, students)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			code, body, err := ask(ctx, fmt.Sprintf("/api/run?scenario=south-sudan-2014&reps=1000&seed=%d&samples=false", i+1))
			latency[i] = time.Since(t0)
			var res struct{ Replications int }
			switch {
			case err != nil:
				failures[i] = err.Error()
			case code != 200:
				failures[i] = fmt.Sprintf("%d %.200s", code, body)
			case json.Unmarshal(body, &res) != nil || res.Replications != 1000:
				failures[i] = "not a result of 1,000 replications"
			}
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	close(stop)
	<-sampled
	for i, f := range failures {
		if f != "" {
			t.Errorf("student %d: %s", i+1, f)
		}
	}

	// Still serving, and nothing kept from the class.
	if code, _, err := ask(ctx, "/api/scenarios"); code != 200 || err != nil {
		t.Errorf("after the class: /api/scenarios %d %v", code, err)
	}
	if code, _, err := ask(ctx, "/api/run?scenario=tutorial&reps=100"); code != 200 || err != nil {
		t.Errorf("after the class: a run %d %v", code, err)
	}
	client.CloseIdleConnections()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 64<<20 {
		t.Errorf("the heap in use grew by %d MiB over the class, and stayed", grew>>20)
	}

	slices.Sort(latency)
	p95 := latency[(len(latency)*95+99)/100-1]
	t.Logf("load: %d students at once, 1,000 replications of south-sudan-2014 each, on %d cores: all answered in %.2f s, "+
		"%.1f requests/s; latency median %.2f s, 95th percentile %.2f s, most %.2f s; peak Go memory in use %d MiB (%d MiB before)%s",
		students, runtime.GOMAXPROCS(0), elapsed.Seconds(), float64(students)/elapsed.Seconds(), latency[len(latency)/2].Seconds(),
		p95.Seconds(), latency[len(latency)-1].Seconds(), peak>>20, (before.HeapInuse+before.StackInuse)>>20, peakRSS())
}

// peakRSS returns the process's peak resident memory, where the system
// says it (Linux).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return "; peak resident memory of the test process " + strings.TrimSpace(v)
		}
	}
	return ""
}
