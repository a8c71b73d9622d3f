package sim

import (
	"fmt"
	"math"
	"strconv"
)

// SchemaVersion is the version of the JSON form of every result. It changes
// when a field is renamed, removed or changes meaning; new fields do not
// change it.
//
// Version 2: days_to_fraction's mean counts "never" as the horizon, as
// compare, sweep and sensitivity do (the mean over the runs that get there
// is mean_if_reached); every header has kind, surge and scenario.sha256;
// fields are present whether empty or not (see Header).
const SchemaVersion = 2

// Result summarizes the replications of a scenario. Its JSON form, with the
// field names in the json tags, is surge's stable machine-readable output.
// Shares are fractions of the target (0.25 is 25%); days count from day 0.
type Result struct {
	Header
	Target TargetInfo `json:"target"`

	DaysToFraction []FractionStat  `json:"days_to_fraction"`
	FractionAtDay  []DayStat       `json:"fraction_at_day"`
	Benchmarks     []BenchmarkStat `json:"benchmarks"`

	// Daily is the share of the total target operational at the end of each
	// day; DailyTroops and DailyPolice are the same for each category and
	// DailyArrived counts personnel in the mission area, operational or not,
	// as UN strength figures do. Quantiles are to the nearest 0.1% of target,
	// and shares above 200% count as 200%.
	Daily        []DailyStat `json:"daily"`
	DailyTroops  []DailyStat `json:"daily_troops,omitempty"`
	DailyPolice  []DailyStat `json:"daily_police,omitempty"`
	DailyArrived []DailyStat `json:"daily_arrived"`

	// Spread says how much of the spread of Daily comes from scenario-wide
	// uncertainty, and DailyFixed is Daily with the scenario-wide
	// quantities fixed at their medians; both are absent when the scenario
	// has no scenario-wide uncertainty.
	Spread     *Spread     `json:"spread,omitempty"`
	DailyFixed []DailyStat `json:"daily_fixed,omitempty"`

	// Stages is where the time goes: the mean days a member of the surge
	// spends in each stage, weighted by unit strength, up to the horizon.
	Stages     []StageStat    `json:"stages"`
	Bottleneck *StageStat     `json:"bottleneck"` // null if no stage takes time
	Units      []UnitStat     `json:"units"`
	Lift       []LiftStat     `json:"lift"`
	Airfields  []AirfieldStat `json:"airfields"`
	Missions   []MissionStat  `json:"missions"`

	// Departures counts the personnel who left the mission, by why, where
	// any did: rotations, repatriations, withdrawals, units that left for
	// good.
	Departures []DepartureStat `json:"departures"`

	// Samples keeps each replication's days to each fraction, in
	// replication order, for plots and paired comparisons; only with
	// Options.Samples.
	Samples []FractionSamples `json:"samples,omitempty"`
	// ShareSamples keeps each replication's share of the total target
	// operational on the days of FractionAtDay and of each benchmark; only
	// with Options.Samples.
	ShareSamples []DaySamples `json:"share_samples,omitempty"`

	// Observed is what really happened, where the scenario has an observed
	// series: at each observation within the horizon, the share of the
	// total target in the mission area, and the simulated share arrived
	// (as DailyArrived counts it) on that day.
	Observed []ObservedPoint `json:"observed,omitempty"`
	// ObservedInfo says where the observed series comes from and how it
	// was read, where the scenario has one.
	ObservedInfo *ObservedInfo `json:"observed_series,omitempty"`
}

// ObservedInfo describes a result's observed series.
type ObservedInfo struct {
	Source         string   `json:"source"`
	Baseline       string   `json:"baseline"` // where the day-0 strengths come from
	BaselineTroops int      `json:"baseline_troops"`
	BaselinePolice int      `json:"baseline_police"`
	Ceiling        int      `json:"ceiling"`     // authorized uniformed strength
	NaiveShare     Share    `json:"naive_share"` // the reference forecast's plateau, a share of the target
	NaiveDays      Days     `json:"naive_days"`  // the day it reaches it
	Skipped        []string `json:"skipped"`
	OutOfSample    bool     `json:"out_of_sample"`
	Problem        string   `json:"problem"`
}

