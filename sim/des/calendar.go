package des

import (
	"fmt"
	"math"
)

// Handler is called when an event fires, with the argument the event was
// scheduled with.
type Handler func(arg int)

// EventID identifies a scheduled event so that it can be cancelled. The zero
// EventID never names a pending event.
type EventID struct {
	slot int32
	gen  uint32
}

// arity is the number of children of a node in the calendar's heap. A 4-ary
// heap is shallower than a binary one and keeps siblings in one cache line.
const arity = 4

// node is one heap entry: the ordering key and the slot holding the rest.
type node struct {
	at   float64
	seq  uint64
	slot int32
}

// entry is the payload of a scheduled event, kept out of the heap so that
// sifting moves only small nodes.
type entry struct {
	h   Handler
	arg int
	pos int32 // index in the heap, or -1 when the slot is free
	gen uint32
}

// Sim is a simulation clock and its event calendar. The zero value is an
// empty calendar at time 0, ready to use.
type Sim struct {
	now   float64
	seq   uint64
	fired uint64
	heap  []node
	slots []entry
	free  []int32
}

// Now returns the current simulated time.
func (s *Sim) Now() float64 { return s.now }

// Pending returns the number of events scheduled and not yet fired or cancelled.
func (s *Sim) Pending() int { return len(s.heap) }

// Fired returns the number of events fired since the last Reset.
func (s *Sim) Fired() uint64 { return s.fired }

// Due reports whether an event is pending at the current time. When none
// is, an event a handler would schedule now, as the last thing it does,
// would be the next to fire: the handler may do that event's work itself,
// with the same result and without a trip through the calendar.
func (s *Sim) Due() bool { return len(s.heap) > 0 && s.heap[0].at <= s.now }

// Schedule arranges for h(arg) to be called delay time units from now.
// It panics if delay is negative or NaN, or if h is nil.
func (s *Sim) Schedule(delay float64, h Handler, arg int) EventID {
	if !(delay >= 0) {
		panic(fmt.Sprintf("des: invalid delay %v", delay))
	}
	return s.ScheduleAt(s.now+delay, h, arg)
}

// ScheduleAt arranges for h(arg) to be called at time t. Events at the same
// time fire in the order they were scheduled. It panics if t is before the
// current time or NaN, or if h is nil.
func (s *Sim) ScheduleAt(t float64, h Handler, arg int) EventID {
	if !(t >= s.now) || math.IsInf(t, -1) {
		panic(fmt.Sprintf("des: event time %v before now %v", t, s.now))
	}
	if h == nil {
		panic("des: nil handler")
	}
	var slot int32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = int32(len(s.slots))
		s.slots = append(s.slots, entry{gen: 1})
	}
	e := &s.slots[slot]
	e.h = h
	e.arg = arg
	e.pos = int32(len(s.heap))
	s.heap = append(s.heap, node{at: t, seq: s.seq, slot: slot})
	s.seq++
	s.up(len(s.heap) - 1)
	return EventID{slot: slot, gen: e.gen}
}

// Cancel removes a pending event. It reports whether the event was pending;
// cancelling an event that has fired or was already cancelled does nothing.
func (s *Sim) Cancel(id EventID) bool {
	if id.gen == 0 || int(id.slot) >= len(s.slots) {
		return false
	}
	e := &s.slots[id.slot]
	if e.gen != id.gen || e.pos < 0 {
		return false
	}
	s.remove(int(e.pos))
	s.release(id.slot)
	return true
}

// Step fires the earliest pending event. It reports false if there was none.
func (s *Sim) Step() bool {
	if len(s.heap) == 0 {
		return false
	}
	top := s.heap[0]
	s.remove(0)
	e := &s.slots[top.slot]
	h, arg := e.h, e.arg
	s.release(top.slot)
	s.now = top.at
	s.fired++
	h(arg)
	return true
}

// Run fires events until none is left.
func (s *Sim) Run() {
	for s.Step() {
	}
}

// RunUntil fires every event due at or before t, then sets the clock to t if
// it is not already later. Events after t stay pending.
func (s *Sim) RunUntil(t float64) {
	for len(s.heap) > 0 && s.heap[0].at <= t {
		s.Step()
	}
	if t > s.now {
		s.now = t
	}
}

// Reset empties the calendar and sets the clock to 0, keeping the storage for
// reuse. EventIDs issued before a Reset no longer name pending events.
func (s *Sim) Reset() {
	for _, n := range s.heap {
		s.release(n.slot)
	}
	s.heap = s.heap[:0]
	s.now = 0
	s.seq = 0
	s.fired = 0
}

// release returns a slot to the free list and invalidates its EventIDs.
func (s *Sim) release(slot int32) {
	e := &s.slots[slot]
	e.h = nil
	e.pos = -1
	e.gen++
	if e.gen == 0 {
		e.gen = 1
	}
	s.free = append(s.free, slot)
}

func (s *Sim) less(i, j int) bool {
	a, b := &s.heap[i], &s.heap[j]
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (s *Sim) swap(i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	s.slots[s.heap[i].slot].pos = int32(i)
	s.slots[s.heap[j].slot].pos = int32(j)
}

func (s *Sim) up(i int) {
	for i > 0 {
		p := (i - 1) / arity
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *Sim) down(i int) {
	n := len(s.heap)
	for {
		first := arity*i + 1
		if first >= n {
			return
		}
		m := first
		for c := first + 1; c < first+arity && c < n; c++ {
			if s.less(c, m) {
				m = c
			}
		}
		if !s.less(m, i) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

// remove deletes the heap node at index i.
func (s *Sim) remove(i int) {
	last := len(s.heap) - 1
	if i != last {
		s.swap(i, last)
	}
	s.heap = s.heap[:last]
	if i < last {
		s.down(i)
		s.up(i)
	}
}
