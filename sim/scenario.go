package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Category is the kind of personnel a unit counts toward.
type Category uint8

// Personnel categories, as in the target of a resolution.
const (
	Troops Category = iota
	Police
	numCategories
)

func (c Category) String() string {
	switch c {
	case Troops:
		return "troops"
	case Police:
		return "police"
	}
	return fmt.Sprintf("Category(%d)", c)
}

// SourceKind is where a unit comes from, which decides the stages it goes
// through before it is ready to move.
type SourceKind uint8

// Unit sources.
const (
	// Pledge: a new contribution that must first be pledged at a
	// force-generation conference, then consented to by its country.
	Pledge SourceKind = iota
	// Transfer: a unit lent by a donor mission. It waits for the Security
	// Council's authorization of transfers and its country's consent, and the
	// donor releases it only if the donor stays at or above its floor.
	Transfer
	// Standby: a standby or rapid-deployment arrangement whose readiness
	// delay replaces the consent chain.
	Standby
	// Rehat: already in the host country; becomes part of the mission
	// ("re-hatted") on a given day.
	Rehat
)

var sourceNames = [...]string{Pledge: "pledge", Transfer: "transfer", Standby: "standby", Rehat: "rehat"}

func (s SourceKind) String() string {
	if int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return fmt.Sprintf("SourceKind(%d)", s)
}

// ParseSourceKind returns the SourceKind with the given name.
func ParseSourceKind(name string) (SourceKind, bool) {
	for k, n := range sourceNames {
		if n == name {
			return SourceKind(k), true
		}
	}
	return 0, false
}

// ParseCategory returns the Category with the given name.
func ParseCategory(name string) (Category, bool) {
	switch name {
	case "troops":
		return Troops, true
	case "police":
		return Police, true
	}
	return 0, false
}

// Scenario describes one surge: what the Security Council authorized, who
// can contribute, and the pipeline that moves units to the mission. Time is
// in days from day 0, the adoption of the resolution. Entities refer to each
// other by ID. The zero value of an optional field is documented as a default.
type Scenario struct {
	Name        string // short identifier, such as "south-sudan-2014"
	Title       string // one line for humans
	Description string
	Version     string    // the scenario's own version: changing its data changes results
	Reference   string    // the version of the reference class that filled in its defaults, if any
	Strategy    string    // the strategy applied, if any
	Overrides   []string  // every override applied (KEY=VALUE), the strategy's first
	Start       time.Time // calendar date of day 0
	Horizon     int       // days simulated after day 0

	Target     Target
	Benchmarks []Benchmark
	Sources    []Citation

	Host            Host
	Transfers       Transfers
	ForceGeneration ForceGeneration
	Reception       Reception

	// Factors are scenario-wide random factors, drawn once per replication,
	// that scale the distributions and parameters that name them.
	Factors []Factor
	// Events are named moments of uncertain timing that units can wait for.
	Events []Event

	Countries []Country
	Missions  []Mission
	Origins   []Origin
	Lift      []LiftPool
	Airfields []Airfield
	Routes    []Route
	Units     []Unit

	Strategies []Strategy // the named variants the scenario offers

	// Observed is what really happened, for backtesting; nil if unknown.
	Observed *Observed
}

// Observed is a real deployment's observed strength, as an increase over
// the strength on day 0, to set against a simulation.
type Observed struct {
	Source string // where the figures come from, such as "UNMISS in ipi-missions.csv"
	Points []Observation
	// Skipped lists the months (as 2006-01-02) left out because a figure
	// the mission reports in other months is missing.
	Skipped []string
	// BaselineTroops and BaselinePolice are the strengths on day 0 the
	// points are increases over (troops counting military observers), and
	// Baseline says where they come from.
	BaselineTroops, BaselinePolice int
	Baseline                       string
	// Ceiling is the authorized uniformed strength after the resolution.
	Ceiling int
	// Naive is the reference forecast backtests are scored against.
	Naive Naive
	// OutOfSample says the scenario was written before it was first
	// compared with this series, from what was known on day 0, and not
	// tuned to it since.
	OutOfSample bool
	// Problem says why there are no points, when the series could not be
	// built (a mission the series does not have).
	Problem string
}

// Naive is a reference forecast: a straight line from the strength on
// day 0 (a share of 0) to Share of the target on day Days, flat after.
type Naive struct {
	Share float64
	Days  float64
}

// At returns the naive forecast's share of the target on day.
func (n Naive) At(day float64) float64 {
	if n.Days <= 0 {
		return n.Share
	}
	return n.Share * min(1, max(0, day)/n.Days)
}

// Observation is the increase in personnel in the mission area on a day.
type Observation struct {
	Day    float64
	Troops int // military: troops and military observers
	Police int
}

