# surge: `make test` runs everything CI runs.
GO ?= go

# The version and revision "surge version" and every JSON result report.
# Go records the revision itself where it can (-buildvcs); REVISION covers
# builds where it cannot, such as a git worktree.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo +dirty)
LDFLAGS = -X main.version=$(VERSION) -X main.revision=$(REVISION)

.PHONY: test vet imports race bench fuzz golden build gallery reference reference-check

test: vet imports race reference-check

vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

# The layering rules: sim knows nothing of the command line, files, TOML or
# plots; scenarios and plots know nothing of the command line; nothing
# imports cmd.
imports:
	@bad=$$($(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' ./sim/... | \
		grep -E ' (os|flag|github.com/spf13/[^ ]*|github.com/BurntSushi/toml|gonum.org/v1/plot[^ ]*)( |$$)'); \
	if [ -n "$$bad" ]; then echo "sim imports what it must not: $$bad"; exit 1; fi
	@bad=$$($(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' ./scenarios/... ./plots/... | \
		grep -E ' (github.com/spf13/[^ ]*|github.com/surge-sim/surge/cmd[^ ]*)( |$$)'); \
	if [ -n "$$bad" ]; then echo "a library package imports the command line: $$bad"; exit 1; fi

race:
	$(GO) test -race -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Run the scenario loader's fuzzers for a while (not part of `make test`,
# which runs their seed corpora only).
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime 60s ./scenarios
	$(GO) test -run '^$$' -fuzz '^FuzzOverride$$' -fuzztime 60s ./scenarios

# Regenerate the golden files after a deliberate change of output: the
# command's outputs, the bad scenarios' errors, the golden picture.
golden:
	$(GO) test ./cmd/surge ./scenarios ./plots -update

build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o surge ./cmd/surge

# Redraw the pictures in the README (plots/examples).
gallery:
	$(GO) run ./cmd/surge run south-sudan-2014 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge compare south-sudan-2014 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge sensitivity south-sudan-2014 --metric share-at-90 --top 12 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge sweep south-sudan-2014 --vary 'countries.*.consent=*0.25:2:0.25' --vary lift.un-passenger.count=1,3,6 \
		--reps 500 --plot plots/examples --plot-format svg > /dev/null

# Re-estimate the reference-class defaults from scenarios/data and rewrite
# scenarios/reference/defaults.toml (about half a minute); look at the diff.
reference:
	$(GO) run ./scenarios/reference/estimate

# Check that the shipped defaults are what the estimator writes (the race
# run skips this test: too slow under the race detector).
reference-check:
	$(GO) test -count=1 -run '^TestShippedTable$$' ./scenarios/reference/estimate
