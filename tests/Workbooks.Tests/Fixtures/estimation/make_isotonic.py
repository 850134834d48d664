"""Reference values for Workbooks.ModelOps.Statistics.IsotonicRegression.

Fits scikit-learn's IsotonicRegression (increasing, out_of_bounds='clip') on small seeded inputs,
with ties in x and with sample weights, and records the fitted values at the training points and
the predictions at query points (inside, between and outside the training range).
Run with Debian's python3 (scikit-learn 1.2.1, numpy 1.24.2):  /usr/bin/python3 make_isotonic.py
"""
import json
import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression

rng = np.random.default_rng(20240611)
cases = []


def add(name, x, y, w, queries):
    model = IsotonicRegression(increasing=True, out_of_bounds="clip")
    model.fit(x, y, sample_weight=w)
    cases.append({
        "name": name,
        "x": [float(v) for v in x],
        "y": [float(v) for v in y],
        "weights": None if w is None else [float(v) for v in w],
        "fitted": [float(v) for v in model.predict(x)],
        "queries": [float(v) for v in queries],
        "predicted": [float(v) for v in model.predict(queries)],
    })


# 1. A short hand-checkable case: one violation pooled into a mean.
add("hand", np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([1.0, 3.0, 2.0, 4.0, 5.0]), None,
    np.array([0.0, 1.5, 2.5, 3.0, 4.5, 9.0]))
# 2. Noisy increasing signal, unsorted input.
x = rng.uniform(0, 10, 60)
y = np.sqrt(x) + rng.normal(0, 0.6, 60)
add("noisy", x, y, None, np.linspace(-1, 11, 25))
# 3. Ties in x (scores rounded to 1 decimal), binary targets: the calibration use case.
s = np.round(rng.uniform(0, 1, 200), 1)
t = (rng.uniform(0, 1, 200) < s ** 1.5).astype(float)
add("ties_binary", s, t, None, np.linspace(0, 1, 21))
# 4. Sample weights.
x = rng.uniform(0, 5, 40)
y = x + rng.normal(0, 1.5, 40)
w = rng.uniform(0.1, 3.0, 40)
add("weighted", x, y, w, np.linspace(-0.5, 5.5, 13))
# 5. Decreasing data: everything pools to one weighted mean.
add("all_pooled", np.array([0.0, 1.0, 2.0, 3.0]), np.array([4.0, 3.0, 2.0, 1.0]), None, np.array([-1.0, 1.5, 4.0]))

with open("isotonic.json", "w") as f:
    json.dump({"source": f"scikit-learn {sklearn.__version__} IsotonicRegression(out_of_bounds='clip')", "cases": cases}, f, indent=1)
