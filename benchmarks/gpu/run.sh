#!/usr/bin/env bash
# The whole GPU benchmark on the device machine, start-up included, well inside 10 minutes: unpack (~20 s), the
# 1M-row comparison (CPU path on every core vs ML.NET vs the GPU kernels, tree scoring with the kernel's share of
# peak memory bandwidth, MMD 5k x 5k with 500 permutations on CPU and GPU; ~3 min), then the 10M-row training rows
# while time is left. Results land in $OUT. Run from the repository root with .gpu carried:
#   run(command="bash benchmarks/gpu/run.sh", carry=[".gpu"], timeout_s=570)
set -u
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory --format=csv | tee "$OUT/nvidia-smi.txt"
tar -xJf .gpu/app.tar.xz -C .gpu
app=.gpu/app/Workbooks.Benchmarks
timeout 300 "$app" training 1000000 --lr-per-mille 20 2>&1 | tee "$OUT/training-1M.txt"
timeout 200 "$app" training 10000000 --lr-per-mille 20 --mmd 0 --skip-scoring 2>&1 | tee "$OUT/training-10M.txt"
