package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Info describes an embedded scenario.
type Info struct {
	Name    string
	Title   string
	Summary string // the first sentence of its description
}

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

// List describes the embedded scenarios, sorted by name.
func List() ([]Info, error) {
	var out []Info
	for _, n := range Names() {
		sc, err := Load(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Info{Name: n, Title: sc.Title, Summary: firstSentence(sc.Description)})
	}
	return out, nil
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
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

// Load reads an embedded scenario by name, or a scenario file by path.
func Load(arg string) (*sim.Scenario, error) {
	if !IsFile(arg) {
		b, err := Source(arg)
		if err != nil {
			return nil, err
		}
		return Parse(arg+".toml", b)
	}
	b, err := os.ReadFile(arg)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q is not a file nor one of the embedded scenarios (%s)", ErrNotFound, arg, strings.Join(Names(), ", "))
	}
	if err != nil {
		return nil, err
	}
	return Parse(arg, b)
}

// maxErrors is how many problems Parse reports at most.
const maxErrors = 20

// Parse reads a scenario from TOML data; name is the file name used in
// errors. It returns every problem found (up to maxErrors) as *Error values
// joined with errors.Join.
func Parse(name string, data []byte) (*sim.Scenario, error) {
	src := string(data)
	var f fileScenario
	md, err := toml.Decode(src, &f)
	if err != nil {
		return nil, decodeError(name, src, err)
	}
	loc := newLocator(src)
	var errs []error
	add := func(key string, err error) {
		if len(errs) < maxErrors {
			errs = append(errs, &Error{File: name, Line: loc.line(key), Key: key, Err: err})
		}
	}
	var unknown []string
	for _, k := range md.Undecoded() {
		key := joinKey(k)
		if slices.ContainsFunc(unknown, func(u string) bool { return strings.HasPrefix(key, u+".") }) {
			continue // inside a table already reported
		}
		unknown = append(unknown, key)
		add(key, errors.New(unknownKey(k)))
	}
	walkValueErrors(reflect.ValueOf(&f).Elem(), nil, func(path string, err error) {
		add(path, &sim.FieldError{Path: path, Msg: err.Error()})
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// Each table of entities in the order the file lists them.
	order := map[string][]string{}
	for _, k := range md.Keys() {
		if len(k) >= 2 {
			order[k[0]] = append(order[k[0]], k[1])
		}
	}
	sc, problems := convert(&f, order)
	if len(problems) == 0 {
		if err := sc.Validate(); err != nil {
			problems = unjoin(err)
		}
	}
	for _, p := range problems {
		var fe *sim.FieldError
		if errors.As(p, &fe) {
			add(fe.Path, fe)
		} else {
			add("", p)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return sc, nil
}

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
			walkValueErrors(v.Field(i), append(path, tagOf(v.Type().Field(i))), report)
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
var typeError = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (?:incompatible types: TOML value has type (\S+); destination has type (\S+)|(.*))$`)

var typeWords = map[string]string{
	"integer": "a whole number", "int": "a whole number", "int64": "a whole number",
	"float": "a decimal number", "float64": "a decimal number", "string": "text", "bool": "true or false",
	"boolean": "true or false", "array": "a list", "hash": "a table", "map": "a table", "struct": "a table",
	"slice": "a list", "datetime": "a date", "time": "a date",
}

func words(t string) string {
	if w, ok := typeWords[strings.ToLower(strings.TrimPrefix(t, "*"))]; ok {
		return w
	}
	return t
}

// decodeError turns the TOML decoder's error into an *Error.
func decodeError(name, src string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Position.Line, Col: pe.Position.Col, Err: pe}
	}
	if m := typeError.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg := m[5]
		if m[3] != "" {
			msg = fmt.Sprintf("must be %s (got %s)", words(m[4]), words(m[3]))
		}
		return &Error{File: name, Line: line, Key: m[2], Err: errors.New(msg)}
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
