package workflow

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestInOrder: points that finish out of order are taken in order, side by
// side when there are enough of them, each on one worker; the first error
// in point order is the one returned, and the points after it stop.
func TestInOrder(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n, workers, perPoint int
	}{{0, 2, 0}, {3, 2, 2}, {50, 2, 1}, {50, 1, 1}, {50, 4, 1}} {
		var running, most atomic.Int32
		var got []int
		do := func(ctx context.Context, k, workers int) (int, error) {
			if workers != c.perPoint {
				return 0, fmt.Errorf("point %d on %d workers, want %d", k, workers, c.perPoint)
			}
			r := running.Add(1)
			defer running.Add(-1)
			for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
			}
			time.Sleep(time.Duration((k*7)%5) * time.Millisecond) // finish out of order
			return k * k, nil
		}
		err := inOrder(context.Background(), c.n, c.workers, do, func(k, v int) error {
			if v != k*k {
				return fmt.Errorf("point %d took %d", k, v)
			}
			got = append(got, k)
			return nil
		})
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		for i, k := range got {
			if i != k {
				t.Fatalf("%+v: taken in the order %v", c, got)
			}
		}
		if len(got) != c.n {
			t.Errorf("%+v: %d points taken", c, len(got))
		}
		if c.perPoint == 1 && c.workers > 1 && most.Load() < 2 {
			t.Errorf("%+v: at most %d points at once, want side by side", c, most.Load())
		}
		if most.Load() > int32(max(c.workers, 1)) {
			t.Errorf("%+v: %d points at once, more than the workers", c, most.Load())
		}
	}

	// Point 3 fails late, point 5 at once: point 3's error is returned, and
	// no point long after it is started.
	var started atomic.Int32
	errLate, errEarly := errors.New("late"), errors.New("early")
	do := func(ctx context.Context, k, _ int) (int, error) {
		started.Add(1)
		switch k {
		case 3:
			time.Sleep(20 * time.Millisecond)
			return 0, errLate
		case 5:
			return 0, errEarly
		}
		return k, nil
	}
	took := 0
	err := inOrder(context.Background(), 1000, 2, do, func(int, int) error { took++; return nil })
	if !errors.Is(err, errLate) {
		t.Errorf("error %v, want point 3's", err)
	}
	if took != 3 {
		t.Errorf("%d points taken before the error, want 3", took)
	}
	if n := started.Load(); n > 3+2*2 {
		t.Errorf("%d points started, want no more than the window after point 3", n)
	}
}
