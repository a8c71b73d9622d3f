package sim

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Options controls a Monte Carlo run. A nil *Options, and the zero value of
// each field, mean the documented default.
type Options struct {
	Replications int    // default 1000
	Seed         uint64 // replication i draws from streams derived from (Seed, i)
	Workers      int    // goroutines; default runtime.GOMAXPROCS(0)

	// Fractions are the shares of the target to report days to; default
	// 0.25, 0.5, 0.75, 0.9 and 1.
	Fractions []float64
	// Days are the days to report the share operational on; default 30, 60, 90.
	Days []float64

	// SummaryOnly leaves out the daily series (Daily, DailyTroops,
	// DailyPolice, DailyArrived), which sweeps do not need.
	SummaryOnly bool

	// Progress, if set, is called from one goroutine after each batch of
	// replications with the number done and the total.
	Progress func(done, total int)
}

const defaultReplications = 1000

func (o *Options) replications() int {
	if o.Replications <= 0 {
		return defaultReplications
	}
	return o.Replications
}

func (o *Options) workers() int {
	if o.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return o.Workers
}

func (o *Options) fractions() []float64 {
	if len(o.Fractions) == 0 {
		return []float64{0.25, 0.5, 0.75, 0.9, 1}
	}
	return o.Fractions
}

func (o *Options) days() []float64 {
	if len(o.Days) == 0 {
		return []float64{30, 60, 90}
	}
	return o.Days
}

const dateLayout = "2006-01-02"

// date returns the calendar date of a day, as 2006-01-02.
func (m *model) date(day float64) string {
	return m.sc.Start.Add(time.Duration(day * float64(24*time.Hour))).Format(dateLayout)
}

// prepare validates sc and opt and compiles the model.
func prepare(sc *Scenario, opt *Options) (*model, *Options, error) {
	if sc == nil {
		return nil, nil, ErrNoScenario
	}
	if err := sc.Validate(); err != nil {
		return nil, nil, err
	}
	if opt == nil {
		opt = &Options{}
	}
	for _, f := range opt.Fractions {
		if !(f > 0 && f <= 1) {
			return nil, nil, fmt.Errorf("sim: fraction %v is not in (0, 1]", f)
		}
	}
	for _, d := range opt.Days {
		if !(d >= 0 && d <= float64(sc.Horizon)) {
			return nil, nil, fmt.Errorf("sim: day %v is not within the horizon (0 to %d)", d, sc.Horizon)
		}
	}
	m := compile(sc)
	if err := m.checkMemory(opt); err != nil {
		return nil, nil, err
	}
	return m, opt, nil
}

// maxSamples bounds the numbers a run keeps per replication, summed over
// replications (8 bytes each): 400 MB, a million replications of a large
// scenario.
const maxSamples = 50_000_000

// checkMemory refuses a run whose memory would grow past maxSamples with
// the replications: each keeps its days to each fraction, its share on the
// given days and benchmark days, its share at each observation within the
// horizon (whose number grows with the horizon) and each unit's day.
func (m *model) checkMemory(opt *Options) error {
	obs := 0
	if m.sc.Observed != nil {
		obs = len(m.sc.Observed.Points)
	}
	per := len(opt.fractions()) + len(opt.days()) + len(m.sc.Benchmarks) + obs + len(m.inst)
	if n := opt.replications(); n > maxSamples/per {
		return fmt.Errorf("%w: %d replications of %s would keep %d numbers each (days to each share of the target, shares on given days, "+
			"observations, units), more than %d in all: use at most %d replications", ErrTooLarge, n, m.sc.Name, per, maxSamples, maxSamples/per)
	}
	return nil
}

// Run simulates opt.Replications replications of sc and summarizes them.
// Replication i depends only on (sc, opt.Seed, i), and replications are
// summarized in index order, so the result is the same for any number of
// workers. Run returns ctx's error if ctx is cancelled.
//
// When the scenario has scenario-wide uncertainty (see
// Scenario.SharedUncertainty) and the daily series are wanted, Run
// simulates the replications a second time with those quantities fixed at
// their medians, and reports in Result.Spread how much of the spread they
// make.
func Run(ctx context.Context, sc *Scenario, opt *Options) (*Result, error) {
	m, opt, err := prepare(sc, opt)
	if err != nil {
		return nil, err
	}
	n := opt.replications()
	shared := sc.SharedUncertainty()
	split := !opt.SummaryOnly && len(shared) > 0
	total := n
	if split {
		total *= 2
	}
	acc, err := simulate(ctx, m, opt, false, 0, total)
	if err != nil {
		return nil, err
	}
	res := acc.result()
	if split {
		fixed, err := simulate(ctx, m, opt, true, n, total)
		if err != nil {
			return nil, err
		}
		fres := fixed.result()
		res.Spread = spread(acc, fixed, shared)
		res.DailyFixed = fres.Daily
	}
	return res, nil
}

// simulate runs the replications of m into an accumulator; fix fixes the
// scenario-wide quantities at their medians. Progress is reported as done
// of total, from done.
func simulate(ctx context.Context, m *model, opt *Options, fix bool, done, total int) (*accumulator, error) {
	n := opt.replications()
	workers := min(opt.workers(), n)
	acc := newAccumulator(m, opt)

	// Replications run in batches: workers fill a batch in any order, then
	// the batch is folded into the accumulator in index order.
	batch := make([]Replication, min(n, 64*workers))
	sums := make([]summary, len(batch))
	runners := make([]*runner, workers)
	for w := range runners {
		runners[w] = newRunner(m)
		runners[w].fixShared = fix
	}
	for lo := 0; lo < n; lo += len(batch) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hi := min(n, lo+len(batch))
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failed error
		for w, r := range runners {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A bug must not take the program down with a stack trace
				// from a goroutine no caller can recover: return it.
				defer func() {
					if p := recover(); p != nil {
						mu.Lock()
						if failed == nil {
							failed = fmt.Errorf("sim: internal error in a replication of %s: %v", m.sc.Name, p)
						}
						mu.Unlock()
					}
				}()
				for i := lo + w; i < hi; i += workers {
					r.run(opt.Seed, i, &batch[i-lo])
					acc.summarize(&batch[i-lo], &sums[i-lo])
					acc.addDaily(&sums[i-lo])
				}
			}()
		}
		wg.Wait()
		if failed != nil {
			return nil, failed
		}
		for i := range hi - lo {
			acc.add(&batch[i], &sums[i])
		}
		if opt.Progress != nil {
			opt.Progress(done+hi, total)
		}
	}
	return acc, nil
}

// Trace simulates replication rep of sc with the given seed, exactly as Run
// does, and returns its full record: what happened to whom, and when.
func Trace(sc *Scenario, seed uint64, rep int) (*Replication, error) {
	m, _, err := prepare(sc, nil)
	if err != nil {
		return nil, err
	}
	if rep < 0 {
		return nil, fmt.Errorf("sim: replication %d is negative", rep)
	}
	out := new(Replication)
	newRunner(m).run(seed, rep, out)
	return out, nil
}
