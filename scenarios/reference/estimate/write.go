package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// version is the version of the tables this estimator writes.
const version = "3"

// Assumptions the data cannot tell, each used where the table is written.
const (
	prepSpread  = 2.0     // a preparation's 90th percentile is twice its median
	enablerPrep = 4.0 / 3 // enablers prepare a third longer than battalions
	enablerRate = 1.0 / 3 // and are pledged a third as often
	otherRate   = 2.0 / 3 // other kinds, two thirds as often
	tourMean    = 365     // a contingent's tour of duty, days
)

// estimates is everything a table says.
type estimates struct {
	params  params
	dep     departures
	builds  []buildup  // the build-ups it is fitted on
	curves  []curve    // theirs
	leftOut *buildup   // the build-up it is fitted without; nil: the shipped table
	fit     *fitRecord // nil while fitting: a candidate table
}

// fitRecord is what the fit matched and, for the shipped table, how the
// tables fitted without each build-up did on it.
type fitRecord struct {
	fs                   fitSettings
	loss                 float64
	troopsSim, policeSim [][]float64 // quantiles by feature month, in the order of taus
	validation           *validation // nil in a leave-one-out table
}

// validation is the leave-one-out coverage: in all, and by build-up (in the
// order of estimates.builds).
type validation struct {
	total coverage
	by    []coverage
}

// num formats x rounded to prec decimals, without trailing zeros.
func num(x float64, prec int) string {
	if math.IsNaN(x) {
		return "nan"
	}
	p := math.Pow(10, float64(prec))
	return strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
}

