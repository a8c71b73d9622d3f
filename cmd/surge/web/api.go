package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/scenarios/workflow"
	"github.com/surge-sim/surge/sim"
)

// request is what a simulating request asks for.
type request struct {
	file    *scenarios.File
	opts    workflow.Options
	q       url.Values
	samples bool // keep the per-run samples (samples=false leaves them out)
}

// common are the parameters every simulating endpoint takes.
var common = []string{"scenario", "file", "reps", "seed", "strategy", "set", "progress"}

// parse reads a request's scenario (built in, or POSTed as TOML) and its
// parameters, refusing those the endpoint does not take.
func (s *Server) parse(r *http.Request, extra ...string) (*request, error) {
	q := r.URL.Query()
	allowed := append(slices.Clone(common), extra...)
	for _, k := range sortedKeys(q) {
		if !slices.Contains(allowed, k) {
			return nil, badf("unknown parameter %q: %s takes %s", k, r.URL.Path, strings.Join(allowed, ", "))
		}
		if len(q[k]) > 1 && k != "set" && k != "variant" {
			return nil, badf("%s is given %d times: give it once", k, len(q[k]))
		}
	}
	req := &request{q: q, opts: workflow.Options{Replications: 1000, Seed: 1, Workers: s.cfg.Workers, Surge: s.cfg.Surge}}
	var err error
	if req.file, err = s.scenarioOf(r); err != nil {
		return nil, err
	}
	if v := q.Get("reps"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > s.cfg.MaxReplications {
			return nil, badf("reps must be a whole number from 1 to %s (got %q)", sim.Thousands(s.cfg.MaxReplications), v)
		}
		req.opts.Replications = n
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, badf("seed must be a whole number, 0 or more (got %q)", v)
		}
		req.opts.Seed = n
	}
	req.opts.Strategy = q.Get("strategy")
	if req.opts.Set, err = overrides(q["set"]); err != nil {
		return nil, err
	}
	if v := q.Get("progress"); v != "" && v != "0" && v != "1" {
		return nil, badf("progress must be 0 or 1 (got %q)", v)
	}
	if req.samples, err = boolParam(q, "samples", true); err != nil {
		return nil, err
	}
	return req, nil
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func badf(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// overrides parses set=KEY=VALUE parameters, as --set.
func overrides(sets []string) ([]scenarios.Override, error) {
	var out []scenarios.Override
	for _, v := range sets {
		o, err := scenarios.ParseOverride(v)
		if err != nil {
			return nil, badf("set: %v", err)
		}
		o.Origin = "set"
		out = append(out, o)
	}
	return out, nil
}

var fileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$`)

// scenarioOf returns the request's scenario: the built-in one it names,
// or the TOML of a POST's body, read up to the size limit.
func (s *Server) scenarioOf(r *http.Request) (*scenarios.File, error) {
	q := r.URL.Query()
	if r.Method != http.MethodPost {
		name := q.Get("scenario")
		if name == "" {
			return nil, badf("scenario is missing: give scenario=NAME, one of %s, or POST a scenario's TOML", strings.Join(scenarios.Names(), ", "))
		}
		return s.file(name)
	}
	name := "pasted.toml"
	if v := q.Get("file"); v != "" {
		if !fileName.MatchString(v) {
			return nil, badf("file must be a plain file name, such as mine.toml (got %q)", v)
		}
		name = v
	}
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, s.cfg.MaxScenarioSize))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, &httpError{status: http.StatusRequestEntityTooLarge,
			msg: fmt.Sprintf("%s is larger than %d KiB, more than the server reads", name, s.cfg.MaxScenarioSize>>10)}
	}
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, badf("%s is empty: POST a scenario's TOML (surge show tutorial prints one to start from)", name)
	}
	return scenarios.Read(name, data)
}

// bounded builds the request's scenario (with extra overrides) and
// refuses one too large for the server.
func (s *Server) bounded(req *request, strategy string, extra ...scenarios.Override) error {
	o := req.opts
	o.Strategy = strategy
	sc, err := workflow.Build(req.file, &o, extra...)
	if err != nil {
		return err
	}
	if sc.Horizon > s.cfg.MaxHorizon {
		return badf("the horizon of %d days is more than this server simulates (%s)", sc.Horizon, sim.Thousands(s.cfg.MaxHorizon))
	}
	units := 0
	for _, u := range sc.Units {
		units += max(1, u.Count)
	}
	if units > s.cfg.MaxUnits {
		return badf("the scenario has %s units, more than this server simulates (%s)", sim.Thousands(units), sim.Thousands(s.cfg.MaxUnits))
	}
	return nil
}

// isInput reports whether err is the client's input.
func isInput(err error) bool {
	var se *scenarios.TooLargeError
	return workflow.IsInput(err) || errors.As(err, &se)
}

// problems lists where a scenario's errors are.
func problems(err error) []Problem {
	var out []Problem
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var se *scenarios.Error
		var oe *scenarios.OverrideError
		switch {
		case errors.As(e, &se):
			out = append(out, Problem{Line: se.Line, Column: se.Col, Key: se.Key, Message: se.Error()})
		case errors.As(e, &oe):
			out = append(out, Problem{Key: oe.Override.Key, Message: oe.Error()})
		}
	}
	return out
}

// simulate runs job in its turn, under the request's timeout, and answers
// with its result: as the command line's JSON, or with progress=1 as lines
// of JSON with the progress and then the result.
func (s *Server) simulate(w http.ResponseWriter, r *http.Request, job func(ctx context.Context, progress func(done, total int)) (any, error)) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	if r.URL.Query().Get("progress") != "1" {
		release, err := s.acquire(ctx, nil)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer release()
		v, err := job(ctx, nil)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	var mu sync.Mutex
	line := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			b, _ = json.Marshal(map[string]any{"error": errorBody{Error: "internal error: " + err.Error(), Status: http.StatusInternalServerError}})
		}
		mu.Lock()
		defer mu.Unlock()
		w.Write(append(b, '\n'))
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	failed := func(err error) {
		if b := s.errorBody(err); b.Status != 0 {
			if b.Status == http.StatusInternalServerError && s.cfg.Log != nil {
				fmt.Fprintf(s.cfg.Log, "surge serve: %s %s: %v\n", r.Method, r.URL.Path, err)
			}
			line(map[string]any{"error": b})
		}
	}
	release, err := s.acquire(ctx, func(ahead int) { line(map[string]any{"waiting": ahead}) })
	if err != nil {
		failed(err)
		return
	}
	defer release()
	var last time.Time
	progress := func(done, total int) {
		if now := time.Now(); now.Sub(last) >= 100*time.Millisecond || done == total {
			last = now
			line(map[string]any{"progress": map[string]int{"done": done, "total": total}})
		}
	}
	v, err := job(ctx, progress)
	if err != nil {
		failed(err)
		return
	}
	line(map[string]any{"result": v})
}

func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	req, err := s.parse(r, "samples")
	if err == nil {
		err = s.bounded(req, req.opts.Strategy)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.simulate(w, r, func(ctx context.Context, progress func(int, int)) (any, error) {
		o := req.opts
		o.Progress, o.Samples = progress, req.samples
		res, _, err := workflow.Run(ctx, req.file, &o)
		if err == nil && !req.samples {
			workflow.DropSamples(res)
		}
		return res, err
	})
}

func boolParam(q url.Values, key string, def bool) (bool, error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badf("%s must be true or false (got %q)", key, v)
	}
	return b, nil
}

func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	req, err := s.parse(r, "strategies", "variant", "samples")
	var co *workflow.CompareOptions
	if err == nil {
		co, err = s.compareOptions(req)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.simulate(w, r, func(ctx context.Context, progress func(int, int)) (any, error) {
		c := *co
		c.Progress = progress
		cmp, err := workflow.Compare(ctx, req.file, &c)
		if err == nil && !req.samples {
			workflow.DropSamples(cmp.Baseline)
			for _, v := range cmp.Strategies {
				workflow.DropSamples(v.Result)
			}
		}
		return cmp, err
	})
}

// compareOptions reads the strategies and variants to compare, each a
// query string of name, strategy and set (the parameters of /api/run),
// and checks every one before anything runs.
func (s *Server) compareOptions(req *request) (*workflow.CompareOptions, error) {
	co := &workflow.CompareOptions{Options: req.opts}
	if v := req.q.Get("strategies"); v != "" {
		co.Strategies = strings.Split(v, ",")
	}
	for i, v := range req.q["variant"] {
		vq, err := url.ParseQuery(v)
		if err != nil {
			return nil, badf("variant %d: %q is not a query string such as name=more+aircraft&set=lift.charter.count%%3D2", i+1, v)
		}
		va := workflow.Variant{Name: vq.Get("name"), Strategy: vq.Get("strategy")}
		for _, k := range sortedKeys(vq) {
			if k != "name" && k != "strategy" && k != "set" {
				return nil, badf("variant %d: unknown parameter %q: a variant takes name, strategy and set", i+1, k)
			}
		}
		if va.Set, err = overrides(vq["set"]); err != nil {
			return nil, badf("variant %d: %v", i+1, err)
		}
		if va.Name == "" {
			va.Name = fmt.Sprintf("run %d", i+1)
		}
		var what []string
		if va.Strategy != "" {
			what = append(what, "strategy "+va.Strategy)
		}
		for _, o := range va.Set {
			what = append(what, o.String())
		}
		va.Description = strings.Join(what, "; ")
		if va.Description == "" {
			va.Description = "the scenario as written"
		}
		co.Variants = append(co.Variants, va)
	}
	n := len(co.Strategies) + len(co.Variants)
	if n == 0 {
		n = len(req.file.Strategies)
	}
	if n > s.cfg.MaxVariants {
		return nil, badf("%d runs to compare with the baseline, more than this server compares at once (%d)", n, s.cfg.MaxVariants)
	}
	if err := s.bounded(req, ""); err != nil {
		return nil, err
	}
	for _, name := range co.Strategies {
		if err := s.bounded(req, name); err != nil {
			return nil, err
		}
	}
	for _, v := range co.Variants {
		if err := s.bounded(req, v.Strategy, v.Set...); err != nil {
			return nil, err
		}
	}
	return co, nil
}

// storyRequest reads the parameters of a story: the replication is
// timeline=K, as surge story --timeline K.
func (s *Server) storyRequest(r *http.Request, extra ...string) (*request, *workflow.StoryOptions, error) {
	req, err := s.parse(r, append([]string{"timeline"}, extra...)...)
	if err != nil {
		return nil, nil, err
	}
	so := &workflow.StoryOptions{Options: req.opts}
	if v := req.q.Get("timeline"); v != "" {
		k, err := strconv.Atoi(v)
		if err != nil || k < 0 || k >= s.cfg.MaxReplications {
			return nil, nil, badf("timeline must be a replication, a whole number from 0 to %s (got %q)", sim.Thousands(s.cfg.MaxReplications-1), v)
		}
		so.Replication = k
	}
	if err := s.bounded(req, req.opts.Strategy); err != nil {
		return nil, nil, err
	}
	return req, so, nil
}

func (s *Server) handleStory(w http.ResponseWriter, r *http.Request) {
	req, so, err := s.storyRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.simulate(w, r, func(ctx context.Context, _ func(int, int)) (any, error) {
		return workflow.Tell(ctx, req.file, so)
	})
}

func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) {
	req, so, err := s.storyRequest(r, "dates")
	dates := false
	if err == nil {
		dates, err = boolParam(req.q, "dates", false)
	}
	if err == nil && req.q.Get("progress") == "1" {
		err = badf("progress: a picture comes whole")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	release, err := s.acquire(ctx, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer release()
	sc, rep, err := workflow.Trace(req.file, so)
	var ch *plots.Chart
	if err == nil {
		ch, err = plots.Timeline(sc, rep, &plots.Options{Dates: dates})
	}
	var buf bytes.Buffer
	if err == nil {
		err = plots.Write(&buf, ch, "svg", nil)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(buf.Bytes())
}

// ScenarioInfo is what the page needs to offer a scenario: its words, its
// strategies (the page's switches) and its levers (the page's sliders).
type ScenarioInfo struct {
	Name        string            `json:"name"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Version     string            `json:"version"`
	Start       string            `json:"start"`
	Horizon     int               `json:"horizon"`
	Target      sim.TargetInfo    `json:"target"`
	Strategies  []StrategyInfo    `json:"strategies"`
	Levers      []scenarios.Lever `json:"levers"`
	Observed    bool              `json:"observed"` // it has an observed series to compare with
	Warnings    []string          `json:"warnings"`
}

