package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"regexp"
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
// tell parts of different sweeps apart), shard (I/N, in a shard's part
// only, so that merge can name a missing shard), one per axis and one per
// metric.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{"point", "total_points", "sweep"}
	if t.Shard != "" {
		header = append(header, "shard")
	}
	for _, a := range t.Axes {
		header = append(header, a.Key)
	}
	cw.Write(append(header, t.Metrics...))
	id, total := t.ID(), strconv.Itoa(t.TotalPoints)
	for _, r := range t.Rows {
		rec := []string{strconv.Itoa(r.Point), total, id}
		if t.Shard != "" {
			rec = append(rec, t.Shard)
		}
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
// It checks every part fully: the same sweep, complete rows, numbers where
// numbers belong, points within range and in their shard, no point twice,
// and every point present (naming the shards missing). A shard with no
// points is a part without rows. A byte-order mark, CRLF line ends and
// blank lines are accepted.
func Merge(w io.Writer, parts [][]byte) error {
	if len(parts) == 0 {
		return errors.New("merge: no parts")
	}
	isJSON := make([]bool, len(parts))
	for i, p := range parts {
		parts[i] = bytes.TrimPrefix(p, []byte("\ufeff"))
		isJSON[i] = bytes.HasPrefix(bytes.TrimSpace(parts[i]), []byte("{"))
		if isJSON[i] != isJSON[0] {
			return fmt.Errorf("merge: part %d is %s and part 1 %s: give all CSV or all JSON", i+1, kind(isJSON[i]), kind(isJSON[0]))
		}
	}
	if isJSON[0] {
		return mergeJSON(w, parts)
	}
	return mergeCSV(w, parts)
}

func kind(isJSON bool) string {
	if isJSON {
		return "JSON"
	}
	return "CSV"
}

// shards tracks the shards parts come from.
type shards struct {
	n    int          // shards in all; 0 until a part says
	seen map[int]bool // shards given
}

// add records that a part (1-based) is shard s, "I/N" or "" (unsharded).
func (sh *shards) add(part int, s string) (int, error) {
	if s == "" {
		return -1, nil
	}
	i, n, err := ParseShard(s)
	if err != nil {
		return 0, fmt.Errorf("merge: part %d: shard %q is not I/N", part, s)
	}
	if sh.n != 0 && n != sh.n {
		return 0, fmt.Errorf("merge: part %d is shard %d/%d, but other parts are of %d shards", part, i, n, sh.n)
	}
	sh.n = n
	if sh.seen == nil {
		sh.seen = map[int]bool{}
	}
	sh.seen[i] = true
	return i, nil
}

// missing explains the points not given: the shards they belong to when
// the number of shards is known.
func (sh *shards) missing(points []int, total int) error {
	list := func(xs []int) string {
		var b strings.Builder
		for k, x := range xs {
			if k == 8 {
				fmt.Fprintf(&b, " and %d more", len(xs)-k)
				break
			}
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(x))
		}
		return b.String()
	}
	if sh.n == 0 {
		return fmt.Errorf("merge: %d of %d points are missing (points %s): a shard is missing", len(points), total, list(points))
	}
	var ids []string
	for i := range sh.n {
		if !sh.seen[i] && slices.ContainsFunc(points, func(p int) bool { return p%sh.n == i }) {
			ids = append(ids, fmt.Sprintf("%d/%d", i, sh.n))
		}
	}
	what := "shard " + strings.Join(ids, ", ") + " is missing"
	if len(ids) > 1 {
		what = "shards " + strings.Join(ids, ", ") + " are missing"
	}
	return fmt.Errorf("merge: %s: %d of %d points are not in any part (points %s)", what, len(points), total, list(points))
}

// rowCheck checks a row's point against the sweep's points and shards.
func rowCheck(where string, point, total, shard, nShards int, seen map[int]string) error {
	switch {
	case point < 0 || point >= total:
		return fmt.Errorf("merge: %s: point %d is outside the sweep's %d points", where, point, total)
	case shard >= 0 && point%nShards != shard:
		return fmt.Errorf("merge: %s: point %d does not belong to shard %d/%d", where, point, shard, nShards)
	case seen[point] != "":
		return fmt.Errorf("merge: point %d is in two parts (%s and %s)", point, seen[point], where)
	}
	seen[point] = where
	return nil
}

// missingPoints returns the points from 0 to total-1 not in seen.
func missingPoints(seen map[int]string, total int) []int {
	var out []int
	for p := range total {
		if seen[p] == "" {
			out = append(out, p)
		}
	}
	return out
}

