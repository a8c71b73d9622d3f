package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/surge-sim/surge/sim"
)

// The types below mirror a scenario file, key for key. Every field has an
// explicit toml tag; pointers mark optional values whose default is not zero.

type fileScenario struct {
	Name            string                  `toml:"name"`
	ReferenceClass  string                  `toml:"reference_class"`
	Title           string                  `toml:"title"`
	Description     string                  `toml:"description"`
	Version         string                  `toml:"version"`
	Start           date                    `toml:"start"`
	Horizon         int                     `toml:"horizon"`
	Target          fileTarget              `toml:"target"`
	Benchmarks      map[string]fileBench    `toml:"benchmarks"`
	Sources         map[string]fileSource   `toml:"sources"`
	Host            fileHost                `toml:"host"`
	Transfers       fileTransfers           `toml:"transfers"`
	ForceGeneration fileForceGeneration     `toml:"force_generation"`
	Reception       fileReception           `toml:"reception"`
	Factors         map[string]fileFactor   `toml:"factors"`
	Events          map[string]fileEvent    `toml:"events"`
	Countries       map[string]fileCountry  `toml:"countries"`
	Missions        map[string]fileMission  `toml:"missions"`
	Origins         map[string]fileOrigin   `toml:"origins"`
	Lift            map[string]fileLift     `toml:"lift"`
	Airfields       map[string]fileAirfield `toml:"airfields"`
	Routes          map[string]fileRoute    `toml:"routes"`
	Units           map[string]fileUnit     `toml:"units"`
	Strategies      map[string]fileStrategy `toml:"strategies"`
	Levers          map[string]fileLever    `toml:"levers"`
	Observed        *fileObserved           `toml:"observed"`
}

type fileStrategy struct {
	Description string         `toml:"description"`
	Set         map[string]any `toml:"set"`
}

type fileTarget struct {
	Troops int `toml:"troops"`
	Police int `toml:"police"`
}

type fileBench struct {
	Label    string  `toml:"label"`
	Day      float64 `toml:"day"`
	Fraction float64 `toml:"fraction"`
}

type fileSource struct {
	Cite string `toml:"cite"`
	URL  string `toml:"url"`
}

type fileHost struct {
	Consent dist `toml:"consent"`
}

type fileTransfers struct {
	Authorization dist `toml:"authorization"`
}

type fileForceGeneration struct {
	First       *float64 `toml:"first"`
	Interval    *float64 `toml:"interval"`
	Conferences *int     `toml:"conferences"`
	Probability *dist    `toml:"probability"`
}

type fileFactor struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Value       dist   `toml:"value"`
}

type fileEvent struct {
	Name        string  `toml:"name"`
	Day         dist    `toml:"day"`
	Probability *dist   `toml:"probability"`
	Before      *string `toml:"before"`
}

type fileReception struct {
	Delay    dist    `toml:"delay"`
	Capacity float64 `toml:"capacity"`
}

type fileCountry struct {
	Name        string           `toml:"name"`
	Group       string           `toml:"group"`
	Consent     dist             `toml:"consent"`
	Legislative *fileLegislative `toml:"legislative"`
}

type fileLegislative struct {
	Probability dist `toml:"probability"`
	Delay       dist `toml:"delay"`
	Refusal     dist `toml:"refusal"`
}

type fileMission struct {
	Name     string `toml:"name"`
	Strength int    `toml:"strength"`
	Floor    int    `toml:"floor"`
	Release  dist   `toml:"release"`
}

type fileOrigin struct {
	Name string `toml:"name"`
}

type fileLift struct {
	Name        string             `toml:"name"`
	Aircraft    string             `toml:"aircraft"`
	Count       int                `toml:"count"`
	Seats       int                `toml:"seats"`
	Payload     float64            `toml:"payload"`
	Available   dist               `toml:"available"`
	Until       float64            `toml:"until"`
	FlightHours map[string]float64 `toml:"flight_hours"`
}

