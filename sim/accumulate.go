package sim

import (
	"iter"
	"math"
	"slices"
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
// and summed once at the end. The differences are kept in tiles of days by
// shares, each allocated when first needed: most shares are never reached
// (below 0, or far above the target). Each worker adds to its own
// histogram, and the workers' histograms are added up at the end: they
// hold integers only, so the order does not matter.
type histogram struct {
	days, bins int
	neg        int // bins below a share of 0 (units in place that leave)
	target     int64
	cols       int                           // tiles across the bins
	tiles      []*[tileDays * tileBins]int32 // (day/tileDays)*cols + bin/tileBins, nil until needed: change in the count from day-1 to day
	sumDiff    []int64                       // change in the sum of personnel from day-1 to day
}

// The size of a histogram's tiles: 4 KB.
const tileDays, tileBins = 16, 64

// maxHistogramShare bounds a histogram's bins: shares above it (twice the
// target) are counted as it.
const maxHistogramShare = 2

func newHistogram(days int, target int, maxShare, minShare float64) *histogram {
	neg := int(math.Ceil(min(-minShare, maxHistogramShare) * binsPerTarget))
	bins := int(math.Ceil(min(maxShare, maxHistogramShare)*binsPerTarget)) + 1 + neg
	cols := (bins + tileBins - 1) / tileBins
	return &histogram{days: days, bins: bins, neg: neg, target: int64(target), cols: cols,
		tiles: make([]*[tileDays * tileBins]int32, (days/tileDays+1)*cols), sumDiff: make([]int64, days+1)}
}

// share returns the share of bin b.
func (h *histogram) share(b int) float64 { return float64(b-h.neg) / binsPerTarget }

// add adds k to the difference of bin b on day.
func (h *histogram) add(day, b int, k int32) {
	t := &h.tiles[day/tileDays*h.cols+b/tileBins]
	if *t == nil {
		*t = new([tileDays * tileBins]int32)
	}
	(*t)[day%tileDays*tileBins+b%tileBins] += k
}

// addRange counts personnel on days from to to-1.
func (h *histogram) addRange(from, to int, personnel int) {
	if from >= to {
		return
	}
	b := min(max(0, int(math.Round(float64(personnel)/float64(h.target)*binsPerTarget))+h.neg), h.bins-1)
	h.add(from, b, 1)
	h.sumDiff[from] += int64(personnel)
	if to < h.days { // nothing is counted on day h.days
		h.add(to, b, -1)
		h.sumDiff[to] -= int64(personnel)
	}
}

// merge adds o's counts to h's, taking o's tiles where h has none.
func (h *histogram) merge(o *histogram) {
	for i, t := range o.tiles {
		switch {
		case t == nil:
		case h.tiles[i] == nil:
			h.tiles[i] = t
		default:
			for j, d := range t {
				h.tiles[i][j] += d
			}
		}
	}
	for i, d := range o.sumDiff {
		h.sumDiff[i] += d
	}
}

// walk calls f for each day in turn with the counts of the replications in
// each bin on that day and their personnel summed.
func (h *histogram) walk(f func(day int, counts []int64, sum int64)) {
	counts := make([]int64, h.cols*tileBins) // bins and beyond, always 0
	var sum int64
	for d := range h.days {
		for c, t := range h.tiles[d/tileDays*h.cols : (d/tileDays+1)*h.cols] {
			if t != nil {
				for j, k := range t[d%tileDays*tileBins : (d%tileDays+1)*tileBins] {
					counts[c*tileBins+j] += int64(k)
				}
			}
		}
		sum += h.sumDiff[d]
		f(d, counts[:h.bins], sum)
	}
}

// quantiles returns the ps-quantiles (in increasing order) of the shares
// of n replications counted by bin: for each, the smallest share with at
// least p of them at or below it.
func (h *histogram) quantiles(counts []int64, n int, ps ...float64) []float64 {
	out := make([]float64, len(ps))
	var ranks [8]int64 // at most 8 ps
	for j, p := range ps {
		ranks[j] = int64(max(1, int(math.Ceil(p*float64(n)-1e-9))))
	}
	j, cum := 0, int64(0)
	for b, c := range counts {
		cum += c
		for ; j < len(ps) && cum >= ranks[j]; j++ {
			out[j] = h.share(b)
		}
		if j == len(ps) {
			return out
		}
	}
	for ; j < len(ps); j++ {
		out[j] = h.share(h.bins - 1)
	}
	return out
}

// accumulator folds replications into a Result. Each worker has its own:
// it adds its replications' daily series to its histograms, and the rest
// of what they come to to the tally of the chunk of replications at hand
// (see tally). Another accumulator, the collector, folds the chunks'
// tallies in order into its sums and distributions, and takes the workers'
// histograms, added up, at the end.
type accumulator struct {
	m         *model
	opt       *Options
	days      int // horizon + 1
	target    [numSeries]float64
	deployed  [numSeries]*histogram
	arrived   [numSeries]*histogram
	totalOnly bool                // only the total's daily series (deployed[seriesTotal])
	tracked   [2 * numSeries]bool // the histograms there are (see dayRange)

	fractions []float64     // opt.fractions()
	byFrac    []int         // fractions' indices, smallest fraction first
	obs       []Observation // within the horizon
	atDays    int           // how many of shareDays are Options.Days within the horizon
	shareDays []float64     // Options.Days within the horizon, then benchmark days not among them
	byDay     []int         // shareDays' indices, earliest first
	benchDay  []int         // each benchmark's index in shareDays

	// The collector's: what the chunks add up to, folded in order.
	t         tally
	daysTo    []dayValues // per fraction: the days of the runs that get there
	atDay     []counts    // per share day: personnel operational
	atDaySum  []int64     // per share day: personnel operational, summed
	arrivedAt []counts    // per observation: personnel arrived
	opDays    []dayValues // per scenario unit: the days its instances first became operational
	samples   [][]Days    // per fraction, with Options.Samples
	shares    [][]Share   // per share day, with Options.Samples

	spread []spreadStat // the total's daily series on spreadDays (after result)
}

// tally is what a chunk of replications comes to, besides their daily
// series: sums and counts, and each replication's days and shares. Chunks
// are folded into the result in order, so that its floating-point sums do
// not depend on how many workers ran (nor its samples' order).
type tally struct {
	n         int
	daysSum   []float64 // per fraction: days, over the runs that get there
	reached   []int     // per fraction
	daysMom   []moments // per fraction: days, a run that never gets there counting as the horizon
	benchMet  []int
	stageSum  [NumStages]float64 // strength-weighted days
	inStage   [NumStages]bool    // stages any instance went through
	weight    float64            // strength of the instances in the surge, summed over replications
	units     []unitTally
	lift      []LiftRun // sums
	airfields []AirfieldRun
	missions  []MissionStat
	departed  [numMovements]int // personnel who left, by why, summed over replications
	departRun [numMovements]int // replications with any such departure

	// The chunk's replications', in order (the collector's stay empty).
	daysTo  [][]float64 // per fraction: days; +Inf: never
	atDay   [][]int     // per share day: personnel operational
	arrived [][]int     // per observation: personnel arrived
	opDays  [][]float64 // per scenario unit: the days its instances first became operational
}

type unitTally struct {
	stageSum [NumStages]float64
	status   [numStatuses]int
	n        int
}

func newAccumulator(m *model, opt *Options) *accumulator { return newAcc(m, opt, false, true) }

// newAcc returns an accumulator: with totalOnly, one of the total's daily
// series only; with histograms, one that keeps the daily series (a
// worker's, rather than the collector's).
func newAcc(m *model, opt *Options, totalOnly, histograms bool) *accumulator {
	a := &accumulator{m: m, opt: opt, days: m.sc.Horizon + 1, fractions: opt.fractions(), totalOnly: totalOnly}
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
		if a.target[s] > 0 && histograms && !opt.SummaryOnly && (!totalOnly || s == seriesTotal) {
			hi, lo := strength[s]/a.target[s], -inPlace[s]/a.target[s]
			a.deployed[s] = newHistogram(a.days, int(a.target[s]), hi, lo)
			if s == seriesTotal && !totalOnly { // only the total's arrivals are reported
				a.arrived[s] = newHistogram(a.days, int(a.target[s]), hi, lo)
			}
		}
	}
	for h := range a.tracked {
		a.tracked[h] = a.hist(h) != nil
	}
	a.byFrac = order(a.fractions)
	for _, d := range opt.days() {
		if d <= m.horizon { // the default days may lie beyond a short horizon
			a.shareDays = append(a.shareDays, d)
		}
	}
	a.atDays = len(a.shareDays)
	for _, b := range m.sc.Benchmarks {
		i := slices.Index(a.shareDays, b.Day)
		if i < 0 {
			i = len(a.shareDays)
			a.shareDays = append(a.shareDays, b.Day)
		}
		a.benchDay = append(a.benchDay, i)
	}
	a.byDay = order(a.shareDays)
	if o := m.sc.Observed; o != nil {
		for _, p := range o.Points {
			if p.Day > 0 && p.Day <= m.horizon {
				a.obs = append(a.obs, p)
			}
		}
	}
	reps := opt.replications()
	a.daysTo = make([]dayValues, len(a.fractions))
	for f := range a.daysTo {
		a.daysTo[f] = newDayValues(reps)
	}
	a.atDay = make([]counts, len(a.shareDays))
	a.atDaySum = make([]int64, len(a.shareDays))
	a.arrivedAt = make([]counts, len(a.obs))
	a.opDays = make([]dayValues, len(m.sc.Units))
	for u := range a.opDays {
		a.opDays[u] = newDayValues(reps * len(m.instances[u]))
	}
	if opt.Samples {
		a.samples, a.shares = make([][]Days, len(a.fractions)), make([][]Share, len(a.shareDays))
	}
	a.t = a.newTally()
	return a
}

