package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run estimates the reference tables from the shipped data and writes
// them: the shipped table and, in the loo folder, one table per
// out-of-sample scenario fitted without that scenario's build-up.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("estimate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", "scenarios/data", "folder of ipi-missions.csv and ipi-contributors.csv")
	out := fl.String("out", "scenarios/reference/defaults.toml", "the shipped table to write")
	looDir := fl.String("loo", "scenarios/reference/loo", "folder of the leave-one-out tables to write")
	fits := fl.Int("fits", 0, "fits to run at once; 0: one per core (the tables are the same)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	began := time.Now()
	fs := defaultSettings
	fs.parallel = *fits
	o, err := estimateFrom(*data, fs, true)
	if err == nil {
		err = o.write(*out, *looDir)
	}
	if err != nil {
		fmt.Fprintln(stderr, "estimate:", err)
		return 1
	}
	fmt.Fprintf(stderr, "estimate: wrote %s and %d tables in %s in %.0f s\n", *out, len(o.loo), *looDir, time.Since(began).Seconds())
	return 0
}

// output is what the estimator writes: the shipped table, and a table for
// each out-of-sample scenario fitted without its build-up, in the order of
// training.
type output struct {
	defaults []byte
	loo      []looTable
}

type looTable struct {
	scenario string // the scenario it is for: file loo/SCENARIO.toml
	data     []byte
}

// write writes the tables, and removes any other table from looDir so that
// the folder holds what the estimator writes and nothing else.
func (o *output) write(defaults, looDir string) error {
	if err := os.MkdirAll(looDir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(defaults, o.defaults, 0o644); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, t := range o.loo {
		keep[t.scenario+".toml"] = true
		if err := os.WriteFile(filepath.Join(looDir, t.scenario+".toml"), t.data, 0o644); err != nil {
			return err
		}
	}
	old, err := filepath.Glob(filepath.Join(looDir, "*.toml"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if !keep[filepath.Base(f)] {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// defaultSettings are the fit's simulations.
var defaultSettings = fitSettings{reps: 250, seed: 1}

// estimateFrom reads the data files in dir and returns the tables. Without
// loo it makes the full fit only: the shipped table, with its leave-one-out
// figures zero, and no leave-one-out tables.
func estimateFrom(dir string, fs fitSettings, loo bool) (*output, error) {
	mf, err := os.ReadFile(filepath.Join(dir, "ipi-missions.csv"))
	if err != nil {
		return nil, err
	}
	cf, err := os.ReadFile(filepath.Join(dir, "ipi-contributors.csv"))
	if err != nil {
		return nil, err
	}
	missions, err := readMissions("ipi-missions.csv", bytes.NewReader(mf))
	if err != nil {
		return nil, err
	}
	contributors, err := readContributors("ipi-contributors.csv", bytes.NewReader(cf))
	if err != nil {
		return nil, err
	}
	return estimate(missions, contributors, training, fs, loo)
}

// estimate fits the shipped table on all the build-ups and, with loo, fits
// the table again without each build-up in turn: the same fit, from the
// same start, on the other build-ups' curves and on the contributor rows
// outside the left-out build-up's window. Each left-out build-up's points
// are set against its fit's bands (the shipped table's [fit.validation]),
// and each one that an out-of-sample scenario is scored on gets its table.
// The fits run in parallel; each result depends on its inputs only, so the
// bytes do not depend on the number of workers.
func estimate(missions []missionRow, contributors []contributorRow, builds []buildup, fs fitSettings, loo bool) (*output, error) {
	curves := make([]curve, len(builds))
	for i, b := range builds {
		c, err := extract(b, missions)
		if err != nil {
			return nil, err
		}
		curves[i] = c
	}
	n := 1
	if loo {
		n += len(builds)
	}
	workers := min(n, max(1, fs.parallel))
	if fs.parallel == 0 {
		workers = min(n, runtime.GOMAXPROCS(0))
	}
	if workers > 1 {
		fs.workers = 1 // the fits share the cores, not each simulation
	}
	fits := make([]*estimates, n)
	err := parallel(n, workers, func(k int) error {
		e, err := fitWithout(k-1, builds, curves, contributors, fs)
		fits[k] = e
		return err
	})
	if err != nil {
		return nil, err
	}
	full := fits[0]
	v := &validation{by: make([]coverage, len(builds))}
	for i, b := range builds {
		if !loo || b.notCompared != "" {
			continue
		}
		q := fits[i+1].fit.troopsSim
		if b.police() {
			q = fits[i+1].fit.policeSim
		}
		v.by[i].add(q, curves[i])
		v.total.add(q, curves[i])
	}
	full.fit.validation = v
	o := &output{defaults: full.table()}
	for i, b := range builds {
		if loo && b.scenario != "" {
			o.loo = append(o.loo, looTable{scenario: b.scenario, data: fits[i+1].table()})
		}
	}
	return o, nil
}

// fitWithout fits the table on every build-up but builds[leave] (all if
// leave is -1): their curves, and the contributor rows outside the
// drawdowns and the left-out build-up's window.
func fitWithout(leave int, builds []buildup, curves []curve, contributors []contributorRow, fs fitSettings) (*estimates, error) {
	e := trainingSet(leave, builds, curves, contributors)
	troops, police := split(e.builds, e.curves)
	p, l, err := fitParams(e, troops, police, fs, start, fullStep, fullEvaluations)
	if err != nil {
		return nil, err
	}
	e.params = p
	rec := &fitRecord{fs: fs, loss: l}
	if rec.troopsSim, err = simulate(&e, troopsGeneric, "generic-troops", fs); err != nil {
		return nil, err
	}
	if rec.policeSim, err = simulate(&e, policeGeneric, "generic-police", fs); err != nil {
		return nil, err
	}
	e.fit = rec
	return &e, nil
}

// trainingSet returns what a fit without builds[leave] (with all if leave
// is -1) sees, before fitting: the other build-ups and their curves, and
// the departures measured outside the drawdowns and the left-out
// build-up's window.
func trainingSet(leave int, builds []buildup, curves []curve, contributors []contributorRow) estimates {
	e := estimates{params: start}
	for i := range builds {
		if i == leave {
			e.leftOut = &builds[i]
			continue
		}
		e.builds = append(e.builds, builds[i])
		e.curves = append(e.curves, curves[i])
	}
	e.dep = measureDepartures(contributors, groupOf, func(mission string, t time.Time) bool {
		return inDrawdown(mission, t) || (e.leftOut != nil && e.leftOut.covers(mission, t))
	})
	return e
}

// parallel calls f(0) to f(n-1) on workers goroutines and returns their
// errors joined, in index order.
func parallel(n, workers int, f func(int) error) error {
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				errs[k] = f(k)
			}
		}()
	}
	for k := range n {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return errors.Join(errs...)
}

// covers reports whether a contributor row of mission on t falls in the
// build-up's window: from its resolution to the end of its curve.
func (b buildup) covers(mission string, t time.Time) bool {
	return slices.ContainsFunc(b.codes, func(c string) bool { return strings.EqualFold(missionCode(c), mission) }) &&
		!t.Before(b.day0) && t.Before(b.end())
}
