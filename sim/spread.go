package sim

import (
	"math"
	"slices"
)

// Spread says how much of a result's spread comes from scenario-wide
// uncertainty (factors, uncertain parameters, the timing of events) and how
// much from the randomness of each unit and country. It sets the full band
// beside the band of the same replications run again with the scenario-wide
// quantities fixed at their medians.
type Spread struct {
	// Fixed lists the scenario-wide quantities (key paths) that were fixed.
	Fixed []string    `json:"fixed"`
	Days  []SpreadDay `json:"days"`
}

// SpreadDay compares the two bands of the share of the target operational
// on one day.
type SpreadDay struct {
	Day      int    `json:"day"`
	Date     string `json:"date"`
	P10      Share  `json:"p10"` // the full band
	P90      Share  `json:"p90"`
	FixedP10 Share  `json:"fixed_p10"` // with the scenario-wide quantities at their medians
	FixedP90 Share  `json:"fixed_p90"`
	// Shared is the part of the variance of the share that scenario-wide
	// uncertainty adds: 1 - variance with them fixed / full variance (0 if
	// fixing them does not narrow it). It is an approximation: the
	// variance at the medians stands for the mean variance given them.
	Shared Share `json:"shared"`
}

// SharedUncertainty lists the scenario-wide quantities that are uncertain,
// as key paths: factors, events whose day or occurrence is uncertain, host
// consent and the authorization of transfers, and parameters drawn once per
// replication (probabilities given as distributions). Everything else (each
// unit's delays, each country's decision) is unit-level randomness.
func (sc *Scenario) SharedUncertainty() []string {
	var out []string
	random := func(d Dist) bool { return d.Kind != Fixed }
	add := func(path string, d Dist) {
		if random(d) {
			out = append(out, path)
		}
	}
	for _, f := range sc.Factors {
		add("factors."+f.ID, f.Value)
	}
	add("host.consent", sc.Host.Consent)
	add("force_generation.probability", sc.ForceGeneration.Probability)
	add("transfers.authorization", sc.Transfers.Authorization)
	for _, e := range sc.Events {
		p := e.Probability
		if random(e.Day) || random(p) || (p.Value > 0 && p.Value < 1) {
			out = append(out, "events."+e.ID)
		}
	}
	for _, c := range sc.Countries {
		add("countries."+c.ID+".legislative.probability", c.Legislative.Probability)
		add("countries."+c.ID+".legislative.refusal", c.Legislative.Refusal)
	}
	for i := range sc.Units {
		u := &sc.Units[i]
		p := "units." + u.ID
		if u.PledgeProbability != nil {
			add(p+".pledge_probability", *u.PledgeProbability)
		}
		add(p+".withdrawal", u.Withdrawal)
		if u.Activation != nil {
			add(p+".activation.probability", u.Activation.Probability)
		}
		if u.RehatFailure != nil {
			add(p+".rehat_failure.probability", u.RehatFailure.Probability)
		}
		if u.Rotation != nil {
			add(p+".rotation.replace", u.Rotation.Replace)
		}
	}
	return out
}

// spreadDays are the days Spread compares, within the horizon.
var spreadDays = []int{90, 180, 365, 730}

// spreadDays returns the days Spread compares: spreadDays within the
// horizon, and the horizon if it comes before the last of them.
func (a *accumulator) spreadDays() []int {
	days := slices.Clone(spreadDays)
	if h := a.days - 1; h < days[len(days)-1] && !slices.Contains(days, h) {
		days = append(days, h)
	}
	return slices.DeleteFunc(days, func(d int) bool { return d >= a.days })
}

// spreadStat is what Spread needs of a daily series on one day.
type spreadStat struct{ p10, p90, variance float64 }

// spread compares the full run's daily series with the fixed run's on
// days (see accumulator.spreadDays), of which full and fixed are the stats
// (nil without daily series).
func spread(m *model, days []int, full, fixed []spreadStat, shared []string) *Spread {
	s := &Spread{Fixed: shared}
	if full == nil || fixed == nil {
		return s
	}
	for i, d := range days {
		vf, vx := full[i].variance, fixed[i].variance
		sd := SpreadDay{Day: d, Date: m.date(float64(d)), P10: Share(full[i].p10), P90: Share(full[i].p90),
			FixedP10: Share(fixed[i].p10), FixedP90: Share(fixed[i].p90)}
		if vf > 0 {
			sd.Shared = Share(max(0, 1-vx/vf))
		}
		s.Days = append(s.Days, sd)
	}
	return s
}

// variance returns the variance, over n replications, of the share
// counted by bin.
func (h *histogram) variance(counts []int64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	var sum, sq float64
	for b, c := range counts {
		x := h.share(b)
		sum += float64(c) * x
		sq += float64(c) * x * x
	}
	mean := sum / float64(n)
	return max(0, sq/float64(n)-mean*mean)
}
