package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/surge-sim/surge/sim"
)

// Table is the result of a sweep, or of one shard of it: one row per point.
// Its CSV form is a tidy table with the columns point, one per axis, and one
// per metric (see sim.Result.Metrics).
type Table struct {
	sim.Header // Overrides: those applied to every point

	Design      string     `json:"design"` // "grid" or "latin"
	Axes        []AxisInfo `json:"axes"`
	Metrics     []string   `json:"metrics"`
	TotalPoints int        `json:"total_points"`
	Shard       string     `json:"shard"` // I/N for one shard's part; "" for the whole
	Rows        []Row      `json:"points"`
}

// AxisInfo names an axis in a Table.
type AxisInfo struct {
	Key   string `json:"key"`
	Label string `json:"label"` // in plain words
	Unit  string `json:"unit"`  // of the values
	// Multiplier: the values are factors of the scenario's own value
	// (KEY=*FROM:TO), written in CSV with their *.
	Multiplier bool     `json:"multiplier"`
	Values     []Value  `json:"values"` // the grid's values; [] for a sampled range
	Lo         *float64 `json:"lo"`     // a sampled range's bounds; null for a grid
	Hi         *float64 `json:"hi"`
}

// Row is one point's values and metrics.
type Row struct {
	Point   int       `json:"point"`
	Values  []Value   `json:"values"`
	Metrics []sim.Num `json:"metrics"` // NaN (null in JSON) when undefined
}

// Describe returns the AxisInfo of axes.
func Describe(axes []Axis, design string) []AxisInfo {
	out := make([]AxisInfo, len(axes))
	for i, a := range axes {
		out[i] = AxisInfo{Key: a.Key, Multiplier: a.Prefix == "*", Values: []Value{}}
		if a.Range && (design == "latin" || len(a.Values) == 0) {
			lo, hi := a.Lo, a.Hi
			out[i].Lo, out[i].Hi = &lo, &hi
		} else {
			out[i].Values = ValuesOf(a.Values)
		}
	}
	return out
}

// AddRow records a point's result.
func (t *Table) AddRow(p Point, res *sim.Result) {
	ms := res.Metrics()
	if t.Metrics == nil {
		for _, m := range ms {
			t.Metrics = append(t.Metrics, m.Name)
		}
	}
	row := Row{Point: p.Index, Values: ValuesOf(p.Values), Metrics: make([]sim.Num, len(ms))}
	for i, m := range ms {
		row.Metrics[i] = sim.Num(m.Value)
	}
	t.Rows = append(t.Rows, row)
}

// ID is a fingerprint of the sweep a table belongs to: its scenario, seed,
// replications, overrides, design, axes and metrics, not its shard or rows.
func (t *Table) ID() string {
	x := *t
	x.Rows, x.Shard = nil, ""
	b, _ := json.Marshal(x)
	h := fnv.New64a()
	h.Write(b)
	return fmt.Sprintf("%016x", h.Sum64())
}

