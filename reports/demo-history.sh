#!/usr/bin/env bash
# The monitoring report's demo history, as CI's scheduled job makes it (.github/workflows/reports.yml):
# a deterministic four-week production log with known events (workbooks simulate --demo-weeks), one report per week
# in its own dated folder (named by the day after the week, when each weekly run would happen), run as one batch
# (workbooks run --runs: each week's kernel starts while the previous week's report runs), and the history page
# (workbooks reports history). Extra arguments (e.g. --fail-on critical) go to the run, where --fail-on judges the
# latest week; the history is written whatever that run's exit, and the script exits with it.
# Usage: reports/demo-history.sh [OUT] [--fail-on critical]      OUT defaults to artifacts/monitoring
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
out=$(realpath -m "${1:-artifacts/monitoring}")
[[ $# -gt 0 ]] && shift
dotnet build lib/Workbooks.Cli -v q -nologo || exit 2
wb() { dotnet run --no-build --project lib/Workbooks.Cli -- "$@"; }
mkdir -p "$out/reports"
wb simulate --demo-weeks 4 --log "$out/demo.duckdb" || exit 2
runs="$out/weeks.runs"
: > "$runs"
for start in 2026-01-05 2026-01-12 2026-01-19 2026-01-26; do
  end=$(date -u -d "$start + 7 days" +%F)
  echo "$end start=$start end=$end" >> "$runs"
done
wb run reports/monitoring-report.ipynb -o "$out/reports" --runs "$runs" \
  -p log="$out/demo.duckdb" -p reference="$out/demo-reference.csv" "$@"
status=$?
wb reports history "$out/reports" || exit 2
exit $status