// Strategy is a named variant of a scenario: a set of overrides.
type Strategy struct {
	Name        string
	Description string
	Set         []string // KEY=VALUE
}

// Info returns what identifies the scenario in results.
func (sc *Scenario) Info() ScenarioInfo {
	return ScenarioInfo{Name: sc.Name, Title: sc.Title, Version: sc.Version, Reference: sc.Reference,
		Start: sc.Start.Format(dateLayout), Horizon: sc.Horizon, SHA256: sc.Hash()}
}

// Target is the authorized increase the surge is measured against.
type Target struct {
	Troops int
	Police int
}

// Total returns troops plus police.
func (t Target) Total() int { return t.Troops + t.Police }

// Of returns the target of one category.
func (t Target) Of(c Category) int {
	if c == Police {
		return t.Police
	}
	return t.Troops
}

// Benchmark is a deployment target: a share of the target deployed by a day.
type Benchmark struct {
	ID       string
	Label    string  // plain words, such as "Brahimi Report: complex missions in 90 days"
	Day      float64 // days after day 0
	Fraction float64 // share of the total target, in (0, 1]
}

// Citation is a source a scenario's numbers come from.
type Citation struct {
	ID   string
	Text string
	URL  string
}

// Factor is a scenario-wide random factor: drawn once per replication, it
// multiplies every distribution and parameter that names it in its Scale
// (or divides it, for an inverse scale). One "political will" factor on
// every consent delay makes all contributors slow, or fast, together, which
// independent draws per unit cannot do.
type Factor struct {
	ID   string
	Name string
	// Value is the factor's distribution. A median of 1 leaves the median of
	// what it scales as written.
	Value Dist
}

// Gate is where in its way a unit waits for a named event.
type Gate uint8

// Gates.
const (
	// BeforeRequest: the unit's route starts only after the event (its
	// contributor is asked, or it is generated, once the event has
	// happened): an end of hostilities, a second-phase authorization.
	BeforeRequest Gate = iota
	// BeforeMove: the unit is ready but does not move until the event,
	// like host-state consent: a donor's equipment package, an airfield
	// opening.
	BeforeMove
)

var gateNames = [...]string{BeforeRequest: "request", BeforeMove: "move"}

func (g Gate) String() string {
	if int(g) < len(gateNames) {
		return gateNames[g]
	}
	return fmt.Sprintf("Gate(%d)", g)
}

// ParseGate returns the Gate with the given name.
func ParseGate(name string) (Gate, bool) {
	for g, n := range gateNames {
		if n == name {
			return Gate(g), true
		}
	}
	return 0, false
}

// Event is a named moment of uncertain timing that units can wait for,
// generalizing host-state consent and the authorization of transfers: a
// ceasefire, a second-phase authorization, a donor's equipment package. It
// happens once per replication, on a day drawn from Day, if a draw with
// chance Probability says it happens at all; otherwise it never does and
// the units that wait for it never come.
type Event struct {
	ID          string
	Name        string
	Day         Dist // day it happens, from day 0
	Probability Dist // chance it happens at all: a parameter (0 never, 1 always)
	Gate        Gate // where its units wait for it
}

// Host is the host state. Nothing enters the host country before it consents.
type Host struct {
	Consent Dist // day of host-state consent; zero: consent given
}

// Transfers holds what every inter-mission transfer waits for.
type Transfers struct {
	// Authorization is the day the Security Council authorizes transfers
	// from other missions; zero: authorized in advance.
	Authorization Dist
}

// ForceGeneration describes the conferences at which new units are pledged.
type ForceGeneration struct {
	First       float64 // day of the first conference
	Interval    float64 // days between conferences
	Conferences int     // conferences held; a unit not pledged by then is a capability gap
	// Probability is the chance of a pledge at each conference for units
	// that give none of their own: a parameter, drawn once per replication
	// for all of them (how willing contributors are, this time).
	Probability Dist
}

// Reception is reception, staging, onward movement and integration (RSOI)
// in the mission area.
type Reception struct {
	Delay    Dist    // days from arrival of enough of a unit to it being operational
	Capacity float64 // personnel the mission can receive per day; zero: no limit
}

// Country is a contributing government. It makes one decision per
// replication that covers all its units: executive consent, then, if its
// law requires, legislative approval, which may be refused.
type Country struct {
	ID          string
	Name        string
	Consent     Dist // days from the first request to executive consent
	Legislative Legislative
}

// Legislative is a country's parliamentary approval.
type Legislative struct {
	Probability Dist // chance approval is required: a parameter
	Delay       Dist // days from consent to the vote
	Refusal     Dist // chance the vote refuses, when one is held: a parameter
}

