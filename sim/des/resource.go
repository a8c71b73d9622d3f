package des

import "fmt"

// waiter is a request queued at a Resource.
type waiter struct {
	prio  int
	seq   uint64
	since float64
	h     Handler
	arg   int
}

// Resource is a server with a fixed number of identical units of capacity.
// Requests that cannot be granted at once wait in a queue served lowest
// priority number first and first-in, first-out within a priority.
//
// A granted request's handler is scheduled at the grant time as an ordinary
// event, so it runs after the event that granted it and in calendar order.
type Resource struct {
	sim      *Sim
	capacity int
	inUse    int
	seq      uint64
	queue    []waiter // binary heap on (prio, seq)

	stats ResourceStats
	last  float64 // time of the last change of inUse, for BusyTime
}

// ResourceStats are a Resource's running totals since it was created or reset.
type ResourceStats struct {
	Granted   int     // requests granted
	Waited    int     // requests that had to queue
	TotalWait float64 // sum of the time granted requests spent queued
	MaxQueue  int     // longest queue seen
	BusyTime  float64 // integral of units in use over time, up to the last change
}

// NewResource returns a Resource of the given capacity on s. It panics if
// capacity is negative.
func NewResource(s *Sim, capacity int) *Resource {
	if capacity < 0 {
		panic(fmt.Sprintf("des: negative capacity %d", capacity))
	}
	return &Resource{sim: s, capacity: capacity}
}

// Capacity returns the number of units of the resource.
func (r *Resource) Capacity() int { return r.capacity }

// InUse returns the number of units granted and not yet released.
func (r *Resource) InUse() int { return r.inUse }

// Queued returns the number of requests waiting.
func (r *Resource) Queued() int { return len(r.queue) }

// Stats returns the running totals. BusyTime is brought up to the current time.
func (r *Resource) Stats() ResourceStats {
	st := r.stats
	st.BusyTime += float64(r.inUse) * (r.sim.now - r.last)
	return st
}

// Acquire requests one unit at priority 0. When it is granted, h(arg) is called.
func (r *Resource) Acquire(h Handler, arg int) { r.AcquirePriority(0, h, arg) }

// AcquirePriority requests one unit at the given priority: lower numbers are
// served first, and equal priorities in the order they asked. When the unit is
// granted, h(arg) is called.
func (r *Resource) AcquirePriority(prio int, h Handler, arg int) {
	if h == nil {
		panic("des: nil handler")
	}
	if r.inUse < r.capacity && len(r.queue) == 0 {
		r.grant(waiter{prio: prio, since: r.sim.now, h: h, arg: arg})
		return
	}
	r.push(waiter{prio: prio, seq: r.seq, since: r.sim.now, h: h, arg: arg})
	r.seq++
	r.stats.Waited++
	if len(r.queue) > r.stats.MaxQueue {
		r.stats.MaxQueue = len(r.queue)
	}
}

// TryAcquire takes one unit at once if one is free and nobody waits, and
// reports whether it did: the caller then holds it, as if a request at
// priority 0 had been granted now.
func (r *Resource) TryAcquire() bool {
	if r.inUse < r.capacity && len(r.queue) == 0 {
		r.setInUse(r.inUse + 1)
		r.stats.Granted++
		return true
	}
	return false
}

// Release returns one unit and grants it to the first waiting request, if any.
// It panics if no unit is in use.
func (r *Resource) Release() {
	if r.inUse == 0 {
		panic("des: release of a resource not in use")
	}
	r.setInUse(r.inUse - 1)
	if len(r.queue) > 0 && r.inUse < r.capacity {
		r.grant(r.pop())
	}
}

// Reset empties the queue, releases every unit and clears the statistics,
// keeping the storage for reuse. Call it after the Sim's own Reset.
func (r *Resource) Reset() {
	clear(r.queue)
	r.queue = r.queue[:0]
	r.inUse = 0
	r.seq = 0
	r.stats = ResourceStats{}
	r.last = r.sim.now
}

func (r *Resource) grant(w waiter) {
	r.setInUse(r.inUse + 1)
	r.stats.Granted++
	r.stats.TotalWait += r.sim.now - w.since
	r.sim.Schedule(0, w.h, w.arg)
}

func (r *Resource) setInUse(n int) {
	r.stats.BusyTime += float64(r.inUse) * (r.sim.now - r.last)
	r.last = r.sim.now
	r.inUse = n
}

func (r *Resource) before(i, j int) bool {
	a, b := &r.queue[i], &r.queue[j]
	return a.prio < b.prio || (a.prio == b.prio && a.seq < b.seq)
}

func (r *Resource) push(w waiter) {
	r.queue = append(r.queue, w)
	for i := len(r.queue) - 1; i > 0; {
		p := (i - 1) / 2
		if !r.before(i, p) {
			break
		}
		r.queue[i], r.queue[p] = r.queue[p], r.queue[i]
		i = p
	}
}

func (r *Resource) pop() waiter {
	q := r.queue
	w := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q[last] = waiter{}
	r.queue = q[:last]
	for i := 0; ; {
		m, l, rt := i, 2*i+1, 2*i+2
		if l < last && r.before(l, m) {
			m = l
		}
		if rt < last && r.before(rt, m) {
			m = rt
		}
		if m == i {
			break
		}
		r.queue[i], r.queue[m] = r.queue[m], r.queue[i]
		i = m
	}
	return w
}
