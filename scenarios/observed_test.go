package scenarios

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/surge-sim/surge/sim"
)

func TestReadStrengthsAsSpreadsheetsSaveThem(t *testing.T) {
	t.Parallel()
	plain := "date,mission,troops,police,observers,total\n2014-01-31,MINE,6938,746,0,7684\n2014-03-31,MINE,8938,746,NA,9684\n"
	want, err := ReadStrengths("plain.csv", strings.NewReader(plain))
	if err != nil || len(want) != 2 {
		t.Fatalf("%v, %d rows", err, len(want))
	}
	for name, src := range map[string]string{
		"a byte-order mark":   "\ufeff" + plain,
		"CRLF":                strings.ReplaceAll(plain, "\n", "\r\n"),
		"trailing blank rows": plain + "\n\n,,,,,\n  ,\n",
		"all three":           "\ufeff" + strings.ReplaceAll(plain, "\n", "\r\n") + "\r\n,,,,,\r\n",
	} {
		got, err := ReadStrengths("x.csv", strings.NewReader(src))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v, %v; want %v", name, err, got, want)
		}
	}
	// A line number counts the blank lines before it.
	_, err = ReadStrengths("x.csv", strings.NewReader("date,mission,troops,police,observers\n\n2014-01-31,M,x,1,1\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "x.csv:3: troops:") {
		t.Errorf("got %v, want an error on line 3", err)
	}
}

// BenchmarkObservedSeries picks a mission from a series of many: linear in
// the rows (finding the missions was quadratic in their number).
func BenchmarkObservedSeries(b *testing.B) {
	var rows []Strength
	start := time.Date(2000, 1, 31, 0, 0, 0, 0, time.UTC)
	for m := range 20000 {
		rows = append(rows, Strength{Date: start, Mission: fmt.Sprintf("M%d", m), Troops: 1})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := observedSeries("x.csv", rows, fileObserved{Mission: "none"}, start, sim.Target{Troops: 1}); err == nil {
			b.Fatal("no error for a mission with no rows")
		}
	}
}

// FuzzReadStrengths: reading any bytes as an observed series never panics,
// and every error names the file.
func FuzzReadStrengths(f *testing.F) {
	f.Add([]byte(observedCSV))
	f.Add([]byte("\ufeffdate,mission,troops,police,observers\r\n2014-01-31,M,1,2,NA\r\n\r\n"))
	f.Add([]byte("date,mission,troops,police,observers\n\"2014-01-31\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadStrengths("x.csv", strings.NewReader(string(data)))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "x.csv") {
				t.Errorf("the error does not name the file: %v", err)
			}
			return
		}
		if len(rows) > 0 {
			observedSeries("x.csv", rows, fileObserved{Mission: rows[0].Mission}, rows[0].Date, sim.Target{Troops: 1})
		}
	})
}
