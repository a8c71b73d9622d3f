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
		Args: func(_ *cobra.Command, a []string) error {
			if len(a) > 0 {
				return usagef("unknown command %q", a[0])
			}
			return nil
		},
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		Version: build().Version,
	}
	root.SetVersionTemplate(versionText())
	root.SetOut(ios.out)
	root.SetErr(ios.err)
	root.SetIn(ios.in)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
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
