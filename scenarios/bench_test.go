package scenarios

import (
	"context"
	"strconv"
	"testing"

	"github.com/surge-sim/surge/sim"
)

// BenchmarkReplication measures one replication of each shipped scenario,
// summary included, on one worker: ns/op is the cost of a replication.
func BenchmarkReplication(b *testing.B) {
	for _, name := range Names() {
		sc, err := Load(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: b.N, Workers: 1}); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkRun1000 measures what "surge run south-sudan-2014" does: 1,000
// replications on every core.
func BenchmarkRun1000(b *testing.B) {
	sc, err := Load("south-sudan-2014")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweep100 measures a sweep of 100 points of south-sudan-2014, each
// of 1,000 replications on every core, as "surge sweep" runs them (scenario
// built from the file with the point's overrides, summary only).
func BenchmarkSweep100(b *testing.B) {
	f, err := Open("south-sudan-2014")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for count := 1; count <= 10; count++ {
			for slots := 1; slots <= 10; slots++ {
				sc, err := f.Scenario("", []Override{
					{Key: "lift.un-passenger.count", Value: strconv.Itoa(count)},
					{Key: "airfields.juba.slots", Value: strconv.Itoa(slots)},
				})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 1000, SummaryOnly: true}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
