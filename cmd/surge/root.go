package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/surge-sim/surge/plots"
	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/scenarios/workflow"
	"github.com/surge-sim/surge/sim"
)

// Exit statuses.
const (
	exitOK        = 0
	exitError     = 1   // anything unexpected
	exitInput     = 2   // bad input or usage
	exitInterrupt = 130 // interrupted (SIGINT or SIGTERM), as a shell reports 128+SIGINT
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
	terminal bool   // stderr is a terminal: progress may be shown
	files    *files // every file written goes through it
}

// run is the whole program: it parses args, runs the command and maps its
// error to an exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	ios := &streams{in: stdin, out: stdout, err: stderr, terminal: isTerminal(stderr), files: &files{}}
	// A bug must not end in a stack trace: say so in one line.
	defer func() {
		if p := recover(); p != nil {
			ios.files.removeTemp()
			fmt.Fprintf(stderr, "surge: internal error (please report it): %s\n", clean(fmt.Sprint(p)))
			code = exitError
		}
	}()
	ctx, stop := onInterrupt(ios)
	defer stop()
	root := newRootCmd(ios)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	code = exitCode(err)
	switch {
	case code == exitInterrupt:
		fmt.Fprintln(stderr, "surge: interrupted")
		return code
	case errors.As(err, new(usageError)):
		printError(stderr, err)
		fmt.Fprintf(stderr, "\n%s", cmd.UsageString())
		return code
	}
	printError(stderr, err)
	if s := scenarios.Snippet(err); s != "" {
		fmt.Fprintf(stderr, "\n%s", cleanLines(s))
	}
	return code
}

// exitCode maps an error to the exit status, by what the error is: bad
// input or usage, an interrupt, or anything else.
func exitCode(err error) int {
	var fe *fileError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupt
	case errors.As(err, &fe):
		if fe.byUser() {
			return exitInput
		}
		return exitError
	case errors.As(err, new(usageError)), errors.As(err, new(inputError)),
		errors.As(err, new(*scenarios.Error)), errors.As(err, new(*scenarios.OverrideError)),
		errors.As(err, new(*sim.FieldError)), errors.As(err, new(*workflow.Error)), errors.Is(err, scenarios.ErrNotFound),
		errors.Is(err, scenarios.ErrNoStrategy), errors.Is(err, plots.ErrFormat), errors.Is(err, sim.ErrTooLarge):
		return exitInput
	}
	return exitError
}

// printError writes err to w as "surge: " and its lines (several problems
// are one a line), each cleaned of control characters.
func printError(w io.Writer, err error) {
	fmt.Fprintf(w, "surge: %s\n", cleanLines(err.Error()))
}

// onInterrupt returns a context cancelled by the first SIGINT or SIGTERM
// (what Ctrl-C, Slurm and Kubernetes send): the command stops at its next
// check and surge exits with status 130. A second signal stops surge at
// once, after removing the temporary files being written.
func onInterrupt(ios *streams) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			ios.files.removeTemp()
			fmt.Fprintln(ios.err, "surge: interrupted again: stopped")
			os.Exit(exitInterrupt)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
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
		newStoryCmd(ios),
		newServeCmd(ios),
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
