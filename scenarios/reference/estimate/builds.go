package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
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
	// scenario is the out-of-sample scenario scored on this build-up, if
	// any: it is scored with a table fitted without this build-up.
	scenario string
	// notCompared says why the build-up's curve is not compared with the
	// generic scenarios; empty: it is.
	notCompared string
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

// extract builds b's curve from the rows of its missions (any order). The
// rows it names (baseline, re-hat) must be in the data.
func extract(b buildup, rows []missionRow) (curve, error) {
	var series []missionRow
	for _, r := range rows {
		if slices.Contains(b.codes, r.mission) {
			series = append(series, r)
		}
	}
	slices.SortStableFunc(series, func(x, y missionRow) int { return x.date.Compare(y.date) })
	for i := 1; i < len(series); i++ {
		if series[i].date.Equal(series[i-1].date) {
			return curve{}, fmt.Errorf("%s: two rows of %s for %s", b.name, strings.Join(b.codes, " and "), series[i].date.Format("2006-01-02"))
		}
	}
	at := func(what string, t time.Time) (int, error) {
		for _, r := range series {
			if r.date.Equal(t) {
				n, _ := r.uniformed()
				return n, nil
			}
		}
		return 0, fmt.Errorf("%s: no row of %s for the %s, %s", b.name, strings.Join(b.codes, " or "), what, t.Format("2006-01-02"))
	}
	c := curve{name: b.name}
	var err error
	if !b.baseline.IsZero() {
		if c.base, err = at("baseline", b.baseline); err != nil {
			return c, err
		}
	}
	if !b.rehat.IsZero() {
		after, err := at("re-hat", b.rehat)
		if err != nil {
			return c, err
		}
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
	return c, nil
}

// end is the end of the build-up's window: the day its curve ends, at the
// latest a month after the last feature month.
func (b buildup) end() time.Time {
	end := b.day0.AddDate(0, featureMonths[len(featureMonths)-1]+1, 0)
	if !b.until.IsZero() && b.until.Before(end) {
		end = b.until
	}
	return end
}

// training are the build-ups the reference class is estimated on: every
// build-up of troops or formed police in the data whose ceiling a
// resolution states and whose pledged part can be told apart, and the
// build-ups of surge's out-of-sample scenarios (scenario names them: each
// gets a table fitted without it, see looTables). Left out: UNMIH 1995 and
// MINURCA 1998 (the re-hatted force was nearly the whole ceiling), UNPROFOR
// 1992 (its first monthly figures repeat, and its ceiling was raised
// several times in the first year), UNMIK 1999 (Resolution 1244 states no
// police ceiling), UNOSOM 1992 (overtaken by UNITAF), MONUSCO 2010 (a new
// name for a mission in place), and observer missions (no units).
var training = []buildup{
	{
		name: "UNTAC 1992", kind: "troops", codes: []string{"UNTAC"}, scenario: "untac-1992",
		resolution: "S/RES/745 (1992), 28 February 1992", day0: ymd(1992, 2, 28),
		ceiling: 19500, ceilingSrc: "15,900 military and 3,600 civilian police in the Secretary-General's plan (S/23613) that S/RES/745 approved, as in untac-1992's [observed] ceiling",
		rehat: ymd(1992, 2, 29), rehatSrc: "UNAMIC, absorbed into UNTAC under the plan S/RES/745 approved, counted as UNTAC from the first month-end",
		until: ymd(1993, 8, 27), untilSrc: "S/RES/860 (1993), 27 August 1993, ended UNTAC's functions with the new government and set its withdrawal by 15 November 1993",
	},
	{
		name: "ONUMOZ 1992", kind: "troops", codes: []string{"ONUMOZ"}, scenario: "onumoz-1992",
		resolution: "S/RES/797 (1992), 16 December 1992", day0: ymd(1992, 12, 16),
		ceiling: 6580, ceilingSrc: "6,450 military and 130 police, onumoz-1992's [observed] ceiling (an assumption there: the plan S/24892 that S/RES/797 approved was not read)",
		until: ymd(1994, 2, 23), untilSrc: "S/RES/898 (1994), 23 February 1994, added a police component of up to 1,144",
	},
	{
		name: "UNOSOM II 1993", kind: "troops", codes: []string{"UNOSOM"},
		resolution: "S/RES/814 (1993), 26 March 1993", day0: ymd(1993, 3, 26),
		ceiling: 28000, ceilingSrc: "28,000 all ranks, as the Secretary-General proposed in S/25354 (3 March 1993) and S/RES/814 approved",
		baseline: ymd(1993, 3, 31),
		rehat:    ymd(1993, 5, 31), rehatSrc: "UNITAF contingents that stayed under UN command from 4 May 1993",
		until: ymd(1994, 2, 4), untilSrc: "S/RES/897 (1994), 4 February 1994, cut the force to 22,000",
	},
	{
		name: "UNAVEM III 1995", kind: "troops", codes: []string{"UNAVEM II", "UNAVEM"}, scenario: "unavem3-1995",
		resolution: "S/RES/976 (1995), 8 February 1995", day0: ymd(1995, 2, 8),
		ceiling: 7610, ceilingSrc: "S/RES/976: 7,000 military, 350 military observers and 260 police observers",
		baseline: ymd(1995, 1, 31), // UNAVEM II's observers and police
		until:    ymd(1996, 12, 11), untilSrc: "S/RES/1087 (1996), 11 December 1996, approved resuming the withdrawal of UNAVEM III's formed units",
	},
	{
		name: "UNMIBH 1996", kind: "police", codes: []string{"IPTF", "UNMIBH"},
		resolution: "S/RES/1035 (1995), 21 December 1995", day0: ymd(1995, 12, 21),
		ceiling: 1721, ceilingSrc: "S/RES/1035: an International Police Task Force of 1,721 police",
		until: ymd(1997, 3, 31), untilSrc: "S/RES/1103 (1997), 31 March 1997, added 186 police",
	},
	{
		name: "UNTAES 1996", kind: "troops", codes: []string{"UNTAES"}, scenario: "untaes-1996",
		resolution: "S/RES/1037 (1996), 15 January 1996", day0: ymd(1996, 1, 15),
		ceiling: 5600, ceilingSrc: "5,000 troops (S/RES/1037) and about 600 civilian police, untaes-1996's [observed] ceiling (the police figure an assumption there)",
		rehat: ymd(1996, 1, 31), rehatSrc: "UNCRO's battalions in the region, handed over from UNCRO to UNTAES (S/RES/1037)",
		until: ymd(1997, 7, 14), untilSrc: "S/RES/1120 (1997), 14 July 1997, endorsed the drawdown of the military component by 15 October 1997",
	},
	{
		name: "UNAMSIL 1999", kind: "troops", codes: []string{"UNAMSIL"}, scenario: "unamsil-1999",
		resolution: "S/RES/1270 (1999), 22 October 1999", day0: ymd(1999, 10, 22),
		ceiling: 6000, ceilingSrc: "S/RES/1270: up to 6,000 military personnel, including 260 military observers",
		baseline: ymd(1999, 10, 31), // UNOMSIL's observers, taken over by UNAMSIL (S/RES/1270)
		rehat:    ymd(1999, 12, 31), rehatSrc: "ECOMOG's Nigerian, Ghanaian and Guinean units that became UN units in December 1999; the jump also counts the first Kenyan and Indian battalions, which arrived that month",
		until: ymd(2000, 2, 7), untilSrc: "S/RES/1289 (2000), 7 February 2000, raised the military component to 11,100",
	},
	{
		name: "UNTAET 1999", kind: "troops", codes: []string{"UNTAET"}, scenario: "untaet-1999",
		resolution: "S/RES/1272 (1999), 25 October 1999", day0: ymd(1999, 10, 25),
		ceiling: 10790, ceilingSrc: "S/RES/1272: up to 8,950 troops, 200 military observers and 1,640 police",
		baseline: ymd(1999, 10, 31), // UNAMET's officers and police, taken over by UNTAET
		rehat:    ymd(2000, 2, 28), rehatSrc: "INTERFET contingents that stayed when military command passed to UNTAET on 23 February 2000",
		until: ymd(2002, 5, 17), untilSrc: "S/RES/1410 (2002), 17 May 2002, replaced UNTAET with UNMISET",
	},
	{
		name: "MONUC 2000", kind: "troops", codes: []string{"MONUC"}, scenario: "monuc-2000",
		resolution: "S/RES/1291 (2000), 24 February 2000", day0: ymd(2000, 2, 24),
		ceiling: 5537, ceilingSrc: "S/RES/1291: up to 5,537 military personnel, including up to 500 observers",
		baseline: ymd(2000, 1, 31), // observers already there
		until:    ymd(2002, 12, 4), untilSrc: "S/RES/1445 (2002), 4 December 2002, raised the military component to 8,700",
	},
	{
		name: "UNMEE 2000", kind: "troops", codes: []string{"UNMEE"}, scenario: "unmee-2000",
		resolution: "S/RES/1320 (2000), 15 September 2000", day0: ymd(2000, 9, 15),
		ceiling: 4200, ceilingSrc: "S/RES/1320: up to 4,200 military personnel, including up to 220 military observers",
		baseline: ymd(2000, 8, 31), // observers already there
		until:    ymd(2004, 9, 14), untilSrc: "S/RES/1560 (2004), 14 September 2004, approved a phased reduction of the force",
	},
	{
		name: "UNOCI 2004", kind: "troops", codes: []string{"UNOCI", "ONUCI"}, scenario: "unoci-2004",
		resolution: "S/RES/1528 (2004), 27 February 2004", day0: ymd(2004, 2, 27),
		ceiling: 6590, ceilingSrc: "S/RES/1528: 6,240 military and 350 civilian police, as in unoci-2004's [observed] ceiling",
		baseline: ymd(2004, 3, 31), // MINUCI's officers, counted as UNOCI's before the transfer
		rehat:    ymd(2004, 4, 30), rehatSrc: "the ECOWAS forces, whose authority passed to UNOCI on 4 April 2004 (S/RES/1528)",
		until: ymd(2005, 6, 24), untilSrc: "S/RES/1609 (2005), 24 June 2005, added 850 military and 725 police",
	},
	{
		name: "MINUSTAH 2004", kind: "troops", codes: []string{"MINUSTAH"}, scenario: "minustah-2004",
		resolution: "S/RES/1542 (2004), 30 April 2004", day0: ymd(2004, 4, 30),
		ceiling: 8322, ceilingSrc: "S/RES/1542: up to 6,700 troops and 1,622 civilian police",
		rehat: ymd(2004, 6, 30), rehatSrc: "Multinational Interim Force contingents that stayed when authority passed to MINUSTAH on 1 June 2004 (S/RES/1542); the jump also counts any new unit that arrived that month",
		until: ymd(2005, 6, 22), untilSrc: "S/RES/1608 (2005), 22 June 2005, added 800 military and 275 police for the elections",
	},
	{
		name: "ONUB 2004", kind: "troops", codes: []string{"ONUB"}, scenario: "onub-2004",
		resolution: "S/RES/1545 (2004), 21 May 2004", day0: ymd(2004, 5, 21),
		ceiling: 5770, ceilingSrc: "S/RES/1545: up to 5,650 military personnel and 120 civilian police",
		rehat: ymd(2004, 6, 30), rehatSrc: "the African Union's AMIB contingents, re-hatted when ONUB took over on 1 June 2004 (S/RES/1545)",
		until: ymd(2005, 12, 21), untilSrc: "S/RES/1650 (2005), 21 December 2005, welcomed the gradual disengagement of ONUB, whose drawdown began that month",
	},
	{
		name: "UNMIS 2005", kind: "troops", codes: []string{"UNMIS"}, scenario: "unmis-2005",
		resolution: "S/RES/1590 (2005), 24 March 2005", day0: ymd(2005, 3, 24),
		ceiling: 10715, ceilingSrc: "S/RES/1590: up to 10,000 military personnel and 715 civilian police",
		until: ymd(2006, 8, 31), untilSrc: "S/RES/1706 (2006), 31 August 2006, expanded UNMIS into Darfur with up to 17,300 military",
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
		name: "UNISFA 2011", kind: "troops", codes: []string{"UNISFA"}, scenario: "unisfa-2011",
		resolution: "S/RES/1990 (2011), 27 June 2011", day0: ymd(2011, 6, 27),
		ceiling: 4250, ceilingSrc: "S/RES/1990: up to 4,200 military and 50 police",
		until: ymd(2013, 5, 29), untilSrc: "S/RES/2104 (2013), 29 May 2013, raised the military component to 5,326",
	},
	{
		name: "UNMISS 2011", kind: "troops", codes: []string{"UNMISS"}, scenario: "unmiss-2011",
		resolution: "S/RES/1996 (2011), 8 July 2011", day0: ymd(2011, 7, 8),
		ceiling: 7900, ceilingSrc: "S/RES/1996: up to 7,000 military and 900 civilian police",
		rehat: ymd(2011, 8, 31), rehatSrc: "UNMIS's units in the south, which became UNMISS on 9 July 2011 (S/RES/1996)",
		until: ymd(2013, 12, 24), untilSrc: "S/RES/2132 (2013), 24 December 2013, raised the ceilings",
		notCompared: "the re-hatted force is 93% of the ceiling, and in the next months re-hatted contingents left while new ones came: its pledged part cannot be told apart in monthly totals (as for UNMIH 1995 and MINURCA 1998)",
	},
	{
		name: "UNMISS 2013", kind: "troops", codes: []string{"UNMISS"},
		resolution: "S/RES/2132 (2013), 24 December 2013", day0: ymd(2013, 12, 24),
		ceiling: 13823, ceilingSrc: "S/RES/2132: 12,500 troops and 1,323 police",
		baseline: ymd(2013, 12, 31), // as in south-sudan-2014
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
