#!/usr/bin/env bash
# Captures the screens shown in README.md from the real binary in tmux, on
# a demo database of two weeks of practice made by the practice code
# (internal/testdb), with an interview planned ten days ahead.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'tmux -L readme kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/rehearse" ./cmd/rehearse
go test ./internal/testdb -run TestDemoDatabase -count=1 -demo-db "$work/demo.db" >/dev/null
"$work/rehearse" plan --on "$(date -d '+10 days' +%F)" -t databases,apis,distributed-systems --db "$work/demo.db" >/dev/null
capture() { # name, command, keys... (a key "text:words" types the words)
  local name=$1 cmd=$2; shift 2
  tmux -L readme new-session -d -s "$name" -x 100 -y 30 -e XDG_CONFIG_HOME="$work/config" "$work/rehearse $cmd --db $work/demo.db"
  sleep 1
  for k in "$@"; do
    case $k in
      text:*) tmux -L readme send-keys -t "$name" -l "${k#text:}" ;;
      wait:*) sleep "${k#wait:}" ;;
      *) tmux -L readme send-keys -t "$name" "$k" ;;
    esac
    sleep 0.3
  done
  echo "### $name"; echo '```'
  tmux -L readme capture-pane -p -t "$name" | sed -e 's/[[:space:]]*$//' -e "s|$work/demo.db|~/.local/share/rehearse/rehearse.db|"
  echo '```'
  tmux -L readme kill-session -t "$name"
}
capture home ""
capture history history
capture session history Enter
capture stats stats Down
capture rate "practice -n 1 --order random --seed 7 -k behavioral" Enter wait:2 \
  "text:Ticket marketplace, 900 orders a minute at peak; checkout p95 at 3 s before a sale." Tab wait:1 \
  "text:I owned checkout and had to get it under 500 ms by Friday." Tab wait:3 \
  "text:I traced it to an N+1 in the seat map, batched the queries and added a 30 s cache." Tab wait:1 \
  "text:p95 from 3 s to 420 ms; the sale ran with no timeouts." C-d C-d C-d 4 Down 3 Down 4 Down 4 Down 4 v v
echo "### next"; echo '```'
"$work/rehearse" next --db "$work/demo.db" | NO_COLOR=1 cat
echo '```'
