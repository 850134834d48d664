#!/usr/bin/env bash
# Builds the self-contained GPU benchmark app (benchmarks/Workbooks.GpuBench: the GPU rows only, without the natives of
# DuckDB, LightGBM or ONNX Runtime) that the GPU machine runs (it has CUDA and a driver but no .NET), compressed under
# .gpu/ (ignored by git; carry it with the run). Recipe: ../../shared/gpu/README.md. Run from the repository root.
set -euo pipefail
rm -rf .gpu/app .gpu/app.tar.xz
dotnet publish benchmarks/Workbooks.GpuBench -c Release -r linux-x64 --self-contained true -o .gpu/app -v q
rm -f .gpu/app/*.pdb
tar -cJf .gpu/app.tar.xz -C .gpu app
rm -rf .gpu/app
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo /.gpu/ >> "$(git rev-parse --git-path info/exclude)"
ls -l .gpu/app.tar.xz
