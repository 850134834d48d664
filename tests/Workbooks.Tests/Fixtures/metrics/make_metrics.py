#!/usr/bin/python3
"""Reference values for Workbooks.ModelOps.Metrics, computed with scikit-learn.

Run with Debian's Python (python3-sklearn): /usr/bin/python3 make_metrics.py
Writes the input tables (*.csv, every float in repr form so C# parses the same double) and
expected.json: for each case, each metric's value plus the sklearn function (or the stated
definition, where scikit-learn has no such function) that produced it.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261127)
SK = f"scikit-learn {sklearn.__version__}"
out = {"generator": f"make_metrics.py with {SK}, numpy {np.__version__}", "cases": {}}


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([repr(float(v)) if isinstance(v, (float, np.floating)) else v for v in r])


def value(v, source):
    return {"value": float(v), "source": f"{SK} {source}"}


def ece_uniform(y, p, n_bins=10):
    """ECE over sklearn.calibration.calibration_curve's uniform bins (np.linspace(0, 1, n_bins + 1),
    assigned with np.searchsorted as calibration_curve does): sum over non-empty bins of
    (bin count / n) * |fraction of positives - mean predicted probability|."""
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(bins[1:-1], p)
    counts = np.bincount(ids, minlength=n_bins)
    counts = counts[counts > 0]
    return float(np.sum(counts / len(y) * np.abs(prob_true - prob_pred)))


# ---- binary: scores rounded to 2 decimals so many are tied ----
def binary_case(name, n, prediction_threshold=0.5):
    y = rng.integers(0, 2, n)
    p = np.clip(np.round(0.35 * y + 0.65 * rng.random(n), 2), 0.0, 1.0)
    yp = (p >= prediction_threshold).astype(int)
    write_csv(f"{name}.csv", ["label", "score", "prediction"], zip(y, p.astype(float), yp))
    cm = skm.confusion_matrix(y, yp, labels=[0, 1])
    out["cases"][name] = {
        "file": f"{name}.csv",
        "accuracy": value(skm.accuracy_score(y, yp), "sklearn.metrics.accuracy_score"),
        "precision": value(skm.precision_score(y, yp, zero_division=0), "sklearn.metrics.precision_score(average='binary', zero_division=0)"),
        "recall": value(skm.recall_score(y, yp, zero_division=0), "sklearn.metrics.recall_score(average='binary', zero_division=0)"),
        "f1": value(skm.f1_score(y, yp, zero_division=0), "sklearn.metrics.f1_score(average='binary', zero_division=0)"),
        "roc_auc": value(skm.roc_auc_score(y, p), "sklearn.metrics.roc_auc_score"),
        "average_precision": value(skm.average_precision_score(y, p), "sklearn.metrics.average_precision_score"),
        "log_loss": value(skm.log_loss(y, p), "sklearn.metrics.log_loss"),
        "brier": value(skm.brier_score_loss(y, p), "sklearn.metrics.brier_score_loss"),
        "mcc": value(skm.matthews_corrcoef(y, yp), "sklearn.metrics.matthews_corrcoef"),
        "ece": value(ece_uniform(y, p), "sklearn.calibration.calibration_curve(n_bins=10, strategy='uniform') weighted by bin counts"),
        "confusion_matrix": {"value": cm.tolist(), "source": f"{SK} sklearn.metrics.confusion_matrix(labels=[0, 1])"},
    }


binary_case("binary", 400)
# A threshold no score reaches: nothing predicted positive, so precision is 0/0 -> 0 and MCC's denominator is 0.
binary_case("binary_no_positive_predictions", 60, prediction_threshold=2.0)

# ---- multiclass: 4 string classes; class "d" is never predicted (its precision is 0/0 -> 0) ----
classes = np.array(["a", "b", "c", "d"])
n = 300
yt = rng.integers(0, 4, n)
yp = np.where(rng.random(n) < 0.6, yt, rng.integers(0, 3, n))
yp = np.where(yp == 3, 2, yp)
logits = rng.normal(size=(n, 4)) + 2.0 * np.eye(4)[yt]
probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
write_csv("multiclass.csv", ["label", "prediction", "p_a", "p_b", "p_c", "p_d"],
          [[classes[t], classes[q], *map(float, pr)] for t, q, pr in zip(yt, yp, probs)])
mc = {"file": "multiclass.csv",
      "accuracy": value(skm.accuracy_score(yt, yp), "sklearn.metrics.accuracy_score"),
      "mcc": value(skm.matthews_corrcoef(yt, yp), "sklearn.metrics.matthews_corrcoef"),
      "log_loss": value(skm.log_loss(yt, probs, labels=[0, 1, 2, 3]), "sklearn.metrics.log_loss on p_a..p_d"),
      "confusion_matrix": {"value": skm.confusion_matrix(yt, yp, labels=[0, 1, 2, 3]).tolist(),
                           "source": f"{SK} sklearn.metrics.confusion_matrix(labels=[a, b, c, d])"}}
for avg in ["macro", "micro", "weighted"]:
    for fname, fn in [("precision", skm.precision_score), ("recall", skm.recall_score), ("f1", skm.f1_score)]:
        mc[f"{fname}_{avg}"] = value(fn(yt, yp, average=avg, zero_division=0), f"sklearn.metrics.{fname}_score(average='{avg}', zero_division=0)")
out["cases"]["multiclass"] = mc

# ---- regression ----
def regression_case(name, y, yhat):
    write_csv(f"{name}.csv", ["label", "prediction"], zip(y.astype(float), yhat.astype(float)))
    out["cases"][name] = {
        "file": f"{name}.csv",
        "mae": value(skm.mean_absolute_error(y, yhat), "sklearn.metrics.mean_absolute_error"),
        "rmse": value(np.sqrt(skm.mean_squared_error(y, yhat)), "sqrt of sklearn.metrics.mean_squared_error"),
        "mape": value(skm.mean_absolute_percentage_error(y, yhat), "sklearn.metrics.mean_absolute_percentage_error"),
        "r2": value(skm.r2_score(y, yhat), "sklearn.metrics.r2_score"),
    }


y = rng.gamma(2.0, 50.0, 500)
regression_case("regression", y, y + rng.normal(0, 20, 500))
# Zeros in y_true: MAPE divides by max(|y|, machine epsilon), as scikit-learn does.
y0 = np.round(rng.gamma(1.0, 3.0, 50))
regression_case("regression_zero_targets", y0, y0 + rng.normal(0, 1, 50))

# ---- ranking: queries of 3..15 documents, graded relevance 0..3, scores with ties ----
rows = []
per_query = []
for q in range(40):
    m = int(rng.integers(3, 16))
    rel = rng.integers(0, 4, m) * (rng.random(m) < 0.5)
    if q % 10 == 0:
        rel = np.zeros(m, dtype=int)  # a query with nothing relevant
    score = np.round(rel * 0.3 + rng.random(m), 1)
    rows += [[f"q{q:02d}", int(r), float(s)] for r, s in zip(rel, score)]
    per_query.append((rel, score))
write_csv("ranking.csv", ["query", "relevance", "score"], rows)


def top_k_order(score, k):
    # Stable descending sort: tied scores keep input order (the documented tie rule for @k counts).
    return np.argsort(-score, kind="stable")[:k]


def precision_at_k(rel, score, k):
    return float(np.sum(rel[top_k_order(score, k)] > 0)) / k


def recall_at_k(rel, score, k):
    total = np.sum(rel > 0)
    return 0.0 if total == 0 else float(np.sum(rel[top_k_order(score, k)] > 0)) / total


def ap_at_k(rel, score, k):
    hits = (rel[top_k_order(score, k)] > 0).astype(float)
    total = np.sum(rel > 0)
    if total == 0:
        return 0.0
    prec = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(np.sum(prec * hits)) / min(k, total)


rk = {"file": "ranking.csv"}
for k in [3, 5, 10]:
    rk[f"ndcg_at_{k}"] = value(np.mean([skm.ndcg_score([r], [s], k=k) for r, s in per_query]),
                               f"mean over queries of sklearn.metrics.ndcg_score([relevance], [score], k={k}) (ties averaged)")
    rk[f"precision_at_{k}"] = {"value": float(np.mean([precision_at_k(r, s, k) for r, s in per_query])),
                               "source": "definition: mean over queries of (#relevant in top k)/k, relevant = relevance > 0, ties by input order"}
    rk[f"recall_at_{k}"] = {"value": float(np.mean([recall_at_k(r, s, k) for r, s in per_query])),
                            "source": "definition: mean over queries of (#relevant in top k)/(#relevant), 0 when none relevant"}
    rk[f"map_at_{k}"] = {"value": float(np.mean([ap_at_k(r, s, k) for r, s in per_query])),
                         "source": "definition: mean over queries of sum_{i<=k} P@i*rel_i / min(k, #relevant), 0 when none relevant"}
out["cases"]["ranking"] = rk

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", ", ".join(out["cases"]))
