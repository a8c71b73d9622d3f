package scenarios

import (
	"reflect"
	"strings"
)

// Units of a scenario's values, as Describe gives them.
const (
	UnitDays        = "days"        // a delay
	UnitDay         = "day"         // a day after day 0
	UnitProbability = "probability" // 0 to 1
	UnitShare       = "share"       // 0 to 1, of a unit or of the target
	UnitPersonnel   = "personnel"
	UnitAircraft    = "aircraft"
	UnitSeats       = "seats"
	UnitTonnes      = "tonnes"
	UnitHours       = "hours"
	UnitCount       = "count"
	UnitMultiplier  = "multiplier" // *X: times the scenario's own value
)

// fieldWords say, in plain words, what a key of an entity (or of a
// top-level table) holds, and in what unit. The key is the table and the
// path below the entity: "countries.consent", "lift.flight_hours.*".
var fieldWords = map[string][2]string{
	"host.consent":                      {"host-state consent", UnitDay},
	"transfers.authorization":           {"Security Council authorization of transfers", UnitDay},
	"force_generation.first":            {"first force-generation conference", UnitDay},
	"force_generation.interval":         {"time between force-generation conferences", UnitDays},
	"force_generation.conferences":      {"force-generation conferences held", UnitCount},
	"force_generation.probability":      {"chance of a pledge at each conference", UnitProbability},
	"reception.delay":                   {"reception and integration", UnitDays},
	"reception.capacity":                {"reception capacity a day", UnitPersonnel},
	"target.troops":                     {"target: troops", UnitPersonnel},
	"target.police":                     {"target: police", UnitPersonnel},
	"horizon":                           {"horizon", UnitDays},
	"countries.consent":                 {"national consent", UnitDays},
	"countries.legislative.probability": {"chance a parliamentary vote is needed", UnitProbability},
	"countries.legislative.delay":       {"parliamentary vote", UnitDays},
	"countries.legislative.refusal":     {"chance parliament refuses", UnitProbability},
	"missions.strength":                 {"strength", UnitPersonnel},
	"missions.floor":                    {"floor", UnitPersonnel},
	"missions.release":                  {"release of the unit", UnitDays},
	"lift.count":                        {"aircraft", UnitAircraft},
	"lift.seats":                        {"seats per sortie", UnitSeats},
	"lift.payload":                      {"payload per sortie", UnitTonnes},
	"lift.available":                    {"first day available", UnitDay},
	"lift.until":                        {"last day of sorties", UnitDay},
	"lift.flight_hours.*":               {"flight from %s", UnitHours},
	"airfields.slots":                   {"aircraft on the ground at once", UnitAircraft},
	"airfields.ground_hours":            {"time on the ground per sortie", UnitHours},
	"routes.transit":                    {"transit", UnitDays},
	"routes.every":                      {"time between convoys", UnitDays},
	"units.strength":                    {"strength", UnitPersonnel},
	"units.count":                       {"identical units", UnitCount},
	"units.priority":                    {"priority for lift", UnitCount},
	"units.pledge_probability":          {"chance of a pledge at each conference", UnitProbability},
	"units.readiness":                   {"readiness", UnitDays},
	"units.rehat":                       {"re-hatting", UnitDay},
	"units.preparation":                 {"preparation", UnitDays},
	"units.required":                    {"share needed to count", UnitShare},
	"units.equipment.tonnes":            {"equipment", UnitTonnes},
	"units.equipment.largest":           {"largest item", UnitTonnes},
	"units.equipment.required":          {"equipment needed to count", UnitShare},
	"units.fill":                        {"share of strength that deploys", UnitShare},
	"units.leave":                       {"leaves for good", UnitDay},
	"units.withdrawal":                  {"chance of withdrawal per 30 days", UnitProbability},
	"units.activation.probability":      {"chance the arrangement is used", UnitProbability},
	"units.activation.delay":            {"decision to use it", UnitDays},
	"units.rehat_failure.probability":   {"chance it fails UN standards", UnitProbability},
	"units.rehat_failure.delay":         {"repatriation after failing", UnitDays},
	"units.rotation.first":              {"end of the tour under way", UnitDays},
	"units.rotation.tour":               {"tour", UnitDays},
	"units.rotation.gap":                {"gap between contingents", UnitDays},
	"units.rotation.overlap":            {"overlap of contingents", UnitDays},
	"units.rotation.replace":            {"chance a contingent is replaced", UnitProbability},
	"units.rotation.fill":               {"share of strength a new contingent deploys", UnitShare},
	"factors.value":                     {"value", UnitMultiplier},
	"events.day":                        {"day", UnitDay},
	"events.probability":                {"chance it happens", UnitProbability},
}