// StrategyInfo is a strategy of a scenario.
type StrategyInfo struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Set         []string `json:"set"` // its overrides, KEY=VALUE
}

func info(name string, f *scenarios.File) (ScenarioInfo, error) {
	sc, err := f.Scenario("", nil)
	if err != nil {
		return ScenarioInfo{}, err
	}
	if name == "" {
		name = sc.Name
	}
	si := ScenarioInfo{Name: name, Title: sc.Title, Description: sc.Description, Version: sc.Version,
		Start: sc.Start.Format("2006-01-02"), Horizon: sc.Horizon,
		Target:     sim.TargetInfo{Troops: sc.Target.Troops, Police: sc.Target.Police, Total: sc.Target.Total()},
		Strategies: []StrategyInfo{}, Levers: f.Levers, Observed: sc.Observed != nil && len(sc.Observed.Points) > 0,
		Warnings: []string{}}
	if si.Levers == nil {
		si.Levers = []scenarios.Lever{}
	}
	for _, st := range f.Strategies {
		si.Strategies = append(si.Strategies, StrategyInfo{Name: st.Name, Description: st.Description, Set: st.Set})
	}
	for _, w := range sc.Warnings() {
		si.Warnings = append(si.Warnings, w.Error())
	}
	return si, nil
}

