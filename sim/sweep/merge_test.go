package sweep

import (
	"bytes"
	"strings"
	"testing"
)

// parts writes the k shards' parts of table(n, ., k) in format, and the
// unsharded output.
func parts(t *testing.T, format string, n, k int) (whole []byte, ps [][]byte) {
	t.Helper()
	write := func(tb *Table) []byte {
		tb.Metrics = []string{"days-to-90", "p-brahimi"} // names merge knows as metrics
		return encode(tb, format)
	}
	for i := range k {
		ps = append(ps, write(table(n, i, k)))
	}
	return write(table(n, 0, 1)), ps
}

// encode writes tb as format, csv or json.
func encode(tb *Table, format string) []byte {
	var b bytes.Buffer
	if format == "csv" {
		tb.WriteCSV(&b)
	} else {
		tb.WriteJSON(&b)
	}
	return b.Bytes()
}

func merge(ps ...[]byte) (string, error) {
	var b bytes.Buffer
	err := Merge(&b, ps)
	return b.String(), err
}

func TestMergeAcceptsEmptyShardsAndOddLineEnds(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"csv", "json"} {
		// 2 points in 3 shards: shard 2/3 has none.
		whole, ps := parts(t, format, 2, 3)
		if got, err := merge(ps...); err != nil || got != string(whole) {
			t.Errorf("%s with an empty shard: %v\n%s", format, err, got)
		}
		if format == "csv" {
			if !strings.HasPrefix(string(ps[2]), "point,total_points,sweep,shard,a,days-to-90,p-brahimi\n") {
				t.Errorf("the empty shard's part lacks the metric columns: %q", ps[2])
			}
			// A byte-order mark, CRLF and blank lines, as a spreadsheet saves.
			odd := "\ufeff" + strings.ReplaceAll(string(ps[0]), "\n", "\r\n") + "\r\n\r\n,,,,,\r\n"
			if got, err := merge([]byte(odd), ps[1], ps[2]); err != nil || got != string(whole) {
				t.Errorf("CRLF, BOM and blank lines: %v\n%q", err, got)
			}
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	_, csv3 := parts(t, "csv", 10, 3)
	_, json3 := parts(t, "json", 10, 3)
	cut := csv3[0][:bytes.LastIndexByte(csv3[0][:len(csv3[0])-1], ',')] // the last row cut off
	for _, tc := range []struct {
		name  string
		parts [][]byte
		want  string
	}{
		{"a row cut off", [][]byte{cut, csv3[1], csv3[2]}, "part 1, row 5 has 6 fields and the header 7: the part is cut off"},
		{"a JSON part cut off", [][]byte{json3[0][:len(json3[0])/2], json3[1], json3[2]}, "part 1 is not a sweep's JSON"},
		{"JSON that is not a sweep", [][]byte{[]byte(`{"name": "x"}`)}, "part 1 is not a sweep's JSON"},
		{"JSON with more after it", [][]byte{append(append([]byte{}, json3[0]...), "{}"...), json3[1], json3[2]}, "has more after"},
		{"CSV and JSON", [][]byte{csv3[0], json3[1]}, "part 2 is JSON and part 1 CSV"},
		{"a missing CSV shard, named", [][]byte{csv3[0], csv3[2]}, "shard 1/3 is missing: 3 of 10 points are not in any part (points 1, 4, 7)"},
		{"a missing JSON shard, named", [][]byte{json3[2], json3[1]}, "shard 0/3 is missing: 4 of 10 points are not in any part (points 0, 3, 6, 9)"},
		{"two missing", [][]byte{json3[2]}, "shards 0/3, 1/3 are missing"},
		{"a point out of range", [][]byte{bytes.Replace(json3[0], []byte(`"point": 9`), []byte(`"point": 99`), 1), json3[1], json3[2]}, "point 99 is outside the sweep's 10 points"},
		{"a point in the wrong shard", [][]byte{bytes.Replace(csv3[0], []byte("\n3,"), []byte("\n4,"), 1), csv3[2]}, "point 4 does not belong to shard 0/3"},
		{"a metric that is not a number", [][]byte{bytes.Replace(csv3[0], []byte(",3,"), []byte(",three,"), 1), csv3[1], csv3[2]}, `days-to-90 is "three", not a number`},
		{"a JSON metric that is not a number", [][]byte{bytes.Replace(json3[0], []byte(": 3,"), []byte(`: "3",`), 1), json3[1], json3[2]}, "part 1 is not a sweep's JSON"},
		{"a shard twice", [][]byte{csv3[0], csv3[1], csv3[2], csv3[1]}, "point 1 is in two parts (part 2, row 2 and part 4, row 2)"},
		{"too many points", [][]byte{[]byte("point,total_points,sweep\n0,1000000000000,x\n")}, "is not a whole number of a sweep's points"},
		{"only empty parts", [][]byte{[]byte("point,total_points,sweep,shard,a\n")}, "no part has a point"},
		{"shards of different splits", [][]byte{csv3[0], bytes.ReplaceAll(csv3[1], []byte(",1/3,"), []byte(",1/4,"))}, "is shard 1/4, but other parts are of 3 shards"},
	} {
		if _, err := merge(tc.parts...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// FuzzMerge: merge never panics, and what it merges merges again to itself.
func FuzzMerge(f *testing.F) {
	for _, format := range []string{"csv", "json"} {
		var ps [][]byte
		for i := range 2 {
			ps = append(ps, encode(table(4, i, 2), format))
		}
		f.Add(ps[0], ps[1])
		f.Add(ps[0], []byte{})
	}
	f.Add([]byte("point,total_points,sweep\n0,1,x\n"), []byte("\ufeff"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var out bytes.Buffer
		if err := Merge(&out, [][]byte{a, b}); err != nil {
			return
		}
		var again bytes.Buffer
		if err := Merge(&again, [][]byte{out.Bytes()}); err != nil || !bytes.Equal(again.Bytes(), out.Bytes()) {
			t.Errorf("a merged sweep does not merge to itself: %v\n%q\n%q", err, out.Bytes(), again.Bytes())
		}
	})
}
