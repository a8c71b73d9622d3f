package sim

import (
	"math"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/stat"
)

// binsPerTarget is the resolution of the daily histograms: quantiles of the
// daily series are to the nearest 1/binsPerTarget of the target.
const binsPerTarget = 1000

// series indices: the two categories and their total.
const (
	seriesTroops = iota
	seriesPolice
	seriesTotal
	numSeries
)

// histogram counts, for each day, how many replications had each share of a
// target. Its size depends on the horizon, not on the replications. A
// replication's series is a step function, so it is added as a few ranges of
// days, each at one share: the counts are kept as differences along the days
// and summed once at the end.
type histogram struct {
	days, bins int
	neg        int // bins below a share of 0 (units in place that leave)
	target     int64
	diff       []int32  // bin*(days+1) + day: change in the count from day-1 to day
	sumDiff    []int64  // change in the sum of personnel from day-1 to day
	counts     []uint32 // day*bins + bin, filled by finish
	sums       []int64  // personnel summed over replications, per day, filled by finish
}

// maxHistogramShare bounds a histogram's bins: shares above it (twice the
// target) are counted as it.
const maxHistogramShare = 2

func newHistogram(days int, target int, maxShare, minShare float64) *histogram {
	neg := int(math.Ceil(min(-minShare, maxHistogramShare) * binsPerTarget))
	bins := int(math.Ceil(min(maxShare, maxHistogramShare)*binsPerTarget)) + 1 + neg
	return &histogram{days: days, bins: bins, neg: neg, target: int64(target),
		diff: make([]int32, bins*(days+1)), sumDiff: make([]int64, days+1)}
}

// share returns the share of bin b.
func (h *histogram) share(b int) float64 { return float64(b-h.neg) / binsPerTarget }

// addRange counts personnel on days from to to-1. Everything it adds is an
// integer, added atomically: replications may be added concurrently and in
// any order, with the same result.
func (h *histogram) addRange(from, to int, personnel int) {
	if from >= to {
		return
	}
	b := min(max(0, int(math.Round(float64(personnel)/float64(h.target)*binsPerTarget))+h.neg), h.bins-1)
	row := h.diff[b*(h.days+1):]
	atomic.AddInt32(&row[from], 1)
	atomic.AddInt32(&row[to], -1)
	atomic.AddInt64(&h.sumDiff[from], int64(personnel))
	atomic.AddInt64(&h.sumDiff[to], -int64(personnel))
}

// finish turns the differences into counts and sums per day.
func (h *histogram) finish() {
	h.counts = make([]uint32, h.days*h.bins)
	for b := range h.bins {
		row := h.diff[b*(h.days+1):]
		var c int32
		for d := range h.days {
			c += row[d]
			h.counts[d*h.bins+b] = uint32(c)
		}
	}
	h.sums = make([]int64, h.days)
	var sum int64
	for d := range h.days {
		sum += h.sumDiff[d]
		h.sums[d] = sum
	}
}

// quantile returns the smallest share with at least p of n replications at
// or below it on day.
func (h *histogram) quantile(day int, p float64, n int) float64 {
	rank := uint32(max(1, int(math.Ceil(p*float64(n)-1e-9))))
	var cum uint32
	row := h.counts[day*h.bins : (day+1)*h.bins]
	for b, c := range row {
		cum += c
		if cum >= rank {
			return h.share(b)
		}
	}
	return h.share(h.bins - 1)
}

// accumulator folds replications, in index order, into a Result.
type accumulator struct {
	m         *model
	opt       *Options
	n         int
	days      int // horizon + 1
	target    [numSeries]float64
	deployed  [numSeries]*histogram
	arrived   [numSeries]*histogram
	daysTo    [][]float64   // [fraction][rep]
	obs       []Observation // within the horizon
	arrivedAt [][]float64   // [observation][rep]: share of the total target arrived
	atDays    int           // how many of shareDays are Options.Days within the horizon
	shareDays []float64     // Options.Days within the horizon, then benchmark days not among them
	atDay     [][]float64   // [shareDays index][rep]
	benchMet  []int
	stageSum  [NumStages]float64 // strength-weighted days
	reached   [NumStages]bool
	weight    float64 // strength of all instances, summed over replications
	units     []unitAcc
	lift      []LiftRun // sums
	airfields []AirfieldRun
	missions  []MissionStat
	departed  [numMovements]int // personnel who left, by why, summed over replications
	departRun [numMovements]int // replications with any such departure
}

