#!/usr/bin/env bash
# The issue #16 measurement: profiling 100 million rows x 20 numerical columns, Parquet and CSV, on this machine's
# cores in bounded memory. Generates ROWS distinct rows once (one Parquet file of 1M-row groups and one CSV file
# with the same values) and profiles COPIES hard links of each (ROWS x COPIES rows read, parsed and sketched; the
# links cost no disk), so the 100M-row run needs ~1.6 GB (Parquet) + ~1.7 GB (CSV) of disk instead of ~33 GB.
# Usage: benchmarks/profile_100m.sh [FOLDER] [ROWS] [COPIES] [COLUMNS]   (defaults: /tmp/wb-profile-100m 10000000 10 20)
# values/s/core = rows x columns / (user + system CPU seconds): insensitive to other load. Deletes FOLDER at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-/tmp/wb-profile-100m}; rows=${2:-10000000}; copies=${3:-10}; cols=${4:-20}
trap 'rm -rf "$folder"' EXIT
df -h "$(dirname "$folder")" | tail -1
if [ ! -f "$folder/one/reference-000.csv" ]; then
  /usr/bin/time -f "generate: wall %e s, CPU %U+%S s" dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- make-profile-logs "$folder/one" "$rows" "$cols"
fi
mkdir -p "$folder/parquet" "$folder/csv"
for i in $(seq -w 1 "$copies"); do
  ln -f "$folder/one/reference-000.parquet" "$folder/parquet/part-$i.parquet"
  ln -f "$folder/one/reference-000.csv" "$folder/csv/part-$i.csv"
done
ls -l "$folder/one" | tail -n +2 | awk '{print $9": "$5" bytes"}'
dotnet build -c Release lib/Workbooks.Cli -v q -nologo > /dev/null
cli=lib/Workbooks.Cli/bin/Release/net10.0/workbooks
total=$((rows * copies))
measure_values=$((total * cols))
source benchmarks/measure.sh
echo "$(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "profile Parquet, $total rows x $cols columns ($copies files)" "$cli" profile -i "$folder/parquet" -o "$folder/pq.wbprofile"
measure "profile CSV, $total rows x $cols columns ($copies files)" "$cli" profile -i "$folder/csv" -o "$folder/csv.wbprofile"
ls -l "$folder"/*.wbprofile | awk '{print $9": "$5" bytes"}'
"$cli" profile show "$folder/pq.wbprofile" | head -c 600; echo
