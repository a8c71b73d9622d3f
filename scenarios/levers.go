package scenarios

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A scenario file may offer levers: sliders for what-ifs in class, each a
// key path and a range, in plain words, as NetLogo keeps its sliders in the
// model file:
//
//	[levers.airlift]
//	key = "lift.un-passenger.count"
//	label = "UN passenger charters"
//	description = "How many chartered airliners fly the surge in at once."
//	min = 1
//	max = 12
//	step = 1
//
// With multiply = true the slider's value multiplies the number or every
// parameter of the distribution at key (*VALUE, as --set takes it), and
// the scenario as written is 1. A lever changes no number of the scenario
// as written: it only says what may be changed, and how far.

type fileLever struct {
	Key         string  `toml:"key"`
	Label       string  `toml:"label"`
	Description string  `toml:"description"`
	Unit        string  `toml:"unit"`
	Min         float64 `toml:"min"`
	Max         float64 `toml:"max"`
	Step        float64 `toml:"step"`
	Multiply    bool    `toml:"multiply"`
}

// Lever is a slider a scenario file offers: a key path, its range and
// step, and what it means in plain words.
type Lever struct {
	ID          string `json:"id"`
	Key         string `json:"key"` // a key path, as --set takes it
	Label       string `json:"label"`
	Description string `json:"description"`
	// Unit is the unit of the values: the file's, or the key's own (see
	// Describe); "multiplier" for a lever that multiplies.
	Unit string  `json:"unit"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	Step float64 `json:"step"`
	// Multiply says that the value multiplies the scenario's own: the
	// override is KEY=*VALUE.
	Multiply bool `json:"multiply"`
	// Default is the value of the scenario as written: its number at Key
	// (the mean over the entities for a key with *), or 1 for a lever that
	// multiplies.
	Default float64 `json:"default"`
	// Integer says that the values are whole numbers (aircraft, slots).
	Integer bool `json:"integer"`
}

// Value writes v as the lever's override value: a whole number, or a
// number with the step's decimals, with * for a lever that multiplies.
func (l Lever) Value(v float64) string {
	s := strconv.FormatFloat(v, 'f', decimals(l.Step), 64)
	if l.Integer && !l.Multiply {
		s = strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	if l.Multiply {
		return "*" + s
	}
	return s
}

// Override returns the override that sets the lever to v.
func (l Lever) Override(v float64) Override {
	return Override{Key: l.Key, Value: l.Value(v), Origin: "lever " + l.ID}
}

// decimals is the number of decimals a step needs, such as 2 for 0.25.
func decimals(step float64) int {
	for d := 0; d < 6; d++ {
		if x := step * math.Pow10(d); math.Abs(x-math.Round(x)) < 1e-9*math.Max(1, x) {
			return d
		}
	}
	return 6
}

// maxLeverSteps bounds a slider's positions.
const maxLeverSteps = 1000

// Lever returns the named lever.
func (f *File) Lever(id string) (Lever, bool) {
	for _, l := range f.Levers {
		if l.ID == id {
			return l, true
		}
	}
	return Lever{}, false
}

// readLevers checks the file's levers and returns them in file order, with
// their defaults; problems go to p at the lever's key.
func (f *File) readLevers(fs *fileScenario, p *problems) []Lever {
	ids := inOrder(keysOf(fs.Levers), f.order["levers"])
	if len(ids) == 0 {
		return nil
	}
	v, err := f.variant("", nil)
	if err != nil {
		p.add("levers", err)
		return nil
	}
	var out []Lever
	keys := map[string]string{} // lever key paths already used, and by which lever
	for _, id := range ids {
		fl := fs.Levers[id]
		at := "levers." + id
		bad := func(key string, format string, args ...any) {
			p.add(at+"."+key, fmt.Errorf(format, args...))
		}
		if other, dup := keys[fl.Key]; dup && fl.Key != "" {
			bad("key", "%s is already set by lever %s: two sliders would fight over it", fl.Key, other)
		}
		keys[fl.Key] = id
		n := len(p.errs)
		if !idPattern.MatchString(id) {
			p.add(at, errors.New("an ID may use only letters, digits, - and _, starting with a letter or digit"))
		}
		if strings.TrimSpace(fl.Label) == "" {
			bad("label", "is missing: say in plain words what the lever changes")
		}
		l := Lever{ID: id, Key: fl.Key, Label: strings.TrimSpace(fl.Label), Description: strings.TrimSpace(fl.Description),
			Unit: fl.Unit, Min: fl.Min, Max: fl.Max, Step: fl.Step, Multiply: fl.Multiply}
		keyOK := false
		switch {
		case fl.Key == "":
			bad("key", "is missing: give the key path the lever sets, as --set takes it, such as lift.charter.count")
		case strings.HasPrefix(fl.Key, "levers.") || strings.HasPrefix(fl.Key, "strategies."):
			bad("key", "must name a value of the scenario, not a lever or a strategy (got %q)", fl.Key)
		default:
			l.Default, l.Integer, keyOK = 1, false, true
			if !l.Multiply {
				var err error
				if l.Default, l.Integer, err = leverValue(v.file, fl.Key); err != nil {
					bad("key", "%v", err)
					keyOK = false
				}
			}
		}
		switch {
		case !(fl.Step > 0) || math.IsInf(fl.Step, 0):
			bad("step", "must be above 0 (got %v)", fl.Step)
		case math.IsNaN(fl.Min) || math.IsInf(fl.Min, 0):
			bad("min", "must be a finite number (got %v)", fl.Min)
		case !(fl.Min < fl.Max) || math.IsInf(fl.Max, 0):
			bad("max", "must be above min (%v) (got %v)", fl.Min, fl.Max)
		case l.Multiply && fl.Min < 0:
			bad("min", "a multiplier must be 0 or more (got %v)", fl.Min)
		case (fl.Max-fl.Min)/fl.Step > maxLeverSteps:
			bad("step", "gives %.0f positions from %v to %v, more than %d", (fl.Max-fl.Min)/fl.Step, fl.Min, fl.Max, maxLeverSteps)
		case !whole((fl.Max - fl.Min) / fl.Step):
			bad("max", "must be min plus a whole number of steps (%v + k × %v) (got %v)", fl.Min, fl.Step, fl.Max)
		case l.Integer && !(whole(fl.Min) && whole(fl.Step)):
			bad("step", "%s takes whole numbers: min and step must be whole (got min = %v, step = %v)", fl.Key, fl.Min, fl.Step)
		case keyOK && (l.Default < fl.Min-1e-9 || l.Default > fl.Max+1e-9):
			what := "the scenario's value"
			if l.Multiply {
				what = "1, the scenario as written,"
			}
			bad("min", "the range %v to %v must hold %s %v", fl.Min, fl.Max, what, l.Default)
		}
		if len(p.errs) > n {
			continue
		}
		if l.Unit == "" {
			_, l.Unit = describeKey(v.file, l.Key)
			if l.Multiply {
				l.Unit = UnitMultiplier
			}
		}
		out = append(out, l)
	}
	if len(p.errs) > 0 {
		return nil
	}
	// Each end of each lever must make a valid scenario. Try all the
	// levers at their lowest, then at their highest (two builds), and only
	// if that fails each lever alone, to say which.
	ends := []struct {
		name string
		at   func(Lever) float64
	}{{"lowest", func(l Lever) float64 { return l.Min }}, {"highest", func(l Lever) float64 { return l.Max }}}
	for _, end := range ends {
		var set []Override
		for _, l := range out {
			set = append(set, l.Override(end.at(l)))
		}
		_, err := f.Scenario("", set)
		if err == nil {
			continue
		}
		alone := false
		for i, l := range out {
			if _, err := f.Scenario("", set[i:i+1]); err != nil {
				alone = true
				p.add("levers."+l.ID+".key", fmt.Errorf("at %s: %s", l.Value(end.at(l)), leverProblem(err)))
			}
		}
		if !alone {
			p.add("levers", fmt.Errorf("all at their %s together: %s", end.name, leverProblem(err)))
		}
		break
	}
	if len(p.errs) > 0 {
		return nil
	}
	return out
}

// leverValue returns the number at key in the scenario: a plain number, a
// distribution's parameter, or a fixed distribution's value.
func leverValue(fs *fileScenario, key string) (float64, bool, error) {
	value, integer, err := numberAt(fs, key)
	if errors.Is(err, ErrIsDistribution) {
		var ferr error
		if value, _, ferr = numberAt(fs, key+".value"); ferr != nil {
			example := ""
			if _, ex, ok := strings.Cut(err.Error(), "such as "); ok {
				example = ", such as " + ex
			}
			return 0, false, fmt.Errorf("%s is a distribution: add multiply = true to scale it, or name one of its parameters%s", key, example)
		}
		return value, false, nil
	}
	return value, integer, err
}

// leverProblem is the first line of a scenario error, without the file's
// name and line (the lever's line is given instead).
func leverProblem(err error) string {
	e := unjoin(err)[0]
	var se *Error
	if errors.As(e, &se) {
		e = se.Err
		if msg := firstLine(e.Error()); se.Key != "" && !strings.HasPrefix(msg, se.Key) && !errors.As(e, new(*OverrideError)) {
			return se.Key + ": " + msg
		}
	}
	var oe *OverrideError
	if errors.As(e, &oe) {
		return firstLine(oe.Err.Error())
	}
	return firstLine(e.Error())
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func whole(x float64) bool { return math.Abs(x-math.Round(x)) < 1e-9*math.Max(1, math.Abs(x)) }