// handleScenarios lists the built-in scenarios: those with levers (made
// for class) first, then the others, each group by name.
func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	s.listOnce.Do(func() {
		var withLevers, others []ScenarioInfo
		for _, name := range scenarios.Names() {
			f, err := s.file(name)
			if err != nil {
				s.listErr = err
				return
			}
			si, err := info(name, f)
			if err != nil {
				s.listErr = err
				return
			}
			if len(si.Levers) > 0 {
				withLevers = append(withLevers, si)
			} else {
				others = append(others, si)
			}
		}
		s.list = append(withLevers, others...)
	})
	if s.listErr != nil {
		s.fail(w, r, s.listErr)
		return
	}
	writeJSON(w, http.StatusOK, s.list)
}

func (s *Server) handleSource(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("scenario")
	if _, err := s.file(name); err != nil {
		s.fail(w, r, err)
		return
	}
	src, err := scenarios.Source(name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(src)
}

// handleCheck loads a POSTed scenario with the strict loader: what the
// page offers for it, or its problems with their lines.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	for k := range r.URL.Query() {
		if k != "file" {
			s.fail(w, r, badf("unknown parameter %q: /api/check takes file", k))
			return
		}
	}
	f, err := s.scenarioOf(r)
	var si ScenarioInfo
	if err == nil {
		si, err = info("", f)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, si)
}
