package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// missionRow is one month of a mission's strength. A figure not reported
// (NA) is -1.
type missionRow struct {
	date                      time.Time
	mission                   string
	troops, police, observers int
	continent                 string
}

// uniformed returns troops, police and observers together, counting a
// figure not reported as 0, and whether any was reported.
func (r missionRow) uniformed() (int, bool) {
	n, any := 0, false
	for _, x := range []int{r.troops, r.police, r.observers} {
		if x >= 0 {
			n += x
			any = true
		}
	}
	return n, any
}

// contributorRow is one month of one country's personnel in one mission.
type contributorRow struct {
	date                 time.Time
	iso3, mission        string
	police, fpu, experts int // police counts individual officers only
	troops               int
}

// units returns the personnel that come as units: troops and formed police.
func (r contributorRow) units() int { return r.troops + r.fpu }

func readCSV(name string, r io.Reader, want []string, row func(line int, get func(string) string) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s:1: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return fmt.Errorf("%s:1: no %q column", name, w)
		}
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if err := row(line, get); err != nil {
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
	}
}

func parseDate(s string) (time.Time, error) {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return d, fmt.Errorf("date %q is not a date like 2014-01-31", s)
	}
	return d, nil
}

// count reads a personnel figure: -1 for NA or empty.
func count(col, s string) (int, error) {
	if s == "" || strings.EqualFold(s, "NA") {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q is not a count of personnel", col, s)
	}
	return n, nil
}

// readMissions reads the monthly strengths by mission.
func readMissions(name string, r io.Reader) ([]missionRow, error) {
	var out []missionRow
	err := readCSV(name, r, []string{"date", "mission", "troops", "police", "observers", "continent"}, func(_ int, get func(string) string) error {
		d, err := parseDate(get("date"))
		if err != nil {
			return err
		}
		row := missionRow{date: d, mission: get("mission"), continent: get("continent")}
		for _, c := range []struct {
			col string
			to  *int
		}{{"troops", &row.troops}, {"police", &row.police}, {"observers", &row.observers}} {
			if *c.to, err = count(c.col, get(c.col)); err != nil {
				return err
			}
		}
		out = append(out, row)
		return nil
	})
	return out, err
}

// readContributors reads the monthly personnel by contributor and mission.
// A figure not reported counts as 0.
func readContributors(name string, r io.Reader) ([]contributorRow, error) {
	var out []contributorRow
	err := readCSV(name, r, []string{"date", "iso3", "mission", "police_individual", "police_fpu", "experts", "troops"}, func(_ int, get func(string) string) error {
		d, err := parseDate(get("date"))
		if err != nil {
			return err
		}
		row := contributorRow{date: d, mission: get("mission"), iso3: strings.ToUpper(get("iso3"))}
		for _, c := range []struct {
			col string
			to  *int
		}{{"police_individual", &row.police}, {"police_fpu", &row.fpu}, {"experts", &row.experts}, {"troops", &row.troops}} {
			n, err := count(c.col, get(c.col))
			if err != nil {
				return err
			}
			*c.to = max(n, 0)
		}
		out = append(out, row)
		return nil
	})
	return out, err
}
