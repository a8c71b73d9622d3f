package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/surge-sim/surge/sim"
)

//go:embed *.toml
var embedded embed.FS

// Error is a problem at one place in a scenario file.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
	Key  string // key path, such as units.rwa-bn.strength; empty for syntax errors
	Err  error  // a *sim.FieldError for bad values, a toml.ParseError for syntax
	// After lists the overrides applied before the problem showed, when it
	// may be their doing although it is not at their keys.
	After []string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	var pe toml.ParseError
	if errors.As(e.Err, &pe) {
		b.WriteString("syntax error: " + pe.Message)
		return b.String()
	}
	var fe *sim.FieldError
	if e.Key != "" && !errors.As(e.Err, &fe) {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Err.Error())
	if len(e.After) > 0 {
		b.WriteString(" (with " + strings.Join(e.After, ", ") + ")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Names returns the names of the embedded scenarios, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(embedded, ".")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// ErrNotFound is returned by Source and Load for a name that is neither an
// embedded scenario nor a file.
var ErrNotFound = errors.New("no such scenario")

// Source returns the TOML of an embedded scenario.
func Source(name string) ([]byte, error) {
	b, err := embedded.ReadFile(name + ".toml")
	if err != nil || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("%w: %q (the embedded scenarios are %s)", ErrNotFound, name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// IsFile reports whether arg names a scenario file rather than an embedded
// scenario: it has a path separator or a .toml extension, or no embedded
// scenario has that name.
func IsFile(arg string) bool {
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".toml") {
		return true
	}
	return !slices.Contains(Names(), arg)
}

// File is a scenario file that has been read and checked. Scenario builds
// the simulation's scenario from it, with a strategy and overrides applied.
type File struct {
	Name       string // the file name used in errors
	src        string
	loc        *locator
	order      map[string][]string // each table's entity IDs in file order
	Strategies []sim.Strategy
	Levers     []Lever // the sliders the file offers, in file order

	strengths     []Strength // the observed series to use; nil: the embedded one
	strengthsName string

	ref *Reference // the reference table to fill in from; nil: the one built into surge
}

// UseStrengths makes the file's scenarios take their observed series from
// rows (read with ReadStrengths from the file called name) instead of the
// series embedded in surge.
func (f *File) UseStrengths(name string, rows []Strength) {
	f.strengths, f.strengthsName = rows, name
}

// observed builds the observed series a scenario's [observed] table asks
// for, from the series given to UseStrengths or else the embedded one. A
// problem with a series given is an error; a mission the embedded series
// does not have is not (the scenario runs, but has nothing to be compared
// with), and is said in the series' Problem.
func (f *File) observed(o *fileObserved, start time.Time, target sim.Target) (*sim.Observed, error) {
	rows, name := f.strengths, f.strengthsName
	if f.strengthsName == "" {
		var err error
		if rows, err = builtinStrengths(); err != nil {
			return nil, err
		}
		name = ObservedName
	}
	obs, err := observedSeries(name, rows, *o, start, target)
	if err != nil && f.strengthsName == "" {
		return &sim.Observed{Source: o.Mission + " in " + name, Problem: err.Error() + ": give a series with --observed FILE"}, nil
	}
	return obs, err
}

// Load reads an embedded scenario by name, or a scenario file by path.
func Load(arg string) (*sim.Scenario, error) {
	f, err := Open(arg)
	if err != nil {
		return nil, err
	}
	return f.Scenario("", nil)
}

// Parse reads a scenario from TOML data; name is the file name used in
// errors. It returns every problem found (up to maxErrors) as *Error values
// joined with errors.Join.
func Parse(name string, data []byte) (*sim.Scenario, error) {
	f, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	return f.Scenario("", nil)
}

// Open reads and checks an embedded scenario by name, or a file by path.
func Open(arg string) (*File, error) {
	if !IsFile(arg) {
		b, err := Source(arg)
		if err != nil {
			return nil, err
		}
		return Read(arg+".toml", b)
	}
	b, err := ReadFile(arg, MaxFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q is not a file nor one of the embedded scenarios (%s)", ErrNotFound, arg, strings.Join(Names(), ", "))
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is the file's name, said first
		}
		return nil, &Error{File: arg, Err: err}
	}
	return Read(arg, b)
}

// MaxFileSize is the largest scenario file surge reads: 25 times the
// largest it ships, and small enough that no file can exhaust memory.
const MaxFileSize = 1 << 20

// TooLargeError is a file above the size a reader accepts.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	size := fmt.Sprintf("%d KiB", e.Limit>>10)
	if e.Limit >= 1<<20 {
		size = fmt.Sprintf("%d MiB", e.Limit>>20)
	}
	return "larger than " + size + ", more than surge reads"
}

// ReadFile reads the file at path if it holds at most limit bytes. It
// stops reading there, so that a huge file or a device such as /dev/zero is
// a *TooLargeError rather than the end of memory.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > limit {
		return nil, &TooLargeError{limit}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{limit}
	}
	return b, nil
}

