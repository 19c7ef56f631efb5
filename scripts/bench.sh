#!/usr/bin/env bash
# Times every program of the named workloads with hyperfine and renders the tables and charts.
#
#   scripts/bench.sh download download-scaling fib fib-scaling      (what `make bench` runs)
#
# Steps: start the site on a free port (for the download workloads); run each program once and
# refuse to go on if its result line differs from the reference; time it with hyperfine, one
# call per program so that each peak-memory figure is its own; render. Everything is written to a staging folder first and
# moved over results/ only when complete, so an interrupted or failed bench leaves results/ as
# it was. QUICK=1 runs less and writes to target/bench/quick, never to results/.
# The site is stopped on every exit path (success, a failing program, Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Settings: the reference run's; each may be overridden from the environment -------------
QUICK=${QUICK:-0}
LATENCY_MS=${LATENCY_MS:-50}
DOWNLOAD_REQUESTS=${DOWNLOAD_REQUESTS:-160}
DOWNLOAD_CONCURRENCY=${DOWNLOAD_CONCURRENCY:-160}
SCALING_CONCURRENCY=${SCALING_CONCURRENCY:-1 10 100 1000 10000}
WARMUP=${WARMUP:-1}
MIN_RUNS=${MIN_RUNS:-5}
MAX_RUNS=${MAX_RUNS:-20}
SCALING_RUNS=${SCALING_RUNS:-3}
FIB_N=${FIB_N:-35}
FIB_COUNT=${FIB_COUNT:-20}
FIB_WORKERS=${FIB_WORKERS:-$(nproc)}
FIB_SCALING_COUNT=${FIB_SCALING_COUNT:-1 2 4 8 16 32}
# fib runs are short (a quarter to half a second) and the machines are shared: a burst of
# another tenant's work can slow a whole block of runs, so fib gets many more of them.
FIB_MIN_RUNS=${FIB_MIN_RUNS:-25}
FIB_MAX_RUNS=${FIB_MAX_RUNS:-50}
FIB_SCALING_RUNS=${FIB_SCALING_RUNS:-6}
if [ "$QUICK" = 1 ]; then
  DOWNLOAD_REQUESTS=40 DOWNLOAD_CONCURRENCY=40 SCALING_CONCURRENCY="1 10 1000"
  FIB_N=30 FIB_COUNT=8 FIB_SCALING_COUNT="1 2 4 8"
  WARMUP=0 MIN_RUNS=2 MAX_RUNS=3 SCALING_RUNS=2 FIB_MIN_RUNS=2 FIB_MAX_RUNS=3 FIB_SCALING_RUNS=2
fi

readonly MODELS="sequential threads pool processes rayon tokio tokio-current async-std smol"
# Where the programs are, where results go, where they are prepared (the tests point these
# elsewhere).
readonly BIN=${BENCH_BIN:-target/release}
if [ "$QUICK" = 1 ]; then OUT=${BENCH_OUT:-target/bench/quick}; else OUT=${BENCH_OUT:-results}; fi
readonly OUT
readonly STAGE=${BENCH_STAGE:-target/bench/stage}

# The most concurrency each model is run at in the scaling sweep, and why not beyond. A model
# missing here runs at every level; the report prints the reason in the cells it did not run.
declare -A SCALING_LIMIT=(
  [sequential]="100|one request at a time: 2C x latency, 100 s at C = 1000"
  [rayon]="100|blocking I/O on one thread per core: about C x latency, 50 s at C = 1000"
  [processes]="1000|one process per lane: 10000 processes at 3 MiB each would need about 30 GiB"
)

die() { echo "bench: $*" >&2; exit 1; }

# --- The site: started once, stopped on every way out ----------------------------------------
SITE_PID=
stop_site() {
  if [ -n "$SITE_PID" ]; then
    kill "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
    SITE_PID=
  fi
}
# On any exit the site stops and the staging folder goes; results/ was only ever replaced whole.
trap 'stop_site; rm -rf "$STAGE"' EXIT
trap 'echo "bench: interrupted; $OUT is unchanged" >&2; exit 130' INT
trap 'exit 143' TERM

