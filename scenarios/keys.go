package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

var (
	distType = reflect.TypeFor[dist]()
	dateType = reflect.TypeFor[date]()
)

// childKeys returns the keys a table at path may hold, sorted, and whether
// path names a table whose keys are fixed (a map of entities takes any ID).
func childKeys(path []string) (keys []string, fixed bool) {
	t, ok := typeAt(reflect.TypeFor[fileScenario](), path)
	if !ok {
		return nil, false
	}
	switch {
	case t == distType:
		keys = []string{"dist"}
		for _, ks := range distKeys {
			keys = append(keys, ks...)
		}
		slices.Sort(keys)
		return slices.Compact(keys), true
	case t == dateType || t.Kind() != reflect.Struct:
		return nil, false
	}
	for i := range t.NumField() {
		keys = append(keys, tagOf(t.Field(i)))
	}
	slices.Sort(keys)
	return keys, true
}

// typeAt returns the type that holds the value at path below t, pointers
// removed, or false if there is none (a distribution's or a date's insides
// are not types).
func typeAt(t reflect.Type, path []string) (reflect.Type, bool) {
	for _, part := range path {
		t = deref(t)
		switch {
		case t == distType || t == dateType:
			return nil, false
		case t.Kind() == reflect.Struct:
			f, ok := fieldByTag(t, part)
			if !ok {
				return nil, false
			}
			t = f.Type
		case t.Kind() == reflect.Map:
			t = t.Elem()
		default:
			return nil, false
		}
	}
	return deref(t), true
}

// notTables returns the keys that the decoded TOML gives a value that is not
// a table where t has a table of entities: the decoder leaves such a table
// empty without a word (benchmarks = 5). A table of anything (a strategy's
// set) is left to its own check.
func notTables(md toml.MetaData, t reflect.Type) []toml.Key {
	var bad []toml.Key
	for _, k := range md.Keys() {
		kt, ok := typeAt(t, k)
		if !ok || kt.Kind() != reflect.Map || kt.Elem().Kind() == reflect.Interface {
			continue
		}
		if typ := md.Type(k...); typ != "Hash" {
			bad = append(bad, k)
		}
	}
	return bad
}

// mustBeTable is the error for a key of notTables.
func mustBeTable(md toml.MetaData, k toml.Key) error {
	return fmt.Errorf("must be a table (got %s)", words(md.Type(k...)))
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func tagOf(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if tagOf(t.Field(i)) == tag {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// unknownKey explains a key the format does not have, suggesting the nearest
// known ones.
func unknownKey(path []string) string {
	parent, last := path[:len(path)-1], path[len(path)-1]
	keys, fixed := childKeys(parent)
	msg := "unknown key"
	if !fixed || len(keys) == 0 {
		return msg
	}
	if near := nearest(last, keys); len(near) > 0 {
		return fmt.Sprintf("%s (did you mean %s?)", msg, orList(near))
	}
	where := "at the top level"
	if len(parent) > 0 {
		where = "in [" + strings.Join(parent, ".") + "]"
	}
	return fmt.Sprintf("%s: the keys allowed %s are %s", msg, where, strings.Join(keys, ", "))
}

// nearest returns the candidates closest to s by edit distance, if any is
// close enough to be a likely typo.
func nearest(s string, candidates []string) []string {
	best, out := 1<<30, []string(nil)
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if d > max(2, len(s)/3) && !strings.HasPrefix(c, s) && !strings.HasPrefix(s, c) {
			continue
		}
		switch {
		case d < best:
			best, out = d, []string{c}
		case d == best:
			out = append(out, c)
		}
	}
	return out
}

func orList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
