package des

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// pipeline is a tandem line of single-server stations with fixed service
// times. With shortcut set, a job that finds a station free, when no other
// event is due now, takes it and starts its service itself instead of
// through a granted handler.
type pipeline struct {
	sim       Sim
	stations  []*Resource
	service   []float64
	stage     []int     // current station of each job
	finish    []float64 // time each job left the last station
	doneFn    Handler
	grantFn   Handler
	shortcut  bool
	shortcuts int
}

// newPipeline returns a pipeline with every job present at time 0.
func newPipeline(service []float64, jobs int) *pipeline {
	p := newLine(service, jobs, false)
	for j := range jobs {
		p.stations[0].Acquire(p.grantFn, j)
	}
	return p
}

// newLine returns a pipeline with no job yet.
func newLine(service []float64, jobs int, shortcut bool) *pipeline {
	p := &pipeline{service: service, stage: make([]int, jobs), finish: make([]float64, jobs), shortcut: shortcut}
	for range service {
		p.stations = append(p.stations, NewResource(&p.sim, 1))
	}
	p.grantFn, p.doneFn = p.granted, p.done
	return p
}

func (p *pipeline) granted(j int) { p.sim.Schedule(p.service[p.stage[j]], p.doneFn, j) }

func (p *pipeline) done(j int) {
	p.stations[p.stage[j]].Release()
	p.stage[j]++
	if p.stage[j] == len(p.stations) {
		p.finish[j] = p.sim.Now()
		return
	}
	p.request(j)
}

// request asks for job j's next station.
func (p *pipeline) request(j int) {
	st := p.stations[p.stage[j]]
	if p.shortcut && !p.sim.Due() && st.TryAcquire() {
		p.shortcuts++
		p.granted(j)
		return
	}
	st.Acquire(p.grantFn, j)
}

// TestFixedPipeline checks the closed form for a deterministic tandem line
// with all jobs present at 0: job j (from 0) leaves at sum(d) + j*max(d).
func TestFixedPipeline(t *testing.T) {
	t.Parallel()
	for _, service := range [][]float64{
		{2},
		{1, 3, 2},
		{5, 1, 1, 0.5},
		{0.25, 0.25, 4, 0.25},
	} {
		p := newPipeline(service, 7)
		p.sim.Run()
		sum, maxd := 0.0, 0.0
		for _, d := range service {
			sum += d
			maxd = math.Max(maxd, d)
		}
		for j, got := range p.finish {
			if want := sum + float64(j)*maxd; math.Abs(got-want) > 1e-12 {
				t.Errorf("service %v: job %d finished at %v, want %v", service, j, got, want)
			}
		}
	}
}

// queue is an M/M/c queue: Poisson arrivals at rate lambda, c servers with
// exponential service at rate mu. It records each customer's wait in queue.
type queue struct {
	sim       Sim
	rng       *rand.Rand
	server    *Resource
	lambda    float64
	mu        float64
	arrived   []float64
	waits     []float64
	customers int
	arriveFn  Handler
	startFn   Handler
	leaveFn   Handler
}

func newQueue(c int, lambda, mu float64, customers int, seed uint64) *queue {
	q := &queue{rng: rand.New(rand.NewPCG(seed, 7)), lambda: lambda, mu: mu, customers: customers}
	q.server = NewResource(&q.sim, c)
	q.arrived = make([]float64, 0, customers)
	q.waits = make([]float64, customers)
	q.arriveFn, q.startFn, q.leaveFn = q.arrive, q.start, q.leave
	q.sim.Schedule(q.rng.ExpFloat64()/lambda, q.arriveFn, 0)
	return q
}

func (q *queue) arrive(i int) {
	q.arrived = append(q.arrived, q.sim.Now())
	q.server.Acquire(q.startFn, i)
	if i+1 < q.customers {
		q.sim.Schedule(q.rng.ExpFloat64()/q.lambda, q.arriveFn, i+1)
	}
}

func (q *queue) start(i int) {
	q.waits[i] = q.sim.Now() - q.arrived[i]
	q.sim.Schedule(q.rng.ExpFloat64()/q.mu, q.leaveFn, i)
}

func (q *queue) leave(int) { q.server.Release() }