// maxErrors is how many problems are reported at most.
const maxErrors = 20

// problems collects errors at places in a file.
type problems struct {
	file string
	loc  *locator
	errs []error
}

func (p *problems) add(key string, err error) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &Error{File: p.file, Line: p.loc.line(key), Key: key, Err: err})
	}
}

func (p *problems) err() error { return errors.Join(p.errs...) }

// Read reads and checks a scenario file's TOML data, including its
// strategies; name is the file name used in errors.
func Read(name string, data []byte) (*File, error) { return ReadWith(name, data, nil) }

// ReadWith is Read with the reference table ref filling in what a scenario
// that sets reference_class leaves out, instead of the table built into
// surge (nil: that table). The reference-class estimator uses it to try
// candidate tables.
func ReadWith(name string, data []byte, ref *Reference) (*File, error) {
	src := string(data)
	if line := checkDepth(src); line > 0 {
		return nil, &Error{File: name, Line: line, Err: errTooDeep}
	}
	var fs fileScenario
	md, err := toml.Decode(src, &fs)
	if err != nil {
		return nil, decodeError(name, src, err)
	}
	f := &File{Name: name, src: src, loc: newLocator(src), order: map[string][]string{}, ref: ref}
	p := &problems{file: name, loc: f.loc}
	var unknown []string
	for _, k := range md.Undecoded() {
		key := joinKey(k)
		if len(k) > 3 && k[0] == "strategies" && k[2] == "set" {
			continue // inside a strategy's value, checked when it is applied
		}
		if slices.ContainsFunc(unknown, func(u string) bool { return strings.HasPrefix(key, u+".") }) {
			continue // inside a table already reported
		}
		unknown = append(unknown, key)
		p.add(key, errors.New(unknownKey(k)))
	}
	for _, k := range notTables(md, reflect.TypeFor[fileScenario]()) {
		p.add(joinKey(k), mustBeTable(md, k))
	}
	walkValueErrors(reflect.ValueOf(&fs).Elem(), nil, func(path string, err error) {
		p.add(path, &sim.FieldError{Path: path, Msg: err.Error()})
	})
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	for _, k := range md.Keys() {
		if len(k) >= 2 {
			f.order[k[0]] = append(f.order[k[0]], k[1])
		}
	}
	for _, id := range inOrder(keysOf(fs.Strategies), f.order["strategies"]) {
		if t := md.Type("strategies", id, "set"); t != "" && t != "Hash" {
			p.add("strategies."+id+".set", errors.New("must be a table of KEY = VALUE overrides, such as [strategies."+id+".set]"))
			continue
		}
		st := fs.Strategies[id]
		s := sim.Strategy{Name: id, Description: strings.TrimSpace(st.Description)}
		for _, key := range inOrder(keysOf(st.Set), nil) {
			s.Set = append(s.Set, key+"="+formatValue(st.Set[key]))
		}
		f.Strategies = append(f.Strategies, s)
	}
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	// The file must make a valid scenario on its own and with each strategy.
	if _, err := f.Scenario("", nil); err != nil {
		return nil, err
	}
	for _, s := range f.Strategies {
		if _, err := f.Scenario(s.Name, nil); err != nil {
			// Point at the strategy's line in the file.
			for _, e := range unjoin(err) {
				var oe *OverrideError
				if errors.As(e, &oe) {
					key := "strategies." + s.Name + ".set." + oe.Override.Key
					p.errs = append(p.errs, &Error{File: name, Line: f.loc.line(key), Err: oe})
				} else {
					p.errs = append(p.errs, e)
				}
			}
		}
	}
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	if f.Levers = f.readLevers(&fs, p); len(p.errs) > 0 {
		return nil, p.err()
	}
	return f, nil
}

