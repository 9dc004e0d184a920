#!/usr/bin/env bash
# Stops `esc update` with SIGKILL, SIGTERM or SIGINT at random instants on a 2,000-ticket repository, N times
# (default 200). After each kill the next esc command must leave the repository healthy:
# `git status --porcelain` empty, `git fsck` clean, no lock left behind.
# Usage: bench/crash.sh [N]
set -u
cd "$(dirname "$0")/.."
runs=${1:-200}
cargo build --quiet --bin esc && cargo build --quiet -p xtask || exit 2
esc="$PWD/target/debug/esc"
xtask="$PWD/target/debug/xtask"
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
export GIT_AUTHOR_NAME=Crash GIT_AUTHOR_EMAIL=crash@example.com GIT_COMMITTER_NAME=Crash GIT_COMMITTER_EMAIL=crash@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
cd "$repo" || exit 2
git init -q -b main && "$esc" init >/dev/null 2>&1 && "$xtask" bench-repo "$repo" --tickets 2000 >/dev/null
git add -A && git commit -qm "generated tickets"
mapfile -t ids < <(find tickets -name '*.md' | sort | head -n "$runs" | xargs -n1 basename | sed 's/\.md$//')
landed=0 finished=0 rolled=0 bad=0
for i in $(seq 1 "$runs"); do
  id=${ids[$(( (i - 1) % ${#ids[@]} ))]}
  "$esc" update "$id" -m "kill $i" --internal >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf %03d $((RANDOM % 60 + 5)))"
  signal=$(shuf -n1 -e KILL TERM INT)
  kill -"$signal" "$pid" 2>/dev/null && landed=$((landed + 1))
  wait "$pid" 2>/dev/null
  said=$("$esc" show "$id" 2>&1 >/dev/null)
  case "$said" in *finished*) finished=$((finished + 1)) ;; *"rolled back"*) rolled=$((rolled + 1)) ;; esac
  status=$(git status --porcelain)
  locks=$(ls .git/*.lock .git/refs/heads/*.lock 2>/dev/null)
  if [ -n "$status" ] || [ -n "$locks" ] || ! git fsck --no-progress >/dev/null 2>&1; then
    bad=$((bad + 1))
    echo "kill $i: status [$status] locks [$locks] esc said [$said]"
    rm -f .git/*.lock .git/refs/heads/*.lock .git/esc-intent; git reset -q --hard
  fi
done
echo "$runs stops: $landed landed while esc ran; the next command finished $finished and rolled back $rolled; $bad needed repair"
[ "$bad" -eq 0 ]
