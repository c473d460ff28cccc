#!/usr/bin/env bash
# Records the animated demo at the top of README.md: docs/demo.svg.
#
# The real binary runs in a 100x30 tmux window under asciinema, and this
# script plays the person at the keyboard with tmux send-keys: it starts a
# one-question behavioral practice, answers it in STAR notes at a typing
# pace, answers a follow-up, looks at its answer, the guide and the
# insights, rates the answer, saves it and quits. svg-term then turns the
# recording into an animated SVG.
#
# Everything runs in a throwaway directory: its own HOME, XDG dirs and
# database, never your real data. A fixed --seed makes the draw the same
# every time. Takes a minute and a half; not run by CI. The binary is built
# from this checkout as it is, so the recording shows your working tree.
#
# Needs: go, tmux and asciinema (Debian: apt-get install tmux asciinema)
# and svg-term (npm install -g svg-term-cli).
set -euo pipefail
cd "$(dirname "$0")/.."

out=docs/demo.svg
seed=7
# The question that seed draws on an empty database; checked before typing,
# since the notes below answer this question and no other.
question="no authority to mandate it"

missing=0
need() { # command, how to install it
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "record-demo: $1 not found; install it with: $2" >&2
    missing=1
  fi
}
need go "see https://go.dev/doc/install"
need node "apt-get install nodejs npm"
need tmux "apt-get install tmux"
need asciinema "apt-get install asciinema"
need svg-term "npm install -g svg-term-cli"
[ "$missing" = 0 ] || exit 1

tmp=$(mktemp -d)
sock=rehearse-demo-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT

echo "record-demo: building rehearse" >&2
mkdir -p "$tmp/bin" "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/cache"
go build -o "$tmp/bin/rehearse" ./cmd/rehearse

# No status bar, so the whole 100x30 window belongs to the recording, and
# none of your own tmux settings.
printf 'set -g status off\n' >"$tmp/tmux.conf"

# The recorded terminal runs a bare bash with a short prompt, in the
# throwaway home. The binary is first on its PATH and REHEARSE_DB names the
# database, so the command typed on screen is the one a reader would type.
# The database path is relative, with a "~" that no one expands: the file
# lands in the throwaway home, and the summary's "Saved as session 1 in
# ~/.local/share/rehearse/rehearse.db" shows the usual place rather than a
# temporary directory. Colours on: NO_COLOR unset and a 256-colour TERM
# (COLORTERM unset too, since svg-term draws 256 colours).
tm -f "$tmp/tmux.conf" new-session -d -s demo -x 100 -y 30 -c "$tmp/home" \
  env -u NO_COLOR -u COLORTERM -u TMUX \
  HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
  XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" \
  REHEARSE_DB='~/.local/share/rehearse/rehearse.db' PATH="$tmp/bin:$PATH" \
  TERM=xterm-256color SHELL=/bin/bash PS1='$ ' HISTFILE=/dev/null \
  asciinema rec --quiet --overwrite --idle-time-limit 3 --cols 100 --rows 30 \
  --command "bash --norc --noprofile -i" "$tmp/demo.cast"

screen() { tm capture-pane -p -t demo; }

wait_for() { # text: waits up to ten seconds for it to be on screen
  local i
  for ((i = 0; i < 100; i++)); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "record-demo: gave up waiting for \"$1\"; the screen was:" >&2
  screen >&2
  exit 1
}

key() { # tmux key names, each followed by a short pause
  local k
  for k in "$@"; do
    tm send-keys -t demo "$k"
    sleep 0.25
  done
}

type_text() { # text: typed one character at a time, like a person
  local text=$1 i ch
  for ((i = 0; i < ${#text}; i++)); do
    ch=${text:i:1}
    tm send-keys -t demo -l -- "$ch"
    case $ch in
      [.,:\;]) sleep 0.15 ;;
      ' ') sleep 0.05 ;;
      *) sleep 0.025 ;;
    esac
  done
}

echo "record-demo: recording (about a minute)" >&2
wait_for '$' # the shell's prompt
sleep 0.8
type_text "rehearse practice -k behavioral -n 1 --seed $seed"
sleep 0.5
key Enter

# The question card: time to read it, then the clock starts.
wait_for "Press enter when you are ready"
if ! screen | grep -qF "$question"; then
  echo "record-demo: seed $seed no longer draws the question the notes answer" \
    "(\"$question\"); pick another seed or rewrite the notes. The card was:" >&2
  screen >&2
  exit 1
fi
sleep 2.5
key Enter
wait_for "Phase 1 of 4"
sleep 0.8

