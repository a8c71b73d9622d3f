// Command estimate estimates surge's reference-class defaults from the
// shipped observed strengths and writes scenarios/reference/defaults.toml
// and the leave-one-out tables in scenarios/reference/loo.
//
// Run it from the repository's root:
//
//	go run ./scenarios/reference/estimate
//
// It reads scenarios/data/ipi-missions.csv and
// scenarios/data/ipi-contributors.csv, measures the training build-ups'
// curves (training) and the contingents' departures, and fits the table by
// simulating two generic scenarios with candidate tables. It then makes the
// same fit once more without each build-up in turn (its curve and its
// contributor rows left out): the left-out build-up's points against those
// bands are the leave-one-out check in the shipped table's [fit.validation],
// and the table fitted without the build-up of an out-of-sample scenario is
// written as loo/SCENARIO.toml, which surge backtest --all scores that
// scenario with. Every number's origin is in a comment. The fits run in
// parallel; the same data give the same bytes.
// scenarios/reference/README.md says how each default is estimated.
package main
