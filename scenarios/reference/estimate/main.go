package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run estimates the reference table from the shipped data and writes it.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("estimate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", "scenarios/data", "folder of ipi-missions.csv and ipi-contributors.csv")
	out := fl.String("out", "scenarios/reference/defaults.toml", "the table to write; - for standard output")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	began := time.Now()
	table, err := estimateFrom(*data, defaultSettings)
	if err != nil {
		fmt.Fprintln(stderr, "estimate:", err)
		return 1
	}
	if *out == "-" {
		stdout.Write(table)
	} else if err := os.WriteFile(*out, table, 0o644); err != nil {
		fmt.Fprintln(stderr, "estimate:", err)
		return 1
	}
	fmt.Fprintf(stderr, "estimate: wrote %s in %.1f s\n", *out, time.Since(began).Seconds())
	return 0
}

// defaultSettings are the fit's simulations.
var defaultSettings = fitSettings{reps: 250, seed: 1}

// estimateFrom reads the data files in dir and returns the table.
func estimateFrom(dir string, fs fitSettings) ([]byte, error) {
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
	return estimate(missions, contributors, training, fs)
}

// estimate fits the table on the rows, which must hold no held-out row.
func estimate(missions []missionRow, contributors []contributorRow, builds []buildup, fs fitSettings) ([]byte, error) {
	e := estimates{builds: builds, dep: measureDepartures(contributors, groupOf), params: start}
	for _, b := range builds {
		e.curves = append(e.curves, extract(b, missions))
	}
	troops, police := split(builds, e.curves, -1)
	p, l, err := fitParams(e, troops, police, fs, start, fullStep, fullEvaluations)
	if err != nil {
		return nil, err
	}
	rec := &fitRecord{fs: fs, loss: l, looBy: make([]coverage, len(builds))}
	e.params = p
	if rec.troopsSim, err = simulate(&e, troopsGeneric, "generic-troops", fs); err != nil {
		return nil, err
	}
	if rec.policeSim, err = simulate(&e, policeGeneric, "generic-police", fs); err != nil {
		return nil, err
	}
	// Leave-one-out.
	for i, b := range builds {
		t, po := split(builds, e.curves, i)
		lp, _, err := fitParams(e, t, po, fs, p, looStep, looEvaluations)
		if err != nil {
			return nil, err
		}
		le := e
		le.params = lp
		units, name := troopsGeneric, "generic-troops"
		if b.police() {
			units, name = policeGeneric, "generic-police"
		}
		q, err := simulate(&le, units, name, fs)
		if err != nil {
			return nil, err
		}
		rec.looBy[i].add(q, e.curves[i])
		rec.loo.add(q, e.curves[i])
	}
	e.fit = rec
	return e.table(), nil
}