// ObservedPoint is one observation of a real deployment, beside the
// simulation's quantiles of personnel arrived on that day.
type ObservedPoint struct {
	Day      float64 `json:"day"`
	Date     string  `json:"date"`
	Fraction Share   `json:"fraction"` // observed, of the total target
	P5       Share   `json:"p5"`       // simulated
	P10      Share   `json:"p10"`
	P25      Share   `json:"p25"`
	P50      Share   `json:"p50"`
	P75      Share   `json:"p75"`
	P90      Share   `json:"p90"`
	P95      Share   `json:"p95"`
	// AbsError is the mean, over replications, of the absolute difference
	// between the share arrived and the observed share: smallest when the
	// simulated median is at the observation, and smooth in the parameters.
	AbsError Share `json:"abs_error"`
	// CRPS is the continuous ranked probability score of the simulated
	// distribution at the observation: AbsError less half the mean
	// absolute difference between two replications. Lower is better; for
	// a single value it is the absolute error.
	CRPS Share `json:"crps"`
	// PIT is where the observation falls in the simulated distribution:
	// the share of replications below it, ties counted half. Calibrated
	// forecasts give PITs spread evenly over 0 to 1. PITLow and PITHigh
	// are the shares below and at or below it: where replications tie
	// with the observation (the simulation is lumpy: units arrive whole),
	// the PIT is anywhere between them.
	PIT     Share `json:"pit"`
	PITLow  Share `json:"pit_low"`
	PITHigh Share `json:"pit_high"`
	// Naive is the reference forecast's share on that day.
	Naive Share `json:"naive"`
}

// Header says what was run, by what, and how to run it again. Every JSON
// result of surge begins with it.
//
// Every JSON result follows one rule for missing values: a field is present
// whether it has a value or not; a number that does not exist (a day never
// reached within the horizon, a median of nothing) is null, text with
// nothing to say is "", a list with nothing in it is [], and an object
// that does not exist (no bottleneck) is null. The only fields ever absent
// are those not asked for (samples with --samples=false) or for a part the
// scenario does not have (daily_troops or daily_police with no target of
// that category; spread and daily_fixed with no scenario-wide uncertainty;
// observed and observed_series with no observed series).
type Header struct {
	SchemaVersion int          `json:"schema_version"`
	Kind          string       `json:"kind"` // one of the Kind constants
	Surge         Build        `json:"surge"`
	Scenario      ScenarioInfo `json:"scenario"`
	Strategy      string       `json:"strategy"`  // "" for none
	Overrides     []string     `json:"overrides"` // every override applied, KEY=VALUE, the strategy's first
	Replications  int          `json:"replications"`
	Seed          uint64       `json:"seed"`
}

// The kinds of result, as Header.Kind gives them: the command that made it.
const (
	KindRun         = "run"
	KindCompare     = "compare"
	KindSweep       = "sweep"
	KindSensitivity = "sensitivity"
	KindBacktest    = "backtest"
	KindBacktestAll = "backtest-all"
	KindCalibrate   = "calibrate"
)

// NewHeader returns the header of a result of the given kind made from sc
// (with its strategy and overrides) with the given replications and seed.
// Surge is left for the caller, which knows how it was built.
func NewHeader(kind string, sc *Scenario, replications int, seed uint64) Header {
	overrides := sc.Overrides
	if overrides == nil {
		overrides = []string{}
	}
	return Header{SchemaVersion: SchemaVersion, Kind: kind, Scenario: sc.Info(), Strategy: sc.Strategy,
		Overrides: overrides, Replications: replications, Seed: seed}
}

// Build identifies the program that made a result.
type Build struct {
	Version  string `json:"version"`  // such as "v1.2.0", or "dev"
	Revision string `json:"revision"` // the source's git commit, "+dirty" if modified; "" if not recorded
}

// ScenarioInfo identifies the scenario a result came from.
type ScenarioInfo struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Version string `json:"version"`
	// Reference is the version of the reference class whose defaults the
	// scenario uses; "" if it uses none.
	Reference string `json:"reference_class"`
	Start     string `json:"start"` // date of day 0, as 2006-01-02
	Horizon   int    `json:"horizon"`
	// SHA256 is the scenario's content hash: see Scenario.Hash.
	SHA256 string `json:"sha256"`
}

// TargetInfo is the authorized increase.
type TargetInfo struct {
	Troops int `json:"troops"`
	Police int `json:"police"`
	Total  int `json:"total"`
}