// order returns the indices of xs, smallest x first.
func order(xs []float64) []int {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return cmpFloat(xs[i], xs[j]) })
	return idx
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func (a *accumulator) newTally() tally {
	m := a.m
	return tally{daysSum: make([]float64, len(a.fractions)), reached: make([]int, len(a.fractions)),
		daysMom: make([]moments, len(a.fractions)), benchMet: make([]int, len(m.sc.Benchmarks)),
		units: make([]unitTally, len(m.sc.Units)), lift: make([]LiftRun, len(m.pools)),
		airfields: make([]AirfieldRun, len(m.sc.Airfields)), missions: make([]MissionStat, len(m.missions)),
		daysTo: make([][]float64, len(a.fractions)), atDay: make([][]int, len(a.shareDays)),
		arrived: make([][]int, len(a.obs)), opDays: make([][]float64, len(m.sc.Units))}
}

// reset empties t for the next chunk, keeping its storage.
func (t *tally) reset() {
	t.n = 0
	clear(t.daysSum)
	clear(t.reached)
	clear(t.daysMom)
	clear(t.benchMet)
	t.stageSum, t.inStage, t.weight = [NumStages]float64{}, [NumStages]bool{}, 0
	clear(t.units)
	clear(t.lift)
	clear(t.airfields)
	clear(t.missions)
	t.departed, t.departRun = [numMovements]int{}, [numMovements]int{}
	for _, vs := range [][][]float64{t.daysTo, t.opDays} {
		for i := range vs {
			vs[i] = vs[i][:0]
		}
	}
	for _, vs := range [][][]int{t.atDay, t.arrived} {
		for i := range vs {
			vs[i] = vs[i][:0]
		}
	}
}

