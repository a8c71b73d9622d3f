package scenarios

import (
	"context"
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
