package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/surge-sim/surge/sim"
)

// writeReport writes a result as a report for people, with the scenario's
// warnings (see sim.Scenario.Warnings) under its header.
func writeReport(w io.Writer, res *sim.Result, warnings []*sim.FieldError) error {
	r := &reporter{res: res, warnings: warnings}
	if t, err := time.Parse("2006-01-02", res.Scenario.Start); err == nil {
		r.start = t
	}
	var b strings.Builder
	r.header(&b)
	r.daysTo(&b)
	r.shares(&b)
	r.benchmarks(&b)
	r.stages(&b)
	r.departures(&b)
	r.spread(&b)
	r.units(&b)
	r.logistics(&b)
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

type reporter struct {
	res      *sim.Result
	warnings []*sim.FieldError
	start    time.Time
}

// date returns the calendar date of a day, as "24 Dec 2013".
func (r *reporter) date(day float64) string {
	return r.start.Add(time.Duration(day * float64(24*time.Hour))).Format("2 Jan 2006")
}

func (r *reporter) table(b *strings.Builder) *tabwriter.Writer {
	return tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
}

func (r *reporter) header(b *strings.Builder) {
	res := r.res
	para(b, "", res.Scenario.Title)
	b.WriteString(whatIf(res.Header))
	para(b, "", fmt.Sprintf("%s replications, seed %d. Day 0 is %s; the horizon is %d days (to %s).",
		thousands(res.Replications), res.Seed, nb(r.date(0)), res.Scenario.Horizon, nb(r.date(float64(res.Scenario.Horizon)))))
	t := res.Target
	var parts []string
	if t.Troops > 0 {
		parts = append(parts, thousands(t.Troops)+" troops")
	}
	if t.Police > 0 {
		parts = append(parts, thousands(t.Police)+" police")
	}
	target := "Target: " + strings.Join(parts, " and ")
	if len(parts) > 1 {
		target += " = " + thousands(t.Total) + " personnel"
	}
	para(b, "", target+". A unit counts once enough of it has arrived and been received.")
	for _, w := range r.warnings {
		para(b, "  ", "Warning: "+w.Error()+".")
	}
	para(b, "", "Figures in [brackets] are 95% Monte Carlo intervals: "+noiseOnly)
}

func (r *reporter) daysTo(b *strings.Builder) {
	fmt.Fprintf(b, "\nDays to reach a share of the target\n")
	tw := r.table(b)
	fmt.Fprintf(tw, "  share\tmedian\tdate (median)\t80%% of runs\tmean*\tnever**\n")
	for _, f := range r.res.DaysToFraction {
		date := "-"
		if !f.P50.Never() {
			date = r.date(float64(f.P50))
		}
		interval := days(f.P10) + " to " + days(f.P90)
		if f.P10.Never() {
			interval = "never"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s %s\n", pct(float64(f.Fraction)), days(f.P50), date,
			interval, days(f.Mean), pct1(float64(f.Never)), ci(f.NeverCI95))
	}
	tw.Flush()
	para(b, "    ", fmt.Sprintf("  * mean over all runs, a run that never gets there counting as the horizon %s", nb(fmt.Sprintf("(%d days)", r.res.Scenario.Horizon))))
	para(b, "    ", "  ** share of runs that never get there within the horizon")
}

func (r *reporter) shares(b *strings.Builder) {
	fmt.Fprintf(b, "\nShare of the target operational\n")
	tw := r.table(b)
	fmt.Fprintf(tw, "  day\tdate\tmedian\t80%% of runs\tmean\n")
	for _, d := range r.res.FractionAtDay {
		fmt.Fprintf(tw, "  %g\t%s\t%s\t%s to %s\t%s %s\n", d.Day, r.date(d.Day), pct(float64(d.P50)),
			pct(float64(d.P10)), pct(float64(d.P90)), pct1(float64(d.Mean)), ci(d.MeanCI95))
	}
	tw.Flush()
}

func (r *reporter) benchmarks(b *strings.Builder) {
	if len(r.res.Benchmarks) == 0 {
		return
	}
	fmt.Fprintf(b, "\nChance of meeting each benchmark\n")
	for _, bm := range r.res.Benchmarks {
		fmt.Fprintf(b, "  %s %s  %s by day %g (%s)\n", pct1(float64(bm.Probability)), ci(bm.CI95),
			pct(float64(bm.Fraction)), bm.Day, r.date(bm.Day))
		if bm.Label != "" {
			para(b, "      ", "    "+bm.Label)
		}
	}
}

func (r *reporter) stages(b *strings.Builder) {
	res := r.res
	if len(res.Stages) == 0 {
		return
	}
	total := 0.0
	for _, s := range res.Stages {
		total += float64(s.MeanDays)
	}
	fmt.Fprintf(b, "\nWhere the time goes: mean days a member of the surge spends in each stage\n")
	para(b, "", "(weighted by unit strength, until the unit is operational, drops out or the horizon ends)")
	tw := r.table(b)
	longest, label := 0.0, len("total")
	for _, s := range res.Stages {
		longest = max(longest, float64(s.MeanDays))
		if s.MeanDays >= 0.05 {
			label = max(label, len(s.Label))
		}
	}
	// The bars take what is left of 80 columns: "  LABEL  DAYS  SHARE  BAR".
	barWidth := max(5, min(20, 80-(2+label+2+5+2+4+2)))
	var none []string
	for _, s := range res.Stages {
		if s.MeanDays < 0.05 {
			none = append(none, s.Label)
			continue
		}
		bar := ""
		if longest > 0 {
			bar = strings.Repeat("#", int(math.Round(float64(barWidth)*float64(s.MeanDays)/longest)))
		}
		fmt.Fprintf(tw, "  %s\t%5.1f\t%s\t%s\n", s.Label, float64(s.MeanDays), pct(float64(s.Share)), bar)
	}
	fmt.Fprintf(tw, "  total\t%5.1f\t\t\n", total)
	tw.Flush()
	if len(none) > 0 {
		para(b, "    ", "  No time: "+strings.Join(none, "; ")+".")
	}
	if bn := res.Bottleneck; bn != nil {
		b.WriteString("\n")
		text := fmt.Sprintf("Biggest bottleneck: %s, %.0f of the %.0f days (%s).",
			bn.Label, float64(bn.MeanDays), total, pct(float64(bn.Share)))
		if u, d := r.worstHit(bn.Stage); u != nil {
			text += fmt.Sprintf(" It holds up %s most: %.0f days on average.", u.Name, d)
		}
		para(b, "", text)
	}
}

// worstHit returns the unit that spends longest in a stage.
func (r *reporter) worstHit(stage string) (*sim.UnitStat, float64) {
	var best *sim.UnitStat
	most := 0.0
	for i := range r.res.Units {
		u := &r.res.Units[i]
		for _, s := range u.Stages {
			if s.Stage == stage && float64(s.MeanDays) > most {
				best, most = u, float64(s.MeanDays)
			}
		}
	}
	return best, most
}

func (r *reporter) units(b *strings.Builder) {
	fmt.Fprintf(b, "\nUnits: how often each is operational by the horizon, and when (median)\n")
	for _, u := range r.res.Units {
		strength := thousands(u.Strength)
		if u.Count > 1 {
			strength = fmt.Sprintf("%d x %s", u.Count, thousands(u.Strength))
		}
		when := "median day: never"
		if !u.OperationalP50.Never() {
			when = fmt.Sprintf("median day %s (%s)", days(u.OperationalP50), nb(r.date(float64(u.OperationalP50))))
		}
		if u.Ever >= u.Operational+0.02 {
			// It left in a good share of the runs: say how often it came.
			when = fmt.Sprintf("at some point in %s %s; ", pct1(float64(u.Ever)), ci(u.EverCI95)) + strings.Replace(when, "median day", "median day first", 1)
		}
		fmt.Fprintf(b, "  %s\n", wrap(u.Name, 78, "    "))
		para(b, "      ", fmt.Sprintf("    %s, %s: operational in %s %s of runs; %s", strength, u.Source,
			pct1(float64(u.Operational)), ci(u.OperationalCI95), when))
		var why []string
		if u.Gap > 0 {
			why = append(why, fmt.Sprintf("never pledged (a capability gap) in %s %s", pct1(float64(u.Gap)), ci(u.GapCI95)))
		}
		if u.Refused > 0 {
			why = append(why, fmt.Sprintf("refused by its parliament in %s %s", pct1(float64(u.Refused)), ci(u.RefusedCI95)))
		}
		if u.Blocked > 0 {
			why = append(why, fmt.Sprintf("held back by its donor mission's floor in %s %s", pct1(float64(u.Blocked)), ci(u.BlockedCI95)))
		}
		for _, s := range []struct {
			share sim.Share
			ci    sim.Interval
			what  string
		}{
			{u.Left, u.LeftCI95, "gone for good (its date, or relieved)"},
			{u.Repatriated, u.RepatriatedCI95, "repatriated for failing UN standards"},
			{u.NotReplaced, u.NotReplacedCI95, "left with no replacement found"},
			{u.Rotating, u.RotatingCI95, "between two contingents at the horizon"},
			{u.NotActivated, u.NotActivatedCI95, "not used (the standby arrangement not activated)"},
		} {
			if s.share >= 0.0005 { // not 0.0%
				why = append(why, fmt.Sprintf("%s in %s %s", s.what, pct1(float64(s.share)), ci(s.ci)))
			}
		}
		if len(why) > 0 {
			para(b, "      ", "    "+strings.Join(why, ", ")+" of runs")
		}
	}
}

// departures says who left the mission, and why.
func (r *reporter) departures(b *strings.Builder) {
	if len(r.res.Departures) == 0 {
		return
	}
	fmt.Fprintf(b, "\nDepartures: personnel who left the mission (mean per run; share of runs)\n")
	tw := r.table(b)
	for _, d := range r.res.Departures {
		fmt.Fprintf(tw, "  %s\t%s\t%s %s\n", d.Label, thousands(int(math.Round(float64(d.Personnel)))), pct1(float64(d.Runs)), ci(d.RunsCI95))
	}
	tw.Flush()
}

// spread says how much of the spread is scenario-wide uncertainty.
func (r *reporter) spread(b *strings.Builder) {
	sp := r.res.Spread
	if sp == nil || len(sp.Days) == 0 {
		return
	}
	fmt.Fprintf(b, "\nHow much of the spread is uncertainty about the whole scenario\n")
	what := "the scenario-wide quantity at its median"
	if len(sp.Fixed) > 1 {
		what = fmt.Sprintf("the %d scenario-wide quantities at their medians", len(sp.Fixed))
	}
	para(b, "  ", "  Fixing "+what+" ("+strings.Join(sp.Fixed, ", ")+") narrows the 80% band of the share operational by what they add:")
	tw := r.table(b)
	fmt.Fprintf(tw, "  day\tdate\t80%% of runs\tfixed at medians\tscenario-wide\n")
	for _, d := range sp.Days {
		fmt.Fprintf(tw, "  %d\t%s\t%s to %s\t%s to %s\t%s of the variance\n", d.Day, r.date(float64(d.Day)),
			pct(float64(d.P10)), pct(float64(d.P90)), pct(float64(d.FixedP10)), pct(float64(d.FixedP90)), pct(float64(d.Shared)))
	}
	tw.Flush()
	para(b, "  ", "  The rest is the randomness of each unit and government, which averages out over many units.")
}

func (r *reporter) logistics(b *strings.Builder) {
	res := r.res
	if len(res.Lift) == 0 && len(res.Airfields) == 0 && len(res.Missions) == 0 {
		return
	}
	fmt.Fprintf(b, "\nLift, airfields and donors (means per replication)\n")
	for _, l := range res.Lift {
		if l.Sorties == 0 {
			para(b, "    ", fmt.Sprintf("  %s: no sorties.", l.Name))
			continue
		}
		para(b, "    ", fmt.Sprintf("  %s: %.1f sorties; its aircraft flew %s of the time from the first take-off to the last return.",
			l.Name, float64(l.Sorties), pct(float64(l.Utilization))))
	}
	for _, a := range res.Airfields {
		para(b, "    ", fmt.Sprintf("  %s: %.1f landings; %s waited for a slot, %.1f hours on average over all landings.",
			a.Name, float64(a.Sorties), pct(float64(a.Waited)), float64(a.MeanWaitHours)))
	}
	for _, m := range res.Missions {
		text := fmt.Sprintf("  %s released %.1f units", m.Name, float64(m.Released))
		if m.Blocked > 0 {
			text += fmt.Sprintf("; its floor blocked a transfer in %s %s of runs", pct1(float64(m.BlockedShare)), ci(m.BlockedShareCI95))
		}
		para(b, "    ", text+".")
	}
}

// ci writes a 95% Monte Carlo interval of a share in brackets, to 0.1%:
// "[3.8-10.8%]"; "[same in every run]" when it has no width because every
// run gives the same value, "[under 0.1 pts wide]" when it rounds to none.
func ci(iv sim.Interval) string {
	lo, hi := float64(iv[0]), float64(iv[1])
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi):
		return ""
	case lo == hi:
		return "[same in every run]"
	}
	s := fmt.Sprintf("[%.1f-%.1f%%]", 100*lo, 100*hi)
	if l, h, _ := strings.Cut(strings.Trim(s, "[%]"), "-"); l == h {
		return "[under 0.1 pts wide]"
	}
	return s
}

