# surge: `make test` runs everything CI runs but the full check of the
# reference tables and the Slurm sweep (`make reference-check` and
# `make test-slurm`, which CI runs too).
GO ?= go

# The version and revision "surge version" and every JSON result report.
# Go records the revision itself where it can (-buildvcs); REVISION covers
# builds where it cannot, such as a git worktree.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo +dirty)
LDFLAGS = -X main.version=$(VERSION) -X main.revision=$(REVISION)

.PHONY: test vet imports race bench bench-all fuzz golden build gallery reference reference-fast reference-check dist test-slurm

test: vet imports race reference-fast

vet:
	$(GO) vet ./...
	$(GO) vet -tags browser ./cmd/surge
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

# The speed and memory figures of the README, each goal as a ratio; with
# OLD=commit, beside an older commit built in a temporary worktree (see
# .ci/bench.sh for ROUNDS, REPS and MEMORY). bench-all runs every benchmark.
OLD ?=
bench:
	OLD=$(OLD) bash .ci/bench.sh

bench-all:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Run every fuzzer (func FuzzX in any package) for FUZZTIME each; make test
# runs their seed corpora only.
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "$$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

# Regenerate the golden files after a deliberate change of output: the
# command's outputs, the bad scenarios' errors, the golden picture.
golden:
	$(GO) test ./cmd/surge ./scenarios ./plots -update

build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o surge ./cmd/surge

# Static binaries for people without Go, version-stamped, with their SHA-256
# sums: dist/surge-VERSION-OS-ARCH[.exe] and dist/SHA256SUMS.
DIST_TARGETS = linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64
dist:
	rm -rf dist
	mkdir -p dist
	@for t in $(DIST_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ "$$os" = windows ] && ext=.exe; \
		out=dist/surge-$(VERSION)-$$os-$$arch$$ext; echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" -o $$out ./cmd/surge || exit 1; \
	done
	cd dist && if command -v sha256sum >/dev/null; then sha256sum surge-*; else shasum -a 256 surge-*; fi > SHA256SUMS
	cat dist/SHA256SUMS

# The classroom page in a real headless Chromium (installing Debian's
# chromium when it is missing, as root): every number it shows is checked
# against the command line's JSON. About 10 s, a minute more to install.
test-browser:
	bash testdata/browser/run.sh

# 50 students on the loopback, 1,000 replications each, at once: all
# answered, memory back down, still serving; it prints requests per
# second, the 95th percentile latency and the peak memory. About 15 s.
test-load:
	$(GO) test -count=1 -run '^TestLoad$$' -v ./cmd/surge/web

# A real single-node Slurm cluster, started and stopped by the test: a
# sharded sweep as a job array, merged, against one unsharded run.
test-slurm:
	bash testdata/slurm/run.sh

# Redraw the pictures in the README (plots/examples).
gallery:
	$(GO) run ./cmd/surge run south-sudan-2014 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge compare south-sudan-2014 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge sensitivity south-sudan-2014 --metric share-at-90 --top 12 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge sweep south-sudan-2014 --vary 'countries.*.consent=*0.25:2:0.25' --vary lift.un-passenger.count=1,3,6 \
		--reps 500 --plot plots/examples --plot-format svg > /dev/null
	$(GO) run ./cmd/surge backtest --all --plot plots/examples --plot-format svg > /dev/null

# Re-estimate the reference-class defaults from scenarios/data and rewrite
# scenarios/reference/defaults.toml and the leave-one-out tables in
# scenarios/reference/loo (21 fits, about a minute and a quarter on 2
# cores); look at the diff.
reference:
	$(GO) run ./scenarios/reference/estimate

# Check that the shipped defaults are what the estimator's full fit writes,
# but for the leave-one-out figures (a few seconds; the race run skips this
# test: too slow under the race detector).
reference-fast:
	$(GO) test -count=1 -run '^TestShippedTable$$' ./scenarios/reference/estimate

# Check that every reference table, the shipped one and the leave-one-out
# ones, is what the estimator writes: all 21 fits, over a minute.
reference-check:
	REFERENCE_CHECK=1 $(GO) test -count=1 -timeout 30m -run '^TestReferenceTables$$' ./scenarios/reference/estimate
