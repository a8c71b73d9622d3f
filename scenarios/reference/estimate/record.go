package main

import (
	"fmt"
	"math"
	"strings"
)

// writeFit writes the [fit] table: what the estimation matched, and how the
// defaults did on build-ups left out.
func (e *estimates) writeFit(b *strings.Builder) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	f := e.fit
	if f == nil {
		return // a candidate table, while fitting
	}
	var names, skipped []string
	for _, bu := range e.builds {
		if bu.notCompared != "" {
			skipped = append(skipped, bu.name)
		} else {
			names = append(names, bu.name)
		}
	}
	w(`# What the estimation matched. Shares are of each build-up's pledged part:
# its ceiling less the strength already there and any re-hatted force.
[fit]
method = "Two generic scenarios (troops: nine battalions, three enablers, two formed police units; police: four formed police units, eight contingents of individual police), each unit its own country's, in mixed groups, simulated with candidate tables; Nelder-Mead (gonum) chooses the fitted values to minimize the mean pinball loss of the simulated quantiles (5, 10, 25, 50, 75, 90 and 95%%) of the share in the mission area against the training build-ups' shares at the months below, with one seed for every candidate"
training = %s
`, wrapList(names))
	if len(skipped) > 0 {
		w("not_compared = %s # in the data, but their curves are not compared (see their [fit.buildups] entries)\n", quoted(skipped))
	}
	if e.leftOut != nil {
		w("left_out = %q # not in the fit: neither its curve nor its contributor rows from its resolution to the end of its curve\n", e.leftOut.name)
	}
	w(`months = %s # months after the resolution compared
replications = %d # of each generic scenario per candidate
seed = %d # the same for every candidate: common random numbers
evaluations = %d # candidates at most, from the same start for every fit
loss = %s # mean pinball loss at the fitted values, over the quantiles and the training points

`, nums(intsToFloats(featureMonths), 0), f.fs.reps, f.fs.seed, fullEvaluations, num(f.loss, 4))

	for _, kind := range []string{"troops", "police"} {
		var fs [][]float64
		for i, bu := range e.builds {
			if bu.kind == kind && bu.notCompared == "" {
				fs = append(fs, e.curves[i].features())
			}
		}
		med := make([]float64, len(featureMonths))
		lo := make([]float64, len(featureMonths))
		hi := make([]float64, len(featureMonths))
		for m := range featureMonths {
			var col []float64
			for _, x := range fs {
				col = append(col, x[m])
			}
			med[m] = medianOf(col)
			lo[m], hi[m] = minMax(col)
		}
		q := f.troopsSim
		if kind == "police" {
			q = f.policeSim
		}
		w("[fit.%s]\n", kind)
		w("observed_median = %s # median of the %s build-ups' shares at each month [ipi-missions]; nan: none reaches it\n", nums(med, 2), kind)
		w("observed_min = %s # lowest [ipi-missions]\n", nums(lo, 2))
		w("observed_max = %s # highest [ipi-missions]\n", nums(hi, 2))
		w("simulated_p10 = %s # the generic %s scenario at the fitted values: 10th percentile\n", nums(column(q, 1), 2), kind)
		w("simulated_p50 = %s # median\n", nums(column(q, 3), 2))
		w("simulated_p90 = %s # 90th percentile\n\n", nums(column(q, 5), 2))
	}

	if v := f.validation; v != nil {
		c50, c80, c90 := v.total.shares()
		w(`# Leave-one-out: each build-up in turn is left out, the whole fit is made
# again on the others (from the same start, with the same budget), and the
# left-out build-up's points are set against the bands of its generic
# scenario. A calibrated table covers about 50, 80 and 90%%.
[fit.validation]
method = "leave-one-out over the training build-ups whose curves are compared"
points = %d # left-out points compared
coverage50 = %s # share inside the 50%% band
coverage80 = %s # share inside the 80%% band
coverage90 = %s # share inside the 90%% band

`, v.total.points, num(c50, 3), num(c80, 3), num(c90, 3))
	}

	for i, bu := range e.builds {
		c := e.curves[i]
		w("[fit.buildups.%s]\n", slug(bu.name))
		w("resolution = %q\n", bu.resolution)
		if bu.scenario != "" {
			w("scenario = %q # the out-of-sample scenario scored on this build-up, with scenarios/reference/loo/%s.toml\n", bu.scenario, bu.scenario)
		}
		w("ceiling = %d # %s\n", bu.ceiling, bu.ceilingSrc)
		if c.base > 0 {
			w("baseline = %d # uniformed strength at %s, already there [ipi-missions]\n", c.base, bu.baseline.Format("2006-01-02"))
		}
		if c.rehat != 0 {
			w("rehatted = %d # the jump in strength at %s [ipi-missions]: %s\n", c.rehat, bu.rehat.Format("2006-01-02"), bu.rehatSrc)
		}
		if bu.untilSrc != "" {
			w("until = %s # the curve ends: %s\n", bu.until.Format("2006-01-02"), bu.untilSrc)
		}
		if bu.notCompared != "" {
			w("not_compared = %q\n\n", bu.notCompared)
			continue
		}
		w("shares = %s # share of the pledged part in the mission area at the months of [fit] [ipi-missions]\n", nums(c.features(), 2))
		if v := f.validation; v != nil {
			lc := v.by[i]
			w("left_out = [%d, %d, %d, %d] # its points, and those inside the 50, 80 and 90%% bands when it is left out\n", lc.points, lc.in50, lc.in80, lc.in90)
		}
		w("\n")
	}

	d := e.dep
	w(`# Departures: contingents are a country's troops and formed police in one
# mission, at least %d at the month before; an exit leaves under %s%% of that for
# %d month-ends; a dip falls under %s%% and is back to %s%% within %d months.
[fit.departures]
contingents = %d # contingents of units [ipi-contributors], outside the drawdowns below%s
months = %d # contingent-months at risk of an exit
exits = %d # contingents that left
dips = %d # falls that came back: rotations with a gap
absent_share = %s # mean share of a contingent absent in a dip at a month-end
`, minContingent, num(100*exitShare, 0), exitMonths, num(100*dipShare, 0), num(100*recoverShare, 0), recoverMonths,
		d.contingents, e.leftOutRows(), d.months, d.exits, d.dips, num(d.absentShare(), 5))
	w("exit_list = %s # each exit: mission, contributor, month-end\n", quoted(d.exitList))
	for _, g := range groups {
		bg := d.byGroup[g.id]
		w("%s = [%d, %d] # exits and contingent-months of the group's contributors\n", strings.ReplaceAll(g.id, "-", "_"), bg[0], bg[1])
	}
	w("\n# Missions whose contingents left because the Council cut or closed them, not by\n# their contributors' choice: their months are not at risk.\n[fit.departures.drawdowns]\n")
	for _, dd := range drawdowns {
		span := "all its rows"
		switch {
		case !dd.from.IsZero() && !dd.until.IsZero():
			span = "from " + dd.from.Format("2006-01-02") + " to " + dd.until.Format("2006-01-02")
		case !dd.from.IsZero():
			span = "from " + dd.from.Format("2006-01-02")
		}
		w("%s = %q # %s\n", strings.ToLower(dd.mission), span, dd.why)
	}
}

// leftOutRows says, for a leave-one-out table, which contributor rows the
// departures leave out besides the drawdowns.
func (e *estimates) leftOutRows() string {
	if e.leftOut == nil {
		return ""
	}
	return fmt.Sprintf(" and %s's rows from %s to %s (%s, left out)", strings.Join(e.leftOut.codes, "/"),
		e.leftOut.day0.Format("2006-01-02"), e.leftOut.end().Format("2006-01-02"), e.leftOut.name)
}

func intsToFloats(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

func column(q [][]float64, k int) []float64 {
	out := make([]float64, len(q))
	for i, row := range q {
		out[i] = row[k]
	}
	return out
}

func minMax(xs []float64) (float64, float64) {
	lo, hi := math.NaN(), math.NaN()
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		if math.IsNaN(lo) || x < lo {
			lo = x
		}
		if math.IsNaN(hi) || x > hi {
			hi = x
		}
	}
	return lo, hi
}

// slug makes a table key of a build-up's name: "UNOSOM II 1993" is
// "unosom-ii-1993".
func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }
