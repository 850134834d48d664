"""Reference values for the CBPE expectations (Workbooks.ModelOps.Estimation).

Independent numpy formulas, not a port of the C# code:
* expected confusion cells: TP = sum(p * pred), FP = sum((1 - p) * pred), FN = sum(p * (1 - pred)), TN = sum((1 - p) * (1 - pred));
  expected accuracy with threshold 0.5 is also mean(max(p, 1 - p));
* expected ROC AUC by the weighted Mann-Whitney double sum over all pairs (i, j), ties counting 1/2;
* realized metrics from scikit-learn (accuracy_score, precision/recall/f1_score, roc_auc_score;
  specificity = recall of class 0; multiclass macro with labels=[0, 1, 2], zero_division=0);
* sampling errors in NannyML's form: sd(correct | subgroup) / sqrt(n * share of subgroup).
Run with Debian's python3 (numpy 1.24.2, scikit-learn 1.2.1):  /usr/bin/python3 make_cbpe.py
"""
import json
import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, precision_score, recall_score, f1_score, roc_auc_score


def expected(p, pred):
    tp = np.sum(p * pred); fp = np.sum((1 - p) * pred); fn = np.sum(p * (1 - pred)); tn = np.sum((1 - p) * (1 - pred))
    div = lambda a, b: float(a / b) if b > 0 else 0.0
    return {"tp": float(tp), "fp": float(fp), "fn": float(fn), "tn": float(tn),
            "accuracy": div(tp + tn, tp + fp + fn + tn), "precision": div(tp, tp + fp), "recall": div(tp, tp + fn),
            "f1": div(2 * tp, 2 * tp + fp + fn), "specificity": div(tn, tn + fp)}


def pairwise_auc(s, q):
    greater = (s[:, None] > s[None, :]).astype(float) + 0.5 * (s[:, None] == s[None, :])
    num = np.sum(q[:, None] * (1 - q[None, :]) * greater)
    return float(num / (np.sum(q) * np.sum(1 - q)))


def realized(y, pred, s):
    return {"accuracy": accuracy_score(y, pred), "precision": precision_score(y, pred, zero_division=0),
            "recall": recall_score(y, pred, zero_division=0), "f1": f1_score(y, pred, zero_division=0),
            "specificity": recall_score(y, pred, pos_label=0, zero_division=0), "roc_auc": roc_auc_score(y, s)}


def subgroup_se(correct, mask, n):
    return float(np.std(correct[mask]) / np.sqrt(n * mask.mean()))


rng = np.random.default_rng(7)
out = {"source": f"numpy {np.__version__}, scikit-learn {sklearn.__version__}", "binary": [], "multiclass": None}

# Hand-checkable: 6 calibrated probabilities, predictions at threshold 0.5.
hand_p = np.array([0.9, 0.2, 0.6, 0.3, 0.55, 0.05])
cases = [("hand", hand_p, None)]
# Seeded: 400 probabilities with ties, labels drawn from them (so they are calibrated).
p = np.round(rng.beta(2, 3, 400), 2)
cases.append(("seeded", p, (rng.uniform(size=400) < p).astype(int)))

for name, p, y in cases:
    pred = (p >= 0.5).astype(int)
    case = {"name": name, "p": p.tolist(), "pred": pred.tolist(), "expected": expected(p, pred),
            "mean_max_p": float(np.mean(np.maximum(p, 1 - p))), "expected_roc_auc": pairwise_auc(p, p)}
    if y is not None:
        case["labels"] = y.tolist()
        case["realized"] = {k: float(v) for k, v in realized(y, pred, p).items()}
        correct = (y == pred).astype(float)
        n = 100
        case["se_n100"] = {
            "accuracy": float(np.std(correct) / np.sqrt(n)),
            "precision": subgroup_se(correct, pred == 1, n),
            "recall": subgroup_se(correct, y == 1, n),
            "specificity": subgroup_se(correct, y == 0, n),
        }
    out["binary"].append(case)

# Multiclass: 3 classes, Dirichlet probabilities, argmax predictions, labels drawn from the probabilities.
k, n = 3, 300
probs = np.round(rng.dirichlet([2, 3, 4], n), 3)
probs = probs / probs.sum(axis=1, keepdims=True)
pred = probs.argmax(axis=1)
y = np.array([rng.choice(k, p=row) for row in probs])
per_class = [expected(probs[:, c], (pred == c).astype(int)) for c in range(k)]
macro = {m: float(np.mean([pc[m] for pc in per_class])) for m in ["precision", "recall", "f1", "specificity"]}
macro["accuracy"] = float(np.mean(probs[np.arange(n), pred]))
macro["roc_auc"] = float(np.mean([pairwise_auc(probs[:, c], probs[:, c]) for c in range(k)]))
labels = [0, 1, 2]
real = {"accuracy": accuracy_score(y, pred),
        "precision": precision_score(y, pred, labels=labels, average="macro", zero_division=0),
        "recall": recall_score(y, pred, labels=labels, average="macro", zero_division=0),
        "f1": f1_score(y, pred, labels=labels, average="macro", zero_division=0),
        "specificity": float(np.mean([recall_score(y != c, pred != c) for c in labels])),
        "roc_auc": roc_auc_score(y, probs, multi_class="ovr", average="macro")}
out["multiclass"] = {"probs": probs.tolist(), "pred": pred.tolist(), "labels": y.tolist(),
                     "expected": macro, "realized": {k2: float(v) for k2, v in real.items()}}

with open("cbpe.json", "w") as f:
    json.dump(out, f)
print(json.dumps(out["binary"][0], indent=None)[:600])