// fold adds the chunk c, which comes after every chunk folded so far, to
// the collector a.
func (a *accumulator) fold(c *tally) {
	t := &a.t
	t.n += c.n
	for f := range t.daysSum {
		t.daysSum[f] += c.daysSum[f]
		t.reached[f] += c.reached[f]
		t.daysMom[f].merge(&c.daysMom[f])
	}
	for b, k := range c.benchMet {
		t.benchMet[b] += k
	}
	for s := range NumStages {
		t.stageSum[s] += c.stageSum[s]
		t.inStage[s] = t.inStage[s] || c.inStage[s]
	}
	t.weight += c.weight
	for u := range t.units {
		tu, cu := &t.units[u], &c.units[u]
		for s := range NumStages {
			tu.stageSum[s] += cu.stageSum[s]
		}
		for s, k := range cu.status {
			tu.status[s] += k
		}
		tu.n += cu.n
	}
	addLift(t.lift, c.lift, t.airfields, c.airfields)
	for x, ms := range c.missions {
		t.missions[x].Released += ms.Released
		t.missions[x].Blocked += ms.Blocked
		t.missions[x].BlockedShare += ms.BlockedShare
	}
	for w := range numMovements {
		t.departed[w] += c.departed[w]
		t.departRun[w] += c.departRun[w]
	}
	for f, xs := range c.daysTo {
		for _, x := range xs {
			if !math.IsInf(x, 1) {
				a.daysTo[f].add(x)
			}
			if a.samples != nil {
				a.samples[f] = append(a.samples[f], Days(x))
			}
		}
	}
	total := a.target[seriesTotal]
	for d, ks := range c.atDay {
		for _, k := range ks {
			a.atDay[d].add(int64(k))
			a.atDaySum[d] += int64(k)
			if a.shares != nil {
				a.shares[d] = append(a.shares[d], Share(float64(k)/total))
			}
		}
	}
	for o, ks := range c.arrived {
		for _, k := range ks {
			a.arrivedAt[o].add(int64(k))
		}
	}
	for u, xs := range c.opDays {
		for _, x := range xs {
			a.opDays[u].add(x)
		}
	}
}

