#!/usr/bin/python3
"""Reference values for MaximumMeanDiscrepancy, computed directly with numpy 1.24 from the definitions.

Unbiased MMD^2 (Gretton et al. 2012, JMLR 13, eq. 3) with k(a,b) = exp(-|a-b|^2 / (2 sigma^2)),
median heuristic: 2 sigma^2 = median of |a-b|^2 over all distinct pairs of the pooled sample.
Run: /usr/bin/python3 make_mmd.py  (writes mmd_expected.json)
"""
import json, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
x = rng.normal(0.0, 1.0, (40, 3))
y = rng.normal(0.0, 1.0, (30, 3)) + np.array([0.7, 0.0, -0.3])

def mmd2_unbiased(x, y):
    z = np.vstack([x, y])
    d2 = ((z[:, None, :] - z[None, :, :]) ** 2).sum(-1)
    iu = np.triu_indices(len(z), 1)
    median = np.median(d2[iu])
    k = np.exp(-d2 / median)
    m, n = len(x), len(y)
    kxx, kyy, kxy = k[:m, :m], k[m:, m:], k[:m, m:]
    value = (kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2 * kxy.sum() / (m * n)
    return float(value), float(np.sqrt(median / 2))

mmd2, sigma = mmd2_unbiased(x, y)
expected = {"source": "numpy 1.24.2; see make_mmd.py", "dims": 3,
            "x": x.ravel().tolist(), "y": y.ravel().tolist(), "mmd2": mmd2, "sigma": sigma}
with open(os.path.join(here, "mmd_expected.json"), "w") as f:
    json.dump(expected, f)
print(mmd2, sigma)
