package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/surge-sim/surge/scenarios"
	"github.com/surge-sim/surge/sim"
)

//go:embed static
var static embed.FS

// Config bounds the work the server does. A nil *Config, and the zero
// value of each field, mean the documented default.
type Config struct {
	MaxReplications int           // replications of one run; default 20,000
	MaxHorizon      int           // days simulated; default 3,650 (ten years)
	MaxUnits        int           // unit instances of a scenario; default 1,000
	MaxVariants     int           // runs compared with the baseline at once; default 6
	MaxScenarioSize int64         // bytes of a pasted scenario, refused before parsing; default 256 KiB
	RunsAtOnce      int           // requests simulating at once; default the cores (GOMAXPROCS)
	MaxWaiting      int           // requests waiting for their turn, beyond which 503; default 256
	Timeout         time.Duration // per request, waiting included; default 2 minutes
	Workers         int           // replications at once within a run; default the cores

	Surge sim.Build // stamped into every result's header
	// Log, if set, receives a line for each request that failed on the
	// server's side (status 500).
	Log io.Writer
}

func (c *Config) withDefaults() Config {
	var d Config
	if c != nil {
		d = *c
	}
	def := func(v *int, x int) {
		if *v <= 0 {
			*v = x
		}
	}
	def(&d.MaxReplications, 20_000)
	def(&d.MaxHorizon, 3650)
	def(&d.MaxUnits, 1000)
	def(&d.MaxVariants, 6)
	def(&d.RunsAtOnce, runtime.GOMAXPROCS(0))
	def(&d.MaxWaiting, 256)
	def(&d.Workers, runtime.GOMAXPROCS(0))
	if d.MaxScenarioSize <= 0 {
		d.MaxScenarioSize = 256 << 10
	}
	if d.Timeout <= 0 {
		d.Timeout = 2 * time.Minute
	}
	return d
}

// Server is the classroom server: an http.Handler.
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	slots chan struct{} // a token per request simulating
	wait  atomic.Int64  // requests waiting for a token

	mu    sync.Mutex
	files map[string]*builtin // the built-in scenarios, read once each

	listOnce sync.Once
	list     []ScenarioInfo
	listErr  error
}

type builtin struct {
	once sync.Once
	file *scenarios.File
	err  error
}

// New returns a server with the given limits.
func New(cfg *Config) *Server {
	s := &Server{cfg: cfg.withDefaults(), mux: http.NewServeMux(), files: map[string]*builtin{}}
	s.slots = make(chan struct{}, s.cfg.RunsAtOnce)
	page, err := fs.Sub(static, "static")
	if err != nil {
		panic("web: " + err.Error()) // the page is embedded: cannot happen
	}
	files := http.FileServerFS(page)
	s.mux.Handle("GET /", files)
	s.mux.HandleFunc("GET /api/scenarios", s.handleScenarios)
	s.mux.HandleFunc("GET /api/source", s.handleSource)
	for _, m := range []string{"GET", "POST"} {
		s.mux.HandleFunc(m+" /api/run", s.handleRun)
		s.mux.HandleFunc(m+" /api/compare", s.handleCompare)
		s.mux.HandleFunc(m+" /api/story", s.handleStory)
		s.mux.HandleFunc(m+" /api/timeline.svg", s.handleTimeline)
	}
	s.mux.HandleFunc("POST /api/check", s.handleCheck)
	notFound := func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("no %s %s: see the API in surge serve --help", r.Method, r.URL.Path)})
	}
	s.mux.HandleFunc("GET /api/", notFound)
	s.mux.HandleFunc("POST /api/", notFound)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	// Everything the page needs is served from here: no CDN, no inline
	// script, nothing from elsewhere.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-cache")
	}
	s.mux.ServeHTTP(w, r)
}

// file returns a built-in scenario, read on first use.
func (s *Server) file(name string) (*scenarios.File, error) {
	if !slices.Contains(scenarios.Names(), name) {
		return nil, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("no scenario %q: the built-in scenarios are %s (or POST your own)",
			name, strings.Join(scenarios.Names(), ", "))}
	}
	s.mu.Lock()
	b := s.files[name]
	if b == nil {
		b = &builtin{}
		s.files[name] = b
	}
	s.mu.Unlock()
	b.once.Do(func() {
		src, err := scenarios.Source(name) // embedded: never the file system
		if err == nil {
			b.file, err = scenarios.Read(name+".toml", src)
		}
		b.err = err
	})
	return b.file, b.err
}

// httpError is an error with its HTTP status, and the problems of a
// scenario that does not load.
type httpError struct {
	status   int
	msg      string
	problems []Problem
}

func (e *httpError) Error() string { return e.msg }

// errBusy is the answer when too many requests wait for their turn.
var errBusy = errors.New("busy")

// acquire waits for a turn to simulate, up to ctx; it fails at once with
// errBusy when too many requests are waiting already. onWait, if not nil,
// is told the requests ahead when it has to wait.
func (s *Server) acquire(ctx context.Context, onWait func(ahead int)) (release func(), err error) {
	release = func() { <-s.slots }
	select {
	case s.slots <- struct{}{}:
		return release, nil
	default:
	}
	n := s.wait.Add(1)
	defer s.wait.Add(-1)
	if n > int64(s.cfg.MaxWaiting) {
		return nil, errBusy
	}
	if onWait != nil {
		onWait(int(n))
	}
	select {
	case s.slots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// writeJSON writes v as the command line does with --format json: indented
// by two spaces, with a final line break.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// errorBody is the JSON of an error.
type errorBody struct {
	Error    string    `json:"error"`
	Status   int       `json:"status"`
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one problem of a scenario that does not load, where it is.
type Problem struct {
	Line    int    `json:"line"`   // 1-based; 0 if unknown
	Column  int    `json:"column"` // 1-based; 0 if unknown
	Key     string `json:"key"`    // the key path, "" for a syntax error
	Message string `json:"message"`
}

// fail answers with err as JSON and its status.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	b := s.errorBody(err)
	if b.Status == 0 {
		return // the client has gone: nobody to answer
	}
	if b.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	if b.Status == http.StatusInternalServerError && s.cfg.Log != nil {
		fmt.Fprintf(s.cfg.Log, "surge serve: %s %s: %v\n", r.Method, r.URL.Path, err)
	}
	writeJSON(w, b.Status, b)
}

// errorBody says what err means for the client; Status 0 when the client
// cancelled the request.
func (s *Server) errorBody(err error) errorBody {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return errorBody{Error: he.msg, Status: he.status, Problems: he.problems}
	case errors.Is(err, errBusy):
		return errorBody{Error: fmt.Sprintf("the server is busy: %d runs are waiting already; try again in a few seconds", s.cfg.MaxWaiting),
			Status: http.StatusServiceUnavailable}
	case errors.Is(err, context.DeadlineExceeded):
		return errorBody{Error: fmt.Sprintf("the run took longer than the server allows (%v, waiting included): try fewer replications", s.cfg.Timeout),
			Status: http.StatusServiceUnavailable}
	case errors.Is(err, context.Canceled):
		return errorBody{}
	case errors.Is(err, scenarios.ErrNotFound):
		return errorBody{Error: err.Error(), Status: http.StatusNotFound}
	case isInput(err):
		return errorBody{Error: err.Error(), Status: http.StatusBadRequest, Problems: problems(err)}
	}
	return errorBody{Error: "internal error (please report it): " + err.Error(), Status: http.StatusInternalServerError}
}
