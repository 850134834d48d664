#!/usr/bin/python3
"""Reference values for PcaReconstructionDrift, computed with scikit-learn (Debian python3-sklearn 1.2.1).

NannyML's DataReconstructionDriftCalculator pipeline, written out with sklearn pieces:
SimpleImputer(mean) for numbers, SimpleImputer(most_frequent) for categories, frequency encoding
(category_encoders CountEncoder(normalize=True) semantics: share of imputed reference rows; unseen -> 0),
StandardScaler, PCA(n_components=0.65), row error = Euclidean norm of (scaled - inverse_transform(transform)),
chunk score = mean row error, band = mean +/- 3 * pandas std (ddof=1) of reference chunk scores, lower floored at 0.

Run: /usr/bin/python3 make_pca_reconstruction.py  (writes pca_reference.csv, pca_current.csv, pca_expected.json)
"""
import json, os
import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261127)

def make(n, decorrelate, new_category):
    x1 = rng.normal(0, 1, n)
    x2 = 0.8 * x1 + rng.normal(0, 0.6, n)
    if decorrelate:  # same marginal spread, correlation with x1 gone
        x2 = rng.normal(0, 1, n)
    x3 = rng.normal(5, 2, n) + 0.5 * x1
    x3[rng.random(n) < 0.05] = np.nan
    cats = np.array(["a", "b", "c", "d"] if new_category else ["a", "b", "c"])
    p = [0.4, 0.3, 0.2, 0.1] if new_category else [0.5, 0.3, 0.2]
    c = rng.choice(cats, n, p=p).astype(object)
    c[rng.random(n) < 0.03] = None
    return pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "c": c})

reference = make(1000, False, False)
current = pd.concat([make(500, False, False), make(500, True, True)], ignore_index=True)
reference.to_csv(os.path.join(here, "pca_reference.csv"), index=False, float_format="%.17g")
current.to_csv(os.path.join(here, "pca_current.csv"), index=False, float_format="%.17g")
# Read back exactly what the C# side reads.
reference = pd.read_csv(os.path.join(here, "pca_reference.csv"))
current = pd.read_csv(os.path.join(here, "pca_current.csv"))

num, cat = ["x1", "x2", "x3"], ["c"]
imp_num = SimpleImputer(strategy="mean").fit(reference[num])
imp_cat = SimpleImputer(strategy="most_frequent").fit(reference[cat].astype(object))

def impute(df):
    out = df.copy()
    out[num] = imp_num.transform(df[num])
    out[cat] = imp_cat.transform(df[cat].astype(object))
    return out

ref_imp = impute(reference)
freq = ref_imp["c"].value_counts(normalize=True).to_dict()

def encode(df):
    out = impute(df)
    out["c"] = out["c"].map(freq).fillna(0.0).astype(float)
    return out[num + cat].to_numpy(dtype=float)

scaler = StandardScaler().fit(encode(reference))
pca = PCA(n_components=0.65, random_state=16).fit(scaler.transform(encode(reference)))

def row_errors(df):
    xs = scaler.transform(encode(df))
    rec = pca.inverse_transform(pca.transform(xs))
    return np.linalg.norm(xs - rec, axis=1)

def chunk_scores(errors, size):
    return [float(errors[s:s + size].mean()) for s in range(0, len(errors), size)]

ref_scores = pd.Series(chunk_scores(row_errors(reference), 200))
cur_errors = row_errors(current)
upper = ref_scores.mean() + 3 * ref_scores.std()
lower = max(0.0, ref_scores.mean() - 3 * ref_scores.std())
expected = {
    "source": "scikit-learn 1.2.1 PCA/StandardScaler/SimpleImputer; see make_pca_reconstruction.py",
    "chunk_size": 200,
    "n_components": int(pca.n_components_),
    "explained_variance_ratio": float(pca.explained_variance_ratio_.sum()),
    "reference_chunk_errors": [float(v) for v in ref_scores],
    "current_chunk_errors": chunk_scores(cur_errors, 200),
    "current_first_row_errors": [float(v) for v in cur_errors[:5]],
    "upper_threshold": float(upper),
    "lower_threshold": float(lower),
}
with open(os.path.join(here, "pca_expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print(json.dumps(expected, indent=1))
