#!/usr/bin/env bash
# Prints the path of a hyperfine >= 1.20 to use: the one on PATH if it is new enough, else the
# pinned 1.20.0, built once with `cargo install --locked` into the project's own .tools/.
# (1.20 is the first with per-run memory in its JSON; 2.x changed the JSON and flags and needs a
# newer rustc than this project's machines have.)
set -euo pipefail

readonly PINNED=1.20.0
readonly ROOT="$(cd "$(dirname "$0")/.." && pwd)/.tools/hyperfine"

new_enough() { # version on stdin, e.g. "hyperfine 1.20.0"
  awk '{ split($2, v, "."); exit !(v[1] == 1 && v[2] >= 20) }'
}

if command -v hyperfine >/dev/null && hyperfine --version | new_enough; then
  command -v hyperfine
  exit 0
fi
if ! [ -x "$ROOT/bin/hyperfine" ] || ! "$ROOT/bin/hyperfine" --version | new_enough; then
  echo "hyperfine >= 1.20 not on PATH: installing $PINNED into $ROOT (once)" >&2
  cargo install --quiet --locked --version "$PINNED" --root "$ROOT" hyperfine >&2
fi
echo "$ROOT/bin/hyperfine"
