package scenarios

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/surge-sim/surge/sim"
)

// observedCSV holds the monthly strengths the embedded scenarios are
// backtested against: every UN peace operation's uniformed strength at the
// end of each month, 1990 to 2017, from the International Peace Institute's
// Providing for Peacekeeping database (Perry and Smith 2013), as published
// in https://github.com/IPIDataLab/PPP_Loader (data/README.md says more).
//
//go:embed data/ipi-missions.csv
var observedCSV []byte

// ObservedName is the name of the embedded observed series in errors.
const ObservedName = "ipi-missions.csv"

var (
	builtinOnce sync.Once
	builtinRows []Strength
	builtinErr  error
)

// builtinStrengths returns the embedded observed series, read once.
func builtinStrengths() ([]Strength, error) {
	builtinOnce.Do(func() { builtinRows, builtinErr = ReadStrengths(ObservedName, bytes.NewReader(observedCSV)) })
	return builtinRows, builtinErr
}

// fileObserved is a scenario's [observed] table.
type fileObserved struct {
	Mission        string `toml:"mission"`
	BaselineTroops *int   `toml:"baseline_troops"`
	BaselinePolice *int   `toml:"baseline_police"`
	BaselineDate   *date  `toml:"baseline_date"`
	Ceiling        *int   `toml:"ceiling"`
	Africa         bool   `toml:"africa"`
	OutOfSample    bool   `toml:"out_of_sample"`
}

// Strength is one row of an observed series: a mission's uniformed
// strength at the end of a month.
type Strength struct {
	Date      time.Time
	Mission   string
	Troops    int
	Police    int
	Observers int
	// NA marks the figures not reported (NA or empty): troops, police,
	// observers.
	NA [3]bool
}

// Column indices of Strength.NA.
const (
	naTroops = iota
	naPolice
	naObservers
)

