// Command estimate estimates surge's reference-class defaults from the
// shipped observed strengths and writes scenarios/reference/defaults.toml.
//
// Run it from the repository's root:
//
//	go run ./scenarios/reference/estimate
//
// It reads scenarios/data/ipi-missions.csv and
// scenarios/data/ipi-contributors.csv, drops the rows of the build-ups that
// surge's out-of-sample scenarios are scored on before anything else (see
// heldOut), measures the training build-ups' curves and the contingents'
// departures, fits the table by simulating two generic scenarios with
// candidate tables, checks it by leave-one-out, and writes the table with
// every number's origin in a comment. The same data give the same bytes.
// scenarios/reference/README.md says how each default is estimated.
package main
