package des

import (
	"fmt"
	"math"
	"math/bits"
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

// Limits of the calendar, from how node packs its key.
const (
	slotBits = 24
	maxSlots = 1 << slotBits // events pending at once
	maxSeq   = 1 << (64 - slotBits)
)

// node is one heap entry, 16 bytes: the time, as the bits of a float64
// that is not negative (which order as the numbers do), and a key that
// holds the scheduling order in its high bits and the slot holding the
// rest in its low bits, so that comparing keys compares scheduling order.
type node struct {
	at  uint64
	key uint64
}

func (n node) slot() int32 { return int32(n.key & (maxSlots - 1)) }

func (n node) time() float64 { return math.Float64frombits(n.at) }

// before reports whether a fires before b: (at, key) compared as one
// 128-bit number, without a branch.
func (a node) before(b node) bool {
	_, borrow := bits.Sub64(a.key, b.key, 0)
	_, borrow = bits.Sub64(a.at, b.at, borrow)
	return borrow != 0
}

// entry is the payload of a scheduled event, kept out of the heap so that
// sifting moves only small nodes. A cancelled event stays in the heap,
// marked, until it comes to the top.
type entry struct {
	h         Handler
	arg       int
	gen       uint32
	pending   bool
	cancelled bool
}

// Sim is a simulation clock and its event calendar. The zero value is an
// empty calendar at time 0, ready to use.
type Sim struct {
	now       float64
	seq       uint64
	fired     uint64
	heap      []node
	cancelled int // cancelled events still in heap
	slots     []entry
	free      []int32
}

// Now returns the current simulated time.
func (s *Sim) Now() float64 { return s.now }

// Pending returns the number of events scheduled and not yet fired or cancelled.
func (s *Sim) Pending() int { return len(s.heap) - s.cancelled }

// Fired returns the number of events fired since the last Reset.
func (s *Sim) Fired() uint64 { return s.fired }

// Due reports whether an event is pending at the current time. When none
// is, an event a handler would schedule now, as the last thing it does,
// would be the next to fire: the handler may do that event's work itself,
// with the same result and without a trip through the calendar.
func (s *Sim) Due() bool {
	s.dropCancelled()
	return len(s.heap) > 0 && s.heap[0].time() <= s.now
}

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
// current time or NaN, or if h is nil, and if more than 16,777,216 events
// would be pending at once or more than 2^40 scheduled since the last Reset.
func (s *Sim) ScheduleAt(t float64, h Handler, arg int) EventID {
	if !(t >= s.now) || math.IsInf(t, -1) {
		panic(fmt.Sprintf("des: event time %v before now %v", t, s.now))
	}
	if h == nil {
		panic("des: nil handler")
	}
	if s.seq >= maxSeq {
		panic("des: more than 2^40 events scheduled")
	}
	var slot int32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		if len(s.slots) == maxSlots {
			panic("des: more than 16,777,216 events pending")
		}
		slot = int32(len(s.slots))
		s.slots = append(s.slots, entry{gen: 1})
	}
	e := &s.slots[slot]
	e.h, e.arg, e.pending = h, arg, true
	s.push(node{at: math.Float64bits(t + 0), key: s.seq<<slotBits | uint64(slot)}) // + 0: no -0
	s.seq++
	return EventID{slot: slot, gen: e.gen}
}

// Cancel removes a pending event. It reports whether the event was pending;
// cancelling an event that has fired or was already cancelled does nothing.
func (s *Sim) Cancel(id EventID) bool {
	if id.gen == 0 || int(id.slot) >= len(s.slots) {
		return false
	}
	e := &s.slots[id.slot]
	if e.gen != id.gen || !e.pending || e.cancelled {
		return false
	}
	e.cancelled = true
	e.h = nil
	s.cancelled++
	return true
}

// Step fires the earliest pending event. It reports false if there was none.
func (s *Sim) Step() bool {
	s.dropCancelled()
	if len(s.heap) == 0 {
		return false
	}
	top := s.pop()
	slot := top.slot()
	e := &s.slots[slot]
	h, arg := e.h, e.arg
	s.release(slot)
	s.now = top.time()
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
	for {
		s.dropCancelled()
		if len(s.heap) == 0 || s.heap[0].time() > t {
			break
		}
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
		s.release(n.slot())
	}
	s.heap = s.heap[:0]
	s.cancelled = 0
	s.now = 0
	s.seq = 0
	s.fired = 0
}

// dropCancelled removes cancelled events from the top of the heap.
func (s *Sim) dropCancelled() {
	for s.cancelled > 0 && len(s.heap) > 0 && s.slots[s.heap[0].slot()].cancelled {
		s.release(s.pop().slot())
		s.cancelled--
	}
}

// release returns a slot to the free list and invalidates its EventIDs.
func (s *Sim) release(slot int32) {
	e := &s.slots[slot]
	*e = entry{gen: e.gen + 1}
	if e.gen == 0 {
		e.gen = 1
	}
	s.free = append(s.free, slot)
}

// push adds n to the heap, moving larger parents down into the hole.
func (s *Sim) push(n node) {
	s.heap = append(s.heap, n)
	h := s.heap
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / arity
		if !n.before(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = n
}

// pop removes and returns the earliest node, moving the smallest children
// up into the hole.
func (s *Sim) pop() node {
	h := s.heap
	top := h[0]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	s.heap = h
	n := len(h)
	if n == 0 {
		return top
	}
	i := 0
	for {
		first := arity*i + 1
		if first >= n {
			break
		}
		var m int
		if first+arity <= n { // four children: the smaller of each pair, then of the two
			a := pick(h[first+1].before(h[first]), first+1, first)
			b := pick(h[first+3].before(h[first+2]), first+3, first+2)
			m = pick(h[b].before(h[a]), b, a)
		} else {
			m = first
			for c := first + 1; c < n; c++ {
				m = pick(h[c].before(h[m]), c, m)
			}
		}
		if !h[m].before(last) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = last
	return top
}

// pick returns a if cond, else b (a conditional move, not a branch).
func pick(cond bool, a, b int) int {
	if cond {
		return a
	}
	return b
}