// ReadStrengths reads monthly strengths in the format of ipi-missions.csv: a
// header naming at least the columns date, mission, troops, police and
// observers, then one row per month and mission. "NA" (or an empty field)
// means not reported; Strength.NA records it, and the observed series of a
// scenario decides what it means (see File.Scenario). Errors name the file
// and line.
func ReadStrengths(name string, r io.Reader) ([]Strength, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: %v", name, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a byte-order mark, as spreadsheets write
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range []string{"date", "mission", "troops", "police", "observers"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column (want date, mission, troops, police, observers, total)", name, want)
		}
	}
	var out []Strength
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0) // the file's line, blank lines counted
		if !slices.ContainsFunc(rec, func(f string) bool { return strings.TrimSpace(f) != "" }) {
			continue // a blank row, such as a spreadsheet leaves at the end
		}
		get := func(k string) string {
			if i := col[k]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		d, err := time.Parse("2006-01-02", get("date"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: date: want 2014-01-31 (got %q)", name, line, get("date"))
		}
		s := Strength{Date: d, Mission: get("mission")}
		for c, f := range []struct {
			key string
			v   *int
		}{{"troops", &s.Troops}, {"police", &s.Police}, {"observers", &s.Observers}} {
			raw := get(f.key)
			if raw == "NA" || raw == "" {
				s.NA[c] = true
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 || n > sim.MaxPersonnel {
				return nil, fmt.Errorf("%s:%d: %s: want a whole number from 0 to %d or NA (got %q)", name, line, f.key, sim.MaxPersonnel, raw)
			}
			*f.v = n
		}
		out = append(out, s)
	}
	return out, nil
}

// naiveShare and the months to reach it are the reference forecast a
// backtest is scored against: a straight line from the strength on day 0
// to 92.5% of the authorized ceiling at month 10 (12 in Africa), flat
// after: UN missions peak on average near 92.5% of their ceiling a little
// over ten months after authorization, about twelve in Africa (Rappa,
// Global Peace Operations Review, 2016).
const (
	naiveShare        = 0.925
	naiveMonths       = 10
	naiveMonthsAfrica = 12
	daysPerMonth      = 365.25 / 12
)

// observedSeries turns a mission's rows into a scenario's observed series:
// increases over the baseline, by day, as shares of the target.
//
// A figure not reported (NA) counts as 0 until the mission first reports
// that category (nothing of it deployed yet, or a mission with no police);
// after that, a month with a missing figure is skipped, and listed. Without
// baselines in [observed], the baseline is the mission's last row on or
// before day 0, or 0 if it has none (a new mission). With baseline_date,
// the months up to that date (the baseline's own month) are left out.
func observedSeries(source string, rows []Strength, o fileObserved, start time.Time, target sim.Target) (*sim.Observed, error) {
	var mine []Strength
	missions := map[string]bool{}
	for _, r := range rows {
		missions[r.Mission] = true
		if strings.EqualFold(r.Mission, o.Mission) {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		return nil, fmt.Errorf("%s has no rows for mission %q (it has %s)", source, o.Mission, strings.Join(keysOf(missions), ", "))
	}
	slices.SortStableFunc(mine, func(a, b Strength) int { return a.Date.Compare(b.Date) })
	for i, r := range mine {
		if i > 0 && r.Date.Equal(mine[i-1].Date) {
			return nil, fmt.Errorf("%s: mission %s has two rows for %s", source, o.Mission, r.Date.Format("2006-01-02"))
		}
	}
	obs := &sim.Observed{Source: o.Mission + " in " + source, OutOfSample: o.OutOfSample}
	var usable []Strength
	var reported [3]bool // the category has been reported in an earlier month
	for _, r := range mine {
		missing := false
		for c, na := range r.NA {
			missing = missing || (na && reported[c])
		}
		for c, na := range r.NA {
			reported[c] = reported[c] || !na
		}
		if missing {
			obs.Skipped = append(obs.Skipped, r.Date.Format("2006-01-02"))
			continue
		}
		usable = append(usable, r)
	}
	if !slices.ContainsFunc(usable, func(r Strength) bool {
		return r.Date.After(start) && (o.BaselineDate == nil || r.Date.After(o.BaselineDate.Time))
	}) {
		skipped := "none skipped"
		if len(obs.Skipped) > 0 {
			skipped = "skipped " + strings.Join(obs.Skipped, ", ")
		}
		return nil, fmt.Errorf("%s: mission %s has no month after day 0 with every figure it reports (%s)", source, o.Mission, skipped)
	}
	military := func(r Strength) int { return r.Troops + r.Observers }
	var base [2]int // military, police
	found := false
	for _, r := range usable {
		if r.Date.After(start) {
			break
		}
		base, found = [2]int{military(r), r.Police}, true
	}
	switch {
	case o.BaselineTroops != nil && o.BaselinePolice != nil:
		obs.Baseline = "as given in [observed]"
	case found:
		obs.Baseline = "the mission's last month on or before day 0"
	default:
		obs.Baseline = "0: the mission has no month on or before day 0"
	}
	if o.BaselineTroops != nil {
		base[0] = *o.BaselineTroops
	}
	if o.BaselinePolice != nil {
		base[1] = *o.BaselinePolice
	}
	obs.BaselineTroops, obs.BaselinePolice = base[0], base[1]
	for _, r := range usable {
		if o.BaselineDate != nil && !r.Date.After(o.BaselineDate.Time) {
			continue // the month the baseline is, or one before it: nothing to compare
		}
		obs.Points = append(obs.Points, sim.Observation{
			Day:    r.Date.Sub(start).Hours() / 24,
			Troops: military(r) - base[0],
			Police: r.Police - base[1],
		})
	}
	// The reference forecast, as a share of the target.
	ceiling := base[0] + base[1] + target.Total()
	if o.Ceiling != nil {
		ceiling = *o.Ceiling
	}
	months := naiveMonths
	if o.Africa {
		months = naiveMonthsAfrica
	}
	obs.Ceiling = ceiling
	obs.Naive = sim.Naive{Share: (naiveShare*float64(ceiling) - float64(base[0]+base[1])) / float64(target.Total()),
		Days: float64(months) * daysPerMonth}
	return obs, nil
}
