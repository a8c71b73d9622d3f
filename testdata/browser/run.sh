#!/usr/bin/env bash
# make test-browser: the classroom page in a real headless Chromium.
#
# It installs Debian's chromium with apt-get when it is missing (as root,
# as make test-slurm installs Slurm), then runs the browser tests (go test
# -tags browser): the page is driven as a student would, and every number
# it shows is checked against the command line's JSON. Only when Chromium
# cannot be installed at all does it skip, loudly.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf 'test-browser: %s\n' "$*"; }
skip() {
	printf '\n%s\n*** BROWSER TESTS SKIPPED: %s\n%s\n\n' "$(printf '*%.0s' {1..72})" "$*" "$(printf '*%.0s' {1..72})"
	exit 0
}

browser=${SURGE_CHROMIUM:-}
for b in chromium chromium-browser google-chrome; do
	[ -n "$browser" ] && break
	command -v "$b" >/dev/null && browser=$(command -v "$b")
done
if [ -z "$browser" ]; then
	[ "$(id -u)" = 0 ] || skip "no Chromium, and not root to install it (apt-get install chromium)"
	command -v apt-get >/dev/null || skip "no Chromium, and no apt-get to install it"
	say "installing chromium"
	began=$(date +%s)
	if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
		skip "apt-get could not install chromium"
	fi
	say "installed in $(($(date +%s) - began)) s"
	browser=$(command -v chromium) || skip "chromium installed but not on the PATH"
fi
say "using $browser ($("$browser" --version 2>/dev/null || echo 'version unknown'))"
SURGE_CHROMIUM=$browser go test -tags browser -count=1 -run 'Browser' ./cmd/surge
