#!/usr/bin/env bash
# Runs on the GPU machine, from the folder scripts/publish-gpu-bench.sh made: NnGen's bundle, then PyTorch doing the
# same work on the same GPU (MNIST MLP 784-128-10 and LeNet-5, Adam 1e-3, batch $BATCH or 128, 3 epochs). Each step is capped
# in time and a failure does not stop the next. Results (logs and JSON) go to the folder given, default '.'.
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-.}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee "$out/nvidia-smi.txt"
# ILGPU opens the CUDA driver by name; give it libcuda.so when the machine has only libcuda.so.1.
cuda=$(ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 /{print $NF; exit}')
if [ -n "$cuda" ]; then mkdir -p /tmp/nngen-cuda && ln -sf "$cuda" /tmp/nngen-cuda/libcuda.so && export LD_LIBRARY_PATH=/tmp/nngen-cuda:${LD_LIBRARY_PATH:-}; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1
echo "== NnGen (ILGPU kernels generated per network)"
timeout 240 "$here/bin/GpuBenchmark" --data "$here/mnist" --device cuda --epochs 3 --batch "${BATCH:-128}" --max-seconds 90 --json "$out/nngen.json" 2>&1 | tee "$out/nngen.log"
echo "NnGen exit: ${PIPESTATUS[0]}"
echo "== PyTorch"
PYTHONUNBUFFERED=1 timeout 150 python3 "$here/torch_bench.py" "$here/mnist" --epochs 3 --batch "${BATCH:-128}" --json "$out/torch.json" 2>&1 | tee "$out/torch.log"
echo "PyTorch exit: ${PIPESTATUS[0]}"
