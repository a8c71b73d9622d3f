package scenarios

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/surge-sim/surge/sim"
)

// observedCSV holds the monthly strengths the embedded scenarios are
// backtested against: the UNMISS, MINUSCA and UNAMID rows of the monthly
// strengths by mission in the International Peace Institute's Providing for
// Peacekeeping database (Perry and Smith 2013), as published in
// https://github.com/IPIDataLab/PPP_Loader. Figures are as of each month's
// last day.
//
//go:embed observed.csv
var observedCSV []byte

// ObservedName is the name of the embedded observed series in errors.
const ObservedName = "observed.csv"

// fileObserved is a scenario's [observed] table.
type fileObserved struct {
	Mission        string `toml:"mission"`
	BaselineTroops int    `toml:"baseline_troops"`
	BaselinePolice int    `toml:"baseline_police"`
}

// Strength is one row of an observed series: a mission's uniformed
// strength at the end of a month.
type Strength struct {
	Date      time.Time
	Mission   string
	Troops    int
	Police    int
	Observers int // 0 where not reported
}

// ReadStrengths reads monthly strengths in the format of observed.csv: a
// header naming at least the columns date, mission, troops, police and
// observers, then one row per month and mission. "NA" means not reported: rows without troops or police are
// skipped, missing observers count as 0. Errors name the file and line.
func ReadStrengths(name string, r io.Reader) ([]Strength, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: %v", name, err)
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
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
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
		skip := false
		for _, f := range []struct {
			key string
			v   *int
		}{{"troops", &s.Troops}, {"police", &s.Police}, {"observers", &s.Observers}} {
			raw := get(f.key)
			if raw == "NA" || raw == "" {
				skip = skip || f.key != "observers"
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%s:%d: %s: want a whole number or NA (got %q)", name, line, f.key, raw)
			}
			*f.v = n
		}
		if !skip {
			out = append(out, s)
		}
	}
	return out, nil
}

// observedSeries turns a mission's rows into a scenario's observed series:
// increases over the baseline, by day.
func observedSeries(source string, rows []Strength, o fileObserved, start time.Time) (*sim.Observed, error) {
	var mine []Strength
	var missions []string
	for _, r := range rows {
		if !slices.Contains(missions, r.Mission) {
			missions = append(missions, r.Mission)
		}
		if strings.EqualFold(r.Mission, o.Mission) {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		slices.Sort(missions)
		return nil, fmt.Errorf("%s has no rows for mission %q (it has %s)", source, o.Mission, strings.Join(missions, ", "))
	}
	slices.SortStableFunc(mine, func(a, b Strength) int { return a.Date.Compare(b.Date) })
	obs := &sim.Observed{Source: o.Mission + " in " + source}
	for i, r := range mine {
		if i > 0 && r.Date.Equal(mine[i-1].Date) {
			return nil, fmt.Errorf("%s: mission %s has two rows for %s", source, o.Mission, r.Date.Format("2006-01-02"))
		}
		obs.Points = append(obs.Points, sim.Observation{
			Day:    r.Date.Sub(start).Hours() / 24,
			Troops: r.Troops + r.Observers - o.BaselineTroops,
			Police: r.Police - o.BaselinePolice,
		})
	}
	return obs, nil
}