// FractionStat is the time to reach a share of the target. Quantiles are
// over all replications, so one is null (never) if more than that share of
// replications never reach the fraction within the horizon. They are exact
// up to 100,000 replications, and to the nearest 0.01 day beyond (so is a
// unit's OperationalP50, up to 100,000 replications times its count).
//
// Mean is surge's one definition of mean days, the same as compare's,
// sweep's and sensitivity's days-to-F: over all replications, a
// replication that never gets there counting as the horizon, so that it is
// defined however many never do (and is then a lower bound of the true
// mean). MeanIfReached is the mean over the replications that do get
// there, null if none do.
type FractionStat struct {
	Fraction      Share    `json:"fraction"`
	Mean          Days     `json:"mean"`
	MeanCI95      [2]Days  `json:"mean_ci95"` // 95% Monte Carlo interval of Mean
	MeanIfReached Days     `json:"mean_if_reached"`
	P10           Days     `json:"p10"`
	P50           Days     `json:"p50"`
	P90           Days     `json:"p90"`
	Never         Share    `json:"never"` // share of replications that never reach it
	NeverCI95     Interval `json:"never_ci95"`
}

// DayStat is the share of the target operational on a given day.
type DayStat struct {
	Day      float64  `json:"day"`
	Date     string   `json:"date"`
	Mean     Share    `json:"mean"`
	MeanCI95 Interval `json:"mean_ci95"` // 95% Monte Carlo interval of Mean
	P10      Share    `json:"p10"`
	P50      Share    `json:"p50"`
	P90      Share    `json:"p90"`
}

// BenchmarkStat is the probability of meeting a benchmark: a share of the
// target operational by a day.
type BenchmarkStat struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Day         float64  `json:"day"`
	Fraction    Share    `json:"fraction"`
	Probability Share    `json:"probability"`
	CI95        Interval `json:"ci95"` // 95% Monte Carlo interval of Probability
}

// DailyStat is the distribution of a share of the target on one day.
type DailyStat struct {
	Day  int    `json:"day"`
	Date string `json:"date"`
	Mean Share  `json:"mean"`
	P5   Share  `json:"p5"`
	P25  Share  `json:"p25"`
	P50  Share  `json:"p50"`
	P75  Share  `json:"p75"`
	P95  Share  `json:"p95"`
}

// StageStat is the mean time spent in one stage.
type StageStat struct {
	Stage    string `json:"stage"`
	Label    string `json:"label"`
	MeanDays Days   `json:"mean_days"`
	Share    Share  `json:"share"` // of the time in all stages
}

// UnitStat is what happened to one of the scenario's units, over all
// replications and, for units with a count, all their instances.
type UnitStat struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Category string `json:"category"`
	Source   string `json:"source"`
	Strength int    `json:"strength"`
	Count    int    `json:"count"`

	Operational    Share `json:"operational"`      // share operational at the horizon
	Ever           Share `json:"ever_operational"` // share operational at some point, even if it left since
	OperationalP50 Days  `json:"operational_p50"`  // median day it was first operational (null: not in most runs)
	InPipeline     Share `json:"in_pipeline"`
	Gap            Share `json:"gap"`
	Refused        Share `json:"refused"`
	Blocked        Share `json:"blocked"`
	Left           Share `json:"left"`          // left for good: on a date, or relieved
	Repatriated    Share `json:"repatriated"`   // failed UN standards, not replaced
	NotActivated   Share `json:"not_activated"` // a standby arrangement not used
	Rotating       Share `json:"rotating"`      // between rotations at the horizon
	NotReplaced    Share `json:"not_replaced"`  // left, and no new contributor found for its slot
	// The shares' 95% Monte Carlo intervals. For a unit with a count,
	// they are those of a share over the replications (not over the
	// instances, which are not independent), which is conservative.
	OperationalCI95  Interval `json:"operational_ci95"`
	EverCI95         Interval `json:"ever_operational_ci95"`
	InPipelineCI95   Interval `json:"in_pipeline_ci95"`
	GapCI95          Interval `json:"gap_ci95"`
	RefusedCI95      Interval `json:"refused_ci95"`
	BlockedCI95      Interval `json:"blocked_ci95"`
	LeftCI95         Interval `json:"left_ci95"`
	RepatriatedCI95  Interval `json:"repatriated_ci95"`
	NotActivatedCI95 Interval `json:"not_activated_ci95"`
	RotatingCI95     Interval `json:"rotating_ci95"`
	NotReplacedCI95  Interval `json:"not_replaced_ci95"`

	Stages []StageDays `json:"stages"` // mean days in each stage it goes through
}

// StageDays is a mean time in one stage.
type StageDays struct {
	Stage    string `json:"stage"`
	MeanDays Days   `json:"mean_days"`
}

