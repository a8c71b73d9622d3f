package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode"
)

// JSONError rewrites an error of encoding/json, decoding a result, in the
// words of the JSON: the field, what it must be and what it is, and where
// the text is not JSON, the byte; never Go's type names.
func JSONError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		// The path names embedded structs by their Go names (Header):
		// leave those out, the JSON's own names are lower case.
		var parts []string
		for _, p := range strings.Split(te.Field, ".") {
			if p != "" && !unicode.IsUpper(rune(p[0])) {
				parts = append(parts, p)
			}
		}
		field := strings.Join(parts, ".")
		if field == "" {
			field = "the document"
		}
		return fmt.Errorf("%s: must be %s (got %s)", field, jsonKind(te.Type), article(te.Value))
	case errors.As(err, &se):
		return fmt.Errorf("not JSON at byte %d: %v", se.Offset, se)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the JSON is cut off")
	}
	return err
}

// jsonKind names what a Go type holds in JSON.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

// article names a JSON value's kind as encoding/json reports it.
func article(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "number", "string":
		return "a " + v
	}
	return v // "bool", or a number's text, such as "number -1"
}