// erlangC returns the mean wait in queue of an M/M/c queue.
func erlangC(c int, lambda, mu float64) float64 {
	a := lambda / mu
	rho := a / float64(c)
	term, sum := 1.0, 1.0 // a^k/k! for k = 0
	for k := 1; k < c; k++ {
		term *= a / float64(k)
		sum += term
	}
	last := term * a / float64(c) / (1 - rho) // a^c/c! / (1-rho)
	pWait := last / (sum + last)
	return pWait / (float64(c)*mu - lambda)
}

// batchMeans returns the mean of xs after dropping a warm-up, and the
// half-width of its 99% confidence interval from 50 batch means.
func batchMeans(xs []float64, warmup int) (mean, half float64) {
	xs = xs[warmup:]
	const batches = 50
	size := len(xs) / batches
	var m []float64
	for b := range batches {
		s := 0.0
		for _, x := range xs[b*size : (b+1)*size] {
			s += x
		}
		m = append(m, s/float64(size))
	}
	for _, x := range m {
		mean += x
	}
	mean /= batches
	v := 0.0
	for _, x := range m {
		v += (x - mean) * (x - mean)
	}
	v /= batches - 1
	const t99 = 2.68 // Student's t, 49 degrees of freedom, two-sided 99%
	return mean, t99 * math.Sqrt(v/batches)
}

func TestMMcMeanWait(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		c          int
		lambda, mu float64
		want       float64 // analytic mean wait in queue
	}{
		// M/M/1: Wq = rho/(mu-lambda) = 0.7/0.3.
		{"M/M/1 rho=0.7", 1, 0.7, 1, 0.7 / 0.3},
		// M/M/3 at rho = 0.8: Erlang C.
		{"M/M/3 rho=0.8", 3, 2.4, 1, erlangC(3, 2.4, 1)},
		// M/M/5 at rho = 0.6.
		{"M/M/5 rho=0.6", 5, 3, 1, erlangC(5, 3, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.c == 1 && math.Abs(erlangC(1, tc.lambda, tc.mu)-tc.want) > 1e-12 {
				t.Fatalf("erlangC(1) = %v, want the M/M/1 formula %v", erlangC(1, tc.lambda, tc.mu), tc.want)
			}
			q := newQueue(tc.c, tc.lambda, tc.mu, 400000, 11)
			q.sim.Run()
			got, half := batchMeans(q.waits, 10000)
			if math.Abs(got-tc.want) > half {
				t.Errorf("mean wait %.4f ± %.4f (99%%), analytic %.4f", got, half, tc.want)
			}
			if half > 0.1*tc.want {
				t.Errorf("confidence interval ±%.4f too wide to test against %.4f", half, tc.want)
			}
			st := q.server.Stats()
			if st.Granted != q.customers || q.server.InUse() != 0 {
				t.Errorf("granted %d of %d, %d still in use", st.Granted, q.customers, q.server.InUse())
			}
			// Utilization: busy server-time over c times the run length is rho.
			rho := tc.lambda / tc.mu / float64(tc.c)
			if u := st.BusyTime / (float64(tc.c) * q.sim.Now()); math.Abs(u-rho) > 0.01 {
				t.Errorf("utilization %.4f, want %.4f", u, rho)
			}
		})
	}
}

func TestPriorityOrder(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	res := NewResource(&s, 1)
	res.Acquire(r.fire, 0) // granted at once, holds the resource
	// Queued while busy: priority first, FIFO within a priority.
	res.AcquirePriority(5, r.fire, 1)
	res.AcquirePriority(1, r.fire, 2)
	res.AcquirePriority(5, r.fire, 3)
	res.AcquirePriority(1, r.fire, 4)
	res.AcquirePriority(0, r.fire, 5)
	res.AcquirePriority(5, r.fire, 6)
	if res.Queued() != 6 || res.Stats().MaxQueue != 6 {
		t.Fatalf("queued %d, max %d, want 6", res.Queued(), res.Stats().MaxQueue)
	}
	for range 7 {
		s.Run()
		if res.InUse() == 1 {
			s.Schedule(1, func(int) { res.Release() }, 0)
		}
	}
	s.Run()
	if want := []int{0, 5, 2, 4, 1, 3, 6}; !slices.Equal(r.args, want) {
		t.Errorf("grant order %v, want %v", r.args, want)
	}
	if want := []float64{0, 1, 2, 3, 4, 5, 6}; !slices.Equal(r.times, want) {
		t.Errorf("grant times %v, want %v", r.times, want)
	}
	// Waits: 1+2+3+4+5+6 days for the six queued requests.
	if st := res.Stats(); st.TotalWait != 21 || st.Waited != 6 || st.Granted != 7 {
		t.Errorf("stats %+v, want TotalWait 21, Waited 6, Granted 7", st)
	}
}

