package main

import (
	"math"
	"slices"
	"time"
)

// buildup is a training build-up: a mission's growth after the resolution
// that set its ceiling, from day 0 (the resolution) as in surge.
type buildup struct {
	name       string
	kind       string    // "troops" or "police": the generic scenario it is compared with
	codes      []string  // the mission codes of its series
	resolution string    // the resolution that authorized it: symbol and date
	day0       time.Time // the resolution's adoption
	ceiling    int       // authorized uniformed strength
	ceilingSrc string    // where the ceiling comes from
	// baseline is the month-end row whose strength was there before the
	// build-up (an expansion, a predecessor); zero: none, the baseline is 0.
	baseline time.Time
	// rehat is the month-end row that first counts a force re-hatted into
	// the mission; zero: none. The pledged part of the build-up is what the
	// reference class describes, so the jump at that row is taken out.
	rehat    time.Time
	rehatSrc string
	// until ends the curve: a later resolution changed the ceiling.
	until    time.Time
	untilSrc string
}

// day returns the days from t0 to t.
func day(t0, t time.Time) float64 { return t.Sub(t0).Hours() / 24 }

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// curve is a build-up's pledged part: at each month-end within its window,
// the share of the target (the ceiling less the baseline and the
// re-hatted force) in the mission area.
type curve struct {
	name         string
	days, shares []float64
	base, rehat  int     // the baseline and the re-hatted force
	target       float64 // ceiling - baseline - re-hatted
}

// extract builds b's curve from the rows of its missions (any order).
func extract(b buildup, rows []missionRow) curve {
	var series []missionRow
	for _, r := range rows {
		if slices.Contains(b.codes, r.mission) {
			series = append(series, r)
		}
	}
	slices.SortStableFunc(series, func(x, y missionRow) int { return x.date.Compare(y.date) })
	at := func(t time.Time) (int, bool) {
		for _, r := range series {
			if r.date.Equal(t) {
				n, ok := r.uniformed()
				return n, ok
			}
		}
		return 0, false
	}
	c := curve{name: b.name}
	if !b.baseline.IsZero() {
		c.base, _ = at(b.baseline)
	}
	if !b.rehat.IsZero() {
		after, _ := at(b.rehat)
		before := c.base
		for _, r := range series {
			if r.date.Before(b.rehat) && r.date.After(b.day0) {
				before, _ = r.uniformed()
			}
		}
		c.rehat = after - before
	}
	c.target = float64(b.ceiling - c.base - c.rehat)
	for _, r := range series {
		if !r.date.After(b.day0) || (!b.baseline.IsZero() && !r.date.After(b.baseline)) {
			continue
		}
		if !b.until.IsZero() && !r.date.Before(b.until) {
			break
		}
		n, ok := r.uniformed()
		if !ok {
			continue
		}
		n -= c.base
		if !b.rehat.IsZero() && !r.date.Before(b.rehat) {
			n -= c.rehat
		}
		c.days = append(c.days, day(b.day0, r.date))
		c.shares = append(c.shares, float64(n)/c.target)
	}
	return c
}

