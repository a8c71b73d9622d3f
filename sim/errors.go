package sim

import (
	"errors"
	"fmt"
	"strconv"
)

// FieldError is a bad value in a scenario, named by its key path as written
// in a scenario file, such as "units.rwanda-bn.strength".
type FieldError struct {
	Path  string
	Value any // the offending value, or nil when a value is missing
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Value == nil {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s: %s (got %s)", e.Path, e.Msg, formatValue(e.Value))
}

func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// ErrNoScenario is returned when Run is given a nil scenario.
var ErrNoScenario = errors.New("sim: no scenario")

// ErrTooLarge is returned for a run that would need more memory than sim
// allows.
var ErrTooLarge = errors.New("the run is too large")

// ErrNoSamples is returned by Compare for a result without its samples.
var ErrNoSamples = errors.New("sim: cannot pair results without their samples (run them with Options.Samples)")