func nums(xs []float64, prec int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = num(x, prec)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func quoted(xs []string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Quote(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// gap is the mean rotation gap, days, that makes the share absent at a
// month-end what the contingents show: gap / (tour + gap).
func (e *estimates) gap() float64 {
	a := e.dep.absentShare()
	return a * tourMean / (1 - a)
}

// lognormal writes a lognormal distribution of median m and 90th
// percentile spread*m, in whole days.
func lognormal(m, spread float64, factor string) string {
	s := fmt.Sprintf(`{ dist = "lognormal", median = %s, p90 = %s`, num(m, 0), num(math.Max(m*spread, math.Round(m)+1), 0))
	if factor != "" {
		s += fmt.Sprintf(", factor = %q", factor)
	}
	return s + " }"
}

// table writes the reference table.
func (e *estimates) table() []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p := e.params
	w(`# Reference-class defaults: what a scenario that sets reference_class = "%s"
# falls back on for each generic parameter it leaves out.
#
# Written by the estimator, not by hand: %s
# reads scenarios/data/ipi-missions.csv and scenarios/data/ipi-contributors.csv and
# writes this file, the same bytes for the same data. scenarios/reference/README.md
# says how each value was estimated and what the data cannot tell. Every number
# says what it was estimated from, or "assumption" with the reason.
`, version, e.estimation())
	if e.leftOut != nil {
		w(`#
# A leave-one-out table: fitted as scenarios/reference/defaults.toml is,
# without the build-up %s. surge backtest --all scores the scenario
# %s with it, so that no scenario is scored with defaults estimated
# on its own outcome.
`, e.leftOut.name, e.leftOut.scenario)
	}
	w("\nversion = %q\n", version)
	if e.leftOut != nil {
		w("left_out = %q # the scenario whose build-up, %s, this table is fitted without\n", e.leftOut.scenario, e.leftOut.name)
	}
	first, last := e.years()
	w(`title = "Reference-class defaults estimated on past UN build-ups"
description = """
Delays, pledge chances, fill and departures for a generic UN build-up, fitted so
that two generic scenarios reproduce the median and the spread of %d training
build-ups (%d-%d) at 3 to 24 months after their resolutions, and departures
measured on the contingents of 2009-2014."""
estimation = %q

`, e.compared(), first, last, e.estimation())

	w(`[sources.ipi-missions]
cite = "Perry, C. and Smith, A. C. (2013). Trends in Uniformed Contributions to UN Peacekeeping: A New Dataset, 1991-2012. Providing for Peacekeeping No. 3, International Peace Institute. Monthly strength by mission, shipped as scenarios/data/ipi-missions.csv."
url = "https://github.com/IPIDataLab/PPP_Loader"

[sources.ipi-contributors]
cite = "International Peace Institute, Providing for Peacekeeping: monthly contributions by country and mission, November 2009 to February 2014, shipped as scenarios/data/ipi-contributors.csv."
url = "https://github.com/IPIDataLab/TCC-DataScraper"

[sources.rappa-2016]
cite = "Rappa, R. (2016). Global Peace Operations Review: UN missions peak near 92.5%% of their authorized ceiling about ten months after authorization (twelve in Africa)."

[sources.lundgren-2021]
cite = "Lundgren, M., Oksamytna, K. and Coleman, K. P. (2021). Only as fast as its troop contributors: Incentives, capabilities, and constraints in the UN's peacekeeping response. Journal of Peace Research 58(4). doi:10.1177/0022343320940763. Contributors whose parliaments must approve deployments are slower."
url = "https://doi.org/10.1177/0022343320940763"

[sources.m49]
cite = "United Nations Statistics Division. Standard country or area codes for statistical use (M49): the regions that make the contributor groups."
url = "https://unstats.un.org/unsd/methodology/m49/"

[sources.unibam]
cite = "United Nations, Department of Peacekeeping Operations and Department of Field Support (2012). United Nations Infantry Battalion Manual: the standard battalion of about 850, the generic scenarios' battalion."

`)

	w(`[force_generation]
first = 21       # assumption: a first round of requests three weeks after the resolution
interval = 30    # assumption: monthly rounds
conferences = 24 # assumption: two years of rounds

[reception]
delay = { dist = "triangular", min = 2, mode = 5, max = 14 } # assumption: days to two weeks; monthly figures cannot see it

# Drawn once per replication: how willing and able contributors are this time.
# Its spread is what makes whole build-ups fast or slow together.
[factors.political-will]
name = "Political will of contributors (reference class)"
value = { dist = "lognormal", median = 1, p90 = %s } # fitted: the spread between the training build-ups' curves [fit]
scales = ["consent", "preparation", "1/pledge"]

`, num(p.willP90, 2))

	w("# Contributor groups by UN M49 region [m49]: countries.ID.group in a scenario.\n")
	for _, g := range groups {
		w("[groups.%s]\ndescription = %q\n", g.id, g.description+" ("+g.regions+")")
		w("countries = %s\n", wrapList(g.countries))
		w(`consent = { dist = "lognormal", median = 30, p90 = 90 } # assumption: the data have no first deployments to time by group, so the groups share one consent delay; the fitted preparation absorbs its scale` + "\n")
		if g.id == "europe" || g.id == "latin-america" {
			w(`legislative = { probability = 0.5, delay = { dist = "lognormal", median = 30, p90 = 90 }, refusal = 0.05 } # assumption: half need a parliamentary vote, about a month; such contributors are slower [lundgren-2021]` + "\n")
		}
		w("\n")
	}

	w("# Unit kinds: units.ID.kind in a scenario (any other kind uses \"other\").\n")
	bn := lognormal(p.prepTroops, prepSpread, "")
	w(`[kinds.infantry]
aliases = ["mechanized infantry", "battalion"]
preparation = %s # fitted: the troop build-ups' curves [fit]; 90th percentile twice the median (assumption)
pledge = %s # fitted: the troop build-ups' curves [fit]; chance at each round
fill = { dist = "uniform", min = %s, max = 1 } # fitted: the build-ups' plateaus below their ceilings [fit]

`, bn, num(p.pledge, 3), num(p.fillMin, 2))
	w(`[kinds.formed-police]
aliases = ["formed police", "fpu"]
preparation = %s # fitted infantry preparation (assumption: a formed unit trains and ships its equipment as a battalion does; the police build-ups, mostly of individual officers, cannot tell)
pledge = %s # fitted: as for infantry [fit]
fill = { dist = "uniform", min = %s, max = 1 } # fitted: as for infantry [fit]

[kinds.individual-police]
aliases = ["individual police", "police officers", "ipo"]
preparation = %s # fitted: the police build-ups' curves [fit], with formed units preparing as infantry; 90th percentile twice the median (assumption)
pledge = %s # fitted: as for infantry [fit]
fill = { dist = "uniform", min = %s, max = 1 } # fitted: as for infantry [fit]

`, bn, num(p.pledge, 3), num(p.fillMin, 2),
		lognormal(p.prepPolice, prepSpread, ""), num(p.pledge, 3), num(p.fillMin, 2))
	w(`[kinds.enabler]
aliases = ["engineer", "medical", "aviation", "logistics", "signals", "transport", "headquarters", "military police"]
preparation = %s # fitted infantry preparation times 4/3 (assumption: specialized equipment takes longer)
pledge = %s # fitted infantry chance times 1/3 (assumption: scarce capabilities are found last)
fill = { dist = "uniform", min = %s, max = 1 } # fitted: as for infantry [fit]

[kinds.other]
preparation = %s # fitted: as for infantry [fit]
pledge = %s # fitted infantry chance times 2/3 (assumption: between battalions and enablers)
fill = { dist = "uniform", min = %s, max = 1 } # fitted: as for infantry [fit]

`, lognormal(p.prepTroops*enablerPrep, prepSpread, ""), num(p.pledge*enablerRate, 3), num(p.fillMin, 2),
		bn, num(p.pledge*otherRate, 3), num(p.fillMin, 2))
	w(`[rehat]
fill = { dist = "uniform", min = 0.7, max = 1 } # assumption: the monthly figures show the re-hatted strength, not the force it came from
failure = { probability = 0.1, delay = { dist = "uniform", min = 30, max = 180 }, replace = true } # assumption: the data do not say which contingents were repatriated

[service]
withdrawal = %s # estimated: %d exits in %d contingent-months of units [ipi-contributors] (see [fit.departures]); chance per 30 days
rotation = { tour = { dist = "uniform", min = 330, max = 400 }, gap = { dist = "uniform", min = 0, max = %s }, replace = 1 } # tour: assumption (twelve-month tours); gap: estimated, twice the mean gap that gives the share absent at month-ends in [fit.departures]; replace: exits are counted as withdrawals

`, num(e.dep.hazard(), 4), e.dep.exits, e.dep.months, num(math.Max(2*e.gap(), 1), 0))
	e.writeFit(&b)
	return []byte(b.String())
}

func (e *estimates) estimation() string {
	return "go run ./scenarios/reference/estimate (or make reference)"
}

// years returns the years of the first and the last resolution whose
// curve the table is fitted on.
func (e *estimates) years() (int, int) {
	first, last := 0, 0
	for _, b := range e.builds {
		if b.notCompared != "" {
			continue
		}
		y := b.day0.Year()
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	return first, last
}

// compared counts the build-ups whose curves the table is fitted on.
func (e *estimates) compared() int {
	n := 0
	for _, b := range e.builds {
		if b.notCompared == "" {
			n++
		}
	}
	return n
}

// wrapList writes a list of strings over several lines.
func wrapList(xs []string) string {
	var b strings.Builder
	b.WriteString("[")
	for i, x := range xs {
		if i%12 == 0 {
			b.WriteString("\n  ")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(strconv.Quote(x) + ",")
	}
	b.WriteString("\n]")
	return b.String()
}