// Strategy returns the named strategy.
func (f *File) Strategy(name string) (sim.Strategy, bool) {
	for _, s := range f.Strategies {
		if s.Name == name {
			return s, true
		}
	}
	return sim.Strategy{}, false
}

// StrategyNames returns the names of the file's strategies, in file order.
func (f *File) StrategyNames() []string {
	var names []string
	for _, s := range f.Strategies {
		names = append(names, s.Name)
	}
	return names
}

// Scenario builds the scenario with the named strategy (none if empty) and
// then the overrides applied, in order. Errors in an override name it;
// other errors name the file and line.
func (f *File) Scenario(strategy string, set []Override) (*sim.Scenario, error) {
	v, err := f.variant(strategy, set)
	if err != nil {
		return nil, err
	}
	fs, order, all := v.file, v.order, v.applied
	var done []string
	for _, a := range all {
		done = append(done, a.o.String())
	}
	sc, leftOut, errs := convert(fs, order)
	errs = append(v.errs, errs...)
	if len(errs) == 0 {
		if err := sc.Validate(); err != nil {
			errs = unjoin(err)
		}
		errs = append(errs, validateLeftOut(sc, leftOut)...)
	}
	p := &problems{file: f.Name, loc: f.loc}
	for _, e := range errs {
		var fe *sim.FieldError
		if !errors.As(e, &fe) {
			p.add("", e)
			continue
		}
		// A problem under an overridden key is the override's.
		blame := -1
		for i, a := range all {
			if k := a.o.Key; fe.Path == k || strings.HasPrefix(fe.Path, k+".") || strings.HasPrefix(k, fe.Path+".") || wildcardMatch(k, fe.Path) {
				blame = i
			}
		}
		if blame >= 0 {
			if len(p.errs) < maxErrors {
				p.errs = append(p.errs, &OverrideError{Override: all[blame].o, Origin: all[blame].origin, Err: fe})
			}
			continue
		}
		p.add(fe.Path, fe)
		if le, ok := p.errs[len(p.errs)-1].(*Error); ok && len(done) > 0 {
			le.After = done
		}
	}
	if len(p.errs) > 0 {
		return nil, p.err()
	}
	if o := fs.Observed; o != nil {
		for _, c := range []struct {
			key string
			v   *int
		}{{"observed.ceiling", o.Ceiling}, {"observed.baseline_troops", o.BaselineTroops}, {"observed.baseline_police", o.BaselinePolice}} {
			lo := 0
			if c.key == "observed.ceiling" {
				lo = 1
			}
			if c.v != nil && (*c.v < lo || *c.v > sim.MaxPersonnel) {
				fe := &sim.FieldError{Path: c.key, Value: *c.v, Msg: fmt.Sprintf("must be between %d and %s personnel", lo, sim.Thousands(sim.MaxPersonnel))}
				return nil, &Error{File: f.Name, Line: f.loc.line(c.key), Key: c.key, Err: fe}
			}
		}
	}
	if o := fs.Observed; o != nil && o.Mission != "" {
		obs, err := f.observed(o, sc.Start, sc.Target)
		if err != nil {
			return nil, &Error{File: f.Name, Line: f.loc.line("observed.mission"), Key: "observed.mission", Err: err}
		}
		sc.Observed = obs
	}
	if f.ref != nil && f.ref.LeftOut != "" {
		// Said in every result: this is not the shipped table.
		sc.Reference += " (leave-one-out: estimated without " + f.ref.LeftOut + ")"
	}
	sc.Strategy = strategy
	sc.Overrides = done
	sc.Strategies = f.Strategies
	return sc, nil
}