func TestReleaseUnused(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("Release of an idle resource did not panic")
		}
	}()
	NewResource(new(Sim), 1).Release()
}

func TestResourceReset(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	res := NewResource(&s, 1)
	res.Acquire(r.fire, 1)
	res.Acquire(r.fire, 2)
	s.Run()
	s.Reset()
	res.Reset()
	if res.InUse() != 0 || res.Queued() != 0 || res.Stats() != (ResourceStats{}) {
		t.Fatalf("after Reset: in use %d, queued %d, stats %+v", res.InUse(), res.Queued(), res.Stats())
	}
	res.Acquire(r.fire, 3)
	s.Run()
	if want := []int{1, 3}; !slices.Equal(r.args, want) {
		t.Errorf("fired %v, want %v", r.args, want)
	}
}

func TestGate(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	g := NewGate(&s)
	g.Wait(r.fire, 1)
	s.Schedule(2, func(int) { g.Wait(r.fire, 2) }, 0)
	s.Schedule(5, func(int) { g.Open(); g.Open() }, 0)
	s.Schedule(7, func(int) { g.Wait(r.fire, 3) }, 0)
	s.Run()
	if want := []int{1, 2, 3}; !slices.Equal(r.args, want) {
		t.Errorf("fired %v, want %v", r.args, want)
	}
	if want := []float64{5, 5, 7}; !slices.Equal(r.times, want) {
		t.Errorf("times %v, want %v", r.times, want)
	}
	if !g.IsOpen() || g.OpenedAt() != 5 {
		t.Errorf("IsOpen %v, OpenedAt %v, want true, 5", g.IsOpen(), g.OpenedAt())
	}
	g.Reset()
	if g.IsOpen() {
		t.Error("gate open after Reset")
	}
}

func BenchmarkResource(b *testing.B) {
	// An M/M/2 queue at rho 0.9: each customer costs an arrival, a grant and
	// a departure event plus a queue push and pop.
	q := newQueue(2, 1.8, 1, b.N+1, 5)
	b.ReportAllocs()
	b.ResetTimer()
	q.sim.Run()
	b.ReportMetric(float64(q.sim.Fired())/b.Elapsed().Seconds(), "events/s")
}

// TestTryAcquireWhenNothingIsDue checks the shortcut Due allows: the jobs
// finish when they would through granted handlers, with the same
// statistics, and fewer events fire. (Without the check of Due, jobs take
// stations ahead of events due at the same moment: the statistics differ.)
func TestTryAcquireWhenNothingIsDue(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	service := []float64{1, 1, 2, 1}
	arrivals := make([]float64, 40)
	for j := range arrivals {
		arrivals[j] = float64(rng.IntN(20))
	}
	// Jobs arrive on whole days: many ties.
	hop, direct := newLine(service, len(arrivals), false), newLine(service, len(arrivals), true)
	for _, p := range []*pipeline{hop, direct} {
		for j, at := range arrivals {
			p.sim.ScheduleAt(at, p.request, j)
		}
	}
	hop.sim.Run()
	direct.sim.Run()
	if !slices.Equal(hop.finish, direct.finish) {
		t.Errorf("finish times %v with the shortcut, %v without", direct.finish, hop.finish)
	}
	for k := range service {
		if a, b := hop.stations[k].Stats(), direct.stations[k].Stats(); a != b {
			t.Errorf("station %d: stats %+v with the shortcut, %+v without", k, b, a)
		}
	}
	if direct.shortcuts == 0 || direct.sim.Fired() != hop.sim.Fired()-uint64(direct.shortcuts) {
		t.Errorf("%d shortcuts, %d events with them and %d without: want one event fewer for each", direct.shortcuts,
			direct.sim.Fired(), hop.sim.Fired())
	}
}
