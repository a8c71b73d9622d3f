package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/surge-sim/surge/sim"
)

// output writes data to path (see files.write), or to standard output if
// path is empty.
func (ios *streams) output(path string, data []byte) error {
	if path == "" {
		_, err := ios.out.Write(data)
		return err
	}
	return ios.files.write(path, data)
}

// stream writes what render writes to path (see files.stream), or to
// standard output if path is empty, through a buffer.
func (ios *streams) stream(path string, render func(io.Writer) error) error {
	if path == "" {
		return buffered(ios.out, render)
	}
	return ios.files.stream(path, render)
}

// writeJSON writes v as json.Encoder does with an indent of two spaces,
// byte for byte, without holding the whole text (see streamJSON).
func writeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	if err := streamJSON(bw, reflect.ValueOf(v), 0); err != nil {
		return err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// idColumns are the columns that say which run a row of a CSV comes from,
// so that the CSVs of several runs can be stacked into one table.
var idColumns = []string{"scenario", "scenario_version", "strategy", "overrides", "replications", "seed"}

// idValues returns the idColumns of a result's header; overrides are
// joined with "; ".
func idValues(h sim.Header) []string {
	return []string{h.Scenario.Name, h.Scenario.Version, h.Strategy, strings.Join(h.Overrides, "; "),
		strconv.Itoa(h.Replications), strconv.FormatUint(h.Seed, 10)}
}

// writeDailyCSV writes the daily series as a tidy table: one row per day and
// category (troops, police, total), each starting with the idColumns.
func writeDailyCSV(w io.Writer, res *sim.Result) error {
	cw := csv.NewWriter(w)
	cw.Write(append(slices.Clone(idColumns), "day", "date", "category", "target", "mean", "p5", "p25", "p50", "p75", "p95"))
	id := idValues(res.Header)
	series := []struct {
		name   string
		target int
		rows   []sim.DailyStat
	}{
		{"troops", res.Target.Troops, res.DailyTroops},
		{"police", res.Target.Police, res.DailyPolice},
		{"total", res.Target.Total, res.Daily},
	}
	for d := range res.Daily {
		for _, s := range series {
			if s.rows == nil {
				continue
			}
			r := s.rows[d]
			cw.Write(append(slices.Clone(id), strconv.Itoa(r.Day), r.Date, s.name, strconv.Itoa(s.target),
				share(r.Mean), share(r.P5), share(r.P25), share(r.P50), share(r.P75), share(r.P95)))
		}
	}
	cw.Flush()
	return cw.Error()
}

func share(s sim.Share) string {
	b, _ := s.MarshalJSON()
	return string(b)
}

// csvNumber formats a number for CSV (see sim.Num.CSV).
func csvNumber(x float64) string { return sim.Num(x).CSV() }
