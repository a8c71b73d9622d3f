package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/cmd/surge/web"
)

type serveOptions struct {
	ios     *streams
	addr    string
	maxReps int
	runs    int
	timeout time.Duration
}

func newServeCmd(ios *streams) *cobra.Command {
	opts := &serveOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Start the classroom page: pick a scenario, move levers, run, compare, read a run as a story",
		Long: `Serve starts a web server with surge's classroom page, and prints its address
to open in a browser. Everything the page needs is inside surge: it works with
no internet. By default only this computer can open it; --addr 0.0.0.0:8080
shares it with the classroom's network (students open the address printed).

The page lists the built-in scenarios (or takes one pasted or uploaded, and
shows the loader's errors at their lines), offers each scenario's strategies
and levers, runs it, draws the deployment curve, says where the time goes and
the chance of meeting each benchmark, pins runs to compare them run for run,
and tells one run as a story. Its address records the scenario, strategy,
levers, seed and replications: a link gives every student the same result.

The page's numbers come from an API that returns exactly what the command
line writes with --format json:
  GET /api/run?scenario=NAME&reps=N&seed=S[&strategy=X][&set=KEY=VALUE ...]
  GET /api/compare?scenario=NAME&reps=N&seed=S[&strategies=A,B][&set=...]
  GET /api/story?scenario=NAME&seed=S&timeline=K[&strategy=X][&set=...]
  GET /api/scenarios, GET /api/source?scenario=NAME, POST /api/check (a TOML body)
POST a scenario's TOML to /api/run, /api/compare or /api/story to run your own.
Errors are JSON with a message: 404 for an unknown scenario, 400 for a bad
value, 503 when too many runs wait.

Work is bounded: --max-reps replications a run, --runs runs at once (others
wait their turn, up to 256; beyond that the server answers 503), --timeout per
request. No request reads or writes a file. Ctrl-C (or SIGTERM) stops the
server once the runs under way have finished, or after 10 seconds.`,
		Example: `  surge serve
  surge serve --addr 0.0.0.0:8080
  surge serve --addr localhost:9000 --max-reps 5000`,
		Args: args(0, 0, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "localhost:8080", "address to listen on: host:port (0.0.0.0:PORT for every network of this computer)")
	f.IntVar(&opts.maxReps, "max-reps", 20_000, "most replications of one run")
	f.IntVar(&opts.runs, "runs", 0, "runs at once (default: the cores)")
	f.DurationVar(&opts.timeout, "timeout", 2*time.Minute, "longest a request may take, waiting included")
	return cmd
}

// shutdownGrace is how long runs under way may finish once asked to stop.
const shutdownGrace = 10 * time.Second

func serveRun(ctx context.Context, o *serveOptions) error {
	switch {
	case o.maxReps < 1:
		return valuef("--max-reps must be at least 1 (got %d)", o.maxReps)
	case o.runs < 0:
		return valuef("--runs must not be negative (got %d)", o.runs)
	case o.timeout <= 0:
		return valuef("--timeout must be above 0 (got %v)", o.timeout)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return inputError{fmt.Errorf("--addr %s: cannot listen there (%v): try another port, such as --addr localhost:8081", o.addr, unwrapNet(err))}
	}
	// The runs' own context: cancelled only when the grace period is over.
	runs, stopRuns := context.WithCancel(context.Background())
	defer stopRuns()
	srv := &http.Server{
		Handler: web.New(&web.Config{MaxReplications: o.maxReps, RunsAtOnce: o.runs, Timeout: o.timeout,
			Surge: build(), Log: o.ios.err}),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return runs },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	for _, u := range addresses(ln.Addr().(*net.TCPAddr)) {
		fmt.Fprintf(o.ios.out, "surge: the classroom page is at %s\n", u)
	}
	fmt.Fprintf(o.ios.out, "surge: Ctrl-C stops it\n")
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintf(o.ios.err, "surge: stopping: letting the runs under way finish (at most %v)\n", shutdownGrace)
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		stopRuns()
		srv.Close()
	}
	return ctx.Err()
}

// addresses returns the page's addresses for a listener: localhost for a
// loopback address, every address of this computer for an unspecified one.
func addresses(a *net.TCPAddr) []string {
	url := func(host string) string {
		return "http://" + net.JoinHostPort(host, fmt.Sprint(a.Port)) + "/"
	}
	switch {
	case a.IP.IsLoopback():
		return []string{url("localhost")}
	case !a.IP.IsUnspecified():
		return []string{url(a.IP.String())}
	}
	out := []string{url("localhost")}
	ifaces, _ := net.InterfaceAddrs()
	for _, ia := range ifaces {
		if ipn, ok := ia.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
			out = append(out, url(ipn.IP.String()))
		}
	}
	return out
}

// unwrapNet returns the innermost error of a network error, such as
// "address already in use".
func unwrapNet(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		msg := oe.Err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return errors.New(msg)
	}
	return err
}
