#!/usr/bin/env bash
# Marks libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak in the build OUTPUT copy, only when needed.
# Why: TorchSharp-cpu 0.107.0's native library was linked against GCC 15's libstdc++ and asks for GLIBCXX_3.4.32
# (for std::ios_base_library_init, never called); Debian 12's libstdc++ stops at 3.4.30, so the loader refuses it.
# Usage: weaken-libtorchsharp.sh <weaken_verneed.py> <output copy of libLibTorchSharp.so>
set -u
script=$1
file=$2
[ -f "$file" ] || exit 0
if ! grep -q GLIBCXX_3.4.32 "$file"; then
  echo "weaken-libtorchsharp: $file does not ask for GLIBCXX_3.4.32; left as is"
  exit 0
fi
libstdcxx=$( (/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null) | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
if [ -n "$libstdcxx" ] && grep -q GLIBCXX_3.4.32 "$libstdcxx"; then
  echo "weaken-libtorchsharp: $libstdcxx provides GLIBCXX_3.4.32; $file left as is"
  exit 0
fi
if ! command -v python3 >/dev/null; then
  echo "weaken-libtorchsharp: no python3; TorchSharp will not load on this machine ($libstdcxx lacks GLIBCXX_3.4.32)"
  exit 0
fi
echo "weaken-libtorchsharp: ${libstdcxx:-the system libstdc++} lacks GLIBCXX_3.4.32; marking it weak in $file"
python3 "$script" "$file" GLIBCXX_3.4.32
