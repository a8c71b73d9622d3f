package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

func newScenariosCmd(ios *streams) *cobra.Command {
	return &cobra.Command{
		Use:     "scenarios",
		Short:   "List the scenarios built into surge",
		Example: "  surge scenarios\n  surge show south-sudan-2014",
		Args:    args(0, 0, ""),
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(ios.out, 0, 0, 2, ' ', 0)
			for _, name := range scenarios.Names() {
				f, err := scenarios.Open(name)
				if err != nil {
					return err
				}
				sc, err := f.Scenario("", nil)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\n", name, sc.Title)
				if names := f.StrategyNames(); len(names) > 0 {
					fmt.Fprintf(tw, "\t  strategies: %s\n", strings.Join(names, ", "))
				}
			}
			return tw.Flush()
		},
	}
}

func newShowCmd(ios *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Print a built-in scenario's TOML, to read or to copy and edit",
		Example: `  surge show tutorial
  surge show south-sudan-2014 > mine.toml`,
		Args: args(1, 1, "the scenario to show (see \"surge scenarios\")"),
		RunE: func(_ *cobra.Command, a []string) error {
			b, err := scenarios.Source(a[0])
			if err != nil {
				return inputError{err}
			}
			_, err = ios.out.Write(b)
			return err
		},
	}
}

func newValidateCmd(ios *streams) *cobra.Command {
	var obs observedFlags
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem found",
		Long: `Validate loads each scenario file as "surge run" would and reports every
problem with its file, line, key and value, then what is legal but
probably a mistake as warnings: a factor nothing uses, units that cannot
reach the target or that hold more than it (by how much). With --observed
(and --mission) it also checks that the scenario can be compared with that
series. It exits with status 0 when all files are valid and 2 otherwise.`,
		Example: "  surge validate mine.toml\n  surge validate scenarios/*.toml\n  surge validate mine.toml --observed strengths.csv --mission UNMISS",
		Args:    args(1, -1, "the scenario files to check"),
		RunE: func(_ *cobra.Command, files []string) error {
			bad := 0
			for _, f := range files {
				sc, err := validateOne(f, &obs)
				if err != nil {
					bad++
					fmt.Fprintf(ios.err, "%s\n", cleanLines(err.Error()))
					if s := scenarios.Snippet(err); s != "" {
						fmt.Fprintf(ios.err, "\n%s\n", cleanLines(s))
					}
					continue
				}
				units := 0
				for _, u := range sc.Units {
					units += max(1, u.Count)
				}
				fmt.Fprintf(ios.out, "%s: ok (%s, %s)\n", f, sc.Title, plural(units, "unit", "units"))
				for _, w := range sc.Warnings() {
					fmt.Fprintf(ios.err, "%s: warning: %v\n", f, w)
				}
			}
			if bad > 0 {
				return inputError{errors.New(plural(bad, "file is", "files are") + " not valid")}
			}
			return nil
		},
	}
	obs.add(cmd, false)
	return cmd
}

// validateOne loads a scenario file, with the observed series the flags
// name.
func validateOne(name string, obs *observedFlags) (*sim.Scenario, error) {
	file, err := scenarios.Open(name)
	if err != nil {
		return nil, err
	}
	extra, err := obs.apply(file)
	if err != nil {
		return nil, err
	}
	sc, err := file.Scenario("", extra)
	if err != nil {
		return nil, err
	}
	return sc, obs.check(file, sc)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
