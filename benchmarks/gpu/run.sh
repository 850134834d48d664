#!/usr/bin/env bash
# The GPU benchmark on the device machine, start-up included, well inside 10 minutes: unpack (~10 s), then
# Workbooks.GpuBench: training epochs/s GPU vs the CPU path on every core (1M x 64: logistic, linear, MLP), tree-kernel
# rows/s and its share of peak memory bandwidth (1M rows), MMD 5k x 5k x {8, 64} features with 500 permutations on CPU
# and GPU; then the 10M-row training rows while time is left. Results land in $OUT. Run from the repository root with
# .gpu carried:
#   run(command="bash benchmarks/gpu/run.sh", carry=[".gpu"], timeout_s=570)
set -u
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory --format=csv | tee "$OUT/nvidia-smi.txt"
tar -xJf .gpu/app.tar.xz -C .gpu
app=.gpu/app/Workbooks.GpuBench
timeout 300 "$app" all --device gpu 2>&1 | tee "$OUT/gpubench-1M.txt"
timeout 200 "$app" training --rows 10000000 --epochs 2 --device gpu 2>&1 | tee "$OUT/training-10M.txt"
