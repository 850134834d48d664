#!/usr/bin/python3
"""Reference ROC AUC values from scikit-learn 1.2.1 roc_auc_score, including tied scores.
Run: /usr/bin/python3 make_roc_auc.py  (writes roc_auc_expected.json)"""
import json, os
import numpy as np
from sklearn.metrics import roc_auc_score

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(3)
labels = rng.random(200) < 0.4
scores = np.round(rng.normal(0, 1, 200) + 0.8 * labels, 1)  # rounding makes many ties
with open(os.path.join(here, "roc_auc_expected.json"), "w") as f:
    json.dump({"source": "sklearn.metrics.roc_auc_score 1.2.1; see make_roc_auc.py",
               "scores": scores.tolist(), "labels": labels.astype(int).tolist(),
               "auc": float(roc_auc_score(labels, scores))}, f)
print(roc_auc_score(labels, scores))
