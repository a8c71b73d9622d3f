package main

import (
	"slices"
	"strings"
	"time"
)

// A contingent is one country's units in one mission: its troops and
// formed police, month by month. Its falls give the departure defaults:
// an exit (its units gone for good) is a withdrawal; a fall that comes back
// within two months is a rotation whose new contingent came after a gap.
const (
	minContingent = 100  // personnel in units: smaller contingents are staff officers, not units
	exitShare     = 0.1  // an exit leaves less than this share of the level before it
	exitMonths    = 3    // ... for at least this many month-ends
	dipShare      = 0.75 // a dip leaves less than this share of the level before it
	recoverShare  = 0.9  // ... and is back to this share within recoverMonths
	recoverMonths = 2
)

// drawdowns are the missions, over a span, whose contingents left because
// the Council cut their ceiling or closed them, not by their contributor's
// choice: they are left out of the departures. A zero until: to the end of
// the data.
var drawdowns = []struct {
	mission     string
	from, until time.Time
	why         string
}{
	{"MINUSTAH", ymd(2011, 10, 14), time.Time{}, "S/RES/2012 (2011), 14 October 2011, cut its ceilings"},
	{"MONUSCO", ymd(2010, 5, 28), ymd(2010, 7, 31), "S/RES/1925 (2010), 28 May 2010, withdrew up to 2,000 troops by 30 June 2010"},
	{"UNAMID", ymd(2012, 7, 31), time.Time{}, "S/RES/2063 (2012), 31 July 2012, cut its ceilings"},
	{"UNMIL", time.Time{}, time.Time{}, "the rows begin in 2012, in the drawdown of S/RES/2066 (2012)"},
	{"UNMIS", ymd(2011, 7, 9), time.Time{}, "its mandate ended on 9 July 2011 and S/RES/1997 (2011) withdrew it; its units in the south became UNMISS"},
	{"UNMIT", ymd(2011, 1, 1), time.Time{}, "the mission closed at the end of 2012 (S/RES/2037 (2012))"},
	{"UNOCI", ymd(2012, 7, 26), time.Time{}, "S/RES/2062 (2012), 26 July 2012, cut the force by a battalion"},
}

// renamed are mission codes that changed while the mission went on: a
// contingent's months under both are one series. MONUC became MONUSCO on
// 1 July 2010 (S/RES/1925 (2010)).
var renamed = map[string]string{"MONUC": "MONUSCO"}

// missionCode returns the code a contingent's months are kept under.
func missionCode(m string) string {
	if to, ok := renamed[m]; ok {
		return to
	}
	return m
}

// inDrawdown reports whether mission is in one of the drawdowns on t.
func inDrawdown(mission string, t time.Time) bool {
	for _, d := range drawdowns {
		if d.mission == mission && !t.Before(d.from) && (d.until.IsZero() || !t.After(d.until)) {
			return true
		}
	}
	return false
}

// departures is what the contingents' falls show.
type departures struct {
	contingents int     // contingents with units
	months      int     // contingent-months at risk of an exit
	exits       int     // exits
	dips        int     // dips
	absent      float64 // sum over contingent-months of the share absent in a dip
	dipMonths   int     // contingent-months in a dip
	byGroup     map[string][2]int
	exitList    []string // each exit: mission, ISO3 code and the month-end it is first seen
}

// hazard is the chance of an exit per month.
func (d departures) hazard() float64 { return float64(d.exits) / float64(max(1, d.months)) }

// absentShare is the mean share of a contingent absent in a rotation dip at
// a month-end.
func (d departures) absentShare() float64 { return d.absent / float64(max(1, d.months)) }

// measureDepartures reads the contingents of rows (any order); group maps
// an ISO3 code to its contributor group; skip reports the months of a
// mission that must not count (drawdowns, a build-up left out): a month is
// at risk only if it, the month before and the months an exit or a dip is
// judged on are not skipped.
func measureDepartures(rows []contributorRow, group func(string) string, skip func(mission string, t time.Time) bool) departures {
	type key struct{ mission, iso3 string }
	series := map[key][]contributorRow{}
	var keys []key
	for _, r := range rows {
		k := key{missionCode(r.mission), r.iso3}
		if _, ok := series[k]; !ok {
			keys = append(keys, k)
		}
		series[k] = append(series[k], r)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.mission, b.mission); c != 0 {
			return c
		}
		return strings.Compare(a.iso3, b.iso3)
	})
	// Month-ends of the whole file, so that a month without a row counts 0.
	var months []time.Time
	seen := map[time.Time]bool{}
	for _, r := range rows {
		if !seen[r.date] {
			seen[r.date] = true
			months = append(months, r.date)
		}
	}
	slices.SortFunc(months, func(a, b time.Time) int { return a.Compare(b) })
	d := departures{byGroup: map[string][2]int{}}
	for _, k := range keys {
		level := map[time.Time]int{}
		for _, r := range series[k] {
			level[r.date] += r.units()
		}
		n := make([]int, len(months))
		for i, m := range months {
			n[i] = level[m]
		}
		counted := false
		g := group(k.iso3)
		for i := 1; i+exitMonths <= len(months)-1; i++ {
			prev := n[i-1]
			if prev < minContingent || slices.ContainsFunc(months[i-1:i+exitMonths], func(t time.Time) bool { return skip(k.mission, t) }) {
				continue
			}
			if !counted {
				counted = true
				d.contingents++
			}
			d.months++
			bg := d.byGroup[g]
			bg[1]++
			exit := true
			for j := i; j < i+exitMonths; j++ {
				exit = exit && float64(n[j]) < exitShare*float64(prev)
			}
			if exit {
				d.exits++
				d.exitList = append(d.exitList, k.mission+" "+k.iso3+" "+months[i].Format("2006-01"))
				bg[0]++
				d.byGroup[g] = bg
				// The contingent is gone: it is at risk again only if it comes back.
				for i+1 < len(months) && n[i] < minContingent {
					i++
				}
				continue
			}
			d.byGroup[g] = bg
			if float64(n[i]) < dipShare*float64(prev) {
				back := -1
				for j := i + 1; j <= i+recoverMonths && j < len(months); j++ {
					if float64(n[j]) >= recoverShare*float64(prev) {
						back = j
						break
					}
				}
				if back > 0 {
					d.dips++
					for j := i; j < back; j++ {
						d.absent += 1 - float64(n[j])/float64(prev)
						d.dipMonths++
					}
					d.months += back - i - 1
					i = back - 1
				}
			}
		}
	}
	return d
}