type unitAcc struct {
	stageSum [NumStages]float64
	status   [numStatuses]int
	opDays   []float64
	n        int
}

type opEvent struct {
	t float64
	n int
}

func newAccumulator(m *model, opt *Options) *accumulator {
	a := &accumulator{m: m, opt: opt, days: m.sc.Horizon + 1}
	a.target = [numSeries]float64{float64(m.sc.Target.Troops), float64(m.sc.Target.Police), float64(m.sc.Target.Total())}
	var strength, inPlace [numSeries]float64
	for _, in := range m.inst {
		c := int(in.u.Category)
		if in.u.InPlace {
			inPlace[c] += float64(in.u.Strength)
			inPlace[seriesTotal] += float64(in.u.Strength)
		} else {
			n := float64(in.u.Strength)
			if rot := in.u.Rotation; rot != nil && !rot.Overlap.IsZero() {
				n *= 2 // two contingents at once, while they overlap
			}
			strength[c] += n
			strength[seriesTotal] += n
		}
	}
	for s := range numSeries {
		if a.target[s] > 0 && !opt.SummaryOnly {
			hi, lo := strength[s]/a.target[s], -inPlace[s]/a.target[s]
			a.deployed[s] = newHistogram(a.days, int(a.target[s]), hi, lo)
			a.arrived[s] = newHistogram(a.days, int(a.target[s]), hi, lo)
		}
	}
	a.daysTo = make([][]float64, len(opt.fractions()))
	for _, d := range opt.days() {
		if d <= m.horizon { // the default days may lie beyond a short horizon
			a.shareDays = append(a.shareDays, d)
		}
	}
	a.atDays = len(a.shareDays)
	for _, b := range m.sc.Benchmarks {
		if !slices.Contains(a.shareDays, b.Day) {
			a.shareDays = append(a.shareDays, b.Day)
		}
	}
	a.atDay = make([][]float64, len(a.shareDays))
	if o := m.sc.Observed; o != nil {
		for _, p := range o.Points {
			if p.Day > 0 && p.Day <= m.horizon {
				a.obs = append(a.obs, p)
			}
		}
		a.arrivedAt = make([][]float64, len(a.obs))
	}
	a.benchMet = make([]int, len(m.sc.Benchmarks))
	a.units = make([]unitAcc, len(m.sc.Units))
	a.lift = make([]LiftRun, len(m.pools))
	a.airfields = make([]AirfieldRun, len(m.sc.Airfields))
	a.missions = make([]MissionStat, len(m.missions))
	return a
}

// step is an increment of personnel in one series on a day.
type step struct {
	day    int
	series int
	n      int
}

// summary is what the accumulator needs of a replication. It is worked out
// on the worker's goroutine, in parallel, so that folding replications into
// the result, which is serial, stays short.
type summary struct {
	deployed  []step    // operational personnel, by day
	arrived   []step    // personnel in the mission area, by day
	daysTo    []float64 // per fraction
	atDay     []float64 // per share day
	benchMet  []bool    // per benchmark
	arrivedAt []float64 // per observation
	ops       []opEvent // scratch
}

// appendStep appends an increment of n personnel of category c at time t,
// to its category's series and to the total, unless t is past the horizon.
func (a *accumulator) appendStep(out []step, t float64, c Category, n int) []step {
	if t > a.m.horizon {
		return out
	}
	d := int(math.Ceil(t - 1e-9)) // counted from the first whole day at or after t
	return append(out, step{d, int(c), n}, step{d, seriesTotal, n})
}

func sortSteps(s []step) { slices.SortStableFunc(s, func(x, y step) int { return x.day - y.day }) }

