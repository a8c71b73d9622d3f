package sim

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// Every random quantity in a replication draws from its own stream, seeded
// from (seed, replication, entity, quantity, k). Two runs that differ in one
// parameter therefore draw the same values for everything else: common random
// numbers, which make comparisons between strategies sharp.

// Random quantities: the "what" part of a stream's key. Each is derived
// from a stable name, not from its place in a list, so adding a quantity
// does not move the draws of the others. Renaming one moves its draws:
// never rename.
var (
	drawHostConsent         = nameKey("host_consent")
	drawAuthorization       = nameKey("authorization")
	drawPledge              = nameKey("pledge")
	drawConsent             = nameKey("consent")
	drawLegislativeRequired = nameKey("legislative_required")
	drawLegislativeDelay    = nameKey("legislative_delay")
	drawLegislativeRefusal  = nameKey("legislative_refusal")
	drawRelease             = nameKey("release")
	drawReadiness           = nameKey("readiness")
	drawPreparation         = nameKey("preparation")
	drawRehat               = nameKey("rehat")
	drawPoolAvailable       = nameKey("pool_available")
	drawTransitPersonnel    = nameKey("transit_personnel")
	drawTransitEquipment    = nameKey("transit_equipment")
	drawReception           = nameKey("reception")
	drawFactor              = nameKey("factor")
	drawEventDay            = nameKey("event_day")
	drawEventHappens        = nameKey("event_happens")
	drawParameter           = nameKey("parameter")
	drawFill                = nameKey("fill")
	drawActivation          = nameKey("activation")
	drawActivationDelay     = nameKey("activation_delay")
	drawRehatFailure        = nameKey("rehat_failure")
	drawRepatriation        = nameKey("repatriation")
	drawLeave               = nameKey("leave")
	drawTour                = nameKey("tour")
	drawRotationGap         = nameKey("rotation_gap")
	drawReplace             = nameKey("replace")
	drawWithdrawal          = nameKey("withdrawal")
	drawRotationFill        = nameKey("rotation_fill")
	drawOverlap             = nameKey("overlap")
	drawFirstTour           = nameKey("first_tour")

	// Parameters drawn once per replication, keyed by their entity.
	paramPledge           = nameKey("pledge_probability")
	paramLegislative      = nameKey("legislative_probability")
	paramRefusal          = nameKey("legislative_refusal")
	paramActivation       = nameKey("activation_probability")
	paramRehatFailure     = nameKey("rehat_failure_probability")
	paramEventProbability = nameKey("event_probability")
	paramReplace          = nameKey("replace_probability")
	paramWithdrawal       = nameKey("withdrawal_probability")
)

// nameKey returns the stream key of a random quantity's name.
func nameKey(name string) uint64 { return entityKey("quantity", name, 0) }

// entityKey returns the stream key of an entity, such as ("units", "rwa-bn", 1).
func entityKey(kind, id string, n int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return mix(h.Sum64(), uint64(n))
}

// mix combines two 64-bit values into one, well scrambled (splitmix64's
// finalizer applied to a combination).
func mix(a, b uint64) uint64 {
	z := a ^ (b + 0x9e3779b97f4a7c15 + (a << 6) + (a >> 2))
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// stream is one random quantity of one entity: its key mix(entity, what),
// worked out when the model is compiled, and the key of its first draw
// (k = 0), so that drawing hashes nothing or once.
type stream struct{ key, first uint64 }

func newStream(entity, what uint64) stream {
	k := mix(entity, what)
	return stream{k, mix(k, 0)}
}

// unitStreams are the streams of a unit instance's quantities.
type unitStreams struct {
	preparation, readiness, rehat, release, fill, rotationFill, rehatFailure, repatriation, leave stream
	firstTour, tour, overlap, rotationGap, replace, withdrawal, pledge, reception                 stream
	transitPersonnel, transitEquipment                                                            stream
	activation, activationDelay                                                                   stream // of the unit as a whole
}

func newUnitStreams(key, unitKey uint64) unitStreams {
	return unitStreams{
		preparation: newStream(key, drawPreparation), readiness: newStream(key, drawReadiness),
		rehat: newStream(key, drawRehat), release: newStream(key, drawRelease), fill: newStream(key, drawFill),
		rotationFill: newStream(key, drawRotationFill), rehatFailure: newStream(key, drawRehatFailure),
		repatriation: newStream(key, drawRepatriation), leave: newStream(key, drawLeave),
		firstTour: newStream(key, drawFirstTour), tour: newStream(key, drawTour), overlap: newStream(key, drawOverlap),
		rotationGap: newStream(key, drawRotationGap), replace: newStream(key, drawReplace),
		withdrawal: newStream(key, drawWithdrawal), pledge: newStream(key, drawPledge),
		reception: newStream(key, drawReception), transitPersonnel: newStream(key, drawTransitPersonnel),
		transitEquipment: newStream(key, drawTransitEquipment),
		activation:       newStream(unitKey, drawActivation), activationDelay: newStream(unitKey, drawActivationDelay),
	}
}

// streams hands out the random stream of each quantity in one replication.
// It reseeds one generator in place, so drawing allocates nothing.
type streams struct {
	base uint64 // from (seed, replication)
	pcg  rand.PCG
	ln   [32]logNormalParams // the log-normals drawn lately, by their median and 90th percentile
}

// logNormalParams are a log-normal's parameters, which take two
// logarithms to work out.
type logNormalParams struct{ median, p90, mu, sigma float64 }

func (s *streams) reset(seed uint64, rep int) {
	s.base = mix(mix(seed, 0x5eed), uint64(rep))
}

// src returns the generator of quantity what of entity, k-th draw.
func (s *streams) src(entity, what, k uint64) *rand.PCG { return s.at(newStream(entity, what), k) }

// at returns the generator of st's k-th draw.
func (s *streams) at(st stream, k uint64) *rand.PCG {
	key := st.first
	if k != 0 {
		key = mix(st.key, k)
	}
	s.pcg.Seed(s.base, key)
	return &s.pcg
}

// sample draws d from its stream.
func (s *streams) sample(d Dist, entity, what, k uint64) float64 {
	return s.sampleAt(&d, newStream(entity, what), k)
}

// sampleAt draws d from st's k-th draw.
func (s *streams) sampleAt(d *Dist, st stream, k uint64) float64 {
	switch d.Kind {
	case Fixed:
		return d.Value
	case LogNormal: // as Dist.Sample draws it, with the parameters worked out once
		h := (math.Float64bits(d.Median) ^ math.Float64bits(d.P90)*0x9e3779b97f4a7c15) >> 59
		p := &s.ln[h]
		if p.median != d.Median || p.p90 != d.P90 {
			ln := d.logNormal(nil)
			*p = logNormalParams{d.Median, d.P90, ln.Mu, ln.Sigma}
		}
		return math.Exp(rand.New(s.at(st, k)).NormFloat64()*p.sigma + p.mu)
	case Uniform: // as Dist.Sample draws it, without copying d
		return rand.New(s.at(st, k)).Float64()*(d.Max-d.Min) + d.Min
	}
	return d.Sample(s.at(st, k))
}

// chance returns true with probability p, from its stream.
func (s *streams) chance(p float64, entity, what, k uint64) bool {
	return s.chanceAt(p, newStream(entity, what), k)
}

// chanceAt returns true with probability p, from st's k-th draw.
func (s *streams) chanceAt(p float64, st stream, k uint64) bool {
	if p <= 0 {
		return false
	}
	if p >= 1 {
		return true
	}
	return float64(s.at(st, k).Uint64()>>11)*0x1p-53 < p
}