start_site() {
  mkdir -p "$STAGE"
  "$BIN/site" --port 0 --latency-ms "$LATENCY_MS" >"$STAGE/site.url" 2>"$STAGE/site.log" &
  SITE_PID=$!
  local waited=0
  until [ -s "$STAGE/site.url" ]; do
    kill -0 "$SITE_PID" 2>/dev/null || die "the site did not start: $(cat "$STAGE/site.log")"
    [ $((waited += 1)) -le 100 ] || die "the site printed no URL within 10 s"
    sleep 0.1
  done
  SITE_URL=$(head -n 1 "$STAGE/site.url")
  local port=${SITE_URL##*:} status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || die "no answer from the site at $SITE_URL"
  printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  read -r -t 5 status <&3 || true
  exec 3<&-
  [[ "$status" == "HTTP/1.1 200"* ]] || die "the site's health check answered: ${status:-nothing}"
  echo "bench: site at $SITE_URL, ${LATENCY_MS} ms latency" >&2
}

# --- Checks and timing ----------------------------------------------------------------------
# check WANT PROGRAM ARGS...: runs the program once; its fields must equal WANT's.
check() {
  local want=$1 program=$2 line
  shift 2
  line=$("$BIN/$program" "$@") || die "$program $* failed; nothing was timed"
  if [ "${line#* }" != "${want#* }" ] || [ "${line%% *}" != "$program" ]; then
    printf 'bench: %s does not agree with the reference; nothing was timed\n  want: %s\n  got:  %s\n' \
      "$program" "$want" "$line" >&2
    exit 1
  fi
}

# time_one JSON NAME RUNS-FLAGS... -- COMMAND: one hyperfine call for one program.
HYPERFINE=
time_one() {
  # Found (or built) on first use, so that a bench that fails its checks needs no hyperfine.
  [ -n "$HYPERFINE" ] || HYPERFINE=$(scripts/hyperfine.sh)
  local json=$1 name=$2
  shift 2
  local flags=()
  while [ "$1" != -- ]; do flags+=("$1"); shift; done
  shift
  "$HYPERFINE" -N --style basic "${flags[@]}" --export-json "$json" -n "$name" "$*" >&2
}

# bench_models WORKLOAD MIN-RUNS MAX-RUNS FLAGS...: checks every model of WORKLOAD against the
# reference, then times each with FLAGS, into raw/WORKLOAD/.
bench_models() {
  local workload=$1 min_runs=$2 max_runs=$3 want
  shift 3
  local raw=$STAGE/raw/$workload
  rm -rf "$raw" && mkdir -p "$raw"
  want=$("$BIN/report" expected "$workload" "$@")
  check "$want" "$workload-sequential" "$@"
  # Every model is held to what sequential printed (itself held to the computed answer).
  want=$("$BIN/$workload-sequential" "$@")
  for model in $MODELS; do check "$want" "$workload-$model" "$@"; done
  echo "bench: $workload: all $(wc -w <<<"$MODELS") result lines agree: ${want#* }" >&2
  for model in $MODELS; do
    time_one "$raw/$workload-$model.json" "$workload-$model" \
      --warmup "$WARMUP" --min-runs "$min_runs" --max-runs "$max_runs" -- \
      "$BIN/$workload-$model" "$@"
  done
  # hyperfine sees only the largest process; the processes model's total is measured apart.
  "$BIN/report" peak-memory -- "$BIN/$workload-processes" "$@" \
    >"$raw/$workload-processes.tree-bytes"
}

bench_download() {
  local n=$DOWNLOAD_REQUESTS c=$DOWNLOAD_CONCURRENCY
  bench_models download "$MIN_RUNS" "$MAX_RUNS" --url "$SITE_URL" --requests "$n" --concurrency "$c"
  write_settings "$STAGE/raw/download" workload=download requests="$n" concurrency="$c"
}

bench_download_scaling() {
  local raw=$STAGE/raw/download-scaling fd_limit
  rm -rf "$raw" && mkdir -p "$raw"
  fd_limit=$(ulimit -n)
  for c in $SCALING_CONCURRENCY; do
    local n=$((2 * c)) want
    # Sequential does not run at every level, so each model is held to the pages' own tally.
    want=$("$BIN/report" expected download --requests "$n")
    for model in $MODELS; do
      local limit=${SCALING_LIMIT[$model]:-}
      if [ -n "$limit" ] && [ "$c" -gt "${limit%%|*}" ]; then
        printf 'download-%s\t%s\t%s\n' "$model" "$c" "${limit#*|}" >>"$raw/skipped.tsv"
        continue
      fi
      if [ $((c + 64)) -gt "$fd_limit" ]; then
        printf 'download-%s\t%s\t%s\n' "$model" "$c" \
          "needs $c open files; the limit here is $fd_limit" >>"$raw/skipped.tsv"
        continue
      fi
      check "$want" "download-$model" --url "$SITE_URL" --requests "$n" --concurrency "$c"
      time_one "$raw/download-$model-c$c.json" "download-$model" \
        --warmup "$WARMUP" --runs "$SCALING_RUNS" \
        --parameter-list c "$c" --parameter-list n "$n" -- \
        "$BIN/download-$model" --url "$SITE_URL" --requests "{n}" --concurrency "{c}"
      if [ "$model" = processes ]; then
        "$BIN/report" peak-memory -- "$BIN/download-$model" --url "$SITE_URL" \
          --requests "$n" --concurrency "$c" >"$raw/download-$model-c$c.tree-bytes"
      fi
    done
  done
  write_settings "$raw" workload=download-scaling level=c
}

bench_fib() {
  bench_models fib "$FIB_MIN_RUNS" "$FIB_MAX_RUNS" --n "$FIB_N" --count "$FIB_COUNT" --workers "$FIB_WORKERS"
  write_settings "$STAGE/raw/fib" workload=fib n="$FIB_N" count="$FIB_COUNT" workers="$FIB_WORKERS"
}

bench_fib_scaling() {
  local raw=$STAGE/raw/fib-scaling want
  rm -rf "$raw" && mkdir -p "$raw"
  for count in $FIB_SCALING_COUNT; do
    local flags=(--n "$FIB_N" --count "$count" --workers "$FIB_WORKERS")
    want=$("$BIN/report" expected fib "${flags[@]}")
    for model in $MODELS; do
      check "$want" "fib-$model" "${flags[@]}"
      time_one "$raw/fib-$model-count$count.json" "fib-$model" \
        --warmup "$WARMUP" --runs "$FIB_SCALING_RUNS" --parameter-list count "$count" -- \
        "$BIN/fib-$model" --n "$FIB_N" --count "{count}" --workers "$FIB_WORKERS"
    done
    "$BIN/report" peak-memory -- "$BIN/fib-processes" "${flags[@]}" \
      >"$raw/fib-processes-count$count.tree-bytes"
  done
  write_settings "$raw" workload=fib-scaling level=count n="$FIB_N" workers="$FIB_WORKERS"
}

# write_settings DIR KEY=VALUE...: what the report needs to know about a workload's run.
write_settings() {
  local dir=$1
  shift
  {
    printf '%s\n' "$@"
    echo "latency_ms=$LATENCY_MS"
    echo "cores=$(nproc)"
    echo "quick=$QUICK"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo -dirty)"
  } >"$dir/settings.env"
}