// summarize works out a replication's summary into s. It only reads the
// accumulator, so replications can be summarized concurrently.
func (a *accumulator) summarize(rep *Replication, s *summary) {
	m := a.m
	if !a.opt.SummaryOnly {
		s.deployed = s.deployed[:0]
		s.arrived = s.arrived[:0]
		for _, e := range rep.Personnel {
			if e.Operational != 0 {
				s.deployed = a.appendStep(s.deployed, e.Day, e.Category, e.Operational)
			}
			if e.Arrived != 0 {
				s.arrived = a.appendStep(s.arrived, e.Day, e.Category, e.Arrived)
			}
		}
		sortSteps(s.deployed)
		sortSteps(s.arrived)
	}

	// Exact times to each fraction and shares on given days, from the
	// personnel events, which come in time order.
	s.ops = s.ops[:0]
	for _, e := range rep.Personnel {
		if e.Operational != 0 {
			s.ops = append(s.ops, opEvent{e.Day, e.Operational})
		}
	}
	total := a.target[seriesTotal]
	s.daysTo = s.daysTo[:0]
	for _, frac := range a.opt.fractions() {
		need, cum, at := frac*total-1e-9, 0.0, math.Inf(1)
		for _, e := range s.ops {
			cum += float64(e.n)
			if cum >= need {
				at = e.t
				break
			}
		}
		s.daysTo = append(s.daysTo, at)
	}
	shareAt := func(day float64) float64 {
		cum := 0.0
		for _, e := range s.ops {
			if e.t > day+1e-9 {
				break
			}
			cum += float64(e.n)
		}
		return cum / total
	}
	s.atDay = s.atDay[:0]
	for _, day := range a.shareDays {
		s.atDay = append(s.atDay, shareAt(day))
	}
	s.benchMet = s.benchMet[:0]
	for _, bm := range m.sc.Benchmarks {
		s.benchMet = append(s.benchMet, shareAt(bm.Day) >= bm.Fraction-1e-9)
	}
	// Personnel events come in time order, and observations in day order.
	s.arrivedAt = s.arrivedAt[:0]
	arrived, next := 0, 0
	for _, o := range a.obs {
		for next < len(rep.Personnel) && rep.Personnel[next].Day <= o.Day+1e-9 {
			arrived += rep.Personnel[next].Arrived
			next++
		}
		s.arrivedAt = append(s.arrivedAt, float64(arrived)/total)
	}
}

// addDaily adds a replication's daily series to the histograms. The
// histograms hold integers only, so replications may be added concurrently.
func (a *accumulator) addDaily(s *summary) {
	if !a.opt.SummaryOnly {
		a.addSteps(a.deployed, s.deployed)
		a.addSteps(a.arrived, s.arrived)
	}
}

// addSteps adds one replication's series to the histograms.
func (a *accumulator) addSteps(hist [numSeries]*histogram, steps []step) {
	for s, h := range hist {
		if h == nil {
			continue
		}
		cum, from := 0, 0
		for _, st := range steps {
			if st.series != s {
				continue
			}
			if st.day > from {
				h.addRange(from, st.day, cum)
				from = st.day
			}
			cum += st.n
		}
		h.addRange(from, a.days, cum)
	}
}

// add folds a replication and its summary into the result, all but the
// daily series (see addDaily). Replications must come in index order.
func (a *accumulator) add(rep *Replication, s *summary) {
	m := a.m
	a.n++
	for f, x := range s.daysTo {
		a.daysTo[f] = append(a.daysTo[f], x)
	}
	for d, x := range s.atDay {
		a.atDay[d] = append(a.atDay[d], x)
	}
	for b, met := range s.benchMet {
		if met {
			a.benchMet[b]++
		}
	}
	for k, x := range s.arrivedAt {
		a.arrivedAt[k] = append(a.arrivedAt[k], x)
	}

	// Where the time goes.
	for i := range rep.Units {
		u := &rep.Units[i]
		in := &m.inst[i]
		w := float64(in.u.Strength)
		ua := &a.units[in.unit]
		ua.n++
		ua.status[u.Status]++
		if !math.IsInf(u.Operational, 1) {
			// It was operational at some point, even if it has left since.
			ua.opDays = append(ua.opDays, u.Operational)
		}
		if in.u.InPlace {
			continue // not a member of the surge: where its time goes is not asked
		}
		a.weight += w
		for _, sp := range u.Spans {
			d := sp.End - sp.Start
			a.reached[sp.Stage] = true
			a.stageSum[sp.Stage] += w * d
			ua.stageSum[sp.Stage] += d
		}
	}
	var departed [numMovements]int
	for _, e := range rep.Personnel {
		if e.Operational < 0 {
			departed[e.Why] -= e.Operational
		}
	}
	for w, n := range departed {
		a.departed[w] += n
		if n > 0 {
			a.departRun[w]++
		}
	}
	for p, l := range rep.Lift {
		a.lift[p].Sorties += l.Sorties
		a.lift[p].BusyDays += l.BusyDays
		a.lift[p].Utilization += l.Utilization
	}
	for f, af := range rep.Airfields {
		a.airfields[f].Sorties += af.Sorties
		a.airfields[f].Waited += af.Waited
		a.airfields[f].WaitDays += af.WaitDays
	}
	for x, ms := range rep.Missions {
		a.missions[x].Released += Num(ms.Released)
		a.missions[x].Blocked += Num(ms.Blocked)
		if ms.Blocked > 0 {
			a.missions[x].BlockedShare++
		}
	}
}

