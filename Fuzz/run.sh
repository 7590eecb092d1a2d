#!/usr/bin/env bash
# Runs fuzz targets one after another: Fuzz/run.sh SECONDS TARGET...
# Corpus entries that libFuzzer finds go to $FUZZ_CORPUS/<target>/ (outside git), crash/hang/leak
# inputs to $FUZZ_CORPUS/artifacts/, each run's log to $FUZZ_CORPUS/logs/, one summary line per run to
# $FUZZ_CORPUS/runs.tsv (target, executions, seconds, corpus entries, result).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=$1; shift
corpus=${FUZZ_CORPUS:-$root/fuzz-corpus}
bin=${FUZZ_BIN:-$root/.build-fuzz/debug}
mkdir -p "$corpus/artifacts" "$corpus/logs"
python3 "$root/Fuzz/seed.py" "$corpus/seeds" >/dev/null
status=0
for target in "$@"; do
    mkdir -p "$corpus/$target"
    log="$corpus/logs/$target-$(date -u +%Y%m%dT%H%M%S).log"
    start=$(date +%s)
    # Single process (the machine is shared); an input slower than 1 s is a hang; leaks are reported.
    # The test suite's LeakSanitizer suppressions: ZIPFoundation leaks a buffer on some corrupt archives.
    LSAN_OPTIONS="suppressions=$root/Tests/Sanitizers/lsan-suppressions.txt:print_suppressions=0:${LSAN_OPTIONS:-}" \
    JAMLINT_RULES="$root/Rules" "$bin/$target" "$corpus/$target" "$corpus/seeds/$target" \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
        -artifact_prefix="$corpus/artifacts/$target-" >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    entries=$(find "$corpus/$target" -type f | wc -l)
    if [ $rc -eq 0 ]; then result=ok; else
        result=$(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-z-]+|SUMMARY: .*' "$log" || echo "exit $rc")
        status=1
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$target" "${execs:-?}" "$elapsed" "$entries" "$result" | tee -a "$corpus/runs.tsv"
done
exit $status
