#!/usr/bin/env bash
# Times whole esc commands on generated ticket repositories of growing size, each against
# what a user would do without esc, in the same run: reads against `cat` of every ticket
# file, one action against `git add && git commit` of the same kind of change, `esc log`
# against `git log -- path`, `esc audit` of the last 1,000 commits against `git log -p`.
# Prints the ratios and the peak memory of `esc check`.
# Needs hyperfine (apt-get install hyperfine) and GNU time (/usr/bin/time).
# Usage: [COMMITS=N] bench/run.sh [SIZES...]   (default: 1000 10000 100000; 10000 commits)
# Results go to bench/results-<size>.md (hyperfine's tables) and the ratios to stdout.
# The reads run with the read cache (hyperfine's warm-up runs build it) and, for list and
# check, without it (ESC_NO_CACHE=1), so both columns of docs/performance.md come from one run.
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
at=2026-11-25T12:00:00Z

# mean COMMAND_NAME CSV: hyperfine's mean in seconds for one named command.
mean() { awk -F, -v name="$1" 'NR > 1 && $1 == name { print $2 }' "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

for size in "${sizes[@]}"; do
  work=$(mktemp -d)
  git -C "$work" init -q -b main
  "$esc" -C "$work" init 2>/dev/null
  "$xtask" bench-repo "$work" --tickets "$size"
  git -C "$work" add -A && git -C "$work" commit -q -m "generated $size tickets"
  "$xtask" bench-history "$work" --commits "${COMMITS:-10000}"
  # The ticket the last commit changed: `esc log` and `git log -- path` have its history to read.
  # (sed and find read to the end: `| head` would kill the writer, and pipefail stop the script.)
  some_file="$work/$(git -C "$work" log -1 --format= --name-only | sed -n 1p)"
  some_id=$(basename "$some_file" .md)
  other_file=$(find "$work/tickets/2025/06" -name '*.md' -print -quit)
  csv=$(mktemp)
  # esc audit replays the recent history; git log -p reads the same commits' changes.
  recent=$(( ${COMMITS:-10000} < 1000 ? ${COMMITS:-10000} : 1000 ))
  echo "== $size tickets"
  hyperfine --warmup 2 --runs 10 -i --export-markdown "bench/results-$size.md" --export-csv "$csv" \
    -n cat "bash -c 'find $work/tickets -name \"*.md\" -print0 | xargs -0 cat > /dev/null'" \
    -n list "$esc -C $work list --all" \
    -n list-no-cache "env ESC_NO_CACHE=1 $esc -C $work list --all" \
    -n check "$esc -C $work check --format json --now $at" \
    -n check-no-cache "env ESC_NO_CACHE=1 $esc -C $work check --format json --now $at" \
    -n stats "$esc -C $work stats --by team --until $at" \
    -n search "$esc -C $work search timeout" \
    -n lint "$esc -C $work lint" \
    -n sweep-dry "$esc -C $work sweep --dry-run --now $at" \
    -n show "$esc -C $work show $some_id" \
    -n update "$esc -C $work update $some_id --internal -m bench" \
    -n git-commit "bash -c 'cd $work && echo \"<!-- bench -->\" >> $other_file && git add $other_file && git commit -q -m bench'" \
    -n log "$esc -C $work log $some_id" \
    -n git-log "git -C $work log --oneline -- $some_file" \
    -n audit "$esc -C $work audit --since HEAD~$recent" \
    -n git-log-p "git -C $work log -p HEAD~$recent..HEAD -- tickets"
  cat_s=$(mean cat "$csv")
  echo "ratios at $size tickets (esc / baseline; lower is better):"
  for read in list list-no-cache check check-no-cache stats search lint sweep-dry; do
    printf '  %-10s %8.3f s  %6sx cat\n' "$read" "$(mean "$read" "$csv")" "$(ratio "$(mean "$read" "$csv")" "$cat_s")"
  done
  printf '  %-10s %8.3f s  %6sx git add && git commit\n' update "$(mean update "$csv")" \
    "$(ratio "$(mean update "$csv")" "$(mean git-commit "$csv")")"
  printf '  %-10s %8.3f s  %6sx git log -- path\n' log "$(mean log "$csv")" \
    "$(ratio "$(mean log "$csv")" "$(mean git-log "$csv")")"
  printf '  %-10s %8.3f s  %6sx git log -p\n' audit "$(mean audit "$csv")" \
    "$(ratio "$(mean audit "$csv")" "$(mean git-log-p "$csv")")"
  # check exits 1 when tickets are overdue, as they are here: that is not a failed run.
  peak=$( { /usr/bin/time -f '%M' "$esc" -C "$work" check --format json --now "$at" >/dev/null || true; } 2>&1 | tail -n 1)
  echo "  peak RSS of esc check: $((peak / 1024)) MB"
  rm -rf "$work" "$csv"
done
