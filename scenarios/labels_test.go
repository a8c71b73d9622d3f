package scenarios

import "testing"

func TestDescribe(t *testing.T) {
	t.Parallel()
	f, err := Open("south-sudan-2014")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ key, label, unit string }{
		{"countries.nepal.consent", "Nepal: national consent", UnitDays},
		{"countries.*.consent", "every country: national consent", UnitDays},
		{"countries.nepal.consent.median", "Nepal: national consent (median)", UnitDays},
		{"countries.nepal.legislative.refusal", "Nepal: chance parliament refuses", UnitProbability},
		{"missions.unamid.release", "UNAMID (Darfur): release of the unit", UnitDays},
		{"lift.un-passenger.count", "UN passenger charters: aircraft", UnitAircraft},
		{"airfields.juba.slots", "Juba International Airport: aircraft on the ground at once", UnitAircraft},
		{"force_generation.first", "first force-generation conference", UnitDay},
		{"reception.delay", "reception and integration", UnitDays},
		{"units.eth-bn.preparation", "Ethiopian battalion (IGAD protection force): preparation", UnitDays},
		{"units.*.pledge_probability", "every unit: chance of a pledge at each conference", UnitProbability},
		{"no.such.key", "no.such.key", ""},
	} {
		label, unit := f.Describe("", nil, tc.key)
		if label != tc.label || unit != tc.unit {
			t.Errorf("%s: %q in %q, want %q in %q", tc.key, label, unit, tc.label, tc.unit)
		}
	}
	// Parameters carry their labels.
	params, err := f.Parameters("", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range params {
		if p.Label == p.Key || p.Unit == "" {
			t.Errorf("parameter %s has no plain label or unit: %q, %q", p.Key, p.Label, p.Unit)
		}
	}
}
