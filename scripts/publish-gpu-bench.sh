#!/usr/bin/env bash
# Publishes the GPU benchmark for a machine with one NVIDIA GPU and no .NET SDK: one self-contained, compressed
# linux-x64 file (not NativeAOT: ILGPU compiles kernels from IL at run time), MNIST gzip-compressed, the PyTorch
# script that does the same work, and run.sh, all in artifacts/gpu-bench/. Copy that folder over and run
#   artifacts/gpu-bench/run.sh OUTPUT_DIR
# Usage: scripts/publish-gpu-bench.sh [MNIST_DIR]   (default: $NNGEN_MNIST, else .data/mnist in the repository)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mnist=${1:-${NNGEN_MNIST:-$root/.data/mnist}}
out="$root/artifacts/gpu-bench"
rm -rf "$out"
mkdir -p "$out/mnist"
dotnet publish "$root/samples/GpuBenchmark/GpuBenchmark.csproj" -c Release -r linux-x64 -o "$out/bin" \
  -p:PublishSingleFile=true -p:SelfContained=true -p:EnableCompressionInSingleFile=true -p:DebugType=none
for name in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [ -f "$mnist/$name.gz" ]; then cp "$mnist/$name.gz" "$out/mnist/"
  else gzip -9 -c "$mnist/$name" > "$out/mnist/$name.gz"; fi
done
cp "$root/scripts/gpu-bench/torch_bench.py" "$root/scripts/gpu-bench/run.sh" "$out/"
chmod +x "$out/run.sh" "$out/bin/GpuBenchmark"
du -sh "$out" "$out"/bin/* "$out/mnist"
