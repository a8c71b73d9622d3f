package workflow

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// KindStory is the kind of a Story, as its JSON's "kind" says.
const KindStory = "story"

// StoryOptions are the options of Tell. Replications and Workers play no
// part: a replication depends only on the scenario, the seed and its index.
type StoryOptions struct {
	Options
	// Replication is the run to tell, from 0: replication K of any "surge
	// run" with the same scenario, seed and options.
	Replication int
}

// Story is one replication told in plain words, in time order: what "surge
// story" prints.
type Story struct {
	SchemaVersion int              `json:"schema_version"`
	Kind          string           `json:"kind"` // KindStory
	Surge         sim.Build        `json:"surge"`
	Scenario      sim.ScenarioInfo `json:"scenario"`
	Strategy      string           `json:"strategy"`
	Overrides     []string         `json:"overrides"`
	Seed          uint64           `json:"seed"`
	Replication   int              `json:"replication"`
	Target        sim.TargetInfo   `json:"target"`
	// Events are what happened, in time order, each with its day, its date
	// and a sentence.
	Events []StoryEvent `json:"events"`
	// Reached is the day the run reached each share of the target (null:
	// not within the horizon), as "surge run"'s samples give it for this
	// replication.
	Reached []StoryReach `json:"reached"`
	// Final is the share of the target operational at the horizon.
	Final sim.Share `json:"final"`
	// Units are the unit instances' ways through the pipeline: the stages
	// (those that took time) and what became of each, for a timeline.
	Units []StoryUnit `json:"units"`
}

// StoryEvent is one thing that happened.
type StoryEvent struct {
	Day  sim.Days `json:"day"`
	Date string   `json:"date"` // the calendar day it falls on, as 2006-01-02
	// Unit is the unit instance's ID (with #n for units with a count), ""
	// for what concerns the whole surge; Name is its name.
	Unit string `json:"unit"`
	Name string `json:"name"`
	// What is a word for the kind of event: resolution, authorization,
	// host_consent, in_place, a stage's name (pledge, consent, ...) when it
	// ends, gap, refused, blocked, not_activated, not_replaced (a status:
	// how a unit dropped out), a movement's name
	// (arrival, operational, join, rotation_in, ...), reached, benchmark,
	// horizon.
	What string `json:"what"`
	Text string `json:"text"` // a sentence in plain words
}

// StoryReach is the day a share of the target was reached.
type StoryReach struct {
	Fraction sim.Share `json:"fraction"`
	Day      sim.Days  `json:"day"` // null if never within the horizon
}

// StoryUnit is one unit instance's way through the pipeline.
type StoryUnit struct {
	Unit        string      `json:"unit"` // ID, with #n for units with a count
	Name        string      `json:"name"`
	Status      string      `json:"status"`      // what became of it by the horizon (sim.Status)
	Operational sim.Days    `json:"operational"` // the day it first became operational; null if never
	Spans       []StorySpan `json:"spans"`
}

// StorySpan is a stretch of time a unit spent in one stage.
type StorySpan struct {
	Stage string   `json:"stage"`
	Label string   `json:"label"`
	Start sim.Days `json:"start"`
	End   sim.Days `json:"end"`
}

// Tell simulates replication opt.Replication of the scenario exactly as
// Run does, and tells it.
func Tell(_ context.Context, file *scenarios.File, opt *StoryOptions) (*Story, error) {
	if opt == nil {
		opt = &StoryOptions{}
	}
	sc, rep, err := Trace(file, opt)
	if err != nil {
		return nil, err
	}
	return tell(sc, rep, &opt.Options), nil
}

// Trace builds the scenario and simulates replication opt.Replication of
// it, exactly as Run does: the record Tell tells, and a timeline draws.
func Trace(file *scenarios.File, opt *StoryOptions) (*sim.Scenario, *sim.Replication, error) {
	if opt.Replication < 0 {
		return nil, nil, errorf("replication", "must not be negative (got %d)", opt.Replication)
	}
	sc, err := Build(file, &opt.Options)
	if err != nil {
		return nil, nil, err
	}
	rep, err := sim.Trace(sc, opt.Seed, opt.Replication)
	if err != nil {
		return nil, nil, err
	}
	return sc, rep, nil
}

// teller puts a replication into words.
type teller struct {
	sc     *sim.Scenario
	rep    *sim.Replication
	events []StoryEvent
	seq    []int // each event's rank among those of its day
	total  int
}