// Mission is a donor mission that can lend units to the surge.
type Mission struct {
	ID       string
	Name     string
	Strength int  // current strength, personnel
	Floor    int  // no transfer may take it below this
	Release  Dist // days from the country's consent to the unit's release
}

// Origin is a place where strategic lift picks units up.
type Origin struct {
	ID   string
	Name string
}

// LiftPool is a set of identical aircraft. An aircraft is held from take-off
// until it is back: the flight to the arrival airfield, the wait for a slot,
// the time on the ground and the flight back.
type LiftPool struct {
	ID        string
	Name      string
	Count     int     // aircraft
	Seats     int     // passengers a sortie carries; zero: cargo only
	Payload   float64 // tonnes of cargo a sortie carries; zero: passengers only
	Available Dist    // day the aircraft can start flying
	Until     float64 // last day a sortie may take off; zero: no end
	Flights   []Flight
}

// Flight is a pool's one-way flight time from an origin.
type Flight struct {
	Origin string
	Hours  float64
}

// Airfield is an arrival airfield in the host country.
type Airfield struct {
	ID          string
	Name        string
	Slots       int     // aircraft on the ground at once
	GroundHours float64 // time an aircraft spends on the ground per sortie
}

// Route is a surface route (sea, road or both) from an origin to the
// mission area.
type Route struct {
	ID      string
	Name    string
	Transit Dist    // days in transit
	Every   float64 // days between departures (convoys); zero: leave at once
}

// Unit is a contingent, or Count identical ones.
type Unit struct {
	ID       string
	Name     string
	Kind     string // infantry, formed police, engineer, medical, aviation, headquarters, ...
	Category Category
	Strength int // personnel
	Count    int // identical units; zero: one
	Source   SourceKind
	Country  string // the contributing country; required for pledges and transfers
	Mission  string // the donor mission, for transfers
	Priority int    // lower moves first when units compete for lift

	// PledgeProbability is the unit's chance of being pledged at each
	// force-generation conference: a parameter, drawn once per replication
	// for the unit. Nil: ForceGeneration.Probability.
	PledgeProbability *Dist
	Readiness         Dist // standby: days from day 0 (or activation) to ready, replacing consent
	Rehat             Dist // rehat: day the unit becomes part of the mission
	Preparation       Dist // days from consent (or readiness) to ready to move

	// InPlace marks a force already in the mission on day 0 and counted in
	// the baseline (source rehat, joining on day 0): only its changes count,
	// such as its rotations, repatriation or withdrawal.
	InPlace bool

	// Await lists the events the unit waits for, each at its Gate.
	Await []string
	// Fill is the share of Strength that deploys, drawn for each unit
	// instance (and each replacement); zero: all of it.
	Fill Dist
	// Activation is the political decision to use a standby arrangement;
	// nil: it is used at once.
	Activation *Activation
	// RehatFailure is the chance that a re-hatted contingent fails UN
	// standards and is repatriated; nil: none fails.
	RehatFailure *RehatFailure

	// Leave is the day (from day 0) the unit leaves the mission for good,
	// such as a transitional force's end date; zero: never.
	Leave Dist
	// RelievedBy lists units whose arrival relieves this one: it leaves for
	// good once every instance of each is operational (a bridging force).
	RelievedBy []string
	// Rotation is the unit's rotation; nil: it stays.
	Rotation *Rotation
	// Withdrawal is the chance, per 30 days operational, that the
	// contributor withdraws the unit: a parameter. The slot goes back to
	// force generation.
	Withdrawal Dist

	Origin   string // where lift picks it up
	Airfield string // arrival airfield; empty: the scenario's only airfield
	Route    string // a surface route for the personnel; empty: they fly
	// Required is the share of personnel (and of equipment, unless
	// Equipment.Required says otherwise) that must arrive before the unit
	// counts; zero: all of it.
	Required  float64
	Equipment Equipment
}

// Activation is the political decision to use a standby arrangement
// (an EU Battlegroup had not been used by 2009).
type Activation struct {
	Probability Dist // chance the arrangement is used at all: a parameter
	Delay       Dist // days from day 0 (or the unit's awaited events) to the decision
}

// RehatFailure is the chance that a re-hatted contingent fails UN standards
// and is repatriated.
type RehatFailure struct {
	Probability Dist // a parameter
	Delay       Dist // days from re-hatting to repatriation
	// Replace sends the slot back to force generation when the contingent
	// leaves.
	Replace bool
}

