// Package plots draws charts of surge results with gonum.org/v1/plot.
//
// Seven pictures answer the questions a planner, researcher or teacher asks
// of a result:
//
//   - [Deployment]: how much of the target is operational, day by day (a fan
//     chart of the median with the middle 50% and 90% of runs, the target,
//     the benchmarks and, when the result carries them, observed strengths);
//   - [TimeToTarget]: when 90% and 100% of the target are reached, and how
//     often they never are within the horizon;
//   - [Stages]: where the time goes, unit by unit, sorted by finish time so
//     the bottleneck shows at a glance;
//   - [Timeline]: one replication's way through the pipeline, unit instance
//     by unit instance (a Gantt chart, for teaching);
//   - [CompareCurves] and [CompareDays]: several results, such as strategies,
//     on one chart;
//   - [Tornado]: which parameters move a result most (a one-at-a-time
//     sensitivity analysis);
//   - [SweepChart]: a metric across the points of a parameter sweep.
//
// Each returns a [*Chart]: a title, a gonum plot and, outside the data, a
// legend and notes. [Write] renders any [Drawer] (a Chart or a *plot.Plot)
// as PNG, SVG or PDF; [StandardSet] draws the first four pictures of a
// result. Writing files is the caller's: plots writes to an io.Writer.
//
// Rendering is deterministic: the same result gives the same bytes. Colours
// come from the Okabe-Ito palette, which people with the common forms of
// colour blindness can tell apart; text is Liberation Sans (metrically
// compatible with Arial), 11 points and up at the default 8 × 5 inch size.
//
// plots imports only the standard library, gonum/plot and the packages sim
// and sim/sweep.
package plots
