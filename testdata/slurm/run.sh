#!/usr/bin/env bash
# make test-slurm: the README's Slurm job array on a real single-node Slurm
# cluster that this script starts and stops itself.
#
# It installs Debian's slurmctld, slurmd and munge when they are missing
# (as root, with apt-get), starts munged, slurmctld and slurmd as background
# processes under a temporary folder (no systemd: they are stopped by the
# process ids this script got, never by name), and checks that:
#   - a sweep sharded over a job array and merged by a dependent job
#     (--dependency=afterok) gives the bytes of one unsharded run, as CSV
#     and as JSON;
#   - more array tasks than points (shards with no points) still merge;
#   - the 1-based array mistake (--array=1-N with --shard $TASK/N) fails the
#     last task with a clear message, and merge names the missing shard 0.
# Accounting (sacct) needs a database, so jobs are followed with squeue and
# scontrol. Everything it started is stopped, and the folder removed, even
# on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
began=$(date +%s)
say() { printf 'test-slurm: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

# Install what is missing.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
	[ "$(id -u)" = 0 ] || fail "slurmctld, slurmd and munge are missing; run as root to install them with apt-get"
	say "installing slurmctld, slurmd and munge"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd munge >/dev/null
	say "installed in $(($(date +%s) - began)) s"
fi
[ "$(id -u)" = 0 ] || fail "the daemons run as root: run as root"

tmp=$(mktemp -d /tmp/surge-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
jobs_started=()
cleanup() {
	local status=$?
	set +e
	for j in "${jobs_started[@]}"; do scancel "$j" 2>/dev/null; done
	# Let slurmd see the cancelled jobs' processes end before it stops.
	for _ in $(seq 1 20); do
		[ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
		sleep 0.5
	done
	for ((k = ${#pids[@]} - 1; k >= 0; k--)); do kill "${pids[k]}" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	if [ "$status" != 0 ]; then
		for log in slurmctld.log slurmd.log munged.log; do
			[ -f "$tmp/$log" ] && { say "last lines of $log:"; tail -n 15 "$tmp/$log"; }
		done
	fi
	rm -rf "$tmp"
	say "took $(($(date +%s) - began)) s in all"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# surge, on the PATH of the jobs.
mkdir -p "$tmp/bin" "$tmp/parts"
go build -o "$tmp/bin/surge" ./cmd/surge
export PATH="$tmp/bin:$PATH"

# munge, with its own key and socket.
mkdir -p "$tmp/munge"
chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
socket=$tmp/munge/munge.socket
munged -F -f --key-file="$tmp/munge/munge.key" --socket="$socket" --pid-file="$tmp/munge/munged.pid" \
	--seed-file="$tmp/munge/munged.seed" --log-file="$tmp/munged.log" >>"$tmp/munged.log" 2>&1 &
pids+=($!)

# Slurm: one node, this machine, with its real topology (slurmd -C).
node=$(slurmd -C | head -n 1 | sed 's/^NodeName=[^ ]* //')
cpus=$(slurmd -C | head -n 1 | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p')
port=$((20000 + RANDOM % 20000))
host=$(hostname -s)
mkdir -p "$tmp/state" "$tmp/spool"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=surgetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -f "$SLURM_CONF" >>"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >>"$tmp/slurmd.out" 2>&1 &
pids+=($!)

# until CONDITION...: wait for it, up to 120 s.
until_ok() {
	for _ in $(seq 1 240); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	fail "timed out waiting for: $*"
}
node_idle() { sinfo -h -o %t | grep -qx idle; }
until_ok node_idle
say "cluster up after $(($(date +%s) - began)) s: node $host, $cpus CPUs"

# submit ARGS...: sbatch --parsable, remembering the job to cancel.
submit() {
	local id
	id=$(sbatch --parsable "$@")
	jobs_started+=("$id")
	echo "$id"
}
# finished JOB: no task of the job is pending or running.
finished() { [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
# state JOB: the job's (or each array task's) state and exit code.
state() { scontrol -o show job "$1" | sed -n 's/.*JobState=\([A-Z_]*\).* ExitCode=\([0-9:]*\).*/\1 \2/p'; }

sweep=(tutorial --vary lift.charter.count=1:3:1 --vary airfields.capital.slots=1,2 --reps 200 --seed 4)
points=6

# array FORMAT N FIRST: the README's job array, with --array=FIRST-(FIRST+N-1).
array() {
	local format=$1 n=$2 first=$3
	submit --job-name="surge-$format-$n" --array="$first-$((first + n - 1))" --cpus-per-task=1 \
		--output="$tmp/slurm-%A_%a.out" <<EOF
#!/bin/bash
surge sweep ${sweep[*]} --format $format --workers "\${SLURM_CPUS_PER_TASK:-1}" \\
    --shard "\$SLURM_ARRAY_TASK_ID/$n" --out "$tmp/parts/$format-$n-from$first-\$SLURM_ARRAY_TASK_ID.$format"
EOF
}

# merge_after JOB DEPENDENCY OUT PARTS...: surge merge as a dependent job.
merge_after() {
	local job=$1 dep=$2 out=$3
	shift 3
	submit --job-name=surge-merge --dependency="$dep:$job" --output="$out.log" \
		--wrap "surge merge $* --out $out"
}

for case in "csv 4" "json $((points + 2))"; do
	read -r format n <<<"$case"
	surge sweep "${sweep[@]}" --format "$format" --out "$tmp/whole.$format"
	job=$(array "$format" "$n" 0)
	merged=$tmp/merged-$format-$n.$format
	mjob=$(merge_after "$job" afterok "$merged" "$tmp/parts/$format-$n-from0-*.$format")
	until_ok finished "$mjob"
	[ "$(state "$mjob")" = "COMPLETED 0:0" ] || { cat "$merged.log"; fail "$format: the merge job ended $(state "$mjob")"; }
	cmp "$merged" "$tmp/whole.$format" || fail "$format: the merged parts of $n shards differ from one unsharded run"
	say "ok: $format, $n shards$([ "$n" -gt "$points" ] && echo " (of which $((n - points)) with no points)"): merged by a dependent job, byte-identical to one run"
done

# The 1-based mistake: --array=1-4 runs shards 1/4 to 4/4; 4/4 is refused.
job=$(array csv 4 1)
until_ok finished "$job"
bad=$(scontrol -o show job "$job" | grep 'ArrayTaskId=4 ' | sed -n 's/.*JobState=\([A-Z_]*\).* ExitCode=\([0-9:]*\).*/\1 \2/p')
[ "$bad" = "FAILED 2:0" ] || fail "task 4 of --array=1-4 ended '$bad', want FAILED 2:0"
grep -q -- "--array=0-(N-1)" "$tmp"/slurm-"$job"_4.out || fail "task 4 does not say to use --array=0-(N-1): $(cat "$tmp"/slurm-"$job"_4.out)"
if out=$(surge merge "$tmp"/parts/csv-4-from1-*.csv 2>&1); then
	fail "merge took the parts of shards 1 to 3 of 4"
fi
grep -q "shard 0/4 is missing" <<<"$out" || fail "merge does not name the missing shard: $out"
say "ok: --array=1-4 fails task 4 (exit 2, says --array=0-(N-1)); merge says: ${out#surge: }"
say "PASS"
