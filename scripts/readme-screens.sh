#!/usr/bin/env bash
# Captures the history and stats screens shown in README.md from the real
# binary in tmux, on a demo database of two weeks of practice made by the
# practice code (internal/testdb).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'tmux -L readme kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/rehearse" ./cmd/rehearse
go test ./internal/testdb -run TestDemoDatabase -count=1 -demo-db "$work/demo.db" >/dev/null
capture() { # name, command, keys...
  local name=$1 cmd=$2; shift 2
  tmux -L readme new-session -d -s "$name" -x 100 -y 30 "$work/rehearse $cmd --db $work/demo.db"
  sleep 1
  for k in "$@"; do tmux -L readme send-keys -t "$name" "$k"; sleep 0.3; done
  echo "### $name"; echo '```'
  tmux -L readme capture-pane -p -t "$name" | sed -e 's/[[:space:]]*$//'
  echo '```'
  tmux -L readme kill-session -t "$name"
}
capture history history
capture session history Enter
capture stats stats Down
