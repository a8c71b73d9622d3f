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
	fmt.Fprintf(b, "%s\n", res.Scenario.Title)
	b.WriteString(whatIf(res.Header))
	fmt.Fprintf(b, "%s replications, seed %d. Day 0 is %s; the horizon is %d days (to %s).\n",
		thousands(res.Replications), res.Seed, r.date(0), res.Scenario.Horizon, r.date(float64(res.Scenario.Horizon)))
	t := res.Target
	var parts []string
	if t.Troops > 0 {
		parts = append(parts, thousands(t.Troops)+" troops")
	}
	if t.Police > 0 {
		parts = append(parts, thousands(t.Police)+" police")
	}
	fmt.Fprintf(b, "Target: %s", strings.Join(parts, " and "))
	if len(parts) > 1 {
		fmt.Fprintf(b, " = %s personnel", thousands(t.Total))
	}
	fmt.Fprintf(b, ". A unit counts once enough of it has arrived and been received.\n")
	for _, w := range r.warnings {
		fmt.Fprintf(b, "%s\n", wrap("Warning: "+w.Error()+".", 78, "  "))
	}
}

func (r *reporter) daysTo(b *strings.Builder) {
	fmt.Fprintf(b, "\nDays to reach a share of the target\n")
	tw := r.table(b)
	fmt.Fprintf(tw, "  share\tmedian\tdate (median)\t80%% interval\tnever*\n")
	for _, f := range r.res.DaysToFraction {
		date := "-"
		if !f.P50.Never() {
			date = r.date(float64(f.P50))
		}
		interval := days(f.P10) + " to " + days(f.P90)
		if f.P10.Never() {
			interval = "never"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", pct(float64(f.Fraction)), days(f.P50), date,
			interval, pct1(float64(f.Never)))
	}
	tw.Flush()
	fmt.Fprintf(b, "  * share of replications that never get there within the horizon\n")
}

func (r *reporter) shares(b *strings.Builder) {
	fmt.Fprintf(b, "\nShare of the target operational\n")
	tw := r.table(b)
	fmt.Fprintf(tw, "  day\tdate\tmedian\t80%% interval\tmean\n")
	for _, d := range r.res.FractionAtDay {
		fmt.Fprintf(tw, "  %g\t%s\t%s\t%s to %s\t%s\n", d.Day, r.date(d.Day), pct(float64(d.P50)),
			pct(float64(d.P10)), pct(float64(d.P90)), pct(float64(d.Mean)))
	}
	tw.Flush()
}

func (r *reporter) benchmarks(b *strings.Builder) {
	if len(r.res.Benchmarks) == 0 {
		return
	}
	fmt.Fprintf(b, "\nChance of meeting each benchmark\n")
	tw := r.table(b)
	for _, bm := range r.res.Benchmarks {
		label := bm.Label
		if label == "" {
			label = bm.Name
		}
		fmt.Fprintf(tw, "  %s\t%s by day %g (%s)\t%s\n", pct1(float64(bm.Probability)),
			pct(float64(bm.Fraction)), bm.Day, r.date(bm.Day), label)
	}
	tw.Flush()
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
	fmt.Fprintf(b, "(weighted by unit strength, until the unit is operational, drops out or the horizon ends)\n")
	tw := r.table(b)
	longest := 0.0
	for _, s := range res.Stages {
		longest = max(longest, float64(s.MeanDays))
	}
	var none []string
	for _, s := range res.Stages {
		if s.MeanDays < 0.05 {
			none = append(none, s.Label)
			continue
		}
		bar := ""
		if longest > 0 {
			bar = strings.Repeat("#", int(math.Round(20*float64(s.MeanDays)/longest)))
		}
		fmt.Fprintf(tw, "  %s\t%5.1f\t%s\t%s\n", s.Label, float64(s.MeanDays), pct(float64(s.Share)), bar)
	}
	fmt.Fprintf(tw, "  total\t%5.1f\t\t\n", total)
	tw.Flush()
	if len(none) > 0 {
		fmt.Fprintf(b, "  No time: %s.\n", strings.Join(none, "; "))
	}
	if bn := res.Bottleneck; bn != nil {
		fmt.Fprintf(b, "\nBiggest bottleneck: %s, %.0f of the %.0f days (%s).\n",
			bn.Label, float64(bn.MeanDays), total, pct(float64(bn.Share)))
		if u, d := r.worstHit(bn.Stage); u != nil {
			fmt.Fprintf(b, "It holds up %s most: %.0f days on average.\n", u.Name, d)
		}
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
	fmt.Fprintf(b, "\nUnits\n")
	tw := r.table(b)
	fmt.Fprintf(tw, "  unit\tstrength\tsource\toperational*\tmedian day\tdate\n")
	for _, u := range r.res.Units {
		strength := thousands(u.Strength)
		if u.Count > 1 {
			strength = fmt.Sprintf("%d x %s", u.Count, thousands(u.Strength))
		}
		date := "-"
		if !u.OperationalP50.Never() {
			date = r.date(float64(u.OperationalP50))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", u.Name, strength, u.Source, pct(float64(u.Operational)),
			days(u.OperationalP50), date)
	}
	tw.Flush()
	fmt.Fprintf(b, "  * share of replications in which the unit is operational by the horizon\n")
	for _, u := range r.res.Units {
		var why []string
		if u.Gap > 0 {
			why = append(why, fmt.Sprintf("never pledged (a capability gap) in %s", pct1(float64(u.Gap))))
		}
		if u.Refused > 0 {
			why = append(why, fmt.Sprintf("refused by its parliament in %s", pct1(float64(u.Refused))))
		}
		if u.Blocked > 0 {
			why = append(why, fmt.Sprintf("held back by its donor mission's floor in %s", pct1(float64(u.Blocked))))
		}
		if len(why) > 0 {
			fmt.Fprintf(b, "  %s: %s of replications.\n", u.Name, strings.Join(why, ", "))
		}
	}
}

func (r *reporter) logistics(b *strings.Builder) {
	res := r.res
	if len(res.Lift) == 0 && len(res.Airfields) == 0 && len(res.Missions) == 0 {
		return
	}
	fmt.Fprintf(b, "\nLift, airfields and donors (means per replication)\n")
	for _, l := range res.Lift {
		if l.Sorties == 0 {
			fmt.Fprintf(b, "  %s: no sorties.\n", l.Name)
			continue
		}
		fmt.Fprintf(b, "  %s: %.1f sorties; its aircraft flew %s of the time from the first take-off to the last return.\n",
			l.Name, float64(l.Sorties), pct(float64(l.Utilization)))
	}
	for _, a := range res.Airfields {
		fmt.Fprintf(b, "  %s: %.1f landings; %s waited for a slot, %.1f hours on average over all landings.\n",
			a.Name, float64(a.Sorties), pct(float64(a.Waited)), float64(a.MeanWaitHours))
	}
	for _, m := range res.Missions {
		fmt.Fprintf(b, "  %s released %.1f units", m.Name, float64(m.Released))
		if m.Blocked > 0 {
			fmt.Fprintf(b, "; its floor blocked a transfer in %s of replications", pct1(float64(m.BlockedShare)))
		}
		fmt.Fprintf(b, ".\n")
	}
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