// WriteCSV writes the table as CSV: a header, then one row per point, with
// the columns point, total_points, sweep (the table's ID, so that merge can
// tell parts of different sweeps apart), one per axis and one per metric.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{"point", "total_points", "sweep"}
	for _, a := range t.Axes {
		header = append(header, a.Key)
	}
	cw.Write(append(header, t.Metrics...))
	id, total := t.ID(), strconv.Itoa(t.TotalPoints)
	for _, r := range t.Rows {
		rec := []string{strconv.Itoa(r.Point), total, id}
		for j, v := range r.Values {
			if t.Axes[j].Multiplier && !strings.HasPrefix(string(v), "*") {
				v = "*" + v // read back from JSON
			}
			rec = append(rec, string(v))
		}
		for _, m := range r.Metrics {
			rec = append(rec, m.CSV())
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the table as indented JSON.
func (t *Table) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

// Merge combines the parts written by the shards of one sweep (all CSV or
// all JSON) into exactly the bytes the sweep would have written unsharded.
// It checks that the parts belong together and that no point is missing or
// given twice.
func Merge(w io.Writer, parts [][]byte) error {
	if len(parts) == 0 {
		return errors.New("merge: no parts")
	}
	if bytes.HasPrefix(bytes.TrimSpace(parts[0]), []byte("{")) {
		return mergeJSON(w, parts)
	}
	return mergeCSV(w, parts)
}

func mergeJSON(w io.Writer, parts [][]byte) error {
	var all *Table
	for i, p := range parts {
		var t Table
		if err := json.Unmarshal(p, &t); err != nil {
			return fmt.Errorf("merge: part %d is not a sweep's JSON: %v", i+1, err)
		}
		rows := t.Rows
		t.Rows, t.Shard = nil, ""
		if all == nil {
			all = &t
		} else if !sameTable(all, &t) {
			return fmt.Errorf("merge: part %d comes from a different sweep (scenario, seed, replications, axes or metrics differ)", i+1)
		}
		all.Rows = append(all.Rows, rows...)
	}
	if err := sortRows(all.Rows); err != nil {
		return err
	}
	if len(all.Rows) != all.TotalPoints {
		return fmt.Errorf("merge: %d of %d points: a shard is missing", len(all.Rows), all.TotalPoints)
	}
	return all.WriteJSON(w)
}

// sameTable reports whether two parts have the same metadata.
func sameTable(a, b *Table) bool {
	x, y := *a, *b
	x.Rows, y.Rows = nil, nil
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return bytes.Equal(bx, by)
}

func sortRows(rows []Row) error {
	slices.SortFunc(rows, func(a, b Row) int { return a.Point - b.Point })
	for i := 1; i < len(rows); i++ {
		if rows[i].Point == rows[i-1].Point {
			return fmt.Errorf("merge: point %d is in two parts", rows[i].Point)
		}
	}
	return nil
}

func mergeCSV(w io.Writer, parts [][]byte) error {
	type line struct {
		point int
		text  string
	}
	var header, id, total string
	var lines []line
	for i, p := range parts {
		text := strings.TrimSuffix(string(p), "\n")
		rows := strings.Split(text, "\n")
		if i == 0 {
			header = rows[0]
			if !strings.HasPrefix(header, "point,total_points,sweep,") {
				return errors.New("merge: the parts are not a sweep's CSV (no point, total_points and sweep columns)")
			}
		} else if rows[0] != header {
			return fmt.Errorf("merge: part %d has other columns than part 1", i+1)
		}
		for _, r := range rows[1:] {
			f, err := csv.NewReader(strings.NewReader(r)).Read()
			if err != nil || len(f) < 3 {
				return fmt.Errorf("merge: part %d: %q is not a row of a sweep", i+1, r)
			}
			n, err := strconv.Atoi(f[0])
			if err != nil {
				return fmt.Errorf("merge: part %d: %q does not start with a point number", i+1, r)
			}
			if id == "" {
				id, total = f[2], f[1]
			} else if f[2] != id || f[1] != total {
				return fmt.Errorf("merge: part %d comes from a different sweep (scenario, seed, replications, overrides or axes differ)", i+1)
			}
			lines = append(lines, line{n, r})
		}
	}
	slices.SortFunc(lines, func(a, b line) int { return a.point - b.point })
	var b strings.Builder
	b.WriteString(header + "\n")
	for i, l := range lines {
		if i > 0 && l.point == lines[i-1].point {
			return fmt.Errorf("merge: point %d is in two parts", l.point)
		}
		if l.point != i {
			return fmt.Errorf("merge: point %d is missing: a shard is missing", i)
		}
		b.WriteString(l.text + "\n")
	}
	if n, err := strconv.Atoi(total); err == nil && len(lines) != n {
		return fmt.Errorf("merge: %d of %d points: a shard is missing", len(lines), n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
