package main

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
)

// streamJSON writes v at nesting depth as json.Encoder with SetIndent("",
// "  ") writes it (less the final newline), member by member: objects and
// lists are written as they are walked, and only the values within them
// are encoded whole, so that a result with a million replications' samples
// never sits in memory as text. Values that encode themselves, maps, and
// structs whose fields it does not follow as encoding/json does (see
// jsonFields) are encoded whole.
func streamJSON(w *bufio.Writer, v reflect.Value, depth int) error {
	if !v.IsValid() {
		_, err := w.WriteString("null")
		return err
	}
	if encodesItself(v) {
		return encodeWhole(w, v, depth)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			_, err := w.WriteString("null")
			return err
		}
		return streamJSON(w, v.Elem(), depth)
	case reflect.Struct:
		fields, ok := jsonFields(v.Type())
		if !ok {
			return encodeWhole(w, v, depth)
		}
		n := 0
		for _, f := range fields {
			fv, ok := fieldByIndex(v, f.index)
			if !ok || (f.omitEmpty && isEmpty(fv)) {
				continue
			}
			openMember(w, '{', n, depth)
			n++
			name, _ := json.Marshal(f.name)
			w.Write(name)
			w.WriteString(": ")
			if err := streamJSON(w, fv, depth+1); err != nil {
				return err
			}
		}
		return closeJSON(w, '{', n, depth)
	case reflect.Slice:
		if v.IsNil() {
			_, err := w.WriteString("null")
			return err
		}
		if v.Type().Elem().Kind() == reflect.Uint8 { // base64
			return encodeWhole(w, v, depth)
		}
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			openMember(w, '[', i, depth)
			if err := streamJSON(w, v.Index(i), depth+1); err != nil {
				return err
			}
		}
		return closeJSON(w, '[', v.Len(), depth)
	}
	return encodeWhole(w, v, depth)
}

// openMember writes what comes before member i of an object or list at
// depth.
func openMember(w *bufio.Writer, bracket byte, i, depth int) {
	if i == 0 {
		w.WriteByte(bracket)
	} else {
		w.WriteByte(',')
	}
	w.WriteByte('\n')
	w.WriteString(strings.Repeat("  ", depth+1))
}

// closeJSON ends an object or list at depth of n members.
func closeJSON(w *bufio.Writer, bracket byte, n, depth int) error {
	end := byte('}')
	if bracket == '[' {
		end = ']'
	}
	if n == 0 {
		w.WriteByte(bracket)
	} else {
		w.WriteByte('\n')
		w.WriteString(strings.Repeat("  ", depth))
	}
	return w.WriteByte(end)
}

// encodeWhole writes v at depth as json.MarshalIndent would.
func encodeWhole(w *bufio.Writer, v reflect.Value, depth int) error {
	x := v.Interface()
	if v.CanAddr() {
		x = v.Addr().Interface() // a method on the pointer applies
	}
	b, err := json.Marshal(x)
	if err != nil {
		return err
	}
	if bytes.IndexAny(b, "{[") < 0 {
		_, err = w.Write(b)
		return err
	}
	var buf bytes.Buffer
	json.Indent(&buf, b, strings.Repeat("  ", depth), "  ")
	_, err = w.Write(buf.Bytes())
	return err
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// encodesItself reports whether encoding/json would encode v with its
// MarshalJSON or MarshalText method.
func encodesItself(v reflect.Value) bool {
	t := v.Type()
	if t.Kind() != reflect.Pointer && v.CanAddr() {
		t = reflect.PointerTo(t)
	}
	return t.Implements(marshalerType) || t.Implements(textMarshalerType)
}

// jsonField is a field of a struct as encoding/json names it.
type jsonField struct {
	name      string
	index     []int
	omitEmpty bool
}

// jsonFields returns the fields encoding/json encodes of a struct type, in
// its order, with embedded structs' fields in their place. It reports
// false for what it does not follow as encoding/json does: two fields of
// one name, options other than omitempty, embedded fields that are not
// exported structs or pointers to them.
func jsonFields(t reflect.Type) ([]jsonField, bool) {
	var out []jsonField
	seen := map[string]bool{}
	var walk func(t reflect.Type, index []int) bool
	walk = func(t reflect.Type, index []int) bool {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" {
				et := f.Type
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if !f.IsExported() || et.Kind() != reflect.Struct || opts != "" {
					return false
				}
				if !walk(et, idx) {
					return false
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			if opts != "" && opts != "omitempty" {
				return false
			}
			if name == "" {
				name = f.Name
			}
			if seen[name] {
				return false
			}
			seen[name] = true
			out = append(out, jsonField{name: name, index: idx, omitEmpty: opts == "omitempty"})
		}
		return true
	}
	return out, walk(t, nil)
}

// fieldByIndex returns the field of v at index, false if it lies behind a
// nil embedded pointer.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