// distWords name a distribution's parameters.
var distWords = map[string]string{
	"value": "", "min": "minimum", "max": "maximum", "mode": "most likely", "median": "median",
	"p90": "90th percentile", "shape": "shape", "scale": "scale", "mean": "mean", "sd": "standard deviation",
}

// pluralNouns name every entity of a table, for a key with * in an
// entity's place.
var pluralNouns = map[string]string{
	"countries": "every country", "missions": "every donor mission", "origins": "every origin",
	"lift": "every lift pool", "airfields": "every airfield", "routes": "every route", "units": "every unit",
	"factors": "every factor", "events": "every event",
}

// Describe returns plain words for a key path of the scenario, with the
// strategy and overrides applied, and the unit of its values:
// countries.nepal.consent is "Nepal: national consent" in days;
// countries.*.consent.median is "every country: national consent (median)".
// A key it does not know is its own label, with no unit.
func (f *File) Describe(strategy string, set []Override, key string) (label, unit string) {
	v, err := f.variant(strategy, set)
	if err != nil {
		return key, ""
	}
	return describeKey(v.file, key)
}

func describeKey(fs *fileScenario, key string) (label, unit string) {
	parts := strings.Split(key, ".")
	// A distribution's parameter: the distribution's words, and which.
	last := parts[len(parts)-1]
	param := ""
	if w, ok := distWords[last]; ok && len(parts) > 1 {
		if _, known := fieldWords[fieldKey(parts)]; !known {
			param, parts = w, parts[:len(parts)-1]
		}
	}
	words, ok := fieldWords[fieldKey(parts)]
	if !ok {
		return key, ""
	}
	label = words[0]
	if strings.Contains(label, "%s") && len(parts) > 0 {
		label = strings.Replace(label, "%s", entityName(fs, "origins", parts[len(parts)-1]), 1)
	}
	if _, entity := pluralNouns[parts[0]]; entity && len(parts) > 2 {
		label = entityName(fs, parts[0], parts[1]) + ": " + label
	}
	if param != "" {
		label += " (" + param + ")"
	}
	return label, words[1]
}

// fieldKey is the key of fieldWords for a key path: the table, then the
// path below the entity ID, with * for a map key such as an origin.
func fieldKey(parts []string) string {
	if _, entity := pluralNouns[parts[0]]; !entity || len(parts) < 3 {
		return strings.Join(parts, ".")
	}
	rest := parts[2:]
	if len(rest) == 2 && rest[0] == "flight_hours" {
		return parts[0] + ".flight_hours.*"
	}
	return parts[0] + "." + strings.Join(rest, ".")
}

// entityName returns the name of entity id of a table, or "every ..." for *.
func entityName(fs *fileScenario, table, id string) string {
	if id == "*" {
		return pluralNouns[table]
	}
	field, ok := fieldByTag(reflect.TypeFor[fileScenario](), table)
	if !ok {
		return id
	}
	m := reflect.ValueOf(fs).Elem().FieldByIndex(field.Index)
	if m.Kind() != reflect.Map {
		return id
	}
	e := m.MapIndex(reflect.ValueOf(id))
	if !e.IsValid() {
		return id
	}
	for _, tag := range []string{"name", "aircraft"} {
		if f, ok := fieldByTag(e.Type(), tag); ok {
			if name := e.FieldByIndex(f.Index).String(); name != "" {
				return name
			}
		}
	}
	return id
}

// Keys returns the key paths of the scenario's values, with the strategy
// and overrides applied, in file order: every number, text and
// distribution that --set can change, such as countries.nepal.consent and
// lift.charter.flight_hours.capital. Strategies are left out.
func (f *File) Keys(strategy string, set []Override) []string {
	v, err := f.variant(strategy, set)
	if err != nil {
		return nil
	}
	var keys []string
	walkParams(reflect.ValueOf(v.file).Elem(), nil, v.order, func(path []string, _ reflect.Value) {
		if path[0] != "strategies" && path[0] != "levers" {
			keys = append(keys, strings.Join(path, "."))
		}
	})
	return keys
}
