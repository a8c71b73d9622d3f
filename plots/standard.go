package plots

import (
	"os"
	"path/filepath"

	"github.com/surge-sim/surge/sim"
)

// WriteStandardSet writes the standard pictures of a result into dir,
// which it creates if needed: deployment, time-to-target (if the result
// keeps its samples) and stages, and, if rep is not nil, the timeline of
// that replication of sc. Files are
// named after the pictures with o.Format's extension (default .png:
// deployment.png, time-to-target.png, stages.png, timeline.png). It returns
// the paths written, in that order, including those written before an
// error.
func WriteStandardSet(dir string, res *sim.Result, sc *sim.Scenario, rep *sim.Replication, o *Options) ([]string, error) {
	format, err := o.format()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
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
	var paths []string
	for _, pic := range pictures {
		ch, err := pic.make()
		if err != nil {
			return paths, err
		}
		path := filepath.Join(dir, pic.name+"."+format)
		if err := Save(ch, path, o); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}
