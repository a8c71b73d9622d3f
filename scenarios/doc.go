// Package scenarios reads surge scenario files and holds the scenarios that
// ship with surge.
//
// A scenario file is TOML. Load strictly: an unknown key is an error that
// names it and suggests the nearest known ones; a syntax error shows the line
// and column; a bad value names the file, line, key path and value, as in
//
//	south-sudan-2014.toml:212: units.rwa-bn.strength: must be above 0 (got -850)
//
// The format is described key by key in the README; tutorial.toml is a
// commented example. The shipped scenarios are embedded in the binary, so
// surge runs with no files around.
package scenarios