// whatIf names a what-if in a report's header: the strategy and every
// override applied, in one wrapped paragraph; "" for the scenario as
// written.
func whatIf(h sim.Header) string {
	switch {
	case h.Strategy != "" && len(h.Overrides) > 0:
		return fmt.Sprintf("What-if: strategy %s, with these overrides (the strategy's first):\n%s", h.Strategy, overrideList(h.Overrides))
	case h.Strategy != "":
		return fmt.Sprintf("What-if: strategy %s.\n", h.Strategy)
	case len(h.Overrides) > 0:
		return "What-if: the scenario with these overrides:\n" + overrideList(h.Overrides)
	}
	return ""
}

// overrideList writes overrides one a line, each wrapped to 80 columns.
func overrideList(overrides []string) string {
	var b strings.Builder
	for _, o := range overrides {
		b.WriteString("  - " + wrap(o, 76, "      ") + "\n")
	}
	return b.String()
}

// days formats a number of days, or "never".
func days(d sim.Days) string {
	if d.Never() {
		return "never"
	}
	return fmt.Sprintf("%.0f", float64(d))
}

func pct(x float64) string  { return fmt.Sprintf("%.0f%%", 100*x) }
func pct1(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// thousands formats n with thousands separators, as 12,500.
func thousands(n int) string { return sim.Thousands(n) }