type fileAirfield struct {
	Name        string  `toml:"name"`
	Slots       int     `toml:"slots"`
	GroundHours float64 `toml:"ground_hours"`
}

type fileRoute struct {
	Name    string  `toml:"name"`
	Transit dist    `toml:"transit"`
	Every   float64 `toml:"every"`
}

type fileUnit struct {
	Name              string            `toml:"name"`
	Kind              string            `toml:"kind"`
	Category          string            `toml:"category"`
	Strength          int               `toml:"strength"`
	Count             *int              `toml:"count"`
	Source            string            `toml:"source"`
	Country           string            `toml:"country"`
	Mission           string            `toml:"mission"`
	Priority          int               `toml:"priority"`
	PledgeProbability *dist             `toml:"pledge_probability"`
	Readiness         dist              `toml:"readiness"`
	Rehat             dist              `toml:"rehat"`
	Preparation       dist              `toml:"preparation"`
	Origin            string            `toml:"origin"`
	Airfield          string            `toml:"airfield"`
	Route             string            `toml:"route"`
	Required          *float64          `toml:"required"`
	Equipment         *fileEquipment    `toml:"equipment"`
	InPlace           bool              `toml:"in_place"`
	Await             []string          `toml:"await"`
	Fill              *dist             `toml:"fill"`
	Activation        *fileActivation   `toml:"activation"`
	RehatFailure      *fileRehatFailure `toml:"rehat_failure"`
	Leave             dist              `toml:"leave"`
	RelievedBy        []string          `toml:"relieved_by"`
	Rotation          *fileRotation     `toml:"rotation"`
	Withdrawal        dist              `toml:"withdrawal"`
}

type fileActivation struct {
	Probability *dist `toml:"probability"`
	Delay       dist  `toml:"delay"`
}

type fileRehatFailure struct {
	Probability dist `toml:"probability"`
	Delay       dist `toml:"delay"`
	Replace     bool `toml:"replace"`
}

type fileRotation struct {
	Fill    *dist `toml:"fill"`
	First   dist  `toml:"first"`
	Tour    dist  `toml:"tour"`
	Gap     dist  `toml:"gap"`
	Overlap dist  `toml:"overlap"`
	Replace *dist `toml:"replace"`
}

type fileEquipment struct {
	Tonnes   float64  `toml:"tonnes"`
	Largest  float64  `toml:"largest"`
	Route    string   `toml:"route"`
	Required *float64 `toml:"required"`
}

// date is a calendar date: a TOML local date (2013-12-24) or a string.
type date struct {
	time.Time
	err error // as for dist
}

