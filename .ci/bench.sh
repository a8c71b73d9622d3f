#!/usr/bin/env bash
# make bench: the figures of the README's speed section, each goal of
# issue 13 as a ratio, measured on this checkout and, with OLD=commit, on an
# older commit built in a temporary worktree, side by side in one run:
#
#   per replication, one worker     BenchmarkReplication/south-sudan-2014
#   two workers against one         BenchmarkWorkers, and surge run --reps $REPS
#   per unit, 1,000 units           BenchmarkThousandUnits
#   peak memory, 10,000 against 1,000,000 replications (surge run, the
#                                   largest resident set, /usr/bin/time)
#
# Benchmarks run ROUNDS times, old and new taking turns, and the median is
# kept. The older commit runs this checkout's scenarios/bench_test.go.
#
#   make bench                      this checkout only
#   make bench OLD=79a2202          beside an older commit
#   ROUNDS=3 REPS=20000 MEMORY=0 make bench OLD=...   shorter
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${OLD:-}
ROUNDS=${ROUNDS:-5}
REPS=${REPS:-100000}
MEMORY=${MEMORY:-1}
tmp=$(mktemp -d)
cleanup() {
	if [ -n "$OLD" ] && [ -d "$tmp/old" ]; then git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

build() { # build DIR NAME: the test binary and the command of the checkout in DIR
	(cd "$1" && go test -c -o "$tmp/$2.test" ./scenarios >/dev/null && go build -o "$tmp/$2.surge" ./cmd/surge)
}
sides=(new)
build . new
if [ -n "$OLD" ]; then
	git worktree add --detach "$tmp/old" "$OLD" >/dev/null 2>&1
	cp scenarios/bench_test.go "$tmp/old/scenarios/bench_test.go"
	build "$tmp/old" old
	sides=(old new)
fi

# bench SIDE PATTERN BENCHTIME: one run of the benchmarks, their lines.
bench() {
	(cd scenarios && "$tmp/$1.test" -test.run '^$' -test.bench "$2" -test.benchtime "$3" -test.benchmem) | grep '^Benchmark'
}

# median: the median of the numbers on standard input, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'; }

# metric FILE NAME UNIT: the median over the rounds of one benchmark's UNIT
# (ns/op, ns/rep, ns/unit, B/op, allocs/op).
metric() {
	awk -v name="$2" -v unit="$3" '{ sub(/-[0-9]+$/, "", $1) } $1 == name { for (i = 2; i < NF; i++) if ($(i+1) == unit) print $i }' "$1" | median
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

echo "surge benchmarks: $(go version | cut -d' ' -f3), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?), $ROUNDS rounds, medians"
echo "new: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo +dirty)${OLD:+   old: $(git -C "$tmp/old" rev-parse --short HEAD)}"
echo

for side in "${sides[@]}"; do : >"$tmp/$side.out"; done
for round in $(seq "$ROUNDS"); do
	for side in "${sides[@]}"; do
		bench "$side" '^BenchmarkReplication$/^south-sudan-2014$' 20000x >>"$tmp/$side.out"
		bench "$side" '^BenchmarkWorkers$' 2x >>"$tmp/$side.out"
		bench "$side" '^BenchmarkThousandUnits$' 2000x >>"$tmp/$side.out"
	done
done

row() { # row LABEL NAME UNIT
	local vals=() s
	for s in "${sides[@]}"; do vals+=("$(metric "$tmp/$s.out" "$2" "$3")"); done
	if [ ${#sides[@]} -eq 2 ]; then
		printf '%-46s %14s %14s %8sx\n' "$1" "${vals[0]}" "${vals[1]}" "$(ratio "${vals[0]}" "${vals[1]}")"
	else
		printf '%-46s %14s\n' "$1" "${vals[0]}"
	fi
}
if [ ${#sides[@]} -eq 2 ]; then printf '%-46s %14s %14s %9s\n' "" old new "old/new"; fi
row "south-sudan-2014, a replication, 1 worker, ns" BenchmarkReplication/south-sudan-2014 ns/op
row "  bytes allocated per replication" BenchmarkReplication/south-sudan-2014 B/op
row "  allocations per replication" BenchmarkReplication/south-sudan-2014 allocs/op
row "1 worker, ns per replication" BenchmarkWorkers/workers=1 ns/rep
row "2 workers, ns per replication" BenchmarkWorkers/workers=2 ns/rep
row "south-sudan-2014, ns per unit" BenchmarkThousandUnits/south-sudan-2014 ns/unit
row "1,000 units and 20 aircraft, ns per unit" BenchmarkThousandUnits/thousand-units ns/unit
echo
for s in "${sides[@]}"; do
	one=$(metric "$tmp/$s.out" BenchmarkWorkers/workers=1 ns/rep)
	two=$(metric "$tmp/$s.out" BenchmarkWorkers/workers=2 ns/rep)
	small=$(metric "$tmp/$s.out" BenchmarkThousandUnits/south-sudan-2014 ns/unit)
	big=$(metric "$tmp/$s.out" BenchmarkThousandUnits/thousand-units ns/unit)
	echo "$s: 2 workers against 1: $(ratio "$one" "$two")x faster (BenchmarkWorkers); 1,000 units cost $(ratio "$big" "$small")x south-sudan-2014's per unit"
done

# seconds SIDE ARGS...: the median wall time of surge ARGS over the rounds,
# and the median CPU time (user and system; nan without /usr/bin/time).
seconds() {
	local side=$1 r
	shift
	: >"$tmp/times"
	for r in $(seq "$ROUNDS"); do
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f '%e %U %S' "$tmp/$side.surge" "$@" 2>&1 >/dev/null | tail -1 >>"$tmp/times"
		else
			local start end
			start=$(date +%s.%N)
			"$tmp/$side.surge" "$@" >/dev/null
			end=$(date +%s.%N)
			awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f nan 0\n", b - a }' >>"$tmp/times"
		fi
	done
	echo "$(awk '{ print $1 }' "$tmp/times" | median) $(awk '{ print $2 + $3 }' "$tmp/times" | median)"
}
echo
for s in "${sides[@]}"; do
	read -r one cpu1 < <(seconds "$s" run south-sudan-2014 --reps "$REPS" --workers 1 --samples=false)
	read -r two cpu2 < <(seconds "$s" run south-sudan-2014 --reps "$REPS" --workers 2 --samples=false)
	echo "$s: surge run south-sudan-2014 --reps $REPS --samples=false: $one s on 1 worker, $two s on 2: $(ratio "$one" "$two")x;" \
		"CPU $cpu1 s and $cpu2 s: 2 free cores would give $(awk -v a="$cpu1" -v b="$cpu2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", 2 * a / b }')x"
done

if [ "$MEMORY" = 1 ]; then
	echo
	if ! [ -x /usr/bin/time ]; then
		echo "peak memory: skipped, /usr/bin/time is missing (Debian: apt-get install time)"
		exit 0
	fi
	# peak SIDE REPS FORMAT: the largest resident set of surge run, in MB,
	# or why it did not run.
	peak() {
		local out
		if out=$(/usr/bin/time -f '%M' "$tmp/$1.surge" run south-sudan-2014 --reps "$2" --samples=false --format "$3" 2>&1 >/dev/null); then
			echo "$(($(echo "$out" | tail -1) / 1024)) MB"
		else
			echo "refused ($(echo "$out" | grep -m1 '^surge:' | cut -c1-60)...)"
		fi
	}
	for s in "${sides[@]}"; do
		for fmt in table json; do
			small=$(peak "$s" 10000 "$fmt")
			large=$(peak "$s" 1000000 "$fmt")
			echo "$s: peak memory of surge run south-sudan-2014 --samples=false --format $fmt: $small at 10,000 replications," \
				"$large at 1,000,000: $(ratio "${large%% *}" "${small%% *}")x"
		done
	done
fi
