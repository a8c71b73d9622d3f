package sim

import (
	"iter"
	"math"
	"slices"
)

// The distributions of quantities that take one value per replication (days
// to a share of the target, a share on a day, a unit's day operational) are
// kept in structures whose size does not grow with the replications, so that
// a run's memory does not either.

// counts is a multiset of whole numbers, such as personnel. It keeps the
// numbers themselves while that takes less room than a count for each value
// of their range, and counts beyond: it never takes much more room than the
// range, however many numbers it holds. A value may occur up to 2^32 - 1
// times.
type counts struct {
	vals     []int64 // the numbers, while dense is nil
	min, max int64   // of vals
	lo       int64   // dense[i] counts lo+i
	dense    []uint32
	n        int
}

// minDense is the fewest numbers counts keeps before it counts them.
const minDense = 64

func (c *counts) add(v int64) {
	c.n++
	if c.dense != nil {
		c.count(v)
		return
	}
	if len(c.vals) == 0 {
		c.min, c.max = v, v
	}
	c.min, c.max = min(c.min, v), max(c.max, v)
	c.vals = append(c.vals, v)
	if len(c.vals) >= minDense && uint64(len(c.vals)) > uint64(c.max-c.min)/2 { // 8 bytes a number, 4 a count
		c.toDense()
	}
}

// toDense turns the numbers into counts.
func (c *counts) toDense() {
	c.lo, c.dense = c.min, make([]uint32, c.max-c.min+1)
	for _, v := range c.vals {
		c.dense[v-c.lo]++
	}
	c.vals = nil
}

// count counts v once more, growing the range to take it (by at least a
// quarter, so that growing costs little in all).
func (c *counts) count(v int64) {
	i := v - c.lo
	if i < 0 || i >= int64(len(c.dense)) {
		lo, hi := min(c.lo, v), max(c.lo+int64(len(c.dense))-1, v)
		slack := int64(len(c.dense)) / 4
		if v < c.lo {
			lo -= slack
		} else {
			hi += slack
		}
		dense := make([]uint32, hi-lo+1)
		copy(dense[c.lo-lo:], c.dense)
		c.lo, c.dense = lo, dense
		i = v - c.lo
	}
	if c.dense[i] == math.MaxUint32 {
		panic("sim: a value counted more than 4,294,967,295 times")
	}
	c.dense[i]++
}

// each yields the numbers in increasing order, each with how many times it
// occurs. It sorts the numbers kept.
func (c *counts) each() iter.Seq2[int64, uint64] {
	return func(yield func(int64, uint64) bool) {
		if c.dense != nil {
			for i, k := range c.dense {
				if k > 0 && !yield(c.lo+int64(i), uint64(k)) {
					return
				}
			}
			return
		}
		slices.Sort(c.vals)
		for i := 0; i < len(c.vals); {
			j := i + 1
			for j < len(c.vals) && c.vals[j] == c.vals[i] {
				j++
			}
			if !yield(c.vals[i], uint64(j-i)) {
				return
			}
			i = j
		}
	}
}

// scaled yields c's numbers divided by d, in increasing order.
func (c *counts) scaled(d float64) iter.Seq2[float64, uint64] {
	return func(yield func(float64, uint64) bool) {
		for v, k := range c.each() {
			if !yield(float64(v)/d, k) {
				return
			}
		}
	}
}

// exactDays is how many values of a quantity in days a run keeps as they
// are, for exact quantiles: up to 800 KB a quantity. A run with more (such
// as the days to a share of the target over more than 100,000
// replications) counts them to the nearest 0.01 day instead, the precision
// of the JSON.
const exactDays = 100_000

// dayValues are the values of a quantity in days, such as the days to reach
// a share of the target, over the replications that have one: as they are,
// or to the nearest 0.01 day (see exactDays).
type dayValues struct {
	n          int // values added
	exact      bool
	xs         []float64 // exact
	hundredths counts    // not exact: the values times 100, rounded
}

// newDayValues returns dayValues for a quantity with at most n values.
func newDayValues(n int) dayValues { return dayValues{exact: n <= exactDays} }

func (v *dayValues) add(x float64) {
	v.n++
	if v.exact {
		v.xs = append(v.xs, x)
	} else {
		v.hundredths.add(int64(math.Round(x * 100)))
	}
}

// each yields the values in increasing order (see counts.each).
func (v *dayValues) each() iter.Seq2[float64, uint64] {
	if !v.exact {
		return v.hundredths.scaled(100)
	}
	slices.Sort(v.xs)
	return func(yield func(float64, uint64) bool) {
		for _, x := range v.xs {
			if !yield(x, 1) {
				return
			}
		}
	}
}

// empirical returns the p-quantiles (ps in increasing order) of n values
// of which sorted yields the smallest in increasing order, each with how
// many times it occurs, and the others are +Inf ("never"): the smallest
// value with at least a share p of the n at or below it, as stat.Quantile
// with stat.Empirical has it.
func empirical(sorted iter.Seq2[float64, uint64], n int, ps ...float64) []float64 {
	out := make([]float64, len(ps))
	rank := func(p float64) uint64 { return uint64(max(1, math.Ceil(p*float64(n)))) }
	j, cum := 0, uint64(0)
	for x, k := range sorted {
		cum += k
		for ; j < len(ps) && cum >= rank(ps[j]); j++ {
			out[j] = x
		}
		if j == len(ps) {
			return out
		}
	}
	for ; j < len(ps); j++ {
		out[j] = math.Inf(1)
	}
	return out
}

// sortedRuns sorts xs and yields its values in increasing order, each with
// how many times it occurs.
func sortedRuns(xs []float64) iter.Seq2[float64, uint64] {
	slices.Sort(xs)
	return func(yield func(float64, uint64) bool) {
		for i := 0; i < len(xs); {
			j := i + 1
			for j < len(xs) && xs[j] == xs[i] {
				j++
			}
			if !yield(xs[i], uint64(j-i)) {
				return
			}
			i = j
		}
	}
}

// moments are the count, mean and sum of squared deviations of values
// added one at a time (Welford), with their least and greatest; two of
// them merge (Chan, Golub and LeVeque).
type moments struct {
	n        int
	mean, m2 float64
	min, max float64
}

func (m *moments) add(x float64) {
	if m.n == 0 {
		m.min, m.max = x, x
	}
	m.min, m.max = min(m.min, x), max(m.max, x)
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

func (m *moments) merge(o *moments) {
	switch {
	case o.n == 0:
		return
	case m.n == 0:
		*m = *o
		return
	}
	n := float64(m.n + o.n)
	d := o.mean - m.mean
	m.mean += d * float64(o.n) / n
	m.m2 += o.m2 + d*d*float64(m.n)*float64(o.n)/n
	m.n += o.n
	m.min, m.max = min(m.min, o.min), max(m.max, o.max)
}

// ci95 returns the 95% Monte Carlo interval of mean, the mean of the
// values (normal approximation: mean ± 1.96 standard errors). It is
// [x, x] when every value is x, and NaN with fewer than two values.
func (m *moments) ci95(mean float64) (lo, hi float64) {
	switch {
	case m.n < 2:
		return math.NaN(), math.NaN()
	case m.min == m.max:
		return m.min, m.min // exactly: no rounding error in the spread
	}
	half := z95 * math.Sqrt(m.m2/float64(m.n-1)/float64(m.n))
	return mean - half, mean + half
}