// UnmarshalTOML implements toml.Unmarshaler.
func (d *date) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case time.Time:
		if x.Year() == 0 { // a TOML local time, such as 10:00:00, has no date
			d.err = fmt.Errorf("a date must look like 2013-12-24 (got a time of day)")
			return nil
		}
		d.Time = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		t, err := time.Parse("2006-01-02", x)
		if err != nil {
			d.err = fmt.Errorf("a date must look like 2013-12-24 (got %q)", x)
		}
		d.Time = t
	default:
		d.err = fmt.Errorf("a date must look like 2013-12-24 (got %s)", describe(v))
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// convert turns a decoded file into a sim.Scenario. order gives each table of
// entities' IDs in the order the file lists them. Problems that only the file
// can have (unknown names, bad IDs) are returned as *sim.FieldError values.
// Units with count = 0 are left out of the scenario but returned in
// leftOut, checked as any other, so that they can be validated too.
func convert(f *fileScenario, order map[string][]string) (sc *sim.Scenario, leftOut []sim.Unit, errs []error) {
	if n := len(f.Units); n > sim.MaxUnits {
		// Before anything is done per unit.
		return nil, nil, []error{&sim.FieldError{Path: "units", Value: n, Msg: fmt.Sprintf("must be at most %d units", sim.MaxUnits)}}
	}
	bad := func(path string, value any, format string, args ...any) {
		errs = append(errs, &sim.FieldError{Path: path, Value: value, Msg: fmt.Sprintf(format, args...)})
	}
	walkText(reflect.ValueOf(f).Elem(), nil, func(path, text string, multiline bool) {
		what := "a control character, such as a tab or a line break"
		if multiline {
			what = "a control character other than a tab or a line break"
		}
		bad(path, text, "must not hold %s", what)
	})
	// ids returns a table's keys in file order, checking their spelling.
	ids := func(table string, keys []string) []string {
		out := make([]string, 0, len(keys))
		for _, k := range inOrder(keys, order[table]) {
			if !idPattern.MatchString(k) {
				bad(table+"."+k, nil, "an ID may use only letters, digits, - and _, starting with a letter or digit")
				continue
			}
			out = append(out, k)
		}
		return out
	}
	sc = &sim.Scenario{
		Name: f.Name, Title: f.Title, Description: strings.TrimSpace(f.Description), Version: f.Version, Reference: f.ReferenceClass,
		Start: f.Start.Time, Horizon: f.Horizon,
		Target:    sim.Target{Troops: f.Target.Troops, Police: f.Target.Police},
		Host:      sim.Host{Consent: f.Host.Consent.Dist},
		Transfers: sim.Transfers{Authorization: f.Transfers.Authorization.Dist},
		ForceGeneration: sim.ForceGeneration{First: valueOf(f.ForceGeneration.First), Interval: valueOf(f.ForceGeneration.Interval),
			Conferences: valueOf(f.ForceGeneration.Conferences)},
		Reception: sim.Reception{Delay: f.Reception.Delay.Dist, Capacity: f.Reception.Capacity},
	}
	if sc.Title == "" {
		sc.Title = sc.Name
	}
	if p := f.ForceGeneration.Probability; p != nil {
		sc.ForceGeneration.Probability = p.Dist
	}
	for _, id := range ids("benchmarks", keysOf(f.Benchmarks)) {
		b := f.Benchmarks[id]
		sc.Benchmarks = append(sc.Benchmarks, sim.Benchmark{ID: id, Label: b.Label, Day: b.Day, Fraction: b.Fraction})
	}
	for _, id := range ids("sources", keysOf(f.Sources)) {
		s := f.Sources[id]
		sc.Sources = append(sc.Sources, sim.Citation{ID: id, Text: strings.TrimSpace(s.Cite), URL: s.URL})
	}
	for _, id := range ids("factors", keysOf(f.Factors)) {
		x := f.Factors[id]
		sc.Factors = append(sc.Factors, sim.Factor{ID: id, Name: orID(x.Name, id), Value: x.Value.Dist})
	}
	for _, id := range ids("events", keysOf(f.Events)) {
		e := f.Events[id]
		ev := sim.Event{ID: id, Name: orID(e.Name, id), Day: e.Day.Dist, Probability: sim.Const(1)}
		if e.Probability != nil {
			ev.Probability = e.Probability.Dist
		}
		switch g, ok := sim.ParseGate(valueOf(e.Before)); {
		case ok:
			ev.Gate = g
		case e.Before != nil:
			bad("events."+id+".before", *e.Before, `must be "request" (the units are asked for after the event) or "move" (they move after it)`)
		}
		sc.Events = append(sc.Events, ev)
	}
	for _, id := range ids("countries", keysOf(f.Countries)) {
		c := f.Countries[id]
		co := sim.Country{ID: id, Name: orID(c.Name, id), Consent: c.Consent.Dist}
		if l := c.Legislative; l != nil {
			co.Legislative = sim.Legislative{Probability: l.Probability.Dist, Delay: l.Delay.Dist, Refusal: l.Refusal.Dist}
		}
		sc.Countries = append(sc.Countries, co)
	}
	for _, id := range ids("missions", keysOf(f.Missions)) {
		m := f.Missions[id]
		sc.Missions = append(sc.Missions, sim.Mission{ID: id, Name: orID(m.Name, id), Strength: m.Strength, Floor: m.Floor, Release: m.Release.Dist})
	}
	for _, id := range ids("origins", keysOf(f.Origins)) {
		sc.Origins = append(sc.Origins, sim.Origin{ID: id, Name: orID(f.Origins[id].Name, id)})
	}
	for _, id := range ids("lift", keysOf(f.Lift)) {
		l := f.Lift[id]
		p := sim.LiftPool{ID: id, Name: l.Name, Count: l.Count, Seats: l.Seats, Payload: l.Payload,
			Available: l.Available.Dist, Until: l.Until}
		p.Name = orID(orID(p.Name, l.Aircraft), id)
		for _, o := range inOrder(keysOf(l.FlightHours), order["origins"]) {
			p.Flights = append(p.Flights, sim.Flight{Origin: o, Hours: l.FlightHours[o]})
		}
		sc.Lift = append(sc.Lift, p)
	}
	for _, id := range ids("airfields", keysOf(f.Airfields)) {
		a := f.Airfields[id]
		sc.Airfields = append(sc.Airfields, sim.Airfield{ID: id, Name: orID(a.Name, id), Slots: a.Slots, GroundHours: a.GroundHours})
	}
	for _, id := range ids("routes", keysOf(f.Routes)) {
		r := f.Routes[id]
		sc.Routes = append(sc.Routes, sim.Route{ID: id, Name: orID(r.Name, id), Transit: r.Transit.Dist, Every: r.Every})
	}
	if o := f.Observed; o != nil {
		for _, b := range []struct {
			key string
			n   int
		}{{"baseline_troops", valueOf(o.BaselineTroops)}, {"baseline_police", valueOf(o.BaselinePolice)}} {
			if b.n < 0 || b.n > sim.MaxPersonnel {
				bad("observed."+b.key, b.n, "must be from 0 to %d", sim.MaxPersonnel)
			}
		}
	}
	needDefault := false
	for _, id := range ids("units", keysOf(f.Units)) {
		fu := f.Units[id]
		p := "units." + id
		u := sim.Unit{ID: id, Name: fu.Name, Kind: fu.Kind, Strength: fu.Strength, Count: 1,
			Country: fu.Country, Mission: fu.Mission, Priority: fu.Priority,
			Readiness: fu.Readiness.Dist, Rehat: fu.Rehat.Dist, Preparation: fu.Preparation.Dist,
			Origin: fu.Origin, Airfield: fu.Airfield, Route: fu.Route, Required: 1}
		u.Name = orID(u.Name, id)
		if fu.Count != nil {
			if *fu.Count < 0 {
				bad(p+".count", *fu.Count, "must not be negative")
			}
			u.Count = *fu.Count
		}
		switch c, ok := sim.ParseCategory(fu.Category); {
		case ok:
			u.Category = c
		case fu.Category == "":
			if strings.Contains(strings.ToLower(fu.Kind), "police") {
				u.Category = sim.Police
			}
		default:
			bad(p+".category", fu.Category, `must be "troops" or "police"`)
		}
		if s, ok := sim.ParseSourceKind(fu.Source); ok {
			u.Source = s
		} else if fu.Source == "" {
			bad(p+".source", nil, `is missing: say where the unit comes from: "pledge", "transfer", "standby" or "rehat"`)
		} else {
			bad(p+".source", fu.Source, `must be "pledge", "transfer", "standby" or "rehat"`)
		}
		if fu.Required != nil {
			u.Required = *fu.Required
			if u.Required == 0 {
				bad(p+".required", 0.0, "must be above 0: a unit counts once some of it is there")
			}
		}
		switch {
		case fu.PledgeProbability != nil:
			u.PledgeProbability = &fu.PledgeProbability.Dist
		case f.ForceGeneration.Probability == nil && u.Source == sim.Pledge:
			needDefault = true
		}
		u.Await, u.RelievedBy, u.InPlace = fu.Await, fu.RelievedBy, fu.InPlace
		u.Leave, u.Withdrawal = fu.Leave.Dist, fu.Withdrawal.Dist
		if fu.Fill != nil {
			u.Fill = fu.Fill.Dist
			if u.Fill.IsZero() {
				bad(p+".fill", 0.0, "must be a share of the unit's strength above 0 and at most 1")
			}
		}
		if a := fu.Activation; a != nil {
			u.Activation = &sim.Activation{Probability: sim.Const(1), Delay: a.Delay.Dist}
			if a.Probability != nil {
				u.Activation.Probability = a.Probability.Dist
			}
		}
		if rf := fu.RehatFailure; rf != nil {
			u.RehatFailure = &sim.RehatFailure{Probability: rf.Probability.Dist, Delay: rf.Delay.Dist, Replace: rf.Replace}
		}
		if ro := fu.Rotation; ro != nil {
			u.Rotation = &sim.Rotation{First: ro.First.Dist, Tour: ro.Tour.Dist, Gap: ro.Gap.Dist, Overlap: ro.Overlap.Dist, Replace: sim.Const(1)}
			if ro.Replace != nil {
				u.Rotation.Replace = ro.Replace.Dist
			}
			if ro.Fill != nil {
				u.Rotation.Fill = ro.Fill.Dist
				if u.Rotation.Fill.IsZero() {
					bad(p+".rotation.fill", 0.0, "must be a share of the unit's strength above 0 and at most 1")
				}
			}
			if !ro.Tour.given {
				bad(p+".rotation.tour", nil, "is missing: give the days a contingent serves before it rotates, such as tour = 365")
			}
		}
		regenerates := u.Rotation != nil || !u.Withdrawal.IsZero() || (u.RehatFailure != nil && u.RehatFailure.Replace)
		if regenerates && fu.PledgeProbability == nil && f.ForceGeneration.Probability == nil && u.Source != sim.Pledge {
			needDefault = true // a slot that goes back to force generation needs a chance of being pledged
		}
		if e := fu.Equipment; e != nil {
			u.Equipment = sim.Equipment{Tonnes: e.Tonnes, Largest: e.Largest, Route: e.Route, Required: u.Required}
			if e.Required != nil {
				u.Equipment.Required = *e.Required
			}
		}
		if u.Count <= 0 {
			// count = 0 leaves the unit out; it is still checked.
			u.Count = 1
			leftOut = append(leftOut, u)
			continue
		}
		sc.Units = append(sc.Units, u)
	}
	if needDefault {
		bad("force_generation.probability", nil, "is missing: pledged units need a chance of being pledged at each conference (or their own pledge_probability)")
	}
	return sc, leftOut, errs
}

