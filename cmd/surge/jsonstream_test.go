package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

// encoded returns v as json.Encoder writes it with an indent of two spaces.
func encoded(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

type inner struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
}

type Embedded struct {
	E1 float64 `json:"e1"`
	E2 []int   `json:"e2,omitempty"`
}

type selfEncoding struct{ x int }

func (s selfEncoding) MarshalJSON() ([]byte, error) { return []byte(`{"x": [1, 2]}`), nil }

type pointerEncoding struct{ x int }

func (s *pointerEncoding) MarshalJSON() ([]byte, error) { return []byte(`"pointer"`), nil }

type kitchen struct {
	Embedded
	*inner
	Skip     int               `json:"-"`
	hidden   int               // never encoded
	Plain    int               // named after the field
	Zero     float64           `json:"zero,omitempty"`
	NegZero  float64           `json:"neg_zero,omitempty"`
	Empty    []inner           `json:"empty"`
	Nil      []inner           `json:"nil"`
	Nested   [][]inner         `json:"nested"`
	Map      map[string]int    `json:"map"`
	Bytes    []byte            `json:"bytes"`
	Array    [2]sim.Share      `json:"array"`
	Any      any               `json:"any"`
	NilAny   any               `json:"nil_any"`
	Self     selfEncoding      `json:"self"`
	Pointer  pointerEncoding   `json:"pointer"`
	PtrSlice []*inner          `json:"ptr_slice"`
	Days     sim.Days          `json:"days"`
	Text     string            `json:"text"`
	Struct   struct{}          `json:"struct"`
	Objects  map[string]*inner `json:"objects"`
}

// TestStreamJSONIsTheEncoders checks that writeJSON writes what
// json.Encoder writes, byte for byte: for the odd corners of encoding/json,
// and for real results, samples and all.
func TestStreamJSONIsTheEncoders(t *testing.T) {
	t.Parallel()
	k := &kitchen{
		Embedded: Embedded{E1: 1.5}, inner: &inner{A: 3}, Plain: 7, NegZero: math.Copysign(0, -1),
		Empty: []inner{}, Nested: [][]inner{{{A: 1, B: "x"}}, {}, nil}, Map: map[string]int{"b": 2, "a": 1},
		Bytes: []byte("bytes"), Array: [2]sim.Share{0.25, 0.5}, Any: []any{1, "two", map[string]any{"three": 3}},
		PtrSlice: []*inner{nil, {A: 2}}, Days: sim.Days(math.Inf(1)), Text: "<tag> & \"quotes\"\n",
		Objects: map[string]*inner{"one": {A: 1}},
	}
	values := []any{k, kitchen{}, []int{}, map[string]int{}, nil, 3.5, "text", []any{[]any{}, map[string]any{}}}
	sc, err := scenarios.Load("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, &sim.Options{Replications: 20, Seed: 1, Samples: true})
	if err != nil {
		t.Fatal(err)
	}
	values = append(values, res, &sim.Comparison{Header: res.Header, Baseline: res,
		Strategies: []sim.StrategyResult{{Name: "same", Result: res}}})
	for i, v := range values {
		var buf bytes.Buffer
		if err := writeJSON(&buf, v); err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		if got, want := buf.String(), encoded(t, v); got != want {
			t.Errorf("value %d (%T): streamed\n%s\nwant\n%s", i, v, got, want)
		}
	}
}
