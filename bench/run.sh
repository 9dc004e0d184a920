#!/usr/bin/env bash
# Times whole esc commands on generated ticket repositories of growing size.
# Needs hyperfine (apt-get install hyperfine). Usage: bench/run.sh [SIZES...]
# Default sizes: 1000 10000 100000. Results go to bench/results-<size>.md.
# The repositories come from `cargo xtask bench-repo DIR --tickets N` (xtask/src/bench_repo.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"

cargo build --release --quiet
cargo build --release --quiet --package xtask
esc="$PWD/target/release/esc"
xtask="$PWD/target/release/xtask"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com

for size in "${sizes[@]}"; do
  work=$(mktemp -d)
  git -C "$work" init -q -b main
  "$esc" -C "$work" init 2>/dev/null
  "$xtask" bench-repo "$work" --tickets "$size"
  git -C "$work" add -A && git -C "$work" commit -q -m "generated $size tickets"
  some_id=$(ls "$work"/tickets/2025/06 | head -n 1); some_id=${some_id%.md}
  # The generated history ends before November 2026 and leaves many tickets open; a sweep
  # at a later instant must not find new work each run, so sweep once for real first and
  # time the dry run of what remains.
  "$esc" -C "$work" sweep --now 2026-11-25T12:00:00Z >/dev/null 2>&1 || true
  echo "== $size tickets"
  hyperfine --warmup 2 --runs 10 --export-markdown "bench/results-$size.md" \
    -n open "$esc -C $work open 'Bench ticket' --severity sev3" \
    -n show "$esc -C $work show ${some_id#ESC-}" \
    -n log "$esc -C $work log ${some_id#ESC-}" \
    -n list "$esc -C $work list" \
    -n lint "$esc -C $work lint" \
    -n check "$esc -C $work check --format json --now 2026-11-25T12:00:00Z || true" \
    -n stats "$esc -C $work stats --by team --until 2026-11-25T12:00:00Z" \
    -n sweep-dry "$esc -C $work sweep --dry-run --now 2026-11-25T12:00:00Z"
  rm -rf "$work"
done
