package plots

import (
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot"
)

// Every marker gives a bounded number of ticks, however large or odd the
// range: an observed value of 1e18 once made the ticks loop without end.
func TestTicksAreBounded(t *testing.T) {
	t.Parallel()
	markers := map[string]plot.Ticker{
		"days":    newDayTicks(540),
		"dates":   newDateTicks(time.Date(2013, 12, 24, 0, 0, 0, 0, time.UTC), 540),
		"percent": percentTicks{Step: 0.2, Minor: 0.1},
		"values":  newValueTicks(0, 1, true),
	}
	for name, m := range markers {
		for _, r := range [][2]float64{{0, 1e18}, {1e300, 1e300}, {-1e300, 1e300}, {0, math.Inf(1)}, {math.NaN(), 1}, {0, 540}} {
			done := make(chan int, 1)
			go func() { done <- len(m.Ticks(r[0], r[1])) }()
			select {
			case n := <-done:
				if n > 2*maxTicks {
					t.Errorf("%s over %v: %d ticks", name, r, n)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s over %v: no end", name, r)
			}
		}
	}
}
