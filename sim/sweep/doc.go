// Package sweep designs and records parameter sweeps: full grids or Latin
// hypercube samples over scenario parameters, split into shards that run on
// separate machines and merge back into exactly what one run would write, and
// one-at-a-time sensitivity (tornado) tables.
//
// A parameter is named by its key path in a scenario file and its values are
// TOML text; building and running the scenario of each point is the caller's
// job, so sweep knows nothing of files.
package sweep