// validateLeftOut checks the units that count = 0 leaves out as if they
// were in the scenario, so that a unit switched off is still a valid unit
// (a strategy or --set may switch it on). It returns the problems of those
// units only.
func validateLeftOut(sc *sim.Scenario, leftOut []sim.Unit) []error {
	if len(leftOut) == 0 {
		return nil
	}
	probe := *sc
	probe.Units = append(slices.Clone(sc.Units), leftOut...)
	var out []error
	for _, e := range unjoin(probe.Validate()) {
		var fe *sim.FieldError
		if !errors.As(e, &fe) {
			continue
		}
		for _, u := range leftOut {
			if p := "units." + u.ID; fe.Path == p || strings.HasPrefix(fe.Path, p+".") {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// applied is an override and where it came from.
type applied struct {
	o      Override
	origin string
}

// variant is the file's content with a strategy and overrides applied.
type variant struct {
	file    *fileScenario
	order   map[string][]string
	applied []applied
	errs    []error // problems the reference class's defaults find
}

// variant decodes the file afresh and applies the strategy, then set.
func (f *File) variant(strategy string, set []Override) (*variant, error) {
	var fs fileScenario
	if _, err := toml.Decode(f.src, &fs); err != nil {
		return nil, decodeError(f.Name, f.src, err) // checked by Read: cannot happen
	}
	var all []applied
	if strategy != "" {
		s, ok := f.Strategy(strategy)
		if !ok {
			have := "it has none"
			if names := f.StrategyNames(); len(names) > 0 {
				have = "it has " + strings.Join(names, ", ")
			}
			return nil, fmt.Errorf("%w: %s has no strategy %q (%s)", ErrNoStrategy, f.Name, strategy, have)
		}
		for _, kv := range s.Set {
			o, _ := ParseOverride(kv)
			all = append(all, applied{o, "strategy " + strategy})
		}
	}
	for _, o := range set {
		origin := o.Origin
		if origin == "" {
			origin = "--set"
		}
		all = append(all, applied{o, origin})
	}
	order := map[string][]string{}
	for k, v := range f.order {
		order[k] = v
	}
	// The reference class fills in what the file leaves out, before the
	// overrides (so that *FACTOR scales a default) and again after them
	// (for entities they add).
	var ref *Reference
	var errs []error
	if fs.ReferenceClass != "" {
		if ref = f.ref; ref == nil {
			var err error
			if ref, err = DefaultReference(); err != nil {
				return nil, err
			}
		}
		if fs.ReferenceClass != ref.Version {
			errs = append(errs, &sim.FieldError{Path: "reference_class", Value: fs.ReferenceClass,
				Msg: fmt.Sprintf("this surge has the reference class of version %q (%s); the scenario was written for another", ref.Version, ref.Title)})
			ref = nil
		} else {
			errs = ref.fill(&fs)
		}
	}
	for _, a := range all {
		if err := apply(&fs, a.o); err != nil {
			return nil, &OverrideError{Override: a.o, Origin: a.origin, Err: err}
		}
		// A new entity goes after the file's own, in the order it was added.
		if parts := strings.Split(a.o.Key, "."); len(parts) >= 2 && parts[1] != "*" && !slices.Contains(order[parts[0]], parts[1]) {
			order[parts[0]] = append(slices.Clone(order[parts[0]]), parts[1])
		}
	}
	if ref != nil && len(all) > 0 {
		errs = ref.fill(&fs)
	}
	return &variant{file: &fs, order: order, applied: all, errs: errs}, nil
}

// wildcardMatch reports whether a key with * in an entity's place covers path.
func wildcardMatch(key, path string) bool {
	k, p := strings.Split(key, "."), strings.Split(path, ".")
	if len(p) < len(k) {
		return false
	}
	for i := range k {
		if k[i] != "*" && k[i] != p[i] {
			return false
		}
	}
	return true
}

// ErrNoStrategy is returned for a strategy the scenario does not have.
var ErrNoStrategy = errors.New("no such strategy")

func joinKey(k toml.Key) string { return strings.Join(k, ".") }

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// walkValueErrors reports the dist and date values that failed to parse,
// with their key paths.
func walkValueErrors(v reflect.Value, path []string, report func(string, error)) {
	switch x := v.Addr().Interface().(type) {
	case *dist:
		if x.err != nil {
			report(strings.Join(path, "."), x.err)
		}
		return
	case *date:
		if x.err != nil {
			report(strings.Join(path, "."), x.err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkValueErrors(v.Field(i), append(path, tagOf(v.Type().Field(i))), report)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			walkValueErrors(v.Elem(), path, report)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			walkValueErrors(e, append(path, k.String()), report)
		}
	}
}

// typeError matches the decoder's errors for a value of the wrong type.
var typeError = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "((?:[^"\\]|\\.)*)"\): (?:incompatible types: TOML value has type (\S+); destination has type (\S+)|type mismatch for \S+: expected (table) but found (\S+)|(.*))$`)

var typeWords = map[string]string{
	"integer": "a whole number", "int": "a whole number", "int64": "a whole number",
	"float": "a decimal number", "float64": "a decimal number", "string": "text", "bool": "true or false",
	"boolean": "true or false", "array": "a list", "hash": "a table", "map": "a table", "struct": "a table",
	"slice": "a list", "datetime": "a date", "time": "a date", "table": "a table", "arrayhash": "a list of tables",
	"datetimelocal": "a date", "datelocal": "a date", "timelocal": "a time of day", "[]any": "a list",
	"map[string]any": "a table", "[]map[string]any": "a list of tables",
}

func words(t string) string {
	if w, ok := typeWords[strings.ToLower(strings.TrimPrefix(t, "*"))]; ok {
		return w
	}
	return t
}

// goType matches Go's names for types in the decoder's messages.
var goType = regexp.MustCompile(`map\[|interface \{|struct \{|\[\]any|\bscenarios\.(file|dist|date)|\bsim\.[A-Z]`)

// decodeError turns the TOML decoder's error into an *Error.
func decodeError(name, src string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Position.Line, Col: pe.Position.Col, Err: pe}
	}
	if m := typeError.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		if line == 0 {
			line = newLocator(src).line(strings.ReplaceAll(m[2], `\"`, `"`))
		}
		msg := m[7]
		switch {
		case m[3] != "":
			msg = fmt.Sprintf("must be %s (got %s)", words(m[4]), words(m[3]))
		case m[5] != "":
			msg = fmt.Sprintf("must be a table (got %s)", words(m[6]))
		}
		if goType.MatchString(msg) {
			msg = "has a value of the wrong type" // rather than the decoder's words for Go types
		}
		return &Error{File: name, Line: line, Key: strings.ReplaceAll(m[2], `\"`, `"`), Err: errors.New(msg)}
	}
	return &Error{File: name, Err: err}
}

// Snippet returns the lines around a syntax error with a caret under it, or
// "" if err holds no syntax error.
func Snippet(err error) string {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return ""
	}
	s := pe.ErrorWithPosition()
	// Drop the decoder's own first lines: the caller has printed the message.
	if i := strings.Index(s, "\n\n"); i >= 0 {
		if j := strings.Index(s[i+2:], "\n\n"); j >= 0 {
			return s[i+2+j+2:]
		}
	}
	return s
}
