package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/surge-sim/surge/sim"
)

// The reference class: default distributions for the generic parameters a
// scenario leaves out, estimated on past build-ups (see
// reference/defaults.toml and the README). A scenario opts in with
// reference_class = "VERSION", naming the version of the table it was
// written against; without it nothing is filled in.
//
//go:embed reference/defaults.toml
var referenceTOML []byte

// ReferenceName is the reference table's file name in errors.
const ReferenceName = "reference/defaults.toml"

// Reference is the reference table.
type Reference struct {
	Version     string                `toml:"version"`
	LeftOut     string                `toml:"left_out"` // a leave-one-out table: the scenario whose build-up it is fitted without
	Title       string                `toml:"title"`
	Description string                `toml:"description"`
	Estimation  string                `toml:"estimation"`
	Sources     map[string]fileSource `toml:"sources"`
	FG          fileForceGeneration   `toml:"force_generation"`
	Reception   fileReception         `toml:"reception"`
	Factors     map[string]refFactor  `toml:"factors"`
	Groups      map[string]refGroup   `toml:"groups"`
	Kinds       map[string]refKind    `toml:"kinds"`
	Rehat       refRehat              `toml:"rehat"`
	Service     refService            `toml:"service"`
	Fit         map[string]any        `toml:"fit"` // what the estimation measured, for the record

	order  map[string][]string // table IDs in file order
	kindOf map[string]string   // a unit kind, or an alias, to its kind
}

type refFactor struct {
	Name   string   `toml:"name"`
	Value  dist     `toml:"value"`
	Scales []string `toml:"scales"` // defaulted quantities it scales: consent, preparation, legislative, pledge; "1/" divides
}

type refGroup struct {
	Description string           `toml:"description"`
	Countries   []string         `toml:"countries"`
	Consent     dist             `toml:"consent"`
	Legislative *fileLegislative `toml:"legislative"`
}

type refKind struct {
	Aliases     []string `toml:"aliases"`
	Preparation dist     `toml:"preparation"`
	Pledge      dist     `toml:"pledge"`
	Fill        dist     `toml:"fill"`
}

type refRehat struct {
	Fill    dist              `toml:"fill"`
	Failure *fileRehatFailure `toml:"failure"`
}

type refService struct {
	Withdrawal dist          `toml:"withdrawal"`
	Rotation   *fileRotation `toml:"rotation"`
}

var (
	refOnce sync.Once
	ref     *Reference
	refErr  error
)

// DefaultReference returns the reference table built into surge.
func DefaultReference() (*Reference, error) {
	refOnce.Do(func() {
		ref, refErr = ReadReference(ReferenceName, referenceTOML)
		if refErr == nil && ref.LeftOut != "" {
			ref, refErr = nil, fmt.Errorf("%s: left_out: the shipped table must be fitted on every build-up (got %q)", ReferenceName, ref.LeftOut)
		}
	})
	return ref, refErr
}

// The leave-one-out tables: for each out-of-sample scenario whose build-up
// the reference class is estimated on, the table fitted without that
// build-up, reference/loo/SCENARIO.toml, written by the same estimator.
// BacktestAll scores the scenario with it, so that no scenario is scored
// with defaults estimated on its own outcome.
//
//go:embed reference/loo/*.toml
var looFS embed.FS

// LeaveOneOut returns the reference table fitted without the build-up of
// the embedded scenario name, and false if there is none. The table must
// name the scenario in left_out and have the shipped table's version.
func LeaveOneOut(name string) (*Reference, bool, error) {
	file := "reference/loo/" + name + ".toml"
	data, err := looFS.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	def, err := DefaultReference()
	if err != nil {
		return nil, false, err
	}
	r, err := readLeaveOneOut(file, name, data, def.Version)
	return r, err == nil, err
}

// readLeaveOneOut reads the leave-one-out table of scenario name from
// file's data and checks that it names the scenario and has version.
func readLeaveOneOut(file, name string, data []byte, version string) (*Reference, error) {
	r, err := ReadReference(file, data)
	if err != nil {
		return nil, err
	}
	if r.LeftOut != name {
		return nil, fmt.Errorf("%s: left_out: must name %s, the scenario it is for (got %q)", file, name, r.LeftOut)
	}
	if r.Version != version {
		return nil, fmt.Errorf("%s: version: must be the shipped table's, %q (got %q)", file, version, r.Version)
	}
	return r, nil
}