// valueOf returns *p, or the zero value if p is nil.
func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// walkText reports the text values of a decoded file that hold control
// characters, which would break tables and reach terminals raw; a
// description or a citation may have tabs and line breaks. IDs are checked
// on their own; a strategy's values when they are applied.
func walkText(v reflect.Value, path []string, report func(path, text string, multiline bool)) {
	switch v.Kind() {
	case reflect.String:
		multiline := len(path) > 0 && (path[len(path)-1] == "description" || path[len(path)-1] == "cite")
		if strings.ContainsFunc(v.String(), func(r rune) bool { return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) }) {
			report(strings.Join(path, "."), v.String(), multiline)
		}
	case reflect.Struct:
		if v.Type() == distType || v.Type() == dateType {
			return
		}
		for i := range v.NumField() {
			if tag := tagOf(v.Type().Field(i)); tag != "" && tag != "set" {
				walkText(v.Field(i), append(path, tag), report)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			walkText(v.Elem(), path, report)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			walkText(v.MapIndex(k), append(path, k.String()), report)
		}
	}
}

// orID returns name, or id if name is empty.
func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// keysOf returns a map's keys, sorted.
func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// inOrder returns keys in the order they appear in order, then any others
// in sorted order.
func inOrder(keys, order []string) []string {
	rank := make(map[string]int, len(order))
	for i, k := range order {
		if _, ok := rank[k]; !ok {
			rank[k] = i
		}
	}
	out := slices.Clone(keys)
	slices.SortStableFunc(out, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}
