// Package workflow runs surge's workflows on a scenario file: a Monte Carlo
// run, a comparison of strategies or other variants with common random
// numbers, a sweep over a grid of parameter values, a sensitivity analysis,
// a backtest against the observed series, a calibration, and one
// replication told as a story. The command line and the classroom web
// server both call it, so the same options give the same result, byte for
// byte, whichever asks.
//
// Each workflow is one function that takes a *scenarios.File (read with
// scenarios.Open or scenarios.Read), its options and a context, and returns
// its result type: Run a *sim.Result, Compare a *sim.Comparison, Sweep a
// *sweep.Table, Sensitivity a *sweep.Sensitivity, Backtest a
// *BacktestReport, Calibrate a *Calibration and Tell a *Story. Options
// whose zero value works hold what every workflow shares: replications,
// seed, workers, the strategy and the overrides.
//
// A bad option, or a scenario that cannot be run as asked, is an *Error
// (or one of package scenarios' errors): the caller's input, which the
// command line reports with exit status 2 and the server with 400. Any
// other error is a failure.
//
// workflow reads no files and writes nothing: reports, pictures and files
// are the caller's.
package workflow
