"""Baseline for the `workbooks drift` end-to-end timing (issue #3): pandas reads both CSV files, then SciPy's
ks_2samp and wasserstein_distance run on every column. Prints wall time of the whole script's work.

    /usr/bin/python3 benchmarks/drift_pandas_scipy.py FOLDER      # FOLDER holds reference.csv and current.csv
"""
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats

start = time.perf_counter()
folder = sys.argv[1]
reference = pd.read_csv(f"{folder}/reference.csv")
current = pd.read_csv(f"{folder}/current.csv")
read = time.perf_counter()
drifted = 0
for column in reference.columns:
    r = reference[column].dropna().to_numpy()
    c = current[column].dropna().to_numpy()
    ks = stats.ks_2samp(r, c)
    wd = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
    drifted += wd >= 0.1
end = time.perf_counter()
print(f"pandas+scipy: read {read - start:.2f} s, tests {end - read:.2f} s, total {end - start:.2f} s, "
      f"{drifted} of {len(reference.columns)} columns drifted (normed Wasserstein)")
