package sim

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

// TestCountsHoldTheNumbers checks that counts gives back the numbers added,
// in order, and takes no more room than their range once there are many.
func TestCountsHoldTheNumbers(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, span := range []int{1, 50, 5000} {
		var want []int64
		var all counts
		for i := range 20000 {
			v := int64(rng.IntN(span)) - int64(span/3)
			if i == 19999 {
				v = int64(span) // the range grows at the end
			}
			want = append(want, v)
			all.add(v)
		}
		var got []int64
		for v, k := range all.each() {
			for range k {
				got = append(got, v)
			}
		}
		slices.Sort(want)
		if !slices.Equal(got, want) || all.n != len(want) {
			t.Errorf("range %d: %d numbers back (n %d), want %d, the same", span, len(got), all.n, len(want))
		}
		// At most twice as many counts as the range has values.
		if width := int(want[len(want)-1]-want[0]) + 1; all.dense == nil || len(all.dense) > 2*width {
			t.Errorf("range %d: %d numbers kept, %d counts, want only counts, at most %d", span, len(all.vals), len(all.dense), 2*width)
		}
	}
}

// TestEmpiricalIsStatQuantile checks empirical against stat.Quantile with
// stat.Empirical on the sorted values, ties and "never" (+Inf) included.
func TestEmpiricalIsStatQuantile(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	ps := []float64{0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1}
	for _, n := range []int{1, 2, 3, 10, 99, 1000} {
		var finite, all []float64
		for range n {
			x := float64(rng.IntN(20)) // many ties
			if rng.IntN(5) == 0 {
				x = math.Inf(1)
			} else {
				finite = append(finite, x)
			}
			all = append(all, x)
		}
		slices.Sort(all)
		got := empirical(sortedRuns(finite), n, ps...)
		for i, p := range ps {
			if want := stat.Quantile(p, stat.Empirical, all, nil); got[i] != want {
				t.Errorf("n %d: quantile %v is %v, want %v", n, p, got[i], want)
			}
		}
	}
}

// TestDayValuesToTheHundredth: past exactDays values, the quantiles are
// the exact ones rounded to 0.01 day (rounding keeps the order).
func TestDayValuesToTheHundredth(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	exact, rounded := newDayValues(exactDays), newDayValues(exactDays+1)
	if !exact.exact || rounded.exact {
		t.Fatalf("exact up to %d values: %v, %v", exactDays, exact.exact, rounded.exact)
	}
	const n = 5000
	for range n - 100 { // 100 never
		x := rng.ExpFloat64() * 40
		exact.add(x)
		rounded.add(x)
	}
	ps := []float64{0.1, 0.5, 0.9, 0.99}
	want, got := empirical(exact.each(), n, ps...), empirical(rounded.each(), n, ps...)
	for i, p := range ps {
		if w := math.Round(want[i]*100) / 100; got[i] != w {
			t.Errorf("quantile %v: %v, want %v rounded, %v", p, got[i], want[i], w)
		}
	}
}

// TestMomentsMerge checks moments added one by one and merged in parts
// against the two-pass mean and variance.
func TestMomentsMerge(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	xs := make([]float64, 1000)
	var all moments
	parts := make([]moments, 7)
	for i := range xs {
		xs[i] = 200 + rng.NormFloat64()*3
		parts[i*len(parts)/len(xs)].add(xs[i])
	}
	for i := range parts {
		all.merge(&parts[i])
	}
	mean, variance := stat.MeanVariance(xs, nil)
	if all.n != len(xs) || !scalar.EqualWithinAbsOrRel(all.mean, mean, 1e-12, 1e-12) ||
		!scalar.EqualWithinAbsOrRel(all.m2/float64(all.n-1), variance, 1e-9, 1e-9) ||
		all.min != slices.Min(xs) || all.max != slices.Max(xs) {
		t.Errorf("merged moments %+v; want mean %v, variance %v", all, mean, variance)
	}
}

// TestManyReplicationsSameForAnyWorkers: past exactDays replications, a run
// counts days to the nearest 0.01 day, and is still the same on any number
// of workers; its quantiles are the samples' rounded to 0.01 day.
func TestManyReplicationsSameForAnyWorkers(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("two runs of 100,001 replications")
	}
	sc := random()
	sc.Units = sc.Units[:1]
	run := func(workers int) *Result {
		res, err := Run(context.Background(), sc, &Options{Replications: exactDays + 1, Seed: 2, Workers: workers, Samples: true,
			SummaryOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	one, three := run(1), run(3)
	if !reflect.DeepEqual(one, three) {
		t.Error("results differ between 1 and 3 workers")
	}
	for i, st := range one.DaysToFraction {
		xs := make([]float64, len(one.Samples[i].Days))
		for j, d := range one.Samples[i].Days {
			xs[j] = float64(d)
		}
		slices.Sort(xs)
		for _, q := range []struct {
			p   float64
			got Days
		}{{0.1, st.P10}, {0.5, st.P50}, {0.9, st.P90}} {
			want := stat.Quantile(q.p, stat.Empirical, xs, nil)
			if w := math.Round(want*100) / 100; float64(q.got) != w && !(math.IsInf(want, 1) && q.got.Never()) {
				t.Errorf("fraction %v: quantile %v is %v, want %v rounded, %v", st.Fraction, q.p, q.got, want, w)
			}
		}
	}
}

func TestCompareNeedsSamples(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), tiny(), &Options{Replications: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Samples != nil || res.ShareSamples != nil {
		t.Error("samples kept without Options.Samples")
	}
	if _, err := Compare(res, res); !errors.Is(err, ErrNoSamples) {
		t.Errorf("Compare without samples: %v, want ErrNoSamples", err)
	}
}
