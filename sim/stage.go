package sim

import "fmt"

// Stage is one step of a unit's way from the resolution to being
// operational in the mission area. A unit goes through the stages in this
// order and skips those that do not apply to it. Time in a stage is the time
// that stage held the unit up: a gate already open when the unit reaches it
// takes no time.
type Stage uint8

// The stages, in the order a unit goes through them.
const (
	StageEvent         Stage = iota // waiting for a named event (a ceasefire, a second phase, ...)
	StagePledge                     // waiting for a pledge at a force-generation conference
	StageAuthorization              // waiting for the Security Council to authorize transfers
	StageConsent                    // waiting for the contributing government's consent
	StageLegislative                // waiting for parliamentary approval
	StageActivation                 // waiting for the decision to use a standby arrangement
	StageReadiness                  // a standby unit getting ready
	StageRelease                    // the donor mission releasing a transferred unit
	StagePreparation                // preparing to deploy: MOU, training, equipment
	StageHostConsent                // waiting for the host state's consent
	StageLiftWait                   // waiting for strategic lift (or a convoy)
	StageTransit                    // travelling
	StageAirfield                   // at the arrival airfield: waiting for a slot and unloading
	StageReception                  // reception, staging, onward movement and integration
	StageRehat                      // waiting for the day a force already there is re-hatted
	StageRotation                   // between rotations: one contingent has left, the next is not there
	NumStages
)

var stageInfo = [NumStages]struct{ name, label string }{
	StageEvent:         {"event", "waiting for a named event"},
	StagePledge:        {"pledge", "waiting for a pledge (force generation)"},
	StageAuthorization: {"authorization", "waiting for Security Council authorization of transfers"},
	StageConsent:       {"consent", "waiting for national consent"},
	StageLegislative:   {"legislative", "waiting for parliamentary approval"},
	StageActivation:    {"activation", "waiting for the decision to use the standby arrangement"},
	StageReadiness:     {"readiness", "standby force getting ready"},
	StageRelease:       {"release", "waiting for the donor mission to release the unit"},
	StagePreparation:   {"preparation", "preparing to deploy"},
	StageHostConsent:   {"host_consent", "waiting for host-state consent"},
	StageLiftWait:      {"lift_wait", "waiting for strategic lift"},
	StageTransit:       {"transit", "in transit"},
	StageAirfield:      {"airfield", "waiting for an arrival airfield slot and unloading"},
	StageReception:     {"reception", "reception and integration in the mission area"},
	StageRehat:         {"rehat", "waiting to be re-hatted"},
	StageRotation:      {"rotation", "between rotations: the next contingent not yet there"},
}

// String returns the stage's name in machine-readable output, such as "lift_wait".
func (s Stage) String() string {
	if s < NumStages {
		return stageInfo[s].name
	}
	return fmt.Sprintf("Stage(%d)", s)
}

// Label returns the stage in plain words.
func (s Stage) Label() string {
	if s < NumStages {
		return stageInfo[s].label
	}
	return s.String()
}

// Status is what became of a unit by the end of the horizon.
type Status uint8

// Unit outcomes.
const (
	InPipeline   Status = iota // still on its way at the end of the horizon
	Operational                // operational in the mission area
	Gap                        // never pledged: a capability gap
	Refused                    // its country's legislature refused the deployment
	Blocked                    // the transfer would have taken the donor below its floor
	Left                       // left the mission for good: on a date, or relieved
	Repatriated                // failed UN standards and was sent home, not replaced
	NotActivated               // a standby arrangement that was not used
	Rotating                   // between rotations at the horizon: the next contingent is on its way
	NotReplaced                // its contingent left and no contributor was found to replace it
	numStatuses
)

var statusNames = [numStatuses]string{"in_pipeline", "operational", "gap", "refused", "blocked",
	"left", "repatriated", "not_activated", "rotating", "not_replaced"}

func (s Status) String() string {
	if s < numStatuses {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}