// Rotation is a unit's rotation: after each tour the contingent leaves and
// its contributor sends a new one, which arrives after a gap (or, with an
// overlap, before the old one leaves). The incoming contingent comes by the
// mission's routine rotation flights, not the surge's lift, and is
// operational on arrival.
type Rotation struct {
	// First is the days to the end of the tour under way when a force
	// already in the host country joins (a re-hatted unit, or one in place);
	// zero: a full tour from its arrival.
	First   Dist
	Tour    Dist // days from arrival to the end of a tour
	Gap     Dist // days between the outgoing contingent leaving and the incoming arriving
	Overlap Dist // days the incoming arrives before the outgoing leaves; zero: Gap applies
	// Replace is the chance the contributor sends a new contingent at each
	// rotation: a parameter. Otherwise the slot goes back to force
	// generation.
	Replace Dist
	// Fill is the share of Strength each incoming contingent deploys, drawn
	// for each; zero: the unit's Fill (a re-hatted force's fill is the share
	// that re-hats, which a new contingent need not share).
	Fill Dist
}

// Equipment is a unit's contingent-owned equipment.
type Equipment struct {
	Tonnes  float64
	Largest float64 // tonnes of the heaviest item, which must fit one aircraft if flown
	Route   string  // surface route; empty: flown
	// Required is the share that must arrive before the unit counts; zero:
	// the unit does not wait for its equipment.
	Required float64
}

// count returns the number of identical units, at least one.
func (u *Unit) count() int { return max(1, u.Count) }

// required returns the personnel share that must arrive.
func (u *Unit) required() float64 {
	if u.Required == 0 {
		return 1
	}
	return u.Required
}

// Limits that keep a replication's work and memory bounded whatever the
// input: far above any real surge.
const (
	maxHorizon     = 20000  // days simulated
	maxStrength    = 100000 // personnel in one unit
	maxCount       = 1000   // identical units
	maxInstances   = MaxUnits
	maxConferences = 1000
	maxSorties     = 200000 // lift sorties a replication may need
)

// MaxUnits is the most units a scenario may have, counting each of a Count.
const MaxUnits = 10000

// MaxPersonnel bounds a target, a mission's strength and an observed
// strength: as many as MaxUnits units of the largest size.
const MaxPersonnel = MaxUnits * maxStrength

// Validate checks the scenario and returns every problem found as
// *FieldError values joined with errors.Join, or nil.
func (sc *Scenario) Validate() error {
	v := &validator{}
	v.scenario(sc)
	return errors.Join(v.errs...)
}

type validator struct {
	errs    []error
	factors map[string]int  // the scenario's factors, by ID
	used    map[string]bool // factors some quantity names
}