// addLift adds what lift pools and airfields did (lift, airfields) to
// their sums (toLift, toAirfields).
func addLift(toLift, lift []LiftRun, toAirfields, airfields []AirfieldRun) {
	for p, l := range lift {
		toLift[p].Sorties += l.Sorties
		toLift[p].BusyDays += l.BusyDays
		toLift[p].Utilization += l.Utilization
	}
	for f, af := range airfields {
		toAirfields[f].Sorties += af.Sorties
		toAirfields[f].Waited += af.Waited
		toAirfields[f].WaitDays += af.WaitDays
	}
}

// merge adds the histograms of o, another worker's accumulator, to a's.
func (a *accumulator) merge(o *accumulator) {
	for s := range numSeries {
		for _, h := range [2][2]*histogram{{a.deployed[s], o.deployed[s]}, {a.arrived[s], o.arrived[s]}} {
			if h[0] != nil {
				h[0].merge(h[1])
			}
		}
	}
}

// dayRange is a range of days on which a replication's series stood at
// one number of personnel.
type dayRange struct {
	hist      int // 0 to numSeries-1: deployed[hist]; numSeries and above: arrived[hist-numSeries]
	from, to  int
	personnel int
}

// summary is what the accumulator needs of a replication, besides the
// record itself. It is worked out on the worker's goroutine.
type summary struct {
	daily   []dayRange
	daysTo  []float64 // per fraction; +Inf: never
	atDay   []int     // per share day: personnel operational
	arrived []int     // per observation: personnel arrived
}

