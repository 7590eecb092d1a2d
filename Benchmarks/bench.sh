#!/usr/bin/env bash
# Benchmark jamlint on a deterministic synthetic agenda folder and compare it with a floor
# (the parsers' own command-line tools on the same files) and with peer linters.
#
#   Benchmarks/bench.sh [--small] [--count N] [--seed S] [--corpus DIR] [--no-build] [--no-peers]
#                       [--runs N] [--pairs N] [--single-runs N] [--peer-timeout SECONDS]
#                       [--no-instructions]
#
# `make bench` runs this after building the release binary and installing the optional tools.
# The corpus is written under .build-bench/ (ignored by git) and reused while the generator,
# count and seed are unchanged. Output is plain text. Exit status: 0 when every jamlint run
# finished with exit 0 or 1 (1 = findings), 1 when a jamlint run failed (exit 2 or other).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GEN="$ROOT/Benchmarks/generate_corpus.py"
BIN="${JAMLINT_BIN:-$ROOT/.build/release/jamlint}"   # JAMLINT_BIN overrides, e.g. for an installed binary
COUNT=10000
SEED=20240312
SMALL=0
CORPUS=""
BUILD=1
PEERS=1
RUNS=3            # full-corpus runs; the median is reported
PAIRS=5           # paired runs of jamlint --jobs 1 and the floor; the median ratio is reported
SINGLE_RUNS=20    # runs on one typical 5 KB memo
PEER_TIMEOUT=120
INSTRUCTIONS=1    # instruction counts (valgrind) on a sample, jamlint against the floor

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --small) SMALL=1; COUNT=300 ;;
        --count) COUNT="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        --corpus) CORPUS="$2"; shift ;;
        --no-build) BUILD=0 ;;
        --no-peers) PEERS=0 ;;
        --runs) RUNS="$2"; shift ;;
        --pairs) PAIRS="$2"; shift ;;
        --single-runs) SINGLE_RUNS="$2"; shift ;;
        --peer-timeout) PEER_TIMEOUT="$2"; shift ;;
        --no-instructions) INSTRUCTIONS=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

for n in "$COUNT" "$SEED" "$RUNS" "$PAIRS" "$SINGLE_RUNS" "$PEER_TIMEOUT"; do
    case "$n" in ''|*[!0-9]*) echo "bench: '$n' is not a non-negative integer" >&2; exit 2 ;; esac
done
[ "$RUNS" -ge 1 ] && [ "$PAIRS" -ge 1 ] && [ "$SINGLE_RUNS" -ge 1 ] || { echo "bench: --runs, --pairs and --single-runs must be at least 1" >&2; exit 2; }

[ -n "$CORPUS" ] || CORPUS="$ROOT/.build-bench/corpus-$COUNT-$SEED$([ $SMALL = 1 ] && echo -small)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jamlint-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILED=0

# ---------------------------------------------------------------------------- helpers

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

HAVE_GNU_TIME=0
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then HAVE_GNU_TIME=1; fi

# measure OUTFILE CMD... : runs CMD with stdout to /dev/null and stderr to OUTFILE.err, writes
# "exit wall_seconds peak_rss_kb" to OUTFILE. Peak RSS comes from GNU time, else from Python's
# resource module (largest child). Every measured command first finds the corpus and the measured
# programs read once (`warm`), and GNU time's count of blocks read from disk is added to DISK_BLOCKS.
DISK_BLOCKS=0
measure() {
    local out="$1"; shift
    local t0 t1 rc rss inputs
    warm
    if [ "$HAVE_GNU_TIME" = 1 ]; then
        t0=$(now)
        /usr/bin/time -v -o "$out.time" "$@" >/dev/null 2>"$out.err"
        rc=$?
        t1=$(now)
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out.time" 2>/dev/null)
        inputs=$(awk -F': ' '/File system inputs/ { print $2 }' "$out.time" 2>/dev/null)
        DISK_BLOCKS=$((DISK_BLOCKS + ${inputs:-0}))
        # GNU time reports a killed child with its own exit status; keep the child's
        grep -q "Command terminated by signal" "$out.time" 2>/dev/null && rc=128
    else
        t0=$(now)
        python3 - "$out.rss" "$@" >/dev/null 2>"$out.err" <<'PY'
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc if rc >= 0 else 128 - rc)
PY
        rc=$?
        t1=$(now)
        rss=$(cat "$out.rss" 2>/dev/null)
    fi
    echo "$rc $(elapsed "$t0" "$t1") ${rss:-0}" >"$out"
}