func tell(sc *sim.Scenario, rep *sim.Replication, opt *Options) *Story {
	t := &teller{sc: sc, rep: rep, total: sc.Target.Total()}
	st := &Story{SchemaVersion: sim.SchemaVersion, Kind: KindStory, Surge: opt.Surge, Scenario: sc.Info(),
		Strategy: sc.Strategy, Overrides: sc.Overrides, Seed: opt.Seed, Replication: rep.Index,
		Target: sim.TargetInfo{Troops: sc.Target.Troops, Police: sc.Target.Police, Total: t.total}}
	if st.Overrides == nil {
		st.Overrides = []string{}
	}
	hz := float64(sc.Horizon)

	t.add(0, 0, "", "resolution", fmt.Sprintf("The Security Council authorizes the surge: %s more personnel (%s).",
		sim.Thousands(t.total), targetWords(sc.Target)))
	if rep.Authorization > 0 && rep.Authorization <= hz && t.has(sim.Transfer) {
		t.add(rep.Authorization, 1, "", "authorization", "The Security Council authorizes transfers of units from other missions.")
	}
	if rep.HostConsent > 0 && rep.HostConsent <= hz {
		t.add(rep.HostConsent, 1, "", "host_consent", "The host state consents: units may now enter the country.")
	}
	for _, u := range sc.Units {
		if u.InPlace {
			n := sim.Thousands(u.Strength)
			if u.Count > 1 {
				n = fmt.Sprintf("%d × %s", u.Count, n)
			}
			t.add(0, 1, u.ID, "in_place", fmt.Sprintf("Already in the mission on day 0 (%s personnel), counted in its strength then.", n))
		}
	}
	for i := range rep.Units {
		t.unit(i)
	}
	t.personnel()
	st.Reached, st.Final = t.shares()
	for _, b := range sc.Benchmarks {
		if b.Day > hz {
			continue
		}
		share := t.shareAt(b.Day)
		verdict := "met"
		if share < b.Fraction-1e-9 {
			verdict = "missed"
		}
		t.add(b.Day, 3, "", "benchmark", fmt.Sprintf("Benchmark %s: %s of the target by day %s. %s: %s operational.",
			verdict, percent(b.Fraction), dayText(b.Day), b.Label, percent(share)))
	}
	t.add(hz, 4, "", "horizon", t.horizonText(st.Final))

	// Time order; on the same day, the surge's own events first, then in
	// the order they were told (units in scenario order).
	idx := make([]int, len(t.events))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ea, eb := t.events[a], t.events[b]
		if c := compareDay(float64(ea.Day), float64(eb.Day)); c != 0 {
			return c
		}
		return t.seq[a] - t.seq[b]
	})
	st.Events = make([]StoryEvent, len(idx))
	for k, i := range idx {
		st.Events[k] = t.events[i]
	}
	st.Units = t.units()
	return st
}

// compareDay orders two days, as the simulation's tolerance does.
func compareDay(a, b float64) int {
	switch {
	case a < b-1e-9:
		return -1
	case a > b+1e-9:
		return 1
	}
	return 0
}

// add records an event; rank orders events of the same moment: 0 the
// resolution, 1 the surge's gates, 2 units, 3 milestones and benchmarks,
// 4 the horizon.
func (t *teller) add(day float64, rank int, unit, what, text string) {
	name := ""
	if unit != "" {
		name = t.unitName(unit)
	}
	t.events = append(t.events, StoryEvent{Day: sim.Days(day), Date: t.date(day), Unit: unit, Name: name, What: what, Text: text})
	t.seq = append(t.seq, rank*1_000_000+len(t.events))
}

func (t *teller) date(day float64) string {
	return t.sc.Start.Add(time.Duration(day * float64(24*time.Hour))).Format("2006-01-02")
}

// has reports whether any unit comes from source s.
func (t *teller) has(s sim.SourceKind) bool {
	return slices.ContainsFunc(t.sc.Units, func(u sim.Unit) bool { return u.Source == s })
}

// instanceID is a unit instance's ID, with #n for units with a count.
func (t *teller) instanceID(i int) string {
	u := &t.rep.Units[i]
	su := &t.sc.Units[u.Unit]
	if su.Count > 1 {
		return fmt.Sprintf("%s#%d", su.ID, u.Instance)
	}
	return su.ID
}

