package des

// Gate holds handlers until it opens. Once open it stays open, and a handler
// that waits on an open gate is scheduled at once. Handlers waiting when the
// gate opens are scheduled at the opening time in the order they waited.
type Gate struct {
	sim     *Sim
	open    bool
	at      float64
	waiting []waiter
}

// NewGate returns a closed gate on s.
func NewGate(s *Sim) *Gate { return &Gate{sim: s} }

// IsOpen reports whether the gate has opened.
func (g *Gate) IsOpen() bool { return g.open }

// OpenedAt returns the time the gate opened; it is meaningful only if IsOpen.
func (g *Gate) OpenedAt() float64 { return g.at }

// Wait calls h(arg) when the gate is open: now if it already is.
func (g *Gate) Wait(h Handler, arg int) {
	if h == nil {
		panic("des: nil handler")
	}
	if g.open {
		g.sim.Schedule(0, h, arg)
		return
	}
	g.waiting = append(g.waiting, waiter{since: g.sim.now, h: h, arg: arg})
}

// Open opens the gate and releases everything waiting. Opening an open gate
// does nothing.
func (g *Gate) Open() {
	if g.open {
		return
	}
	g.open = true
	g.at = g.sim.now
	for i, w := range g.waiting {
		g.sim.Schedule(0, w.h, w.arg)
		g.waiting[i] = waiter{}
	}
	g.waiting = g.waiting[:0]
}

// Reset closes the gate and forgets its waiters, keeping the storage.
func (g *Gate) Reset() {
	clear(g.waiting)
	g.waiting = g.waiting[:0]
	g.open = false
	g.at = 0
}
