"""Regenerates the detector test fixtures. Run with Debian's python3 (standard library; SciPy only
for ks_pvalues.csv):  /usr/bin/python3 make_detector_fixtures.py

- stream_12345.txt, stream_42.txt: the exact streams River's drift docstrings feed their detectors
  (random.Random(12345) for ADWIN, KSWIN, PageHinkley; random.Random(42) for DDM, EDDM, HDDM_A, HDDM_W).
- python_random.txt: outputs of Python's random.Random (MT19937) for a few seeds, so the C# port of
  its seeding, getrandbits and sample can be checked value for value (KSWIN samples with it).
- ks_pvalues.csv: scipy.stats.ks_2samp(a, b, method="auto") on equal-size samples (the case KSWIN uses).
"""
import random

def write_stream(path, values):
    with open(path, "w") as f:
        for v in values:
            f.write(f"{v}\n")

# river/drift/adwin.py, kswin.py, page_hinkley.py docstrings
rng = random.Random(12345)
write_stream("stream_12345.txt", rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000))

# river/drift/binary/ddm.py, eddm.py, hddm_a.py, hddm_w.py docstrings
rng = random.Random(42)
data = rng.choices([0, 1], k=1000)
data = data + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])
write_stream("stream_42.txt", data)

with open("python_random.txt", "w") as f:
    for seed in [42, 0, 12345, 2**40 + 7, 1]:
        r = random.Random(seed)
        f.write(f"seed {seed}\n")
        f.write("bits32 " + " ".join(str(r.getrandbits(32)) for _ in range(700)) + "\n")
        r = random.Random(seed)
        for _ in range(40):
            f.write("sample 70 30 " + " ".join(map(str, r.sample(range(70), 30))) + "\n")
        for _ in range(5):
            f.write("sample 1000 10 " + " ".join(map(str, r.sample(range(1000), 10))) + "\n")
        for _ in range(5):
            f.write("sample 5 5 " + " ".join(map(str, r.sample(range(5), 5))) + "\n")

try:
    from scipy import stats
except ImportError:
    raise SystemExit("scipy missing: ks_pvalues.csv not regenerated")
r = random.Random(7)
with open("ks_pvalues.csv", "w") as f:
    f.write("a;b;statistic;pvalue\n")
    for n in [5, 10, 30, 30, 30, 50, 100, 250]:
        for shift in [0.0, 0.3, 1.0]:
            a = [r.randint(0, 9) for _ in range(n)] if n == 30 else [r.gauss(0, 1) for _ in range(n)]
            b = [r.randint(0, 9) + int(shift * 5) for _ in range(n)] if n == 30 else [r.gauss(shift, 1) for _ in range(n)]
            st, p = stats.ks_2samp(a, b, method="auto")
            f.write(",".join(repr(float(x)) for x in a) + ";" + ",".join(repr(float(x)) for x in b)
                    + f";{float(st)!r};{float(p)!r}\n")