func (v *validator) add(path string, value any, format string, args ...any) {
	v.errs = append(v.errs, &FieldError{Path: path, Value: value, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) dist(path string, d Dist) {
	if err := d.Validate(path); err != nil {
		v.errs = append(v.errs, err)
	}
	for _, f := range d.Factors {
		if _, ok := v.factors[f.Factor]; !ok {
			v.add(path+".factor", f.String(), "names no factor defined in [factors]")
		}
		if v.used != nil {
			v.used[f.Factor] = true
		}
	}
}

// share checks a parameter that is a share (a probability, a fill): a
// number from lo to 1, or a bounded distribution within [0, 1] drawn once
// per replication (for a fill, once per unit).
func (v *validator) share(path string, d Dist, lo float64, what string) {
	if d.Kind == Fixed {
		if !(d.Value >= lo && d.Value <= 1) {
			if lo > 0 {
				v.add(path, d.Value, "must be %s above 0 and at most 1", what)
			} else {
				v.add(path, d.Value, "must be %s between 0 and 1", what)
			}
		}
		v.dist(path, Dist{Kind: Fixed, Factors: d.Factors})
		return
	}
	if d.Kind == LogNormal || d.Kind == Gamma {
		v.add(path, d.Kind.String(), "must be %s: a number or a bounded distribution (uniform, triangular, empirical)", what)
		return
	}
	n := len(v.errs)
	v.dist(path, d)
	if len(v.errs) > n {
		return
	}
	if hi := d.Quantile(1); hi > 1 {
		v.add(path, hi, "must be %s: its distribution goes above 1", what)
	}
}

func (v *validator) probability(path string, p Dist) { v.share(path, p, 0, "a probability") }

// positive checks a duration that must be above 0 days, such as a tour.
func (v *validator) positive(path string, d Dist, what string) {
	n := len(v.errs)
	v.dist(path, d)
	if len(v.errs) > n {
		return
	}
	if d.Kind != LogNormal && d.Kind != Gamma && !(d.Quantile(0) > 0) {
		v.add(path, value(d), "must be above 0%s", what)
	}
}

func (v *validator) nonNegative(path string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		v.add(path, x, "must be a finite number")
	} else if x < 0 {
		v.add(path, x, "must not be negative")
	} else if x > MaxDistValue {
		v.add(path, x, "must be at most %g", MaxDistValue)
	}
}

// personnel checks a number of personnel: not negative, and small enough
// that sums of them cannot overflow.
func (v *validator) personnel(path string, n int) {
	if n < 0 {
		v.add(path, n, "must not be negative")
	} else if n > MaxPersonnel {
		v.add(path, n, "must be at most %d", MaxPersonnel)
	}
}

// ids checks the IDs of one kind of entity and returns them as a set.
func (v *validator) ids(kind string, n int, id func(int) string) map[string]int {
	seen := make(map[string]int, n)
	for i := range n {
		s := id(i)
		switch _, dup := seen[s]; {
		case s == "":
			v.add(fmt.Sprintf("%s[%d]", kind, i), nil, "has no ID")
		case dup:
			v.add(kind+"."+s, nil, "is defined twice")
		default:
			seen[s] = i
		}
	}
	return seen
}

// ref checks that id names one of the defined entities of a kind.
func (v *validator) ref(path, id, kind string, defined map[string]int) {
	if _, ok := defined[id]; !ok {
		v.add(path, id, "names no %s defined in [%s]", kindNoun[kind], kind)
	}
}

var kindNoun = map[string]string{
	"countries": "country", "missions": "mission", "origins": "origin",
	"airfields": "airfield", "routes": "route", "lift": "lift pool",
	"events": "event", "units": "unit",
}

// value returns a distribution as an error shows it: a fixed one as its
// number.
func value(d Dist) any {
	if d.Kind == Fixed {
		return d.Value
	}
	return d.String()
}

func (v *validator) scenario(sc *Scenario) {
	if sc.Name == "" {
		v.add("name", nil, "is missing")
	}
	if sc.Start.IsZero() {
		v.add("start", nil, "is missing: give the date of the resolution, such as 2013-12-24")
	}
	if sc.Horizon <= 0 || sc.Horizon > maxHorizon {
		v.add("horizon", sc.Horizon, "must be between 1 and %d days", maxHorizon)
	}
	v.personnel("target.troops", sc.Target.Troops)
	v.personnel("target.police", sc.Target.Police)
	if sc.Target.Troops <= 0 && sc.Target.Police <= 0 { // not their sum, which may overflow
		v.add("target", nil, "must have troops or police above 0")
	}
	v.ids("benchmarks", len(sc.Benchmarks), func(i int) string { return sc.Benchmarks[i].ID })
	for _, b := range sc.Benchmarks {
		p := "benchmarks." + b.ID
		if !(b.Day > 0 && b.Day <= float64(sc.Horizon)) {
			v.add(p+".day", b.Day, "must be after day 0 and within the horizon (%d days)", sc.Horizon)
		}
		if !(b.Fraction > 0 && b.Fraction <= 1) {
			v.add(p+".fraction", b.Fraction, "must be a share of the target above 0 and at most 1")
		}
	}
	v.ids("sources", len(sc.Sources), func(i int) string { return sc.Sources[i].ID })
	v.factors = v.ids("factors", len(sc.Factors), func(i int) string { return sc.Factors[i].ID })
	for _, f := range sc.Factors {
		v.positive("factors."+f.ID+".value", f.Value, ": a factor of 0 would stop, or make endless, all it scales")
		if len(f.Value.Factors) > 0 {
			v.add("factors."+f.ID+".value.factor", nil, "a factor cannot be scaled by another factor")
		}
	}
	events := v.ids("events", len(sc.Events), func(i int) string { return sc.Events[i].ID })
	for _, e := range sc.Events {
		p := "events." + e.ID
		v.dist(p+".day", e.Day)
		v.probability(p+".probability", e.Probability)
		if e.Gate > BeforeMove {
			v.add(p+".before", e.Gate.String(), "must be \"request\" or \"move\"")
		}
	}
	v.dist("host.consent", sc.Host.Consent)
	v.dist("transfers.authorization", sc.Transfers.Authorization)
	v.dist("reception.delay", sc.Reception.Delay)
	v.nonNegative("reception.capacity", sc.Reception.Capacity)

	countries := v.ids("countries", len(sc.Countries), func(i int) string { return sc.Countries[i].ID })
	for _, c := range sc.Countries {
		p := "countries." + c.ID
		v.dist(p+".consent", c.Consent)
		v.probability(p+".legislative.probability", c.Legislative.Probability)
		v.probability(p+".legislative.refusal", c.Legislative.Refusal)
		v.dist(p+".legislative.delay", c.Legislative.Delay)
	}
	missions := v.ids("missions", len(sc.Missions), func(i int) string { return sc.Missions[i].ID })
	for _, m := range sc.Missions {
		p := "missions." + m.ID
		v.personnel(p+".strength", m.Strength)
		if m.Floor < 0 || m.Floor > m.Strength {
			v.add(p+".floor", m.Floor, "must be between 0 and the mission's strength (%d)", m.Strength)
		}
		v.dist(p+".release", m.Release)
	}
	origins := v.ids("origins", len(sc.Origins), func(i int) string { return sc.Origins[i].ID })
	v.ids("lift", len(sc.Lift), func(i int) string { return sc.Lift[i].ID })
	for _, l := range sc.Lift {
		p := "lift." + l.ID
		if l.Count < 0 {
			v.add(p+".count", l.Count, "must not be negative")
		}
		if l.Seats < 0 {
			v.add(p+".seats", l.Seats, "must not be negative")
		}
		v.nonNegative(p+".payload", l.Payload)
		if l.Seats == 0 && l.Payload == 0 {
			v.add(p, nil, "carries nothing: give seats, payload or both")
		}
		v.dist(p+".available", l.Available)
		v.nonNegative(p+".until", l.Until)
		seen := map[string]bool{}
		for _, f := range l.Flights {
			fp := p + ".flight_hours." + f.Origin
			v.ref(fp, f.Origin, "origins", origins)
			if seen[f.Origin] {
				v.add(fp, nil, "is given twice")
			}
			seen[f.Origin] = true
			if !(f.Hours > 0) || f.Hours > MaxDistValue {
				v.add(fp, f.Hours, "must be a flight time above 0 hours")
			}
		}
	}
	airfields := v.ids("airfields", len(sc.Airfields), func(i int) string { return sc.Airfields[i].ID })
	for _, a := range sc.Airfields {
		p := "airfields." + a.ID
		if a.Slots < 1 {
			v.add(p+".slots", a.Slots, "must be at least 1 aircraft on the ground at once")
		}
		v.nonNegative(p+".ground_hours", a.GroundHours)
	}
	routes := v.ids("routes", len(sc.Routes), func(i int) string { return sc.Routes[i].ID })
	for _, r := range sc.Routes {
		p := "routes." + r.ID
		v.dist(p+".transit", r.Transit)
		v.nonNegative(p+".every", r.Every)
	}

	fg := sc.ForceGeneration
	units := v.ids("units", len(sc.Units), func(i int) string { return sc.Units[i].ID })
	pledges := false
	for i := range sc.Units {
		u := &sc.Units[i]
		pledges = pledges || u.Source == Pledge || u.Rotation != nil || !u.Withdrawal.IsZero() || (u.RehatFailure != nil && u.RehatFailure.Replace)
		v.unit(sc, u, countries, missions, origins, airfields, routes)
		v.departures(u, events, units)
	}
	if pledges {
		v.probability("force_generation.probability", fg.Probability)
		v.nonNegative("force_generation.first", fg.First)
		if !(fg.Interval > 0) || fg.Interval > MaxDistValue {
			v.add("force_generation.interval", fg.Interval, "must be above 0 days when units are pledged")
		}
		if fg.Conferences < 1 || fg.Conferences > maxConferences {
			v.add("force_generation.conferences", fg.Conferences, "must be between 1 and %d when units are pledged", maxConferences)
		}
	}
	if len(sc.Units) == 0 {
		v.add("units", nil, "is empty: a scenario needs at least one unit")
	}
	if sc.Observed != nil {
		for i, o := range sc.Observed.Points {
			if math.IsNaN(o.Day) || math.IsInf(o.Day, 0) {
				v.add(fmt.Sprintf("observed[%d].day", i), o.Day, "must be a finite number")
			}
		}
	}
	if len(v.errs) == 0 {
		v.size(sc)
	}
}

// regenerates reports whether unit u's slot can go back to force
// generation: a rotation its contributor may not replace, a withdrawal, or
// a re-hatted contingent failing UN standards and replaced.
func regenerates(u *Unit) bool {
	rot := u.Rotation != nil && !(u.Rotation.Replace.Kind == Fixed && u.Rotation.Replace.Value >= 1)
	return rot || !u.Withdrawal.IsZero() || (u.RehatFailure != nil && u.RehatFailure.Replace)
}

// departures checks what makes a unit wait for events, and leave.
func (v *validator) departures(u *Unit, events, units map[string]int) {
	p := "units." + u.ID
	seen := map[string]bool{}
	for _, e := range u.Await {
		v.ref(p+".await", e, "events", events)
		if seen[e] {
			v.add(p+".await", e, "is listed twice")
		}
		seen[e] = true
	}
	if a := u.Activation; a != nil {
		if u.Source != Standby {
			v.add(p+".activation", nil, "is only for source = \"standby\" (this unit is a %s)", u.Source)
		}
		v.probability(p+".activation.probability", a.Probability)
		v.dist(p+".activation.delay", a.Delay)
	}
	if f := u.RehatFailure; f != nil {
		if u.Source != Rehat {
			v.add(p+".rehat_failure", nil, "is only for source = \"rehat\" (this unit is a %s)", u.Source)
		}
		v.probability(p+".rehat_failure.probability", f.Probability)
		v.dist(p+".rehat_failure.delay", f.Delay)
	}
	if !u.Leave.IsZero() {
		v.dist(p+".leave", u.Leave)
		if u.Source == Rehat && u.Leave.Quantile(1) < u.Rehat.Quantile(0) {
			v.add(p+".leave", value(u.Leave), "the unit would leave before it is re-hatted (day %v)", u.Rehat.Quantile(0))
		} else if u.Leave.Quantile(1) <= 0 {
			v.add(p+".leave", value(u.Leave), "must be a day after day 0: the unit would leave before it arrives")
		}
	}
	relievers := map[string]bool{}
	for _, r := range u.RelievedBy {
		v.ref(p+".relieved_by", r, "units", units)
		if r == u.ID {
			v.add(p+".relieved_by", r, "a unit cannot relieve itself")
		}
		if relievers[r] {
			v.add(p+".relieved_by", r, "is listed twice")
		}
		relievers[r] = true
	}
	if u.InPlace {
		if u.Source != Rehat {
			v.add(p+".in_place", true, "is only for source = \"rehat\" (this unit is a %s)", u.Source)
		} else if !u.Rehat.IsZero() {
			v.add(p+".rehat", value(u.Rehat), "must be 0 for a unit in place on day 0")
		}
	}
	if r := u.Rotation; r != nil {
		v.dist(p+".rotation.first", r.First)
		if !r.First.IsZero() && u.Source != Rehat {
			v.add(p+".rotation.first", value(r.First), "is only for a force already in the host country (source = \"rehat\")")
		}
		v.positive(p+".rotation.tour", r.Tour, " days")
		v.dist(p+".rotation.gap", r.Gap)
		v.dist(p+".rotation.overlap", r.Overlap)
		if !r.Gap.IsZero() && !r.Overlap.IsZero() {
			v.add(p+".rotation.overlap", nil, "give a gap or an overlap, not both")
		}
		if !r.Overlap.IsZero() && r.Tour.Kind != LogNormal && r.Tour.Kind != Gamma && r.Overlap.Quantile(1) >= r.Tour.Quantile(0) {
			v.add(p+".rotation.overlap", value(r.Overlap), "must be shorter than the tour (%s)", r.Tour)
		}
		v.probability(p+".rotation.replace", r.Replace)
		if !r.Fill.IsZero() {
			v.share(p+".rotation.fill", r.Fill, 1e-9, "a share of the unit's strength")
		}
	}
	if !u.Withdrawal.IsZero() {
		v.probability(p+".withdrawal", u.Withdrawal)
	}
}

// Warnings returns what is legal but probably a mistake, such as a factor
// no quantity uses, or units that cannot reach the target or hold more
// than it.
func (sc *Scenario) Warnings() []*FieldError {
	v := &validator{used: map[string]bool{}}
	v.scenario(sc)
	var out []*FieldError
	for _, f := range sc.Factors {
		if !v.used[f.ID] {
			out = append(out, &FieldError{Path: "factors." + f.ID, Msg: "no distribution or parameter is scaled by this factor, so it changes nothing"})
		}
	}
	for _, e := range sc.Events {
		waits := false
		for i := range sc.Units {
			waits = waits || slices.Contains(sc.Units[i].Await, e.ID)
		}
		if !waits {
			out = append(out, &FieldError{Path: "events." + e.ID, Msg: "no unit waits for this event, so it changes nothing"})
		}
	}
	return append(out, sc.capacityWarnings()...)
}

// size checks that a replication's work stays bounded: the number of units
// and the sorties they would need on the largest aircraft that can carry them.
func (v *validator) size(sc *Scenario) {
	instances, sorties := 0, 0.0
	for i := range sc.Units {
		u := &sc.Units[i]
		n := u.count()
		instances += n
		if u.Source == Rehat {
			continue
		}
		seats, payload := 0, 0.0
		for _, l := range sc.Lift {
			for _, f := range l.Flights {
				if f.Origin == u.Origin && l.Count > 0 {
					seats, payload = max(seats, l.Seats), max(payload, l.Payload)
				}
			}
		}
		if u.Route == "" && seats > 0 {
			sorties += float64(n) * math.Ceil(float64(u.Strength)/float64(seats))
		}
		if u.Equipment.Route == "" && payload > 0 {
			sorties += float64(n) * math.Ceil(u.Equipment.Tonnes/payload)
		}
	}
	if instances > maxInstances {
		v.add("units", instances, "count to more than %d units", maxInstances)
	}
	if sorties > maxSorties {
		v.add("lift", sorties, "the units would need more than %d sorties per replication: give the aircraft more seats or payload", maxSorties)
	}
}

func (v *validator) unit(sc *Scenario, u *Unit, countries, missions, origins, airfields, routes map[string]int) {
	p := "units." + u.ID
	if u.Strength <= 0 || u.Strength > maxStrength {
		v.add(p+".strength", u.Strength, "must be between 1 and %d", maxStrength)
	}
	if u.Count < 0 || u.Count > maxCount {
		v.add(p+".count", u.Count, "must be between 0 and %d", maxCount)
	}
	if !u.Fill.IsZero() {
		v.share(p+".fill", u.Fill, 1e-9, "a share of the unit's strength")
	}
	if u.Category >= numCategories {
		v.add(p+".category", u.Category.String(), "must be troops or police")
	}
	if u.Source > Rehat {
		v.add(p+".source", u.Source.String(), "must be one of pledge, transfer, standby, rehat")
	}
	if u.Country != "" {
		v.ref(p+".country", u.Country, "countries", countries)
	} else if u.Source == Pledge || u.Source == Transfer {
		v.add(p+".country", nil, "is missing: a %s needs the contributing country", u.Source)
	}
	if u.Source == Transfer {
		if u.Mission == "" {
			v.add(p+".mission", nil, "is missing: a transfer needs its donor mission")
		} else {
			v.ref(p+".mission", u.Mission, "missions", missions)
		}
	} else if u.Mission != "" {
		v.add(p+".mission", u.Mission, "is only for source = \"transfer\" (this unit is a %s)", u.Source)
	}
	if u.PledgeProbability != nil {
		v.probability(p+".pledge_probability", *u.PledgeProbability)
	}
	v.dist(p+".readiness", u.Readiness)
	v.dist(p+".rehat", u.Rehat)
	v.dist(p+".preparation", u.Preparation)
	if !(u.Required >= 0 && u.Required <= 1) {
		v.add(p+".required", u.Required, "must be a share between 0 and 1")
	}
	e := u.Equipment
	v.nonNegative(p+".equipment.tonnes", e.Tonnes)
	v.nonNegative(p+".equipment.largest", e.Largest)
	if e.Largest > e.Tonnes {
		v.add(p+".equipment.largest", e.Largest, "must not exceed the unit's equipment tonnes (%v)", e.Tonnes)
	}
	if !(e.Required >= 0 && e.Required <= 1) {
		v.add(p+".equipment.required", e.Required, "must be a share between 0 and 1")
	}
	if u.Source == Rehat && !regenerates(u) {
		return // already in the host country: nothing moves
	}
	// A re-hatted unit whose slot can go back to force generation moves
	// like any other: its replacement flies in.
	if u.Route != "" {
		v.ref(p+".route", u.Route, "routes", routes)
	}
	if e.Route != "" {
		v.ref(p+".equipment.route", e.Route, "routes", routes)
	}
	flies := u.Route == "" || (e.Tonnes > 0 && e.Route == "")
	if !flies {
		return
	}
	if u.Origin == "" && u.Source == Rehat {
		v.add(p+".origin", nil, "is missing: when the slot goes back to force generation (not replaced, withdrawn, or failing UN standards), say where lift picks up the new unit")
		return
	}
	if u.Origin == "" {
		v.add(p+".origin", nil, "is missing: say where lift picks the unit up")
		return
	}
	if _, ok := origins[u.Origin]; !ok {
		v.ref(p+".origin", u.Origin, "origins", origins)
		return
	}
	switch {
	case u.Airfield != "":
		v.ref(p+".airfield", u.Airfield, "airfields", airfields)
	case len(sc.Airfields) == 0:
		v.add(p+".airfield", nil, "is missing and no airfield is defined in [airfields]")
	case len(sc.Airfields) > 1:
		v.add(p+".airfield", nil, "is missing: the scenario has %d airfields, so say which", len(sc.Airfields))
	}
	// Something must be able to carry what flies.
	seats, payload := false, 0.0
	for _, l := range sc.Lift {
		for _, f := range l.Flights {
			if f.Origin == u.Origin && l.Count > 0 {
				seats = seats || l.Seats > 0
				payload = max(payload, l.Payload)
			}
		}
	}
	if u.Route == "" && !seats {
		v.add(p+".origin", u.Origin, "no lift pool with seats flies from this origin, so the unit's %d personnel cannot be carried", u.Strength)
	}
	if e.Tonnes > 0 && e.Route == "" {
		switch {
		case payload == 0:
			v.add(p+".equipment.tonnes", e.Tonnes, "no lift pool with a payload flies from origin %q and the equipment has no route", u.Origin)
		case e.Largest > payload:
			v.add(p+".equipment.largest", e.Largest, "is larger than anything that flies from origin %q can carry (at most %v t)", u.Origin, payload)
		}
	}
}