// summarize works out a replication's summary into s. It only reads the
// accumulator.
func (a *accumulator) summarize(rep *Replication, s *summary) {
	m := a.m
	s.daily = s.daily[:0]
	if !a.opt.SummaryOnly {
		// The daily series, from the personnel events, which come in
		// time order: each day counts from the first whole day at or
		// after the event.
		var cum, from [2 * numSeries]int
		for _, e := range rep.Personnel {
			if e.Day > m.horizon {
				break
			}
			day := int(math.Ceil(e.Day - 1e-9))
			for _, c := range [2]struct{ h, n int }{{0, e.Operational}, {numSeries, e.Arrived}} {
				if c.n == 0 {
					continue
				}
				for _, h := range [2]int{c.h + int(e.Category), c.h + seriesTotal} {
					if !a.tracked[h] {
						continue
					}
					if day > from[h] {
						s.daily = append(s.daily, dayRange{h, from[h], day, cum[h]})
						from[h] = day
					}
					cum[h] += c.n
				}
			}
		}
		for h, ok := range a.tracked {
			if ok {
				s.daily = append(s.daily, dayRange{h, from[h], a.days, cum[h]})
			}
		}
	}
	if a.totalOnly {
		return
	}

	// Exact times to each fraction and personnel on given days, from the
	// personnel events, which come in time order; fractions and days
	// smallest first.
	total := a.target[seriesTotal]
	s.daysTo = resize(s.daysTo, len(a.fractions))
	s.atDay = resize(s.atDay, len(a.shareDays))
	cum, f, d := 0, 0, 0
	for _, e := range rep.Personnel {
		if e.Operational == 0 {
			continue
		}
		for ; d < len(a.byDay) && e.Day > a.shareDays[a.byDay[d]]+1e-9; d++ {
			s.atDay[a.byDay[d]] = cum
		}
		cum += e.Operational
		for ; f < len(a.byFrac) && float64(cum) >= a.fractions[a.byFrac[f]]*total-1e-9; f++ {
			s.daysTo[a.byFrac[f]] = e.Day
		}
	}
	for ; f < len(a.byFrac); f++ {
		s.daysTo[a.byFrac[f]] = math.Inf(1)
	}
	for ; d < len(a.byDay); d++ {
		s.atDay[a.byDay[d]] = cum
	}
	// Observations come in day order.
	s.arrived = resize(s.arrived, len(a.obs))
	arrived, next := 0, 0
	for k, o := range a.obs {
		for next < len(rep.Personnel) && rep.Personnel[next].Day <= o.Day+1e-9 {
			arrived += rep.Personnel[next].Arrived
			next++
		}
		s.arrived[k] = arrived
	}
}

// hist returns the histogram a dayRange names.
func (a *accumulator) hist(h int) *histogram {
	if h < numSeries {
		return a.deployed[h]
	}
	return a.arrived[h-numSeries]
}

// addDaily adds a replication's daily series to the histograms.
func (a *accumulator) addDaily(s *summary) {
	for _, r := range s.daily {
		a.hist(r.hist).addRange(r.from, r.to, r.personnel)
	}
}