func (t *teller) unitName(id string) string {
	base, n, _ := strings.Cut(id, "#")
	for _, u := range t.sc.Units {
		if u.ID == base {
			name := u.Name
			if name == "" {
				name = u.ID
			}
			if n != "" {
				name += " #" + n
			}
			return name
		}
	}
	return id
}

func (t *teller) countryName(id string) string {
	for _, c := range t.sc.Countries {
		if c.ID == id {
			return c.Name
		}
	}
	if id == "" {
		return "its contributor"
	}
	return id
}

func (t *teller) missionName(id string) string {
	for _, m := range t.sc.Missions {
		if m.ID == id {
			return m.Name
		}
	}
	return id
}

// eventNames names the events a unit awaits, as a sentence's start.
func (t *teller) eventNames(ids []string) string {
	var names []string
	for _, id := range ids {
		for _, e := range t.sc.Events {
			if e.ID == id {
				names = append(names, e.Name)
			}
		}
	}
	if len(names) == 0 {
		return "An event it awaited has happened"
	}
	return strings.Join(names, "; ")
}

// unit tells the stages unit instance i went through, as each ends, and
// how its way ended if it dropped out.
func (t *teller) unit(i int) {
	u := &t.rep.Units[i]
	su := &t.sc.Units[u.Unit]
	id := t.instanceID(i)
	country := t.countryName(su.Country)
	hz := float64(t.sc.Horizon)
	seen := map[sim.Stage]bool{}
	for k, sp := range u.Spans {
		last := k == len(u.Spans)-1
		if last && u.Status != sim.Operational && u.Status != sim.InPipeline && u.Status != sim.Rotating {
			// The stage it dropped out of.
			if text := dropText(u.Status, su, country, t.missionName(su.Mission), t.sc.ForceGeneration.Conferences); text != "" {
				t.add(sp.End, 2, id, u.Status.String(), text)
				continue
			}
		}
		if sp.End <= sp.Start || sp.End >= hz && last {
			continue // took no time, or still in it at the horizon
		}
		text := stageText(sp.Stage, su, country, t.missionName(su.Mission), t.eventNames(su.Await), sp.End-sp.Start)
		if text == "" {
			continue
		}
		if seen[sp.Stage] {
			text = "The next contingent: " + lowerFirst(text)
		}
		seen[sp.Stage] = true
		t.add(sp.End, 2, id, sp.Stage.String(), text)
	}
	if u.Status == sim.Blocked && len(u.Spans) == 0 {
		t.add(0, 2, id, "blocked", dropText(sim.Blocked, su, country, t.missionName(su.Mission), 0))
	}
}

// stageText says what the end of a stage means, or "" for the stages told
// otherwise (movement, reception, rotation).
func stageText(s sim.Stage, u *sim.Unit, country, mission, events string, days float64) string {
	switch s {
	case sim.StageEvent:
		return fmt.Sprintf("%s: the wait is over.", events)
	case sim.StagePledge:
		return fmt.Sprintf("Pledged by %s at a force-generation conference, after %s of asking.", country, daysText(days))
	case sim.StageAuthorization:
		return "" // the surge's own event
	case sim.StageConsent:
		return fmt.Sprintf("Consent given by %s, after %s.", country, daysText(days))
	case sim.StageLegislative:
		return fmt.Sprintf("Approved by the parliament of %s, after %s.", country, daysText(days))
	case sim.StageActivation:
		return "The decision is taken to use the standby arrangement."
	case sim.StageReadiness:
		return "The standby unit is ready."
	case sim.StageRelease:
		return fmt.Sprintf("Released by %s, after %s.", mission, daysText(days))
	case sim.StagePreparation:
		return fmt.Sprintf("Ready to move, after %s of preparation (agreement, training, equipment).", daysText(days))
	case sim.StageHostConsent:
		return "The host state lets it in."
	case sim.StageLiftWait:
		if u.Route != "" {
			if days < 1 {
				return ""
			}
			return fmt.Sprintf("It sets off, after %s waiting for a convoy.", daysText(days))
		}
		if days < 1 {
			return ""
		}
		return fmt.Sprintf("Its last aircraft takes off: %s after it was ready, waiting for airlift.", daysText(days))
	case sim.StageAirfield:
		if days >= 1 {
			return fmt.Sprintf("Unloaded at last, after %s waiting for a slot at the arrival airfield.", daysText(days))
		}
	case sim.StageRehat:
		return ""
	}
	return ""
}

