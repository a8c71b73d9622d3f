package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/surge-sim/surge/scenarios"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // anything unexpected
	exitInput = 2 // bad input or usage
)

// usageError is a mistake in how surge was called: the usage is printed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// inputError is bad input, such as a scenario that does not load.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// valuef is a bad value for a flag or argument: a one-line error without
// the usage, exit status 2.
func valuef(format string, args ...any) error { return inputError{fmt.Errorf(format, args...)} }

// flagError turns the flag parser's errors into surge's: a bad value is
// one line without the usage, in plain words; anything else (an unknown
// flag, a missing value) is a usage error.
func flagError(_ *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if !errors.As(err, &bad) {
		return usageError{err}
	}
	f := bad.GetFlag()
	want := map[string]string{
		"int": "a whole number", "uint64": "a whole number, 0 or more", "float64": "a number", "bool": "true or false",
	}[f.Value.Type()]
	if want == "" {
		return inputError{fmt.Errorf("--%s: %q is not a valid value", f.Name, bad.GetValue())}
	}
	return inputError{fmt.Errorf("--%s must be %s (got %q)", f.Name, want, bad.GetValue())}
}

// streams are the command's input and outputs.
type streams struct {
	in       io.Reader
	out      io.Writer
	err      io.Writer
	terminal bool // stderr is a terminal: progress may be shown
}

// run is the whole program: it parses args, runs the command and maps its
// error to an exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	// A bug must not end in a stack trace: say so in one line.
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "surge: internal error (please report it): %v\n", p)
			code = exitError
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ios := &streams{in: stdin, out: stdout, err: stderr, terminal: isTerminal(stderr)}
	root := newRootCmd(ios)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var ue usageError
	var ie inputError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "surge: %v\n\n%s", err, cmd.UsageString())
		return exitInput
	case errors.As(err, &ie):
		fmt.Fprintf(stderr, "surge: %v\n", err)
		if s := scenarios.Snippet(err); s != "" {
			fmt.Fprintf(stderr, "\n%s", s)
		}
		return exitInput
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "surge: interrupted")
		return exitError
	}
	fmt.Fprintf(stderr, "surge: %v\n", err)
	return exitError
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func newRootCmd(ios *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "surge",
		Short: "Simulate peacekeeping surges and force generation",
		Long: `surge simulates how a peacekeeping surge deploys: consent, parliaments,
force generation, preparation, strategic airlift, arrival airfields and
reception. It runs a scenario many times over and reports how long the surge
takes, how likely it is to meet targets such as the Brahimi Report's 90 days,
and where the time goes.`,
		Example: `  surge run south-sudan-2014
  surge run south-sudan-2014 --reps 5000 --format json --out result.json
  surge scenarios
  surge show tutorial > mine.toml
  surge validate mine.toml`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, a []string) error {
			if len(a) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", a[0])
			if near := cmd.SuggestionsFor(a[0]); len(near) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(near, " or "))
			}
			return inputError{errors.New(msg + "; surge --help lists the commands")}
		},
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		Version: build().Version,
	}
	root.SetVersionTemplate(versionText())
	root.SetOut(ios.out)
	root.SetErr(ios.err)
	root.SetIn(ios.in)
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2 // "rn" and "swep" are one or two edits away
	root.AddCommand(
		newRunCmd(ios),
		newCompareCmd(ios),
		newSweepCmd(ios),
		newMergeCmd(ios),
		newSensitivityCmd(ios),
		newBacktestCmd(ios),
		newCalibrateCmd(ios),
		newPlotCmd(ios),
		newScenariosCmd(ios),
		newShowCmd(ios),
		newValidateCmd(ios),
		newVersionCmd(ios),
	)
	addCompletions(root)
	return root
}

// args returns a cobra.PositionalArgs that wants between lo and hi
// arguments (hi < 0: no limit), described as what.
func args(lo, hi int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, a []string) error {
		switch {
		case len(a) < lo:
			return usagef("missing %s", what)
		case hi >= 0 && len(a) > hi:
			return usagef("too many arguments: %s", strings.Join(a[hi:], " "))
		}
		return nil
	}
}
