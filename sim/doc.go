// Package sim simulates a peacekeeping surge: from the Security Council's
// resolution (day 0) to units operational in the mission area.
//
// A Scenario lists what was authorized (the Target), who may contribute
// (Countries, donor Missions, Units with their Source: pledge, transfer,
// standby or rehat) and the pipeline that moves units: force generation,
// national consent and legislative approval (one decision per country),
// donor release above a floor, preparation, host-state consent, strategic
// Lift pools, arrival Airfields with a few slots, surface Routes and
// Reception. Anything uncertain is a Dist: fixed, uniform, triangular,
// log-normal (median and 90th percentile), gamma or empirical.
//
// Run simulates many replications in parallel and summarizes them in a
// Result: days to reach shares of the target, the share operational by day,
// the chance of meeting each benchmark, and where the time goes (mean days per
// Stage). Trace returns everything that happened in one replication.
//
// Each replication runs on one goroutine as a discrete-event simulation (see
// package des). Every random quantity draws from its own stream, derived from
// the seed, the replication, the entity and the quantity, so results do not
// depend on the number of workers, and two scenarios that differ in one
// parameter share all their other draws (common random numbers).
//
// sim knows nothing of files, the command line or plots: package scenarios
// reads scenario files and package plots draws results.
package sim