describe_exit() {
    case "$1" in
        0) echo "exit 0 (no findings)" ;;
        1) echo "exit 1 (findings)" ;;
        2) echo "EXIT 2: jamlint reported an error" ;;
        64) echo "EXIT 64: usage error" ;;
        *) echo "EXIT $1: jamlint failed" ;;
    esac
}

report_failure() {  # RC ERRFILE
    if [ "$1" -ne 0 ] && [ "$1" -ne 1 ]; then
        FAILED=1
        echo "    stderr (first lines):"
        head -n 5 "$2" | sed 's/^/      /'
    fi
}

mb() { calc "%.2f" "$1 / 1000000"; }

# Reads every corpus file, so that the command measured next finds them in the page cache. This
# machine's kernel pages out page-cache memory left idle for about a minute (DAMON reclaim): without
# this, a run after a pause read up to 20 MB of the corpus from disk while the tool after it found
# the files warm, and the paired ratio below blamed jamlint for the disk.
# The programs measured and their shared libraries are read too (the jamlint binary is 88 MB; a
# run after a pause read the pages it needs from disk).
warm() {
    [ -s "$WORK/md.list" ] || [ -s "$WORK/xhtml.list" ] || return 0
    if [ ! -f "$WORK/programs.list" ]; then
        local p
        for p in "$BIN" "$(command -v cmark-gfm)" "$(command -v xmllint)"; do
            [ -n "$p" ] && [ -f "$p" ] || continue
            printf '%s\0' "$p"
            ldd "$p" 2>/dev/null | awk '$3 ~ /^\// { printf "%s%c", $3, 0 }'
        done >"$WORK/programs.list"
    fi
    cat "$WORK/md.list" "$WORK/xhtml.list" "$WORK/programs.list" | xargs -0 cat >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------- build

if [ "$BUILD" = 1 ]; then
    # Through make, so that the flags are the Makefile's (RELEASE_FLAGS).
    echo "building release binary (make release) ..."
    (cd "$ROOT" && make -s release 2>&1 | grep -E "error|Compiling jamlint|Build complete" | tail -n 3)
fi
if [ ! -x "$BIN" ]; then
    echo "bench: $BIN not found; build it with 'make release'" >&2
    exit 2
fi

# ---------------------------------------------------------------------------- corpus

gen_sha=$(sha256sum "$GEN" | cut -d' ' -f1)
manifest="$CORPUS.manifest.json"
reuse=0
if [ -f "$manifest" ] && [ -d "$CORPUS" ]; then
    python3 - "$manifest" "$COUNT" "$SEED" "$SMALL" "$gen_sha" <<'PY' && reuse=1
import json, sys
m = json.load(open(sys.argv[1]))
ok = (m.get("count") == int(sys.argv[2]) and m.get("seed") == int(sys.argv[3])
      and bool(m.get("small")) == (sys.argv[4] == "1") and m.get("generator_sha256") == sys.argv[5])
sys.exit(0 if ok else 1)
PY
fi
if [ "$reuse" = 1 ]; then
    echo "reusing corpus $CORPUS"
else
    mkdir -p "$(dirname "$CORPUS")"
    small_flag=(); [ "$SMALL" = 1 ] && small_flag=(--small)
    python3 "$GEN" "$CORPUS" "$COUNT" "$SEED" "${small_flag[@]}" --force --quiet || { echo "bench: corpus generation failed" >&2; exit 2; }
fi

read -r FILES BYTES MD_FILES MD_BYTES XH_FILES XH_BYTES TYPICAL TYPICAL_BYTES < <(python3 - "$manifest" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
files = m["files"]
md = [f for f in files if f["format"] == "md"]
xh = [f for f in files if f["format"] == "xhtml"]
typ = m["typical_markdown_5kb"]
tb = next((f["bytes"] for f in files if f["path"] == typ), 0)
print(len(files), sum(f["bytes"] for f in files), len(md), sum(f["bytes"] for f in md),
      len(xh), sum(f["bytes"] for f in xh), typ, tb)
PY
)
find "$CORPUS" -type f -name '*.md' -print0 | sort -z >"$WORK/md.list"
find "$CORPUS" -type f -name '*.xhtml' -print0 | sort -z >"$WORK/xhtml.list"

echo
echo "jamlint benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPU cores, seed $SEED"
echo "corpus: $FILES files, $(mb "$BYTES") MB ($MD_FILES Markdown = $(mb "$MD_BYTES") MB, $XH_FILES XHTML = $(mb "$XH_BYTES") MB) in $CORPUS"
[ "$HAVE_GNU_TIME" = 1 ] && echo "peak memory: GNU time -v" || echo "peak memory: python resource module (GNU time not installed)"
# The release build links mimalloc (Package.swift); a binary from elsewhere may not.
# (The statistics are captured first: with pipefail, `grep -q` quitting early would make the writer's
# SIGPIPE fail the pipeline and report the wrong allocator now and then.)
ALLOC_STATS=$(MIMALLOC_SHOW_STATS=1 "$BIN" --version 2>&1 >/dev/null || true)
if [[ "$ALLOC_STATS" == *"heap stats"* ]]; then
    echo "allocator: mimalloc"
else
    echo "allocator: the C library's malloc"
fi

# ---------------------------------------------------------------------------- jamlint options

HELP=$("$BIN" lint --help 2>&1 || true)
LINT_OPTS=()
if grep -q -- "--format" <<<"$HELP" && grep -q -- "--output" <<<"$HELP"; then
    LINT_OPTS=(--format json --output /dev/null)
    opts_note="--format json --output /dev/null"
else
    opts_note="(this jamlint has no --format/--output yet: default output, sent to /dev/null)"
fi
HAS_JOBS=0
grep -q -- "--jobs" <<<"$HELP" && HAS_JOBS=1

# full_run LABEL EXTRA_OPTS... : RUNS runs over the corpus, prints the median
full_run() {
    local label="$1"; shift
    local walls=() rc=0 rss=0 r wall rss_kb
    for ((r = 1; r <= RUNS; r++)); do
        measure "$WORK/run" "$BIN" lint "$CORPUS" "${LINT_OPTS[@]}" "$@"
        read -r rc wall rss_kb <"$WORK/run"
        walls+=("$wall")
        [ "${rss_kb:-0}" -gt "$rss" ] && rss=$rss_kb
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then break; fi
    done
    local med
    med=$(printf '%s\n' "${walls[@]}" | median)
    printf '%-34s wall %7.3f s  %8.0f files/s  %7.2f MB/s  peak RSS %7.1f MB  %s\n' \
        "$label" "$med" "$(calc "%.3f" "$FILES / ($med > 0 ? $med : 1e-9)")" \
        "$(calc "%.3f" "$BYTES / 1000000 / ($med > 0 ? $med : 1e-9)")" "$(calc "%.1f" "$rss / 1024")" "$(describe_exit "$rc")"
    report_failure "$rc" "$WORK/run.err"
    LAST_WALL=$med
    LAST_RSS=$rss
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then LAST_WALL=failed; fi
}

echo
echo "jamlint lint DIR $opts_note  (median of $RUNS runs)"
full_run "  default jobs"
JAM_WALL=$LAST_WALL
JAM_RSS=$LAST_RSS
JAM1_WALL=""
JAM1_RSS=""
if [ "$HAS_JOBS" = 1 ]; then
    full_run "  --jobs 1" --jobs 1
    JAM1_WALL=$LAST_WALL
    JAM1_RSS=$LAST_RSS
    # Where that time goes, from one more run (jamlint's own wall clock per phase and rule).
    if grep -q -- "--timings" <<<"$HELP"; then
        echo "  where the time of --jobs 1 goes (one more run, --timings; the five slowest rules):"
        warm
        "$BIN" lint "$CORPUS" "${LINT_OPTS[@]}" --jobs 1 --timings --lang en 2>"$WORK/timings.err" >/dev/null || true
        sed -n '2,/rules one by one/p' "$WORK/timings.err" | grep -v "rules one by one" | sed 's/^/  /'
        sed -n '/rules one by one/,$p' "$WORK/timings.err" | sed -n '2,6p' | sed 's/^/  /'
    fi
else
    echo "  --jobs 1                           skipped: this jamlint has no --jobs option yet"
fi

# ---------------------------------------------------------------------------- memory and files

# Peak memory must not grow with the number of files (the documents are not all held at once): the
# first tenth of the meeting folders, named as arguments, against the whole folder above.
mapfile -t MEETINGS < <(find "$CORPUS" -mindepth 1 -maxdepth 1 -type d | sort)
TENTH=$(( ${#MEETINGS[@]} / 10 ))
if [ "$TENTH" -ge 1 ] && [ "$HAS_JOBS" = 1 ]; then
    TENTH_FILES=$(find "${MEETINGS[@]:0:$TENTH}" -type f \( -name '*.md' -o -name '*.xhtml' \) | wc -l)
    measure "$WORK/tenth1" "$BIN" lint "${MEETINGS[@]:0:$TENTH}" "${LINT_OPTS[@]}" --jobs 1
    read -r _ _ tenth1_rss <"$WORK/tenth1"
    measure "$WORK/tenth" "$BIN" lint "${MEETINGS[@]:0:$TENTH}" "${LINT_OPTS[@]}"
    read -r _ _ tenth_rss <"$WORK/tenth"
    printf '  %-32s %6d files: %6.1f MB (--jobs 1) %6.1f MB (default jobs);  %d files: %6.1f MB, %6.1f MB\n' \
        "peak RSS and the number of files" "$TENTH_FILES" "$(calc "%.1f" "${tenth1_rss:-0} / 1024")" \
        "$(calc "%.1f" "${tenth_rss:-0} / 1024")" "$FILES" "$(calc "%.1f" "${JAM1_RSS:-0} / 1024")" \
        "$(calc "%.1f" "${JAM_RSS:-0} / 1024")"
fi

# ---------------------------------------------------------------------------- single memo

singles=()
single_rc=0
warm
for ((r = 1; r <= SINGLE_RUNS; r++)); do
    t0=$(now)
    "$BIN" lint "$CORPUS/$TYPICAL" "${LINT_OPTS[@]}" >/dev/null 2>"$WORK/single.err"
    single_rc=$?
    t1=$(now)
    singles+=("$(elapsed "$t0" "$t1")")
done
single_med=$(printf '%s\n' "${singles[@]}" | median)
single_min=$(printf '%s\n' "${singles[@]}" | sort -g | head -n 1)
printf '%-34s median %6.1f ms  (min %.1f ms, %d runs, process start and rule loading included)  %s\n' \
    "  one memo ($(calc "%.1f" "$TYPICAL_BYTES / 1024") KB Markdown)" "$(calc "%.1f" "$single_med * 1000")" \
    "$(calc "%.1f" "$single_min * 1000")" "$SINGLE_RUNS" "$(describe_exit "$single_rc")"
report_failure "$single_rc" "$WORK/single.err"

# One very large memo: the corpus's Markdown memos joined into one file of about 8 MB (a merged
# agenda, a long report). Its time per MB should be close to the folder's: a rule that searched the
# whole memo once per reference or table made this quadratic (8 MB took 8.4 s before that was found).
LARGE="$WORK/large.md"
: >"$LARGE"
while IFS= read -r -d '' f; do
    cat "$f" >>"$LARGE"
    [ "$(stat -c %s "$LARGE")" -ge 8000000 ] && break
done <"$WORK/md.list"
LARGE_BYTES=$(stat -c %s "$LARGE")
measure "$WORK/large" "$BIN" lint "$LARGE" "${LINT_OPTS[@]}" --jobs 1
read -r large_rc large_wall large_rss <"$WORK/large"
printf '%-34s wall %7.3f s  %7.2f MB/s  peak RSS %7.1f MB  %s\n' \
    "  one large memo ($(calc "%.1f" "$LARGE_BYTES / 1000000") MB Markdown)" "$large_wall" \
    "$(calc "%.2f" "$LARGE_BYTES / 1000000 / ($large_wall > 0 ? $large_wall : 1e-9)")" \
    "$(calc "%.1f" "${large_rss:-0} / 1024")" "$(describe_exit "$large_rc")"
report_failure "$large_rc" "$WORK/large.err"

# ---------------------------------------------------------------------------- floor

# floor_run OUT CMD... : RUNS runs, as for jamlint above (one run of the floor against the median of
# jamlint's moved the ratio by as much as the machine drifts: 0.71 and 1.02 s in two runs of one day)
floor_run() {
    local out="$1"; shift
    local walls=() r rc=0 wall
    for ((r = 1; r <= RUNS; r++)); do
        measure "$out.one" "$@"
        read -r rc wall _ <"$out.one"
        walls+=("$wall")
        [ "$rc" -ne 0 ] && break
    done
    echo "$rc $(printf '%s\n' "${walls[@]}" | median)" >"$out"
}

echo
echo "floor: the parsers alone on the same files, one process after the other (median of $RUNS runs each)"
FLOOR_OK=1
if command -v cmark-gfm >/dev/null 2>&1; then
    floor_run "$WORK/cmark" xargs -0 -a "$WORK/md.list" cmark-gfm -e table
    read -r crc cmark_wall <"$WORK/cmark"
    printf '  %-32s %7.3f s  %7.2f MB/s  (%s)\n' "cmark-gfm -e table" "$cmark_wall" \
        "$(calc "%.2f" "$MD_BYTES / 1000000 / ($cmark_wall > 0 ? $cmark_wall : 1e-9)")" \
        "$MD_FILES Markdown files, exit $crc"
else
    echo "  cmark-gfm not installed (Debian package cmark-gfm): floor incomplete"; cmark_wall=0; FLOOR_OK=0
fi
if command -v xmllint >/dev/null 2>&1; then
    floor_run "$WORK/xml" xargs -0 -a "$WORK/xhtml.list" xmllint --noout --nonet
    read -r xrc xml_wall <"$WORK/xml"
    printf '  %-32s %7.3f s  %7.2f MB/s  (%s)\n' "xmllint --noout" "$xml_wall" \
        "$(calc "%.2f" "$XH_BYTES / 1000000 / ($xml_wall > 0 ? $xml_wall : 1e-9)")" \
        "$XH_FILES XHTML files, exit $xrc"
else
    echo "  xmllint not installed (Debian package libxml2-utils): floor incomplete"; xml_wall=0; FLOOR_OK=0
fi
FLOOR=$(calc "%.3f" "$cmark_wall + $xml_wall")
printf '  %-32s %7.3f s%s\n' "floor total" "$FLOOR" "$([ $FLOOR_OK = 1 ] || echo '  (incomplete)')"
ratio() { if [ "$1" = failed ]; then echo "n/a (run failed)"; else calc "%.2f" "$1 / ($2 > 0 ? $2 : 1e-9)"; fi; }
echo "  ratio jamlint / floor            $(ratio "$JAM_WALL" "$FLOOR") (default jobs)$([ -n "$JAM1_WALL" ] && echo ", $(ratio "$JAM1_WALL" "$FLOOR") (--jobs 1)")"
# The ratio again from paired runs: jamlint --jobs 1 and the two parsers right after one another, RUNS
# times, the median of the pairs' ratios. This machine's speed drifts by 10-20 % within minutes, so
# medians measured a minute apart moved the ratio by 0.5 between two runs of this script.
if [ "$HAS_JOBS" = 1 ] && [ "$FLOOR_OK" = 1 ] && [ "$JAM1_WALL" != failed ]; then
    pair_ratios=()
    # Every other pair runs the parsers first, so that a drift within a pair favours neither side.
    for ((r = 1; r <= PAIRS; r++)); do
        if ((r % 2)); then measure "$WORK/pj" "$BIN" lint "$CORPUS" "${LINT_OPTS[@]}" --jobs 1; fi
        measure "$WORK/pc" xargs -0 -a "$WORK/md.list" cmark-gfm -e table
        measure "$WORK/px" xargs -0 -a "$WORK/xhtml.list" xmllint --noout --nonet
        if ! ((r % 2)); then measure "$WORK/pj" "$BIN" lint "$CORPUS" "${LINT_OPTS[@]}" --jobs 1; fi
        read -r _ pj _ <"$WORK/pj"; read -r _ pc _ <"$WORK/pc"; read -r _ px _ <"$WORK/px"
        pair_ratios+=("$(calc "%.4f" "$pj / (($pc + $px) > 0 ? ($pc + $px) : 1e-9)")")
    done
    printf '  %-32s %s (--jobs 1; median of %d pairs; each: %s)\n' "ratio, paired runs" \
        "$(calc "%.2f" "$(printf '%s\n' "${pair_ratios[@]}" | median)")" "$PAIRS" "$(printf '%.2f ' "${pair_ratios[@]}")"
fi

# ---------------------------------------------------------------------------- instructions

# Wall times on this machine drift by 10-30 % within minutes, the floor's less than jamlint's; the
# number of instructions does not. Counted by valgrind (cachegrind without its cache simulation) on
# every tenth file of the corpus, for jamlint with --jobs 1 and for the floor's two tools, with
# Swift's hashing made deterministic so that two runs of one binary count the same. The fixed cost
# (process start and the rules' loading: a run on a memo of one line; an empty file is refused) is
# printed apart: it is the same for one memo and for ten thousand.
# valgrind 3.19 cannot read Swift 6.3's debug info, so it runs a copy of the binary stripped of it,
# with the rules' resource bundle beside it as the binary has.
# count_ir OUT CMD... : the instructions CMD runs (summed over every process valgrind reports; xargs
# may start more than one), or "failed"
count_ir() {
    local out="$1"; shift
    SWIFT_DETERMINISTIC_HASHING=1 "$@" >/dev/null 2>"$out.err"
    local rc=$?
    local n
    n=$(awk '/ I +refs:/ { gsub(",", "", $NF); s += $NF; k++ } END { if (k) printf "%d", s }' "$out.err")
    if [ -z "$n" ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; }; then echo failed >"$out"; else echo "$n" >"$out"; fi
}
echo
if [ "$INSTRUCTIONS" = 0 ]; then
    echo "instructions: skipped (--no-instructions)"
elif ! command -v valgrind >/dev/null 2>&1 || ! command -v strip >/dev/null 2>&1; then
    echo "instructions: skipped (valgrind or strip not installed; Debian packages valgrind, binutils)"
elif [ "$FLOOR_OK" != 1 ] || [ "$HAS_JOBS" != 1 ]; then
    echo "instructions: skipped (the floor is incomplete, or this jamlint has no --jobs option)"
else
    SAMPLE="$WORK/sample"
    mkdir -p "$SAMPLE"
    : >"$WORK/sample-md.list"; : >"$WORK/sample-xhtml.list"
    k=0
    while IFS= read -r -d '' f; do
        k=$((k + 1))
        [ $((k % 10)) = 0 ] || continue
        rel=${f#"$CORPUS"/}
        mkdir -p "$SAMPLE/$(dirname "$rel")"
        cp "$f" "$SAMPLE/$rel"
        case "$f" in
            *.md) printf '%s\0' "$SAMPLE/$rel" >>"$WORK/sample-md.list" ;;
            *) printf '%s\0' "$SAMPLE/$rel" >>"$WORK/sample-xhtml.list" ;;
        esac
    done < <(cat "$WORK/md.list" "$WORK/xhtml.list" | sort -z)
    sample_md=$(tr -cd '\0' <"$WORK/sample-md.list" | wc -c)
    sample_xh=$(tr -cd '\0' <"$WORK/sample-xhtml.list" | wc -c)
    sample_bytes=$(cat "$WORK/sample-md.list" "$WORK/sample-xhtml.list" | xargs -0 stat -c %s | awk '{ s += $1 } END { printf "%d", s }')
    mkdir -p "$WORK/bin"
    strip -g -o "$WORK/bin/jamlint" "$BIN"
    for bundle in "$(dirname "$BIN")"/*.resources; do
        [ -e "$bundle" ] && cp -R "$bundle" "$WORK/bin/"
    done
    printf 'Tjänsteskrivelse\n' >"$WORK/one-line.md"
    VG=(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null)
    count_ir "$WORK/ir-jam" "${VG[@]}" "$WORK/bin/jamlint" lint "$SAMPLE" "${LINT_OPTS[@]}" --jobs 1
    count_ir "$WORK/ir-load" "${VG[@]}" "$WORK/bin/jamlint" lint "$WORK/one-line.md" "${LINT_OPTS[@]}"
    count_ir "$WORK/ir-cmark" xargs -0 -a "$WORK/sample-md.list" "${VG[@]}" cmark-gfm -e table
    count_ir "$WORK/ir-xml" xargs -0 -a "$WORK/sample-xhtml.list" "${VG[@]}" xmllint --noout --nonet
    read -r ir_jam <"$WORK/ir-jam"; read -r ir_load <"$WORK/ir-load"
    read -r ir_cmark <"$WORK/ir-cmark"; read -r ir_xml <"$WORK/ir-xml"
    echo "instructions (valgrind) on every tenth file: $((sample_md + sample_xh)) files, $(mb "$sample_bytes") MB ($sample_md Markdown, $sample_xh XHTML)"
    if [ "$ir_jam" = failed ] || [ "$ir_load" = failed ] || [ "$ir_cmark" = failed ] || [ "$ir_xml" = failed ]; then
        echo "  a run under valgrind failed:"
        for f in ir-jam ir-load ir-cmark ir-xml; do
            [ "$(cat "$WORK/$f")" = failed ] && { echo "    $f:"; grep -v '^==\|^--' "$WORK/$f.err" | head -n 3 | sed 's/^/      /'; }
        done
    else
        ir_floor=$((ir_cmark + ir_xml))
        printf '  %-32s %8.1f M  (%.1f M of them the fixed cost: a run on a one-line memo)\n' "jamlint --jobs 1" \
            "$(calc "%.1f" "$ir_jam / 1e6")" "$(calc "%.1f" "$ir_load / 1e6")"
        printf '  %-32s %8.1f M  (cmark-gfm %.1f M, xmllint %.1f M)\n' "floor" \
            "$(calc "%.1f" "$ir_floor / 1e6")" "$(calc "%.1f" "$ir_cmark / 1e6")" "$(calc "%.1f" "$ir_xml / 1e6")"
        printf '  %-32s %s (%s without the fixed cost)\n' "ratio jamlint / floor" \
            "$(calc "%.2f" "$ir_jam / $ir_floor")" "$(calc "%.2f" "($ir_jam - $ir_load) / $ir_floor")"
    fi
fi

# ---------------------------------------------------------------------------- peers

echo
if [ "$PEERS" = 0 ]; then
    echo "peers: skipped (--no-peers)"
else
    echo "peers on the same files (one run each, time limit $PEER_TIMEOUT s; ratio = peer time / jamlint time per MB)"
    # peer NAME MB_BYTES CMD... : time CMD under the time limit and compare per MB with jamlint
    peer() {
        local name="$1" bytes="$2"; shift 2
        measure "$WORK/peer" timeout "$PEER_TIMEOUT" "$@"
        local prc pwall prss
        read -r prc pwall prss <"$WORK/peer"
        local jam_per_mb peer_per_mb
        if [ "$JAM_WALL" = failed ]; then
            echo "  $name: skipped, the jamlint run failed"
            return
        fi
        jam_per_mb=$(calc "%.9f" "$JAM_WALL / ($BYTES / 1000000)")
        peer_per_mb=$(calc "%.9f" "$pwall / ($bytes / 1000000)")
        if [ "$prc" = 124 ]; then
            printf '  %-32s > %5.0f s  did not finish within the limit (> %s× jamlint)\n' "$name" "$PEER_TIMEOUT" \
                "$(calc "%.0f" "$peer_per_mb / ($jam_per_mb > 0 ? $jam_per_mb : 1e-9)")"
        elif [ "$prc" -gt 1 ] && [ "$prc" -ne 123 ]; then
            printf '  %-32s failed (exit %s): %s\n' "$name" "$prc" "$(head -c 200 "$WORK/peer.err" | tr '\n' ' ')"
        else
            printf '  %-32s %7.3f s  %7.2f MB/s  peak RSS %6.1f MB  ratio %s× jamlint\n' "$name" "$pwall" \
                "$(calc "%.2f" "$bytes / 1000000 / ($pwall > 0 ? $pwall : 1e-9)")" "$(calc "%.1f" "$prss / 1024")" \
                "$(calc "%.1f" "$peer_per_mb / ($jam_per_mb > 0 ? $jam_per_mb : 1e-9)")"
        fi
    }
    if command -v proselint >/dev/null 2>&1; then
        # a fresh cache directory so that proselint cannot reuse results from an earlier run
        mkdir -p "$WORK/home"
        HOME="$WORK/home" XDG_CACHE_HOME="$WORK/home/.cache" \
            peer "proselint $(proselint --version 2>/dev/null | grep -oE '[0-9][0-9.]*' | head -n 1)" "$BYTES" \
            bash -c 'cat "$1" "$2" | xargs -0 proselint' _ "$WORK/md.list" "$WORK/xhtml.list"
    else
        echo "  proselint: not installed (Debian package python3-proselint); skipped"
    fi
    if command -v mdl >/dev/null 2>&1; then
        peer "mdl $(mdl --version 2>/dev/null | head -n 1) (Markdown only)" "$MD_BYTES" \
            xargs -0 -a "$WORK/md.list" mdl
    else
        echo "  mdl: not installed (Debian package ruby-mdl); skipped"
    fi
fi

# Every measured run over the corpus started warm; this says whether one still waited for the disk.
echo
if [ "$HAVE_GNU_TIME" = 1 ]; then
    echo "disk: the measured runs read $(calc "%.1f" "$DISK_BLOCKS * 512 / 1000000") MB from disk (each run over the corpus starts after reading all its files once)"
fi

if [ "$FAILED" = 1 ]; then
    echo
    echo "bench: a jamlint run failed (see above)"
    exit 1
fi
exit 0
