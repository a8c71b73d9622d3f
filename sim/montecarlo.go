package sim

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
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

	// Samples keeps each replication's days to each fraction and shares on
	// the days and benchmark days (Result.Samples and ShareSamples), for
	// Compare and the pictures of the time to the target. Their memory
	// grows with the replications; without them, a run's does not.
	Samples bool

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

// maxSamples bounds the numbers a run with Options.Samples keeps, summed
// over replications (8 bytes each): 400 MB.
const maxSamples = 50_000_000

// checkMemory refuses a run whose samples would grow past maxSamples: each
// replication keeps its days to each fraction and its share on the given
// days and benchmark days.
func (m *model) checkMemory(opt *Options) error {
	if !opt.Samples {
		return nil
	}
	per := len(opt.fractions()) + len(opt.days()) + len(m.sc.Benchmarks)
	if n := opt.replications(); n > maxSamples/per {
		return fmt.Errorf("%w: %d replications of %s would keep %d numbers each (days to each share of the target, shares on given days "+
			"and benchmark days), more than %d in all: use at most %d replications, or leave out the samples", ErrTooLarge, n, m.sc.Name,
			per, maxSamples, maxSamples/per)
	}
	return nil
}

// Run simulates opt.Replications replications of sc and summarizes them.
// Replication i depends only on (sc, opt.Seed, i), and replications are
// summarized in chunks taken in index order, so the result is the same for
// any number of workers. Run returns ctx's error if ctx is cancelled.
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
		days, full := acc.spreadDays(), acc.spread
		acc = nil // its histograms are done with
		fixed, err := simulate(ctx, m, opt, true, n, total)
		if err != nil {
			return nil, err
		}
		var stats []spreadStat
		res.DailyFixed, stats = fixed.daily(fixed.deployed[seriesTotal], fixed.t.n, days)
		res.Spread = spread(m, days, full, stats, shared)
	}
	return res, nil
}

// chunk is how many replications a worker takes at a time: the chunks'
// tallies are folded in order, so it must not depend on the workers.
const chunk = 64

// worker is one goroutine's share of a run: its runner, the storage of its
// replication and its accumulator, apart from every other worker's (the
// padding keeps them off each other's cache lines).
type worker struct {
	_   [64]byte
	r   *runner
	rep Replication
	sum summary
	acc *accumulator
	_   [64]byte
}

// simulate runs the replications of m into an accumulator; fix fixes the
// scenario-wide quantities at their medians, and keeps the total's daily
// series only. Progress is reported as done of total, from done.
//
// Workers take chunks of replications in turn. Each adds its replications'
// daily series to its own histograms, added up at the end, and the rest
// of what they come to to a tally for the chunk, which the calling
// goroutine folds into the collector in chunk order (see tally).
func simulate(ctx context.Context, m *model, opt *Options, fix bool, done, total int) (*accumulator, error) {
	n := opt.replications()
	chunks := (n + chunk - 1) / chunk
	workers := max(1, min(opt.workers(), chunks))
	// A worker takes a tally (a new one while fewer than pool exist, else
	// one back from free) before each chunk; a chunk's tally waits in
	// pending[chunk % pool] until the chunks before it are folded, then
	// goes back to free. At most pool chunks are taken and not folded.
	pool := 4 * workers
	free := make(chan *tally, pool)
	var made atomic.Int64
	type chunkTally struct {
		k int
		t *tally
	}
	tallied := make(chan chunkTally, pool)
	var next atomic.Int64
	var mu sync.Mutex
	var failed error
	quit := make(chan struct{}) // closed on the first failure
	fail := func(err error) {
		mu.Lock()
		if failed == nil {
			failed = err
			close(quit)
		}
		mu.Unlock()
	}
	take := func(a *accumulator) *tally {
		select {
		case t := <-free:
			return t
		default:
		}
		if made.Add(1) <= int64(pool) {
			t := a.newTally()
			return &t
		}
		select {
		case t := <-free:
			return t
		case <-quit:
			return nil
		}
	}
	ws := make([]*worker, workers)
	var wg sync.WaitGroup
	for w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A bug must not take the program down with a stack trace
			// from a goroutine no caller can recover: return it.
			defer func() {
				if p := recover(); p != nil {
					fail(fmt.Errorf("sim: internal error in a replication of %s: %v", m.sc.Name, p))
				}
			}()
			wk := &worker{r: newRunner(m), acc: newAcc(m, opt, fix, true)}
			wk.r.fixShared, wk.r.noSpans = fix, fix
			ws[w] = wk
			for {
				t := take(wk.acc)
				if t == nil {
					return
				}
				k := int(next.Add(1) - 1)
				if k >= chunks {
					free <- t
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				for i := k * chunk; i < min(n, (k+1)*chunk); i++ {
					wk.r.run(opt.Seed, i, &wk.rep)
					wk.acc.summarize(&wk.rep, &wk.sum)
					wk.acc.addDaily(&wk.sum)
					if !fix {
						wk.acc.add(&wk.rep, &wk.sum, t)
					}
				}
				tallied <- chunkTally{k, t}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(tallied)
	}()
	pending := make([]*tally, pool)
	acc := newAcc(m, opt, fix, false) // the collector
	folded := 0
	for c := range tallied {
		pending[c.k%pool] = c.t
		for ; folded < chunks && pending[folded%pool] != nil; folded++ {
			t := pending[folded%pool]
			pending[folded%pool] = nil
			acc.fold(t)
			t.reset()
			free <- t
			if opt.Progress != nil {
				opt.Progress(done+min(n, (folded+1)*chunk), total)
			}
		}
	}
	if failed != nil {
		return nil, failed
	}
	hists := ws[0].acc
	for _, wk := range ws[1:] {
		hists.merge(wk.acc)
	}
	acc.deployed, acc.arrived = hists.deployed, hists.arrived
	acc.t.n = n
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