// ReadReference reads a reference table.
func ReadReference(name string, data []byte) (*Reference, error) {
	r := &Reference{order: map[string][]string{}, kindOf: map[string]string{}}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(r)
	if err != nil {
		return nil, decodeError(name, string(data), err)
	}
	for _, k := range md.Undecoded() {
		// [fit] is a free-form record, whatever its nesting (the decoder
		// reports lists in sub-tables of a map as undecoded).
		if k[0] != "fit" {
			return nil, fmt.Errorf("%s: unknown key %s", name, k)
		}
	}
	for _, k := range md.Keys() {
		if len(k) == 2 {
			r.order[k[0]] = append(r.order[k[0]], k[1])
		}
	}
	var errs []error
	walkValueErrors(reflect.ValueOf(r).Elem(), nil, func(path string, err error) {
		errs = append(errs, fmt.Errorf("%s: %s: %v", name, path, err))
	})
	if r.Version == "" {
		errs = append(errs, fmt.Errorf("%s: version is missing", name))
	}
	if r.LeftOut != "" && !validName(r.LeftOut) {
		errs = append(errs, fmt.Errorf("%s: left_out: must be a scenario's name, in lower case letters, digits and hyphens (got %q)", name, r.LeftOut))
	}
	if _, ok := r.Kinds["other"]; !ok {
		errs = append(errs, fmt.Errorf("%s: kinds.other is missing: it is the kind of any unit whose kind is not listed", name))
	}
	for _, k := range keysOf(r.Kinds) {
		for _, a := range append([]string{k}, r.Kinds[k].Aliases...) {
			a = normalKind(a)
			if other, dup := r.kindOf[a]; dup && other != k {
				errs = append(errs, fmt.Errorf("%s: kind %q is listed under both %s and %s", name, a, other, k))
			}
			r.kindOf[a] = k
		}
	}
	for _, id := range keysOf(r.Factors) {
		for _, s := range r.Factors[id].Scales {
			if !slices.Contains(scalable, strings.TrimPrefix(s, "1/")) {
				errs = append(errs, fmt.Errorf("%s: factors.%s.scales: %q is not one of %s", name, id, s, strings.Join(scalable, ", ")))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// validName reports whether s can name an embedded scenario: lower case
// letters, digits and hyphens.
func validName(s string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return s != ""
}

// scalable are the defaulted quantities a reference factor can scale.
var scalable = []string{"consent", "legislative", "preparation", "pledge"}

// normalKind reads a unit kind as the table lists it: lower case, with
// hyphens for spaces.
func normalKind(k string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(k)), " ", "-")
}

// Kind returns the reference kind of a unit kind, "other" if not listed.
func (r *Reference) Kind(kind string) string {
	if k, ok := r.kindOf[normalKind(kind)]; ok {
		return k
	}
	return "other"
}

// GroupNames returns the contributor groups, in file order.
func (r *Reference) GroupNames() []string { return inOrder(keysOf(r.Groups), r.order["groups"]) }

// scaled returns d with the reference factors that scale what appended.
func (r *Reference) scaled(d sim.Dist, what string) dist {
	for _, id := range inOrder(keysOf(r.Factors), r.order["factors"]) {
		for _, s := range r.Factors[id].Scales {
			if s == what {
				d.Factors = append(slices.Clone(d.Factors), sim.FactorRef{Factor: id})
			} else if s == "1/"+what {
				d.Factors = append(slices.Clone(d.Factors), sim.FactorRef{Factor: id, Inverse: true})
			}
		}
	}
	return dist{Dist: d, given: true}
}

// fill completes f with the reference defaults for what it leaves out. It
// returns problems that only the defaults make: a country with neither a
// consent delay nor a group.
func (r *Reference) fill(f *fileScenario) []error {
	var errs []error
	bad := func(path string, value any, format string, args ...any) {
		errs = append(errs, &sim.FieldError{Path: path, Value: value, Msg: fmt.Sprintf(format, args...)})
	}
	fg := &f.ForceGeneration
	if fg.First == nil {
		fg.First = r.FG.First
	}
	if fg.Interval == nil {
		fg.Interval = r.FG.Interval
	}
	if fg.Conferences == nil {
		fg.Conferences = r.FG.Conferences
	}
	if !f.Reception.Delay.given {
		f.Reception.Delay = r.Reception.Delay
	}
	for _, id := range keysOf(r.Factors) {
		if _, ok := f.Factors[id]; ok {
			continue // the scenario's own factor of that name
		}
		if f.Factors == nil {
			f.Factors = map[string]fileFactor{}
		}
		rf := r.Factors[id]
		f.Factors[id] = fileFactor{Name: rf.Name, Value: rf.Value}
	}
	for _, id := range keysOf(f.Countries) {
		c := f.Countries[id]
		g, ok := r.Groups[c.Group]
		switch {
		case c.Group == "" && !c.Consent.given:
			bad("countries."+id+".consent", nil, "is missing: give the days to consent, or the contributor's group (%s) for the reference class's", strings.Join(r.GroupNames(), ", "))
			continue
		case c.Group != "" && !ok:
			bad("countries."+id+".group", c.Group, "must be one of the reference class's groups: %s", strings.Join(r.GroupNames(), ", "))
			continue
		case c.Group == "":
			continue
		}
		if !c.Consent.given {
			c.Consent = r.scaled(g.Consent.Dist, "consent")
		}
		if c.Legislative == nil && g.Legislative != nil {
			l := *g.Legislative
			l.Delay = r.scaled(l.Delay.Dist, "legislative")
			c.Legislative = &l
		}
		f.Countries[id] = c
	}
	for _, id := range keysOf(f.Units) {
		u := f.Units[id]
		k := r.Kinds[r.Kind(u.Kind)]
		rehat := u.Source == "rehat"
		if !u.Preparation.given {
			// For a re-hatted unit, the preparation of a replacement found
			// by force generation.
			u.Preparation = r.scaled(k.Preparation.Dist, "preparation")
		}
		if u.PledgeProbability == nil && f.ForceGeneration.Probability == nil {
			p := r.scaled(k.Pledge.Dist, "pledge")
			u.PledgeProbability = &p
		}
		if u.Fill == nil {
			fill := k.Fill
			if rehat {
				fill = r.Rehat.Fill
			}
			if fill.given {
				u.Fill = &fill
			}
		}
		if rehat && u.RehatFailure == nil && r.Rehat.Failure != nil {
			rf := *r.Rehat.Failure
			u.RehatFailure = &rf
		}
		if !u.Withdrawal.given && r.Service.Withdrawal.given {
			u.Withdrawal = r.Service.Withdrawal
		}
		if u.Rotation == nil && r.Service.Rotation != nil {
			ro := *r.Service.Rotation
			if ro.Fill == nil && k.Fill.given {
				// A new contingent deploys as a unit of its kind does, even
				// where the unit itself is a re-hatted force.
				fill := k.Fill
				ro.Fill = &fill
			}
			u.Rotation = &ro
		}
		f.Units[id] = u
	}
	return errs
}