// training are the build-ups the reference class is estimated on: every
// build-up of troops or formed police in the training rows whose ceiling a
// resolution states and whose pledged part can be told apart. Left out:
// UNMIH 1995 and MINURCA 1998 (the re-hatted force was nearly the whole
// ceiling), UNPROFOR 1992 (its first monthly figures repeat, and its ceiling
// was raised several times in the first year), UNMIK 1999 (Resolution 1244
// states no police ceiling), UNOSOM 1992 (overtaken by UNITAF), MONUSCO 2010
// (a new name for a mission in place), and observer missions (no units).
var training = []buildup{
	{
		name: "UNOSOM II 1993", kind: "troops", codes: []string{"UNOSOM"},
		resolution: "S/RES/814 (1993), 26 March 1993", day0: ymd(1993, 3, 26),
		ceiling: 28000, ceilingSrc: "28,000 all ranks, as the Secretary-General proposed in S/25354 (3 March 1993) and S/RES/814 approved",
		baseline: ymd(1993, 3, 31),
		rehat:    ymd(1993, 5, 31), rehatSrc: "UNITAF contingents that stayed under UN command from 4 May 1993",
		until: ymd(1994, 2, 4), untilSrc: "S/RES/897 (1994), 4 February 1994, cut the force to 22,000",
	},
	{
		name: "UNMIBH 1996", kind: "police", codes: []string{"IPTF", "UNMIBH"},
		resolution: "S/RES/1035 (1995), 21 December 1995", day0: ymd(1995, 12, 21),
		ceiling: 1721, ceilingSrc: "S/RES/1035: an International Police Task Force of 1,721 police",
		until: ymd(1997, 3, 31), untilSrc: "S/RES/1103 (1997), 31 March 1997, added 186 police",
	},
	{
		name: "UNMIT 2006", kind: "police", codes: []string{"UNMIT"},
		resolution: "S/RES/1704 (2006), 25 August 2006", day0: ymd(2006, 8, 25),
		ceiling: 1642, ceilingSrc: "S/RES/1704: up to 1,608 police and 34 military liaison and staff officers",
		baseline: ymd(2006, 8, 31), // police already in Timor-Leste six days after the resolution
	},
	{
		name: "UNAMID 2007", kind: "troops", codes: []string{"UNAMID"},
		resolution: "S/RES/1769 (2007), 31 July 2007", day0: ymd(2007, 7, 31),
		ceiling: 25987, ceilingSrc: "S/RES/1769: 19,555 military and 6,432 police",
		rehat: ymd(2008, 1, 31), rehatSrc: "the African Union's AMIS force, transferred on 31 December 2007",
	},
	{
		name: "UNMISS 2013", kind: "troops", codes: []string{"UNMISS"},
		resolution: "S/RES/2132 (2013), 24 December 2013", day0: ymd(2013, 12, 24),
		ceiling: 13823, ceilingSrc: "S/RES/2132: 12,500 troops and 1,323 police",
		baseline: ymd(2013, 12, 31), // the first row the estimation may read, as in south-sudan-2014
		until:    ymd(2015, 12, 15), untilSrc: "S/RES/2252 (2015), 15 December 2015, raised the ceilings",
	},
	{
		name: "MINUSCA 2014", kind: "troops", codes: []string{"MINUSCA"},
		resolution: "S/RES/2149 (2014), 10 April 2014", day0: ymd(2014, 4, 10),
		ceiling: 11800, ceilingSrc: "S/RES/2149: 10,000 military and 1,800 police",
		rehat: ymd(2014, 9, 30), rehatSrc: "the African-led MISCA force, transferred on 15 September 2014",
		until: ymd(2015, 3, 26), untilSrc: "S/RES/2212 (2015), 26 March 2015, added 750 military and 280 police",
	},
}

// featureMonths are the months after the resolution at which curves are
// compared.
var featureMonths = []int{3, 6, 9, 12, 18, 24}

// monthDay is the day of month m: months of 365.25/12 days, rounded.
func monthDay(m int) float64 { return math.Round(float64(m) * 365.25 / 12) }

// at returns the curve's share on day d, interpolated linearly between
// month-ends (from 0 on day 0), and false if d is past the curve's last
// month-end.
func (c curve) at(d float64) (float64, bool) {
	x0, y0 := 0.0, 0.0
	for i, x := range c.days {
		if x >= d {
			if x == x0 {
				return c.shares[i], true
			}
			return y0 + (c.shares[i]-y0)*(d-x0)/(x-x0), true
		}
		x0, y0 = x, c.shares[i]
	}
	return 0, false
}

// features returns the curve's shares at featureMonths; NaN where the curve
// has ended.
func (c curve) features() []float64 {
	out := make([]float64, len(featureMonths))
	for i, m := range featureMonths {
		out[i] = math.NaN()
		if y, ok := c.at(monthDay(m)); ok {
			out[i] = y
		}
	}
	return out
}
