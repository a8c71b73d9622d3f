package scenarios

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/surge-sim/surge/sim"
)

// The benchmarks use only what every version of sim.Options has, so that
// "make bench" can run them on an older commit too.

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

// BenchmarkWorkers measures a replication of south-sudan-2014 on one and
// on two workers, in runs of 20,000 replications (ns/op is per
// replication): the speed-up of a second core is the ratio.
func BenchmarkWorkers(b *testing.B) {
	sc, err := Load("south-sudan-2014")
	if err != nil {
		b.Fatal(err)
	}
	const reps = 20000
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Run(context.Background(), sc, &sim.Options{Replications: reps, Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*reps), "ns/rep")
		})
	}
}

// BenchmarkThousandUnits measures a replication of a scenario of 1,000
// units and 20 aircraft (see thousandUnits) beside one of south-sudan-2014,
// on one worker: ns/unit is the cost of a replication per unit.
func BenchmarkThousandUnits(b *testing.B) {
	sc, err := Load("south-sudan-2014")
	if err != nil {
		b.Fatal(err)
	}
	big := thousandUnits(sc)
	if err := big.Validate(); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		sc   *sim.Scenario
	}{{"south-sudan-2014", sc}, {"thousand-units", big}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			if _, err := sim.Run(context.Background(), c.sc, &sim.Options{Replications: b.N, Workers: 1}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*instances(c.sc)), "ns/unit")
		})
	}
}

// instances counts a scenario's units, each of a count.
func instances(sc *sim.Scenario) int {
	n := 0
	for _, u := range sc.Units {
		n += max(1, u.Count)
	}
	return n
}

// thousandUnits returns south-sudan-2014 (sc) with its units replaced by
// 1,000 standby companies from ten origins, ready within weeks of day 0,
// and its lift by 20 aircraft: hundreds of units wait for lift at once.
func thousandUnits(sc *sim.Scenario) *sim.Scenario {
	big := *sc
	big.Units = nil
	for i, origin := range []string{"monusco", "monrovia", "abidjan", "darfur", "kathmandu", "accra", "addis-ababa",
		"nairobi", "beijing", "elsewhere"} {
		big.Units = append(big.Units, sim.Unit{
			ID: fmt.Sprintf("company-%d", i), Category: sim.Troops, Strength: 150, Count: 100,
			Source:      sim.Standby,
			Readiness:   sim.Dist{Kind: sim.LogNormal, Median: 20, P90: 45},
			Preparation: sim.Dist{Kind: sim.LogNormal, Median: 7, P90: 20},
			Fill:        sim.Dist{Kind: sim.Uniform, Min: 0.85, Max: 1},
			Rotation: &sim.Rotation{Tour: sim.Dist{Kind: sim.Uniform, Min: 300, Max: 400},
				Gap: sim.Dist{Kind: sim.Uniform, Min: 0, Max: 30}, Replace: sim.Const(0.95)},
			Origin:    origin,
			Equipment: sim.Equipment{Tonnes: 30},
			Priority:  i % 3,
		})
	}
	big.Target = sim.Target{Troops: 150000}
	big.Lift = append([]sim.LiftPool(nil), sc.Lift[:2]...)
	big.Lift[0].Count, big.Lift[1].Count = 15, 5 // passenger jets, heavy freighters
	big.Airfields = append([]sim.Airfield(nil), sc.Airfields...)
	big.Airfields[0].Slots = 4
	big.Observed, big.Strategies = nil, nil
	return &big
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
