"""Regenerates the detector test fixtures. Run with Debian's python3 (standard library; SciPy only
for ks_pvalues.csv):  /usr/bin/python3 make_detector_fixtures.py

- stream_12345.txt, stream_42.txt: the exact streams River's drift docstrings feed their detectors
  (random.Random(12345) for ADWIN, KSWIN, PageHinkley; random.Random(42) for DDM, EDDM, HDDM_A, HDDM_W).
- python_random.txt: outputs of Python's random.Random (MT19937) for a few seeds, so the C# port of
  its seeding, getrandbits and sample can be checked value for value (KSWIN samples with it).
- python_random_floats.txt: random(), gauss() and choices() outputs of random.Random, so the C# helpers
  that rebuild the streams of River's ADWIN regression tests can be checked value for value.
- stream_np_*.txt: the NumPy streams of river/drift/test_adwin_regression.py and test_drift_detectors.py
  (np.random.seed(12345) randint, binomial, normal; np.random.seed(42) randn), made by a pure-Python copy of
  NumPy's legacy RandomState (MT19937 init_genrand seeding, masked rejection for randint, polar Box-Muller
  for randn and normal, inversion for binomial),
  which checks itself against NumPy's well-known outputs for seed 0 before writing anything.
- ks_pvalues.csv: scipy.stats.ks_2samp(a, b, method="auto") on equal-size samples (the case KSWIN uses).
"""
import math
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

with open("python_random_floats.txt", "w") as f:
    for seed in [42, 123, 999]:
        r = random.Random(seed)
        f.write(f"seed {seed}\n")
        f.write("random " + " ".join(repr(r.random()) for _ in range(200)) + "\n")
        r = random.Random(seed)
        f.write("gauss " + " ".join(repr(r.gauss(0, 1)) for _ in range(201)) + "\n")
        r = random.Random(seed)
        f.write("choices4 " + " ".join(str(v) for v in r.choices(range(4, 8), k=300)) + "\n")


class LegacyNumpyRandom:
    """numpy.random.RandomState for an int seed: randint(high, size) and randn(size), legacy streams."""

    def __init__(self, seed):
        self.mt = [0] * 624
        self.mt[0] = seed & 0xFFFFFFFF
        for i in range(1, 624):
            self.mt[i] = (1812433253 * (self.mt[i - 1] ^ (self.mt[i - 1] >> 30)) + i) & 0xFFFFFFFF
        self.index = 624
        self.gauss_next = None

    def next32(self):
        if self.index >= 624:
            for k in range(624):
                y = (self.mt[k] & 0x80000000) | (self.mt[(k + 1) % 624] & 0x7FFFFFFF)
                self.mt[k] = self.mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def double(self):
        a, b = self.next32() >> 5, self.next32() >> 6
        return (a * 67108864.0 + b) / 9007199254740992.0

    def randint(self, high, size):
        rng = high - 1
        mask = (1 << rng.bit_length()) - 1
        out = []
        for _ in range(size):
            v = self.next32() & mask
            while v > rng:
                v = self.next32() & mask
            out.append(v)
        return out

    def binomial(self, n, p):
        """random_binomial for the small-mean case (inversion), which covers binomial(1, p)."""
        flip = p > 0.5
        p = 1.0 - p if flip else p
        assert p * n <= 30.0, "BTPE branch not ported"
        q = 1.0 - p
        qn = math.exp(n * math.log(q))
        bound = int(min(n, n * p + 10.0 * math.sqrt(n * p * q + 1)))
        x, px, u = 0, qn, self.double()
        while u > px:
            x += 1
            if x > bound:
                x, px, u = 0, qn, self.double()
            else:
                u -= px
                px = ((n - x + 1) * p * px) / (x * q)
        return n - x if flip else x

    def normal(self, loc, scale, size):
        return [loc + scale * g for g in self.randn(size)]

    def randn(self, size):
        out = []
        for _ in range(size):
            if self.gauss_next is not None:
                out.append(self.gauss_next)
                self.gauss_next = None
                continue
            while True:
                x1, x2 = 2.0 * self.double() - 1.0, 2.0 * self.double() - 1.0
                r2 = x1 * x1 + x2 * x2
                if 0.0 < r2 < 1.0:
                    break
            g = math.sqrt(-2.0 * math.log(r2) / r2)
            self.gauss_next = g * x1
            out.append(g * x2)
        return out


# NumPy's documented outputs for seed 0 (np.random.seed(0); rand(), randn(3), randint(10, size=10)).
assert LegacyNumpyRandom(0).double() == 0.5488135039273248
assert LegacyNumpyRandom(0).randn(3) == [1.764052345967664, 0.4001572083672233, 0.9787379841057392]
assert LegacyNumpyRandom(0).randint(10, 10) == [5, 0, 3, 3, 7, 9, 3, 5, 2, 4]

# river/drift/test_adwin_regression.py: np.random.seed(12345); randint(2, size=1000) ++ randint(8, size=1000)
np_rng = LegacyNumpyRandom(12345)
write_stream("stream_np_12345.txt", np_rng.randint(2, 1000) + np_rng.randint(8, 1000))
# river/drift/test_drift_detectors.py: data_stream_2 (binomial(1, 0.2) x 1000 ++ binomial(1, 0.8) x 1000)
# and data_stream_3 (normal(0, 0.1) > 0, normal(0.25, 0.1) > 0, twice, 500 each), both after seed(12345)
np_rng = LegacyNumpyRandom(12345)
write_stream("stream_np_binomial.txt", [np_rng.binomial(1, 0.2) for _ in range(1000)]
             + [np_rng.binomial(1, 0.8) for _ in range(1000)])
np_rng = LegacyNumpyRandom(12345)
write_stream("stream_np_normal.txt", [int(v > 0) for loc in (0.0, 0.25, 0.0, 0.25) for v in np_rng.normal(loc, 0.1, 500)])
# test_different_deltas: np.random.seed(42); randn(500) ++ randn(500) + 0.5
np_rng = LegacyNumpyRandom(42)
first = np_rng.randn(500)
write_stream("stream_np_42_randn.txt", [repr(v) for v in first] + [repr(v + 0.5) for v in np_rng.randn(500)])

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