func mergeJSON(w io.Writer, parts [][]byte) error {
	var all *Table
	var sh shards
	seen := map[int]string{}
	for i, p := range parts {
		var t Table
		dec := json.NewDecoder(bytes.NewReader(p))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			return fmt.Errorf("merge: part %d is not a sweep's JSON: %v", i+1, sim.JSONError(err))
		}
		if dec.More() {
			return fmt.Errorf("merge: part %d has more after the sweep's JSON", i+1)
		}
		if t.Design == "" || t.Axes == nil || t.Metrics == nil || t.TotalPoints < 1 || t.TotalPoints > maxPoints {
			return fmt.Errorf("merge: part %d is not a sweep's JSON (no design, axes, metrics or total_points)", i+1)
		}
		shard, err := sh.add(i+1, t.Shard)
		if err != nil {
			return err
		}
		if shard < 0 && len(parts) > 1 {
			return fmt.Errorf("merge: part %d is a whole sweep, not a shard's part", i+1)
		}
		rows := t.Rows
		t.Rows, t.Shard = nil, ""
		if all == nil {
			all = &t
		} else if !sameTable(all, &t) {
			return fmt.Errorf("merge: part %d comes from a different sweep (scenario, seed, replications, axes or metrics differ)", i+1)
		}
		for _, r := range rows {
			where := fmt.Sprintf("part %d", i+1)
			if len(r.Values) != len(t.Axes) || len(r.Metrics) != len(t.Metrics) {
				return fmt.Errorf("merge: %s: point %d has %d values and %d metrics, want %d and %d", where, r.Point, len(r.Values), len(r.Metrics), len(t.Axes), len(t.Metrics))
			}
			if err := rowCheck(where, r.Point, t.TotalPoints, shard, sh.n, seen); err != nil {
				return err
			}
		}
		all.Rows = append(all.Rows, rows...)
	}
	if m := missingPoints(seen, all.TotalPoints); len(m) > 0 {
		return sh.missing(m, all.TotalPoints)
	}
	slices.SortFunc(all.Rows, func(a, b Row) int { return a.Point - b.Point })
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

// metricColumn matches the names of metrics (see sim.Result.Metrics).
var metricColumn = regexp.MustCompile(`^(days-to-[0-9.]+(-p50)?|never-[0-9.]+|share-at-[0-9.]+|p-.+)$`)

func mergeCSV(w io.Writer, parts [][]byte) error {
	var header []string // of the merged output, without the shard column
	var id, total string
	var sh shards
	seen := map[int]string{}
	rows := map[int][]string{}
	for i, p := range parts {
		cr := csv.NewReader(bytes.NewReader(p))
		cr.FieldsPerRecord = -1
		recs, err := cr.ReadAll()
		if err != nil {
			return fmt.Errorf("merge: part %d is not a sweep's CSV: %v", i+1, err)
		}
		recs = slices.DeleteFunc(recs, func(r []string) bool { return !slices.ContainsFunc(r, func(f string) bool { return f != "" }) })
		if len(recs) == 0 || len(recs[0]) < 3 || !slices.Equal(recs[0][:3], []string{"point", "total_points", "sweep"}) {
			return fmt.Errorf("merge: part %d is not a sweep's CSV (no point, total_points and sweep columns)", i+1)
		}
		head := recs[0]
		sharded := len(head) > 3 && head[3] == "shard"
		if sharded {
			head = slices.Delete(slices.Clone(head), 3, 4)
		}
		if header == nil {
			header = head
		} else if !slices.Equal(head, header) {
			return fmt.Errorf("merge: part %d has other columns than part 1", i+1)
		}
		shard := -1
		for k, rec := range recs[1:] {
			where := fmt.Sprintf("part %d, row %d", i+1, k+2)
			if len(rec) != len(recs[0]) {
				return fmt.Errorf("merge: %s has %d fields and the header %d: the part is cut off or not a sweep's", where, len(rec), len(recs[0]))
			}
			point, err1 := strconv.Atoi(rec[0])
			n, err2 := strconv.Atoi(rec[1])
			if err1 != nil || err2 != nil || n < 1 || n > maxPoints {
				return fmt.Errorf("merge: %s: point %q of %q is not a whole number of a sweep's points", where, rec[0], rec[1])
			}
			if id == "" {
				id, total = rec[2], rec[1]
			} else if rec[2] != id || rec[1] != total {
				return fmt.Errorf("merge: part %d comes from a different sweep (scenario, seed, replications, overrides or axes differ)", i+1)
			}
			if sharded {
				s, err := sh.add(i+1, rec[3])
				if err != nil {
					return err
				}
				if k > 0 && s != shard {
					return fmt.Errorf("merge: %s is of shard %s, the part's first row of another", where, rec[3])
				}
				shard = s
				rec = slices.Delete(rec, 3, 4)
			} else if len(parts) > 1 {
				return fmt.Errorf("merge: part %d is a whole sweep, not a shard's part", i+1)
			}
			for c, name := range header {
				if v := rec[c]; c >= 3 && v != "" && metricColumn.MatchString(name) {
					if x, err := strconv.ParseFloat(v, 64); err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
						return fmt.Errorf("merge: %s: %s is %q, not a number", where, name, v)
					}
				}
			}
			if err := rowCheck(where, point, n, shard, sh.n, seen); err != nil {
				return err
			}
			rows[point] = rec
		}
	}
	if id == "" {
		return errors.New("merge: no part has a point: the parts of a sweep's shards that ran are missing")
	}
	n, _ := strconv.Atoi(total)
	if m := missingPoints(seen, n); len(m) > 0 {
		return sh.missing(m, n)
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	for p := range n {
		cw.Write(rows[p])
	}
	cw.Flush()
	return cw.Error()
}
