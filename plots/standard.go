package plots

import (
	"github.com/surge-sim/surge/sim"
)

// Picture is a chart and the name of its file, without the extension.
type Picture struct {
	Name  string
	Chart *Chart
}

// StandardSet draws the standard pictures of a result: deployment,
// time-to-target (if the result keeps its samples) and stages, and, if rep
// is not nil, the timeline of that replication of sc. Write renders each;
// the names are those of their files (deployment.png, time-to-target.png,
// stages.png, timeline.png).
func StandardSet(res *sim.Result, sc *sim.Scenario, rep *sim.Replication, o *Options) ([]Picture, error) {
	type picture struct {
		name string
		make func() (*Chart, error)
	}
	pictures := []picture{{"deployment", func() (*Chart, error) { return Deployment(res, o) }}}
	if len(res.Samples) > 0 {
		pictures = append(pictures, picture{"time-to-target", func() (*Chart, error) { return TimeToTarget(res, o) }})
	}
	pictures = append(pictures, picture{"stages", func() (*Chart, error) { return Stages(res, o) }})
	if rep != nil {
		pictures = append(pictures, picture{"timeline", func() (*Chart, error) { return Timeline(sc, rep, o) }})
	}
	var out []Picture
	for _, pic := range pictures {
		ch, err := pic.make()
		if err != nil {
			return nil, err
		}
		out = append(out, Picture{pic.name, ch})
	}
	return out, nil
}