# One story in STAR notes, tab moving on to the next phase. The Action is
# the longest, as the app advises, and the Result has a number.
type_text "On-call process problem: 40 pages a week over three teams, half noise."
sleep 0.5
key Tab
type_text "I led one team; the other two leads had to decide."
sleep 0.5
key Tab
type_text "I gathered two weeks of evidence, found an ally in SRE, ran a small pilot on my team "
type_text "with a measure agreed up front, then helped each lead port it."
sleep 0.5
key Tab
type_text "Pages went from 40 to 12 a week, and the result has lasted a year."
sleep 0.5

# Tab again brings the first follow-up question.
key Tab
wait_for "Follow-up:"
sleep 1.5
type_text "The payments lead feared missed incidents; his critical alerts stayed."
sleep 0.6
# ctrl+d is done with this follow-up; a second one is passed over the same way.
key C-d
wait_for "Follow up 2"
sleep 1.2
key C-d

# The rating screen: the right pane shows the answer; v switches it to the
# guide, then to the insights.
wait_for "Rate your answer"
sleep 2
key v
sleep 2.5
key v
sleep 2.5

# Stars for each phase and the whole answer (the cursor starts on
# Situation), then ticks for the five areas the story covered (all but the
# sceptics), and a note for next time.
key 4 Down 4 Down 3 Down 4 Down 4 Down
key Space Down Space Down Space Down Space Down Down Space Down
type_text "Say how I won over the sceptic."
sleep 1
key Enter

wait_for "Session complete"
sleep 3.5
key q
sleep 1
key C-d

# asciinema writes the end of the recording when the shell exits.
for ((i = 0; i < 100; i++)); do
  tm has-session -t demo 2>/dev/null || break
  sleep 0.1
done
if tm has-session -t demo 2>/dev/null; then
  echo "record-demo: the recording did not end" >&2
  exit 1
fi

# Tidy the recording for svg-term, whose terminal emulator is older than
# the app and reads a few of its modern sequences as something else:
# - CSI ? 5 W ("tab stops every 8 columns", as a new terminal has them
#   anyway) is taken for CSI 5 W, "clear all tab stops"; the app moves the
#   cursor with tabs, so text would land at the right edge.
# - The keyboard sequences with a private prefix, such as CSI > 4 ; 2 m
#   (xterm's modifyOtherKeys) and CSI > 1 u (the kitty keyboard), are taken
#   for colours and cursor moves: CSI > 4 m underlines everything after it.
# - The mode query CSI ? 2026 $ p and the kitty query CSI ? u.
# None of them changes what a terminal shows, so they are dropped. Then:
# - A screen the app writes at once can reach asciinema in several reads a
#   few microseconds apart, and svg-term would keep each half-drawn screen
#   as a frame: output less than 10 ms after the previous output joins it.
# - The recording stops at the shell prompt after the app quits (not at
#   the shell's "exit"), and that last screen is held for two seconds
#   before the animation starts again.
node - "$tmp/demo.cast" "$tmp/tidy.cast" <<'JS'
const fs = require('fs');
const [input, output] = process.argv.slice(2);
const [header, ...lines] = fs.readFileSync(input, 'utf8').split('\n').filter(Boolean);
const unseen = /\x1b\[(?:\?5W|[<=>][0-9;:]*[@-~]|\?[0-9;]*\$p|\?u)/g;
const events = [];
for (const line of lines) {
  const [time, kind, data] = JSON.parse(line);
  if (kind !== 'o') continue;
  const text = data.replace(unseen, '');
  const last = events[events.length - 1];
  if (last && time - last[0] < 0.01) {
    last[2] += text;
  } else {
    events.push([time, kind, text]);
  }
}
const quit = events.findLastIndex((e) => e[2].includes('\x1b[?1049l'));
const prompt = events.findIndex((e, i) =>
  i >= quit && e[2].slice(i === quit ? e[2].lastIndexOf('\x1b[?1049l') : 0).includes('$ '));
if (quit < 0 || prompt < 0) throw new Error('no shell prompt after the app quit');
events.length = prompt + 1;
events.push([events[prompt][0] + 2, 'o', '']);
fs.writeFileSync(output, [header, ...events.map((e) => JSON.stringify(e))].join('\n') + '\n');
JS

mkdir -p "$(dirname "$out")"
svg-term --in "$tmp/tidy.cast" --out "$out" --window --width 100 --height 30
size=$(du -k "$out" | cut -f1)
length=$(grep -o 'animation-duration:[0-9.]*' "$out" | head -n 1 | cut -d: -f2)
echo "record-demo: wrote $out (${size} KB, ${length%.*} s)" >&2
if [ "$size" -gt 2048 ]; then
  echo "record-demo: over 2 MB, too heavy for a README: shorten the notes" >&2
fi