// add adds a replication and its summary to t, the tally of its chunk.
// Replications must come to a tally in index order.
func (a *accumulator) add(rep *Replication, s *summary, t *tally) {
	m := a.m
	t.n++
	horizon := float64(m.sc.Horizon)
	for f, x := range s.daysTo {
		if !math.IsInf(x, 1) {
			t.daysSum[f] += x
			t.reached[f]++
		}
		t.daysMom[f].add(min(x, horizon))
		t.daysTo[f] = append(t.daysTo[f], x)
	}
	total := a.target[seriesTotal]
	for d, k := range s.atDay {
		t.atDay[d] = append(t.atDay[d], k)
	}
	for b, bm := range m.sc.Benchmarks {
		if float64(s.atDay[a.benchDay[b]])/total >= bm.Fraction-1e-9 {
			t.benchMet[b]++
		}
	}
	for k, x := range s.arrived {
		t.arrived[k] = append(t.arrived[k], x)
	}

	// Where the time goes.
	for i := range rep.Units {
		u := &rep.Units[i]
		in := &m.inst[i]
		w := float64(in.u.Strength)
		ua := &t.units[in.unit]
		ua.n++
		ua.status[u.Status]++
		if !math.IsInf(u.Operational, 1) {
			// It was operational at some point, even if it has left since.
			t.opDays[in.unit] = append(t.opDays[in.unit], u.Operational)
		}
		if in.u.InPlace {
			continue // not a member of the surge: where its time goes is not asked
		}
		t.weight += w
		for _, sp := range u.Spans {
			d := sp.End - sp.Start
			t.inStage[sp.Stage] = true
			t.stageSum[sp.Stage] += w * d
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
		t.departed[w] += n
		if n > 0 {
			t.departRun[w]++
		}
	}
	addLift(t.lift, rep.Lift, t.airfields, rep.Airfields)
	for x, ms := range rep.Missions {
		t.missions[x].Released += Num(ms.Released)
		t.missions[x].Blocked += Num(ms.Blocked)
		if ms.Blocked > 0 {
			t.missions[x].BlockedShare++
		}
	}
}

func (a *accumulator) result() *Result {
	m := a.m
	sc := m.sc
	t := &a.t
	n := float64(t.n)
	res := &Result{
		Header: NewHeader(KindRun, sc, t.n, a.opt.Seed),
		Target: TargetInfo{Troops: sc.Target.Troops, Police: sc.Target.Police, Total: sc.Target.Total()},
	}
	for f, frac := range a.fractions {
		st := FractionStat{Fraction: Share(frac)}
		sum, reached := t.daysSum[f], t.reached[f]
		st.Mean = Days((sum + float64(t.n-reached)*float64(sc.Horizon)) / n)
		st.MeanIfReached = Days(math.Inf(1))
		if reached > 0 {
			st.MeanIfReached = Days(sum / float64(reached))
		}
		st.Never = Share(float64(t.n-reached) / n)
		lo, hi := t.daysMom[f].ci95(float64(st.Mean))
		st.MeanCI95 = [2]Days{Days(lo), Days(hi)}
		q := empirical(a.daysTo[f].each(), t.n, 0.1, 0.5, 0.9)
		st.P10, st.P50, st.P90 = Days(q[0]), Days(q[1]), Days(q[2])
		res.DaysToFraction = append(res.DaysToFraction, st)
		if a.samples != nil {
			res.Samples = append(res.Samples, FractionSamples{Fraction: Share(frac), Days: a.samples[f]})
		}
	}
	total := a.target[seriesTotal]
	for d, day := range a.shareDays {
		if a.shares != nil {
			res.ShareSamples = append(res.ShareSamples, DaySamples{Day: day, Shares: a.shares[d]})
		}
		if d >= a.atDays {
			continue
		}
		mean := float64(a.atDaySum[d]) / total / n
		q := empirical(a.atDay[d].scaled(total), t.n, 0.1, 0.5, 0.9)
		st := DayStat{Day: day, Date: m.date(day), Mean: Share(mean), P10: Share(q[0]), P50: Share(q[1]), P90: Share(q[2])}
		st.MeanCI95 = shareCI95(a.atDay[d].scaled(total), t.n, mean)
		res.FractionAtDay = append(res.FractionAtDay, st)
	}
	for b, bm := range sc.Benchmarks {
		res.Benchmarks = append(res.Benchmarks, BenchmarkStat{Name: bm.ID, Label: bm.Label, Day: bm.Day,
			Fraction: Share(bm.Fraction), Probability: Share(float64(t.benchMet[b]) / n)})
	}
	for k, o := range a.obs {
		res.Observed = append(res.Observed, scoreObserved(o, float64(o.Troops+o.Police)/total,
			m.sc.Observed.Naive.At(o.Day), m.date(o.Day), a.arrivedAt[k].scaled(total), t.n))
	}
	if o := m.sc.Observed; o != nil {
		res.ObservedInfo = &ObservedInfo{Source: o.Source, Baseline: o.Baseline, BaselineTroops: o.BaselineTroops,
			BaselinePolice: o.BaselinePolice, Ceiling: o.Ceiling, NaiveShare: Share(o.Naive.Share), NaiveDays: Days(o.Naive.Days),
			Skipped: o.Skipped, OutOfSample: o.OutOfSample, Problem: o.Problem}
	}
	res.Daily, a.spread = a.daily(a.deployed[seriesTotal], t.n, a.spreadDays())
	res.DailyTroops, _ = a.daily(a.deployed[seriesTroops], t.n, nil)
	res.DailyPolice, _ = a.daily(a.deployed[seriesPolice], t.n, nil)
	res.DailyArrived, _ = a.daily(a.arrived[seriesTotal], t.n, nil)

	total = 0
	for s := range NumStages {
		total += t.stageSum[s]
	}
	for s := range NumStages {
		mean := t.stageSum[s] / t.weight
		if !t.inStage[s] {
			continue
		}
		st := StageStat{Stage: s.String(), Label: s.Label(), MeanDays: Days(mean)}
		if total > 0 {
			st.Share = Share(t.stageSum[s] / total)
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
		ua := &t.units[ui]
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
			Ever:         Share(float64(a.opDays[ui].n) / k),
		}
		us.OperationalP50 = Days(empirical(a.opDays[ui].each(), ua.n, 0.5)[0])
		for s := range NumStages {
			if ua.stageSum[s] > 0 {
				us.Stages = append(us.Stages, StageDays{Stage: s.String(), MeanDays: Days(ua.stageSum[s] / k)})
			}
		}
		res.Units = append(res.Units, us)
	}
	for w, c := range t.departed {
		if c > 0 {
			res.Departures = append(res.Departures, DepartureStat{Why: Movement(w).String(), Label: Movement(w).Label(),
				Personnel: Num(float64(c) / n), Runs: Share(float64(t.departRun[w]) / n)})
		}
	}
	for p, l := range t.lift {
		lp := &sc.Lift[p]
		res.Lift = append(res.Lift, LiftStat{ID: lp.ID, Name: lp.Name, Sorties: Num(float64(l.Sorties) / n),
			BusyDays: Days(l.BusyDays / n), Utilization: Share(l.Utilization / n)})
	}
	for f, af := range t.airfields {
		st := AirfieldStat{ID: sc.Airfields[f].ID, Name: sc.Airfields[f].Name, Sorties: Num(float64(af.Sorties) / n)}
		if af.Sorties > 0 {
			st.Waited = Share(float64(af.Waited) / float64(af.Sorties))
			st.MeanWaitHours = Num(af.WaitDays * 24 / float64(af.Sorties))
		}
		res.Airfields = append(res.Airfields, st)
	}
	for x, ms := range t.missions {
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

// shareCI95 returns the 95% Monte Carlo interval of mean, the mean of n
// shares that sorted yields in increasing order, each with how many times
// it occurs (normal approximation; [x, x] when every share is x).
func shareCI95(sorted iter.Seq2[float64, uint64], n int, mean float64) Interval {
	var m moments
	var ss float64
	for x, k := range sorted {
		if m.n == 0 {
			m.min = x
		}
		m.max = x
		m.n += int(k)
		ss += float64(k) * (x - mean) * (x - mean)
	}
	m.m2 = ss
	lo, hi := m.ci95(mean)
	return Interval{Share(lo), Share(hi)}
}

// daily returns the daily series of h over n replications, and what
// spread needs of it on each of days.
func (a *accumulator) daily(h *histogram, n int, days []int) ([]DailyStat, []spreadStat) {
	if h == nil {
		return nil, nil
	}
	out := make([]DailyStat, a.days)
	stats := make([]spreadStat, len(days))
	h.walk(func(d int, counts []int64, sum int64) {
		q := h.quantiles(counts, n, 0.05, 0.25, 0.5, 0.75, 0.95)
		out[d] = DailyStat{Day: d, Date: a.m.date(float64(d)), Mean: Share(float64(sum) / float64(n) / float64(h.target)),
			P5: Share(q[0]), P25: Share(q[1]), P50: Share(q[2]), P75: Share(q[3]), P95: Share(q[4])}
		if i := slices.Index(days, d); i >= 0 {
			q := h.quantiles(counts, n, 0.1, 0.9)
			stats[i] = spreadStat{p10: q[0], p90: q[1], variance: h.variance(counts, n)}
		}
	})
	return out, stats
}