write_machine() {
  local mem_kib crate version
  mem_kib=$(awk '/MemTotal/ { print $2 }' /proc/meminfo)
  {
    echo "# The machine behind these results"
    echo
    echo "Written by the last bench run ($*). Each workload's table says when, and at which"
    echo "commit, that workload was measured."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| CPU | $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) |"
    echo "| cores | $(nproc) |"
    echo "| memory | $((mem_kib / 1024 / 1024)) GiB |"
    echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r) |"
    echo "| rustc | $(rustc --version) |"
    echo "| hyperfine | $("$HYPERFINE" --version) |"
    for crate in tokio async-std smol rayon reqwest ureq hyper; do
      version=$(awk -v name="$crate" '$1 == "name" && $3 == "\"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
      echo "| $crate | $version |"
    done
    echo "| commit | $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)') |"
    echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
    echo "| settings | latency ${LATENCY_MS} ms; download N = $DOWNLOAD_REQUESTS, C = $DOWNLOAD_CONCURRENCY; scaling C in {${SCALING_CONCURRENCY// /, }}, N = 2C; fib n = $FIB_N, count = $FIB_COUNT, workers = $FIB_WORKERS; fib scaling count in {${FIB_SCALING_COUNT// /, }}; hyperfine -N, warm-up $WARMUP, $MIN_RUNS to $MAX_RUNS runs (fib $FIB_MIN_RUNS to $FIB_MAX_RUNS; sweeps $SCALING_RUNS, fib's $FIB_SCALING_RUNS)$([ "$QUICK" = 1 ] && echo '; QUICK') |"
  } >"$STAGE/results/machine.md"
}

# --- Main -------------------------------------------------------------------------------------
[ $# -gt 0 ] || die "usage: scripts/bench.sh WORKLOAD... (download, download-scaling, fib, fib-scaling)"
for workload in "$@"; do
  declare -F "bench_${workload//-/_}" >/dev/null || die "no workload named $workload"
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

rm -rf "$STAGE" && mkdir -p "$STAGE/raw"
# A single workload's run keeps the other workloads' raw data, so the summary stays whole.
if [ -d "$OUT/raw" ]; then cp -r "$OUT/raw/." "$STAGE/raw/"; fi
case " $* " in *" download"*) start_site ;; esac
for workload in "$@"; do "bench_${workload//-/_}"; done
stop_site

"$BIN/report" render --raw "$STAGE/raw" --out "$STAGE/results"
cp -r "$STAGE/raw" "$STAGE/results/raw"
write_machine "$@"
# Swap the new results in only now that they are complete.
mkdir -p "$(dirname "$OUT")"
rm -rf "$OUT.old"
if [ -d "$OUT" ]; then mv "$OUT" "$OUT.old"; fi
mv "$STAGE/results" "$OUT"
rm -rf "$OUT.old" "$STAGE"
echo >&2
cat "$OUT/summary.md"
echo "bench: results in $OUT/" >&2
