package main

import (
	"fmt"
	"strings"
)

// A generic unit of a generic scenario: every unit is its own country's.
type genericUnit struct {
	kind, category, group string
	strength              int
}

// Generic scenarios stand for a typical build-up, to be simulated with
// candidate reference tables and compared with the training curves. They
// give only what a planner would know on day 0 (the units, their groups,
// lift and one arrival airfield) and leave the rest to the reference class.
// troopsGeneric is a troop build-up: nine battalions (850, the UN Infantry
// Battalion Manual's standard), three enablers and two formed police units
// (140) from mixed groups; policeGeneric a police build-up: four formed
// police units and eight contingents of individual police officers.
var (
	troopsGeneric = []genericUnit{
		{"infantry", "troops", "africa", 850}, {"infantry", "troops", "africa", 850}, {"infantry", "troops", "africa", 850},
		{"infantry", "troops", "asia", 850}, {"infantry", "troops", "asia", 850}, {"infantry", "troops", "asia", 850},
		{"infantry", "troops", "europe", 850}, {"infantry", "troops", "latin-america", 850}, {"infantry", "troops", "other", 850},
		{"engineer", "troops", "asia", 275}, {"medical", "troops", "europe", 100}, {"aviation", "troops", "latin-america", 120},
		{"formed police", "police", "africa", 140}, {"formed police", "police", "asia", 140},
	}
	policeGeneric = []genericUnit{
		{"formed police", "police", "africa", 140}, {"formed police", "police", "africa", 140},
		{"formed police", "police", "asia", 140}, {"formed police", "police", "asia", 140},
		{"individual police", "police", "africa", 120}, {"individual police", "police", "africa", 120},
		{"individual police", "police", "asia", 120}, {"individual police", "police", "asia", 120},
		{"individual police", "police", "europe", 120}, {"individual police", "police", "europe", 120},
		{"individual police", "police", "latin-america", 120}, {"individual police", "police", "other", 120},
	}
)

// genericHorizon covers the last feature month.
const genericHorizon = 760

// genericTOML writes a generic scenario that uses reference class version.
func genericTOML(name, version string, units []genericUnit) []byte {
	var b strings.Builder
	troops, police := 0, 0
	for _, u := range units {
		if u.category == "police" {
			police += u.strength
		} else {
			troops += u.strength
		}
	}
	fmt.Fprintf(&b, "name = %q\nreference_class = %q\nstart = 2000-01-01\nhorizon = %d\n\n", name, version, genericHorizon)
	fmt.Fprintf(&b, "[target]\ntroops = %d\npolice = %d\n\n", troops, police)
	b.WriteString("[origins.home]\n\n[lift.charter]\ncount = 4\nseats = 250\nflight_hours = { home = 8 }\n\n")
	b.WriteString("[airfields.main]\nslots = 2\nground_hours = 3\n\n")
	for i, u := range units {
		fmt.Fprintf(&b, "[countries.c%d]\ngroup = %q\n\n", i+1, u.group)
		fmt.Fprintf(&b, "[units.u%d]\nkind = %q\ncategory = %q\nstrength = %d\nsource = \"pledge\"\ncountry = \"c%d\"\norigin = \"home\"\n\n",
			i+1, u.kind, u.category, u.strength, i+1)
	}
	return []byte(b.String())
}
