package workflow

import (
	"context"
	"runtime"
	"sync"
)

// inOrder runs do for the points 0 to n-1 and hands each result to take in
// point order. With enough points for every worker to have two, the
// points run side by side, each on one worker (a run's result does not
// depend on its number of workers, so the output is the same); otherwise
// one after another, each on all of them. At most 2*workers results wait
// for take at once. The first error in point order stops the rest and is
// returned.
func inOrder[T any](ctx context.Context, n, workers int, do func(ctx context.Context, k, workers int) (T, error), take func(k int, v T) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 || n < 2*workers {
		for k := range n {
			v, err := do(ctx, k, workers)
			if err != nil {
				return err
			}
			if err := take(k, v); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	type result struct {
		v   T
		err error
	}
	// Point k's result goes to ring[k%window]; a point is handed out only
	// once the one window places before it has been taken, so a worker
	// never waits to deliver.
	window := 2 * workers
	ring := make([]chan result, window)
	for i := range ring {
		ring[i] = make(chan result, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				v, err := do(ctx, k, 1)
				ring[k%window] <- result{v, err}
			}
		}()
	}
	defer func() {
		close(jobs)
		cancel() // the points still running stop early
		wg.Wait()
	}()
	sent := 0
	for next := range n {
		for ; sent < n && sent < next+window; sent++ {
			select {
			case jobs <- sent:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		r := <-ring[next%window]
		if r.err != nil {
			return r.err
		}
		if err := take(next, r.v); err != nil {
			return err
		}
	}
	return nil
}