// dropText says how a unit dropped out, or "".
func dropText(s sim.Status, u *sim.Unit, country, mission string, conferences int) string {
	switch s {
	case sim.Gap:
		return fmt.Sprintf("No contributor pledges it at %d force-generation conferences: a capability gap. It will not come.", conferences)
	case sim.Refused:
		return fmt.Sprintf("The parliament of %s votes against the deployment: it will not come.", country)
	case sim.Blocked:
		return fmt.Sprintf("%s cannot release it without falling below its floor: the transfer is blocked.", mission)
	case sim.NotActivated:
		return "The standby arrangement is not used: it will not come."
	case sim.NotReplaced:
		return "No new contributor is found for its slot at the force-generation conferences left: it is not replaced."
	}
	return ""
}

// personnel tells the arrivals, the units becoming operational and the
// departures, with the share of the target operational after each change.
func (t *teller) personnel() {
	hz := float64(t.sc.Horizon)
	operational := 0
	arriving := map[int]bool{} // a contingent of unit i whose first arrival is told
	for _, e := range t.rep.Personnel {
		if e.Day > hz+1e-9 {
			break
		}
		operational += e.Operational
		id := t.instanceID(e.Unit)
		u := &t.rep.Units[e.Unit]
		su := &t.sc.Units[u.Unit]
		share := t.standing(operational)
		n := abs(e.Operational)
		switch e.Why {
		case sim.MoveArrival:
			if arriving[e.Unit] {
				continue
			}
			arriving[e.Unit] = true
			where := "in the mission area"
			if su.Route != "" {
				where = "by " + t.routeName(su.Route)
			} else if a := t.airfieldName(su.Airfield); a != "" {
				where = "at " + a
				if rest, ok := strings.CutPrefix(a, "The "); ok {
					where = "at the " + rest
				}
			}
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("The first %s arrive %s.", sim.Thousands(e.Arrived), where))
		case sim.MoveOperational:
			arriving[e.Unit] = false
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("Operational: %s more personnel count toward the target; %s.", sim.Thousands(n), share))
		case sim.MoveJoin:
			if e.Operational == 0 {
				continue // already there, and counted before day 0
			}
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("Already in the country, it joins the mission: %s count toward the target; %s.", sim.Thousands(n), share))
		case sim.MoveRotationIn:
			arriving[e.Unit] = false
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("A new contingent of %s takes over; %s.", sim.Thousands(n), share))
		case sim.MoveRotationOut:
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("%s leave at the end of their tour; the next contingent is on its way, and %s.", upperFirst(sim.Thousands(n)), share))
		case sim.MoveLeft:
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("It leaves the mission for good (%s personnel); %s.", sim.Thousands(n), share))
		case sim.MoveRepatriated:
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("Repatriated: the contingent failed UN standards (%s personnel); %s.", sim.Thousands(n), share))
		case sim.MoveWithdrawn:
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("Withdrawn by %s (%s personnel); %s.", t.countryName(su.Country), sim.Thousands(n), share))
		case sim.MoveNotReplaced:
			t.add(e.Day, 2, id, e.Why.String(), fmt.Sprintf("%s leave at the end of their tour, and no one is sent in their place: the slot goes back to force generation; %s.",
				upperFirst(sim.Thousands(n)), share))
		}
	}
}

// standing says where the surge stands with operational personnel above
// (or below) the strength on day 0.
func (t *teller) standing(operational int) string {
	if operational < 0 {
		return fmt.Sprintf("the mission is %s below its strength on day 0", sim.Thousands(-operational))
	}
	return fmt.Sprintf("%s of the target is now operational", percent(float64(operational)/float64(t.total)))
}

func (t *teller) routeName(id string) string {
	for _, r := range t.sc.Routes {
		if r.ID == id {
			return strings.ToLower(r.Name[:1]) + r.Name[1:]
		}
	}
	return "road"
}

// airfieldName is the name of the unit's arrival airfield ("" for the
// only one when it has no name).
func (t *teller) airfieldName(id string) string {
	for _, a := range t.sc.Airfields {
		if a.ID == id || (id == "" && len(t.sc.Airfields) == 1) {
			return a.Name
		}
	}
	return ""
}

// fractions are the shares of the target "surge run" reports days to.
var fractions = []float64{0.25, 0.5, 0.75, 0.9, 1}

