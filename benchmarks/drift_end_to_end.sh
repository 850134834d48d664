#!/usr/bin/env bash
# End-to-end timing of `workbooks drift` against pandas + SciPy on the same generated CSV files (issue #3).
# Usage: benchmarks/drift_end_to_end.sh [FOLDER] [ROWS] [COLUMNS]   (defaults: /tmp/wb-drift-e2e 1000000 20)
# Needs /usr/bin/time (GNU) for peak memory, and Debian's python3-pandas / python3-scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-/tmp/wb-drift-e2e}; rows=${2:-1000000}; cols=${3:-20}
if [ ! -f "$folder/current.csv" ]; then
  dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- make-drift-csv "$folder" "$rows" "$cols"
fi
dotnet build -c Release lib/Workbooks.Cli -v q -nologo > /dev/null
cli=lib/Workbooks.Cli/bin/Release/net10.0/workbooks
echo "== workbooks drift (default tests: normed Wasserstein)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$cli" drift --reference "$folder/reference.csv" --current "$folder/current.csv" --json "$folder/out.json"
echo "== workbooks drift --test ks"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$cli" drift --reference "$folder/reference.csv" --current "$folder/current.csv" --test ks --json "$folder/out-ks.json"
echo "== pandas + scipy (ks_2samp + wasserstein_distance per column)"
/usr/bin/time -f "wall %e s, peak RSS %M KB" /usr/bin/python3 benchmarks/drift_pandas_scipy.py "$folder"
