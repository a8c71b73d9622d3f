package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Hash returns the scenario's content hash: the SHA-256, in hex, of the
// canonical form of the scenario as it is simulated, after its strategy and
// overrides. The canonical form is the JSON encoding of the Scenario
// struct (Go field names, fields in declaration order, entities in file
// order, numbers in Go's shortest form, every default filled in) without
// the fields that only name or describe it: Name, Title, Description,
// Version, Sources, Strategy, Overrides and Strategies.
//
// So the same content hashes the same whatever the file's comments, layout
// and key order, and whether a value came from the file, a strategy or
// --set; any change to a number, a distribution, an entity's name or the
// order of entities (which decides the order of reports and of ties in the
// simulation) changes the hash.
func (sc *Scenario) Hash() string {
	c := *sc
	c.Name, c.Title, c.Description, c.Version = "", "", "", ""
	c.Sources, c.Strategy, c.Overrides, c.Strategies = nil, "", nil, nil
	b, err := json.Marshal(&c)
	if err != nil {
		// Only a value that is not finite can fail, and Validate rejects those.
		panic("sim: cannot hash scenario " + sc.Name + ": " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