// quantiles returns the p-quantiles of xs (sorted in place), with +Inf for
// "never".
func quantiles(xs []float64, ps ...float64) []float64 {
	slices.Sort(xs)
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = stat.Quantile(p, stat.Empirical, xs, nil)
	}
	return out
}

func (a *accumulator) result() *Result {
	m := a.m
	sc := m.sc
	n := float64(a.n)
	res := &Result{
		Header: NewHeader(KindRun, sc, a.n, a.opt.Seed),
		Target: TargetInfo{Troops: sc.Target.Troops, Police: sc.Target.Police, Total: sc.Target.Total()},
	}
	for f, frac := range a.opt.fractions() {
		xs := slices.Clone(a.daysTo[f])
		st := FractionStat{Fraction: Share(frac)}
		sum, reached := 0.0, 0
		for _, x := range xs {
			if !math.IsInf(x, 1) {
				sum += x
				reached++
			}
		}
		st.Mean = Days((sum + float64(a.n-reached)*float64(sc.Horizon)) / n)
		st.MeanIfReached = Days(math.Inf(1))
		if reached > 0 {
			st.MeanIfReached = Days(sum / float64(reached))
		}
		st.Never = Share(float64(a.n-reached) / n)
		q := quantiles(xs, 0.1, 0.5, 0.9)
		st.P10, st.P50, st.P90 = Days(q[0]), Days(q[1]), Days(q[2])
		res.DaysToFraction = append(res.DaysToFraction, st)
		res.Samples = append(res.Samples, FractionSamples{Fraction: Share(frac), Days: toDays(a.daysTo[f])})
	}
	for d, day := range a.shareDays {
		res.ShareSamples = append(res.ShareSamples, DaySamples{Day: day, Shares: toShares(a.atDay[d])})
		if d >= a.atDays {
			continue
		}
		xs := slices.Clone(a.atDay[d])
		q := quantiles(xs, 0.1, 0.5, 0.9)
		res.FractionAtDay = append(res.FractionAtDay, DayStat{Day: day, Date: m.date(day),
			Mean: Share(stat.Mean(xs, nil)), P10: Share(q[0]), P50: Share(q[1]), P90: Share(q[2])})
	}
	for b, bm := range sc.Benchmarks {
		res.Benchmarks = append(res.Benchmarks, BenchmarkStat{Name: bm.ID, Label: bm.Label, Day: bm.Day,
			Fraction: Share(bm.Fraction), Probability: Share(float64(a.benchMet[b]) / n)})
	}
	for k, o := range a.obs {
		res.Observed = append(res.Observed, observedPoint(o, float64(o.Troops+o.Police)/a.target[seriesTotal],
			m.sc.Observed.Naive.At(o.Day), m.date(o.Day), slices.Clone(a.arrivedAt[k])))
	}
	if o := m.sc.Observed; o != nil {
		res.ObservedInfo = &ObservedInfo{Source: o.Source, Baseline: o.Baseline, BaselineTroops: o.BaselineTroops,
			BaselinePolice: o.BaselinePolice, Ceiling: o.Ceiling, NaiveShare: Share(o.Naive.Share), NaiveDays: Days(o.Naive.Days),
			Skipped: o.Skipped, OutOfSample: o.OutOfSample, Problem: o.Problem}
	}
	res.Daily = a.daily(a.deployed[seriesTotal])
	res.DailyTroops = a.daily(a.deployed[seriesTroops])
	res.DailyPolice = a.daily(a.deployed[seriesPolice])
	res.DailyArrived = a.daily(a.arrived[seriesTotal])

	total := 0.0
	for s := range NumStages {
		total += a.stageSum[s]
	}
	for s := range NumStages {
		mean := a.stageSum[s] / a.weight
		if !a.reached[s] {
			continue
		}
		st := StageStat{Stage: s.String(), Label: s.Label(), MeanDays: Days(mean)}
		if total > 0 {
			st.Share = Share(a.stageSum[s] / total)
		}
		res.Stages = append(res.Stages, st)
		if res.Bottleneck == nil || st.MeanDays > res.Bottleneck.MeanDays {
			b := st
			res.Bottleneck = &b
		}
	}
	if res.Bottleneck != nil && res.Bottleneck.MeanDays == 0 {
		res.Bottleneck = nil
	}
	for ui := range sc.Units {
		u := &sc.Units[ui]
		ua := &a.units[ui]
		k := float64(ua.n)
		us := UnitStat{ID: u.ID, Name: u.Name, Kind: u.Kind, Category: u.Category.String(),
			Source: u.Source.String(), Strength: u.Strength, Count: u.count(),
			Operational:  Share(float64(ua.status[Operational]) / k),
			InPipeline:   Share(float64(ua.status[InPipeline]) / k),
			Gap:          Share(float64(ua.status[Gap]) / k),
			Refused:      Share(float64(ua.status[Refused]) / k),
			Blocked:      Share(float64(ua.status[Blocked]) / k),
			Left:         Share(float64(ua.status[Left]) / k),
			Repatriated:  Share(float64(ua.status[Repatriated]) / k),
			NotActivated: Share(float64(ua.status[NotActivated]) / k),
			Rotating:     Share(float64(ua.status[Rotating]) / k),
			NotReplaced:  Share(float64(ua.status[NotReplaced]) / k),
			Ever:         Share(float64(len(ua.opDays)) / k),
		}
		ops := slices.Clone(ua.opDays)
		for range ua.n - len(ops) {
			ops = append(ops, math.Inf(1))
		}
		us.OperationalP50 = Days(quantiles(ops, 0.5)[0])
		for s := range NumStages {
			if ua.stageSum[s] > 0 {
				us.Stages = append(us.Stages, StageDays{Stage: s.String(), MeanDays: Days(ua.stageSum[s] / k)})
			}
		}
		res.Units = append(res.Units, us)
	}
	for w, c := range a.departed {
		if c > 0 {
			res.Departures = append(res.Departures, DepartureStat{Why: Movement(w).String(), Label: Movement(w).Label(),
				Personnel: Num(float64(c) / n), Runs: Share(float64(a.departRun[w]) / n)})
		}
	}
	for p, l := range a.lift {
		lp := &sc.Lift[p]
		res.Lift = append(res.Lift, LiftStat{ID: lp.ID, Name: lp.Name, Sorties: Num(float64(l.Sorties) / n),
			BusyDays: Days(l.BusyDays / n), Utilization: Share(l.Utilization / n)})
	}
	for f, af := range a.airfields {
		st := AirfieldStat{ID: sc.Airfields[f].ID, Name: sc.Airfields[f].Name, Sorties: Num(float64(af.Sorties) / n)}
		if af.Sorties > 0 {
			st.Waited = Share(float64(af.Waited) / float64(af.Sorties))
			st.MeanWaitHours = Num(af.WaitDays * 24 / float64(af.Sorties))
		}
		res.Airfields = append(res.Airfields, st)
	}
	for x, ms := range a.missions {
		ms.ID, ms.Name = sc.Missions[x].ID, sc.Missions[x].Name
		ms.Released /= Num(n)
		ms.Blocked /= Num(n)
		ms.BlockedShare /= Share(n)
		res.Missions = append(res.Missions, ms)
	}
	res.fillEmpty()
	res.addIntervals()
	return res
}

func (a *accumulator) daily(h *histogram) []DailyStat {
	if h == nil {
		return nil
	}
	h.finish()
	out := make([]DailyStat, a.days)
	for d := range out {
		q := func(p float64) Share { return Share(h.quantile(d, p, a.n)) }
		out[d] = DailyStat{Day: d, Date: a.m.date(float64(d)), Mean: Share(float64(h.sums[d]) / float64(a.n) / float64(h.target)),
			P5: q(0.05), P25: q(0.25), P50: q(0.5), P75: q(0.75), P95: q(0.95)}
	}
	return out
}

func toShares(xs []float64) []Share {
	out := make([]Share, len(xs))
	for i, x := range xs {
		out[i] = Share(x)
	}
	return out
}

func toDays(xs []float64) []Days {
	out := make([]Days, len(xs))
	for i, x := range xs {
		out[i] = Days(x)
	}
	return out
}
