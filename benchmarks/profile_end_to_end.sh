#!/usr/bin/env bash
# Profiling throughput and peak memory of `workbooks profile` on generated CSV and Parquet, drift from the
# profiles, and the exact in-memory `workbooks drift` on the same CSV (issue #16).
# Usage: benchmarks/profile_end_to_end.sh [FOLDER] [ROWS] [COLUMNS] [PARQUET_FILES]   (defaults: /tmp/wb-profile-e2e 5000000 20 4)
# Needs /usr/bin/time (GNU). values/s/core = rows x columns / (user + system CPU seconds): insensitive to other load.
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-/tmp/wb-profile-e2e}; rows=${2:-5000000}; cols=${3:-20}; files=${4:-4}
if [ ! -f "$folder/csv/current.csv" ]; then
  dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- make-drift-csv "$folder/csv" "$rows" "$cols"
fi
if [ ! -f "$folder/parquet/current-000.parquet" ]; then
  dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- make-profile-parquet "$folder/parquet" "$rows" "$cols" "$files"
fi
dotnet build -c Release lib/Workbooks.Cli -v q -nologo > /dev/null
cli=lib/Workbooks.Cli/bin/Release/net10.0/workbooks
fmt="wall %e s, CPU %U s user + %S s system, peak RSS %M KB"
measure_values=$((rows * cols))
source benchmarks/measure.sh
measure "profile CSV reference" "$cli" profile -i "$folder/csv/reference.csv" -o "$folder/ref-csv.wbprofile"
measure "profile CSV current" "$cli" profile -i "$folder/csv/current.csv" -o "$folder/cur-csv.wbprofile"
measure "profile Parquet reference ($files files)" "$cli" profile -i "$folder/parquet/reference-*.parquet" -o "$folder/ref-pq.wbprofile"
measure "profile Parquet current ($files files)" "$cli" profile -i "$folder/parquet/current-*.parquet" -o "$folder/cur-pq.wbprofile"
ls -l "$folder"/*.wbprofile | awk '{print $9": "$5" bytes"}'
/usr/bin/time -f "drift from profiles: $fmt" "$cli" drift --reference-profile "$folder/ref-csv.wbprofile" --current-profile "$folder/cur-csv.wbprofile" --json "$folder/approx.json"
/usr/bin/time -f "exact drift on both CSV files: $fmt" "$cli" drift --reference "$folder/csv/reference.csv" --current "$folder/csv/current.csv" --json "$folder/exact.json"
