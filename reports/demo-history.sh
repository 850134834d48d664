#!/usr/bin/env bash
# The monitoring report's demo history, as CI's scheduled job makes it (.github/workflows/reports.yml):
# a deterministic four-week production log with known events (workbooks simulate --demo-weeks), one report per week
# in its own dated folder (workbooks run, named by the Monday each weekly run would happen), and the history page
# (workbooks reports history). Extra arguments (e.g. --fail-on critical) go to the latest week's run; the history is
# written whatever that run's exit, and the script exits with it.
# Usage: reports/demo-history.sh [OUT] [--fail-on critical]      OUT defaults to artifacts/monitoring
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
out=$(realpath -m "${1:-artifacts/monitoring}")
[[ $# -gt 0 ]] && shift
dotnet build lib/Workbooks.Cli -v q -nologo || exit 2
wb() { dotnet run --no-build --project lib/Workbooks.Cli -- "$@"; }
mkdir -p "$out/reports"
wb simulate --demo-weeks 4 --log "$out/demo.duckdb" || exit 2
status=0
weeks=(2026-01-05 2026-01-12 2026-01-19 2026-01-26)
for start in "${weeks[@]}"; do
  end=$(date -u -d "$start + 7 days" +%F)
  extra=()
  [[ $start == "${weeks[-1]}" ]] && extra=("$@")
  wb run reports/monitoring-report.ipynb -o "$out/reports/$end" \
    -p log="$out/demo.duckdb" -p reference="$out/demo-reference.csv" -p start="$start" -p end="$end" "${extra[@]}"
  rc=$?
  [[ $rc -ne 0 ]] && status=$rc
done
wb reports history "$out/reports" || exit 2
exit $status