// DepartureStat is the personnel who left the mission for one reason.
type DepartureStat struct {
	Why       string `json:"why"` // rotation_out, left, repatriated, withdrawn, not_replaced
	Label     string `json:"label"`
	Personnel Num    `json:"personnel"` // mean per replication
	Runs      Share  `json:"runs"`      // share of replications where any left so
	// RunsCI95 is Runs's 95% Monte Carlo interval.
	RunsCI95 Interval `json:"runs_ci95"`
}

// LiftStat is what a lift pool did, on average.
type LiftStat struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Sorties     Num    `json:"sorties"`
	BusyDays    Days   `json:"busy_days"`
	Utilization Share  `json:"utilization"`
}

// AirfieldStat is what an arrival airfield saw, on average.
type AirfieldStat struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Sorties       Num    `json:"sorties"`
	Waited        Share  `json:"waited"`          // share of sorties that waited for a slot
	MeanWaitHours Num    `json:"mean_wait_hours"` // per sortie
}

// MissionStat is what a donor mission released, on average.
type MissionStat struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Released     Num    `json:"released"`      // units per replication
	Blocked      Num    `json:"blocked"`       // transfers refused per replication
	BlockedShare Share  `json:"blocked_share"` // replications with a refusal
	// BlockedShareCI95 is BlockedShare's 95% Monte Carlo interval.
	BlockedShareCI95 Interval `json:"blocked_share_ci95"`
}

// DaySamples is every replication's share of the target on one day.
type DaySamples struct {
	Day    float64 `json:"day"`
	Shares []Share `json:"shares"`
}

// FractionSamples is every replication's days to one fraction.
type FractionSamples struct {
	Fraction Share  `json:"fraction"`
	Days     []Days `json:"days"`
}

// fillEmpty makes the result's lists empty rather than nil, so that JSON
// shows them as [] (see Header).
func (r *Result) fillEmpty() {
	nonNil(&r.DaysToFraction)
	nonNil(&r.FractionAtDay)
	nonNil(&r.Benchmarks)
	nonNil(&r.Stages)
	nonNil(&r.Units)
	nonNil(&r.Lift)
	nonNil(&r.Airfields)
	nonNil(&r.Missions)
	nonNil(&r.Departures)
	if r.ObservedInfo != nil {
		nonNil(&r.ObservedInfo.Skipped)
	}
	for i := range r.Units {
		nonNil(&r.Units[i].Stages)
	}
}

func nonNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

// Days is a time in days. In JSON it has two decimals, and +Inf (never,
// within the horizon) or NaN (undefined) is null, read back as +Inf.
type Days float64

// Num is an average count, a time or a difference. In JSON it has four decimals.
type Num float64

// Share is a fraction. In JSON it has four decimals, and NaN is null.
type Share float64

func (d Days) MarshalJSON() ([]byte, error)  { return appendRounded(nil, float64(d), 100), nil }
func (n Num) MarshalJSON() ([]byte, error)   { return appendRounded(nil, float64(n), 1e4), nil }
func (s Share) MarshalJSON() ([]byte, error) { return appendRounded(nil, float64(s), 1e4), nil }

func (d *Days) UnmarshalJSON(b []byte) error {
	v, err := parseNullable(b)
	*d = Days(v)
	return err
}

func (n *Num) UnmarshalJSON(b []byte) error {
	v, err := parseNullable(b)
	if math.IsInf(v, 1) {
		v = math.NaN()
	}
	*n = Num(v)
	return err
}

func (s *Share) UnmarshalJSON(b []byte) error {
	v, err := parseNullable(b)
	if math.IsInf(v, 1) {
		v = math.NaN()
	}
	*s = Share(v)
	return err
}

// CSV writes n as JSON does (four decimals), and a number that does not
// exist (NaN or infinite, null in JSON) as an empty field.
func (n Num) CSV() string {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return ""
	}
	return string(appendRounded(nil, float64(n), 1e4))
}

// Never reports whether d is "never within the horizon".
func (d Days) Never() bool { return math.IsInf(float64(d), 1) || math.IsNaN(float64(d)) }

func appendRounded(b []byte, v, scale float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	v = math.Round(v*scale) / scale
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

func parseNullable(b []byte) (float64, error) {
	if string(b) == "null" {
		return math.Inf(1), nil
	}
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, fmt.Errorf("want a number or null (got %.40s)", b)
	}
	return x, nil
}
