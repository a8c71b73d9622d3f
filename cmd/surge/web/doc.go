// Package web is surge's classroom server: "surge serve" starts it. It
// serves a page (embedded, so it works offline) where a teacher or student
// picks a built-in scenario or pastes one, moves the scenario's levers,
// runs it, pins runs to compare, and reads one run as a story; and an API
// that returns exactly what the command line writes with --format json:
//
//	GET  /api/scenarios                  the built-in scenarios, their strategies and levers
//	GET  /api/source?scenario=NAME       a built-in scenario's TOML
//	GET  /api/run?scenario=NAME&reps=N&seed=S[&strategy=X][&set=KEY=VALUE ...][&samples=false]
//	                                     = surge run NAME --reps N --seed S ... --format json
//	GET  /api/compare?scenario=NAME&reps=N&seed=S[&strategies=A,B][&set=...][&variant=...]
//	                                     = surge compare NAME ... --format json (variant: pinned runs)
//	GET  /api/story?scenario=NAME&seed=S&timeline=K[&strategy=X][&set=...]
//	                                     = surge story NAME ... --format json
//	GET  /api/timeline.svg?...           the story's timeline picture (plots.Timeline)
//	POST /api/check                      a scenario's TOML in the body: its strict loader's errors
//	POST /api/run, /api/compare, ...     the same, with the scenario's TOML in the body
//
// Errors are JSON, {"error": "...", "status": N, "problems": [...]}: 404 for
// an unknown scenario, 400 for a bad value (naming it, as the command line
// does), 413 for a scenario too large, 503 when too many runs are waiting.
// Work is bounded: replications, horizon and units per request, runs at
// once (the rest wait in a queue of bounded length), a timeout per request.
// No request reads or writes a file: the built-in scenarios are embedded,
// and a pasted scenario lives only as long as its request.
//
// With progress=1, /api/run and /api/compare answer with lines of JSON
// (application/x-ndjson): {"progress": {"done": D, "total": T}} as the work
// goes, then {"result": ...} or {"error": ...}, so that a page can show
// progress, and cancel by closing the request.
package web
