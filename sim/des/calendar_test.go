package des

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// recorder collects the arguments of fired events with their times.
type recorder struct {
	sim   *Sim
	args  []int
	times []float64
}

func (r *recorder) fire(arg int) {
	r.args = append(r.args, arg)
	r.times = append(r.times, r.sim.Now())
}

func TestCalendarOrder(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	// Scheduled out of order; 1, 2 and 3 share a time and must keep their
	// scheduling order; 5 is at the same time as 4 but scheduled later.
	s.ScheduleAt(3, r.fire, 4)
	s.ScheduleAt(1, r.fire, 1)
	s.ScheduleAt(1, r.fire, 2)
	s.ScheduleAt(1, r.fire, 3)
	s.ScheduleAt(0.5, r.fire, 0)
	s.ScheduleAt(3, r.fire, 5)
	s.Run()
	if want := []int{0, 1, 2, 3, 4, 5}; !slices.Equal(r.args, want) {
		t.Errorf("fired %v, want %v", r.args, want)
	}
	if want := []float64{0.5, 1, 1, 1, 3, 3}; !slices.Equal(r.times, want) {
		t.Errorf("times %v, want %v", r.times, want)
	}
	if s.Fired() != 6 {
		t.Errorf("Fired() = %d, want 6", s.Fired())
	}
}

// TestCalendarRandom checks the heap against a sort of the same events,
// with cancellations mixed in.
func TestCalendarRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var s Sim
	r := &recorder{sim: &s}
	type ev struct {
		at  float64
		seq int
	}
	var want []ev
	ids := make([]EventID, 0, 2000)
	cancelled := map[int]bool{}
	for i := range 2000 {
		at := float64(rng.IntN(100)) // many ties on purpose
		ids = append(ids, s.ScheduleAt(at, r.fire, i))
		want = append(want, ev{at, i})
	}
	for range 300 {
		i := rng.IntN(len(ids))
		if s.Cancel(ids[i]) == cancelled[i] {
			t.Fatalf("Cancel(%d) disagrees with earlier cancellations", i)
		}
		cancelled[i] = true
	}
	want = slices.DeleteFunc(want, func(e ev) bool { return cancelled[e.seq] })
	slices.SortStableFunc(want, func(a, b ev) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
	s.Run()
	if len(r.args) != len(want) {
		t.Fatalf("fired %d events, want %d", len(r.args), len(want))
	}
	for i, e := range want {
		if r.args[i] != e.seq || r.times[i] != e.at {
			t.Fatalf("event %d: fired %d at %v, want %d at %v", i, r.args[i], r.times[i], e.seq, e.at)
		}
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	a := s.Schedule(1, r.fire, 1)
	b := s.Schedule(2, r.fire, 2)
	if !s.Cancel(a) {
		t.Fatal("Cancel of a pending event returned false")
	}
	if s.Cancel(a) {
		t.Error("second Cancel of the same event returned true")
	}
	if s.Cancel(EventID{}) {
		t.Error("Cancel of the zero EventID returned true")
	}
	// The freed slot is reused; the stale ID must not cancel the new event.
	c := s.Schedule(3, r.fire, 3)
	if s.Cancel(a) {
		t.Error("stale EventID cancelled a reused slot")
	}
	s.Run()
	if want := []int{2, 3}; !slices.Equal(r.args, want) {
		t.Errorf("fired %v, want %v", r.args, want)
	}
	if s.Cancel(b) || s.Cancel(c) {
		t.Error("Cancel of a fired event returned true")
	}
}

func TestRunUntilAndReset(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	s.ScheduleAt(1, r.fire, 1)
	s.ScheduleAt(2, r.fire, 2)
	s.ScheduleAt(2.5, r.fire, 3)
	s.RunUntil(2)
	if !slices.Equal(r.args, []int{1, 2}) || s.Now() != 2 || s.Pending() != 1 {
		t.Fatalf("after RunUntil(2): fired %v, now %v, pending %d", r.args, s.Now(), s.Pending())
	}
	s.RunUntil(10)
	if s.Now() != 10 || s.Pending() != 0 {
		t.Fatalf("after RunUntil(10): now %v, pending %d", s.Now(), s.Pending())
	}
	id := s.Schedule(1, r.fire, 9)
	s.Reset()
	if s.Now() != 0 || s.Pending() != 0 || s.Fired() != 0 {
		t.Fatalf("after Reset: now %v, pending %d, fired %d", s.Now(), s.Pending(), s.Fired())
	}
	if s.Cancel(id) {
		t.Error("an EventID from before Reset cancelled something")
	}
}

func TestSchedulePanics(t *testing.T) {
	t.Parallel()
	nop := func(int) {}
	for name, f := range map[string]func(s *Sim){
		"negative delay": func(s *Sim) { s.Schedule(-1, nop, 0) },
		"NaN delay":      func(s *Sim) { s.Schedule(nan(), nop, 0) },
		"past time":      func(s *Sim) { s.RunUntil(5); s.ScheduleAt(4, nop, 0) },
		"nil handler":    func(s *Sim) { s.Schedule(1, nil, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f(new(Sim))
		})
	}
}

func nan() float64 { z := 0.0; return z / z }

// hold is the classic hold model: n events pending, each fired event
// schedules one more at an exponential delay.
type hold struct {
	sim    Sim
	rng    *rand.Rand
	fireFn Handler
}

func newHold(n int) *hold {
	h := &hold{rng: rand.New(rand.NewPCG(3, 4))}
	h.fireFn = h.fire
	for i := range n {
		h.sim.Schedule(h.rng.ExpFloat64(), h.fireFn, i)
	}
	return h
}

func (h *hold) fire(arg int) { h.sim.Schedule(h.rng.ExpFloat64(), h.fireFn, arg) }

func TestHoldDoesNotAllocate(t *testing.T) {
	h := newHold(1000)
	for range 10000 { // let the storage reach its working size
		h.sim.Step()
	}
	if a := testing.AllocsPerRun(10000, func() { h.sim.Step() }); a != 0 {
		t.Errorf("Step of the hold model allocates %v times per event, want 0", a)
	}
}

func BenchmarkHold(b *testing.B) {
	for _, n := range []int{10, 1000, 100000} {
		b.Run(fmt.Sprintf("pending=%d", n), func(b *testing.B) {
			h := newHold(n)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				h.sim.Step()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func TestDue(t *testing.T) {
	t.Parallel()
	var s Sim
	r := &recorder{sim: &s}
	if s.Due() {
		t.Error("an empty calendar has an event due")
	}
	s.ScheduleAt(1, r.fire, 1)
	s.ScheduleAt(1, r.fire, 2)
	if s.Due() {
		t.Error("an event at 1 is due at 0")
	}
	s.Step() // now 1, the second event still pending at 1
	if !s.Due() {
		t.Error("the second event at 1 is not due at 1")
	}
	s.Step()
	if s.Due() {
		t.Error("an event is due after the last one fired")
	}
}
