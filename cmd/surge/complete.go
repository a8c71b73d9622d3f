package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/scenarios"
)

// Shell completion: "surge completion bash" (or zsh, fish, powershell)
// writes the script; these functions give it scenario names and files,
// strategies, key paths and metrics.

// completeScenario completes a command's scenario argument: the built-in
// scenarios' names, and .toml files and folders.
func completeScenario(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, n := range scenarios.Names() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	files, dirs := completeFiles(toComplete, ".toml")
	out = append(out, files...)
	out = append(out, dirs...)
	directive := cobra.ShellCompDirectiveNoFileComp
	if len(dirs) > 0 {
		directive |= cobra.ShellCompDirectiveNoSpace // a folder goes on
	}
	return out, directive
}

// completeFiles returns the files with the extension and the folders that
// start with prefix.
func completeFiles(prefix, ext string) (files, dirs []string) {
	matches, _ := filepath.Glob(prefix + "*")
	for _, m := range matches {
		fi, err := os.Stat(m)
		switch {
		case err != nil:
		case fi.IsDir():
			dirs = append(dirs, m+string(filepath.Separator))
		case strings.HasSuffix(m, ext):
			files = append(files, m)
		}
	}
	return files, dirs
}

// scenarioFile opens the scenario argument for completing a flag, or nil.
func scenarioFile(args []string) *scenarios.File {
	if len(args) == 0 {
		return nil
	}
	f, err := scenarios.Open(args[0])
	if err != nil {
		return nil
	}
	return f
}

// registerCompletions completes the flags a command has that name a
// strategy, a key path or a metric, from its scenario argument.
func registerCompletions(cmd *cobra.Command) {
	fixed := func(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	flags := map[string]func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective){
		"strategy": func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if f := scenarioFile(args); f != nil {
				return f.StrategyNames(), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		"strategies":  completeList(func(f *scenarios.File) []string { return f.StrategyNames() }),
		"set":         completeKeys("="),
		"vary":        completeKeys("="),
		"fit":         completeList(func(f *scenarios.File) []string { return f.Keys("", nil) }),
		"metric":      completeMetrics,
		"plot-metric": completeMetrics,
		"plot-format": fixed("png", "svg", "pdf"),
		"sample":      fixed("grid", "latin"),
	}
	for name, f := range flags {
		if cmd.Flags().Lookup(name) != nil {
			cmd.RegisterFlagCompletionFunc(name, f)
		}
	}
	if fl := cmd.Flags().Lookup("format"); fl != nil {
		cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return formatsOf(fl.Usage), cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// formatsOf reads the formats from --format's help: "output format:
// table, json or csv".
func formatsOf(usage string) []string {
	_, list, _ := strings.Cut(usage, ": ")
	return strings.FieldsFunc(strings.ReplaceAll(list, " or ", ","), func(r rune) bool { return r == ',' || r == ' ' })
}

// completeKeys completes KEY=VALUE flags: the scenario's key paths,
// followed by sep and no space.
func completeKeys(sep string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		f := scenarioFile(args)
		if f == nil || strings.Contains(toComplete, sep) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, k := range f.Keys("", nil) {
			if strings.HasPrefix(k, toComplete) {
				out = append(out, k+sep)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// completeList completes a comma-separated list of names from the
// scenario: the item after the last comma.
func completeList(names func(*scenarios.File) []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		f := scenarioFile(args)
		if f == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		done := ""
		if i := strings.LastIndex(toComplete, ","); i >= 0 {
			done, toComplete = toComplete[:i+1], toComplete[i+1:]
		}
		var out []string
		for _, n := range names(f) {
			if strings.HasPrefix(n, toComplete) && !slices.Contains(strings.Split(done, ","), n) {
				out = append(out, done+n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeMetrics completes a metric: the default fractions and days, and
// the scenario's benchmarks.
func completeMetrics(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, f := range []string{"25", "50", "75", "90", "100"} {
		out = append(out, "days-to-"+f, "days-to-"+f+"-p50", "never-"+f)
	}
	for _, d := range []string{"30", "60", "90"} {
		out = append(out, "share-at-"+d)
	}
	if f := scenarioFile(args); f != nil {
		if sc, err := f.Scenario("", nil); err == nil {
			for _, b := range sc.Benchmarks {
				out = append(out, "p-"+b.ID)
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// addCompletions completes the arguments and flags of root's commands.
func addCompletions(root *cobra.Command) {
	for _, c := range root.Commands() {
		switch c.Name() {
		case "run", "compare", "sweep", "sensitivity", "backtest", "calibrate", "story":
			c.ValidArgsFunction = completeScenario
			registerCompletions(c)
		case "show":
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return scenarios.Names(), cobra.ShellCompDirectiveNoFileComp
			}
		case "validate":
			c.ValidArgsFunction = func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
				return []string{"toml"}, cobra.ShellCompDirectiveFilterFileExt
			}
		case "plot":
			c.ValidArgsFunction = func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
				return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
			}
			registerCompletions(c)
		}
	}
}
