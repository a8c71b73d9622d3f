package main

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/surge-sim/surge/sim"
)

// version is surge's version. make stamps it with
// go build -ldflags "-X main.version=VERSION"; a plain go build leaves "dev".
var version = "dev"

// revision is the source revision make stamps (-X main.revision=COMMIT),
// for builds where Go records none itself (a git worktree, or
// -buildvcs=false); the build information's own revision comes first.
var revision = ""

// pseudoVersion matches a Go pseudo-version such as
// v0.0.0-20250102150405-abcdef123456, which says no more than the revision.
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}`)

// build returns the version and source revision of this binary: the stamped
// version, else the module's version if it is a release (go install
// module@v1.2.0), else "dev"; the revision is the commit the binary was
// built from, with "+dirty" if the tree had changes, or "" if the build
// did not record it (go test, or a build outside the repository).
func build() sim.Build { return buildFrom(version, revision, readBuildInfo()) }

func readBuildInfo() *debug.BuildInfo {
	info, _ := debug.ReadBuildInfo()
	return info
}

func buildFrom(stamped, stampedRevision string, info *debug.BuildInfo) sim.Build {
	b := sim.Build{Version: stamped, Revision: stampedRevision}
	if info == nil {
		return b
	}
	if v := info.Main.Version; stamped == "dev" && v != "" && v != "(devel)" && !pseudoVersion.MatchString(v) {
		b.Version = v
	}
	rev, modified := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		b.Revision = rev
		if modified {
			b.Revision += "+dirty"
		}
	}
	return b
}

// versionText is what surge --version and surge version print.
func versionText() string {
	b := build()
	rev := b.Revision
	if rev == "" {
		rev = "not recorded (built without version control information)"
	}
	return fmt.Sprintf("surge %s\nrevision: %s\nbuilt with %s for %s/%s\n", b.Version, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func newVersionCmd(ios *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print surge's version and the source revision it was built from",
		Long: `Version prints surge's version and the source revision (git commit) it was
built from, as every JSON result records them under "surge". "make build"
stamps the version; a plain "go build" says "dev".`,
		Example: "  surge version\n  surge --version",
		Args:    args(0, 0, ""),
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprint(ios.out, versionText())
			return err
		},
	}
}