// shares tells when the run reached each share of the target, as "surge
// run" counts it, and returns those days and the share at the horizon.
func (t *teller) shares() ([]StoryReach, sim.Share) {
	hz := float64(t.sc.Horizon)
	var reached []StoryReach
	for _, f := range fractions {
		need, cum, at := f*float64(t.total)-1e-9, 0.0, math.Inf(1)
		for _, e := range t.rep.Personnel {
			if e.Day > hz+1e-9 {
				break
			}
			cum += float64(e.Operational)
			if e.Operational != 0 && cum >= need {
				at = e.Day
				break
			}
		}
		r := StoryReach{Fraction: sim.Share(f), Day: sim.Days(at)}
		if !math.IsInf(at, 1) {
			t.add(at, 3, "", "reached", fmt.Sprintf("%s of the target is operational.", upperFirst(shareWords(f))))
		}
		reached = append(reached, r)
	}
	return reached, sim.Share(t.shareAt(hz))
}

// shareAt is the share of the target operational on a day.
func (t *teller) shareAt(day float64) float64 {
	cum := 0.0
	for _, e := range t.rep.Personnel {
		if e.Day > day+1e-9 {
			break
		}
		cum += float64(e.Operational)
	}
	return cum / float64(t.total)
}

// horizonText sums up the run at the horizon: the share operational, and
// the units still on their way or that will not come.
func (t *teller) horizonText(final sim.Share) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The end of the simulation (day %d): %s of the target is operational.", t.sc.Horizon, percent(float64(final)))
	var onWay, never, gone []string
	for i, u := range t.rep.Units {
		name := t.unitName(t.instanceID(i))
		switch u.Status {
		case sim.InPipeline:
			stage := "on its way"
			if n := len(u.Spans); n > 0 {
				stage = u.Spans[n-1].Stage.Label()
			}
			onWay = append(onWay, fmt.Sprintf("%s (%s)", name, stage))
		case sim.Gap, sim.Refused, sim.Blocked, sim.NotActivated:
			never = append(never, name)
		case sim.NotReplaced:
			gone = append(gone, name)
		}
	}
	if len(onWay) > 0 {
		fmt.Fprintf(&b, " Still on the way: %s.", strings.Join(onWay, "; "))
	}
	if len(never) > 0 {
		fmt.Fprintf(&b, " Never coming: %s.", strings.Join(never, "; "))
	}
	if len(gone) > 0 {
		fmt.Fprintf(&b, " Gone and not replaced: %s.", strings.Join(gone, "; "))
	}
	return b.String()
}

// units returns each unit instance's stages and outcome.
func (t *teller) units() []StoryUnit {
	out := make([]StoryUnit, len(t.rep.Units))
	for i, u := range t.rep.Units {
		id := t.instanceID(i)
		su := StoryUnit{Unit: id, Name: t.unitName(id), Status: u.Status.String(), Operational: sim.Days(u.Operational),
			Spans: []StorySpan{}}
		for _, sp := range u.Spans {
			if sp.End > sp.Start {
				su.Spans = append(su.Spans, StorySpan{Stage: sp.Stage.String(), Label: sp.Stage.Label(), Start: sim.Days(sp.Start), End: sim.Days(sp.End)})
			}
		}
		out[i] = su
	}
	return out
}

func targetWords(t sim.Target) string {
	switch {
	case t.Police == 0:
		return sim.Thousands(t.Troops) + " troops"
	case t.Troops == 0:
		return sim.Thousands(t.Police) + " police"
	}
	return sim.Thousands(t.Troops) + " troops and " + sim.Thousands(t.Police) + " police"
}

// shareWords names a share of the target in words.
func shareWords(f float64) string {
	switch f {
	case 0.25:
		return "a quarter"
	case 0.5:
		return "half"
	case 0.75:
		return "three quarters"
	case 1:
		return "all"
	}
	return percent(f)
}

// percent writes a share as a whole percentage, or with one decimal below
// 10%.
func percent(x float64) string {
	if math.Abs(x) < 0.1 && x != 0 {
		return fmt.Sprintf("%.1f%%", 100*x)
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

// daysText writes a number of days, whole.
func daysText(d float64) string {
	if d < 1 {
		return "less than a day"
	}
	n := int(math.Round(d))
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// dayText writes a day number without needless decimals.
func dayText(d float64) string { return fmt.Sprintf("%g", d) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
