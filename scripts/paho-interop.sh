#!/usr/bin/env bash
# Runs the Eclipse Paho interoperability suites (eclipse-paho/paho.mqtt.testing, interoperability/client_test.py for
# MQTT 3.1.1 and client_test5.py for MQTT 5) against a started broker, and prints each suite's score and failing tests.
#
#   scripts/paho-interop.sh <checkout of paho.mqtt.testing> [host:port] [topic prefix]
#   scripts/paho-interop.sh /tmp/paho-testing localhost:1883          # the suites as they are
#   scripts/paho-interop.sh /tmp/paho-testing localhost:1883 dev/     # their topics moved under dev/
#
# Two tests check how the suites' own broker is configured; start Lowband with what they expect (docs/conformance.md):
#   --lowband.broker.max-keep-alive=60s --lowband.broker.refused-filters=<prefix>test/nosubscribe
#
# Fetches nothing: it needs only python3 (the suites bring their own MQTT client). It runs a copy of the suites in a
# temporary directory and never edits the checkout. In the copy the host and port are written in as the suites'
# defaults (client_test.py as shipped passes -p on to unittest, which refuses it). With a prefix, every topic the
# suites use ("TopicA", "+/+", "#", "client_test5/", "test/nosubscribe", ...) gets it in front, also the "#" of their
# clean-up, so a broker that refuses top-level wildcards (Lowband does, by design) can still run them; a topic keeps
# its number of levels relative to the prefix, so what each filter matches is unchanged. Set PAHO_LOGS=<dir> to keep
# each suite's full output there. Each test gets at most PAHO_TEST_TIMEOUT seconds (default 60), each suite
# PAHO_SUITE_TIMEOUT (default 1800).
set -euo pipefail

usage() {
  echo "usage: $0 <paho.mqtt.testing checkout> [host:port (localhost:1883)] [topic prefix, e.g. dev/]" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 3 ]] || usage
suite_dir="$1/interoperability"
target="${2:-localhost:1883}"
prefix="${3:-}"
host="${target%:*}"
port="${target##*:}"
[[ -f "$suite_dir/client_test.py" && -f "$suite_dir/client_test5.py" ]] \
  || { echo "no suites in $suite_dir" >&2; usage; }
[[ "$port" =~ ^[0-9]+$ && "$host" =~ ^[A-Za-z0-9.-]+$ && "$host" != "$target" ]] \
  || { echo "bad host:port '$target'" >&2; usage; }
if [[ -n "$prefix" ]]; then
  [[ "$prefix" =~ ^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/?$ ]] \
    || { echo "bad prefix '$prefix' (plain levels only)" >&2; usage; }
  [[ "$prefix" == */ ]] || prefix="$prefix/"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$suite_dir/." "$work/"

# Every topic literal of the suites, where a list, a call or an assignment starts it or after ", " (so that
# topics[0]+"/#" in the subscription identifier test, which extends an already prefixed topic, is left alone).
# client_test5.py's main block also builds topic lists as topic_prefix+topic; its tests never use them (setData()
# sets the plain lists again), so those two lines stay as they are and only topic_prefix itself is prefixed.
topic_literals='TopicA\|TopicA/B\|Topic/C\|TopicA/C\|/TopicA\|TopicA/+\|+/C\|#\|/#\|/+\|+/+\|TopicA/#'
topic_literals+='\|test/nosubscribe\|client_test5/'

rewrite() {
  local file="$work/$1"
  sed -i -e "s/^\( *\)host = \"localhost\"$/\1host = \"$host\"/" -e "s/^\( *\)port = 1883$/\1port = $port/" "$file"
  grep -q "port = $port\$" "$file" || { echo "could not set the port in $1 (has the suite changed?)" >&2; exit 1; }
  if [[ -n "$prefix" ]]; then
    sed -i -e "/topic_prefix+topic/!s%\([[(]\|, \|= \)\"\($topic_literals\)\"%\1\"$prefix\2\"%g" "$file"
    grep -q "\"${prefix}TopicA/B\"" "$file" && grep -q "\[\"${prefix}#\"\]" "$file" \
      || { echo "could not prefix the topics in $1 (has the suite changed?)" >&2; exit 1; }
  fi
}

run_suite() {
  local file="$1" title="$2" log="$work/${1%.py}.log" ran failed
  rewrite "$file"
  (cd "$work" && timeout "${PAHO_SUITE_TIMEOUT:-1800}" python3 run_with_limit.py "${PAHO_TEST_TIMEOUT:-60}" "$file") \
    >"$log" 2>&1 || true
  if [[ -n "${PAHO_LOGS:-}" ]]; then
    mkdir -p "$PAHO_LOGS" && cp "$log" "$PAHO_LOGS/"
  fi
  ran="$(sed -n 's/^Ran \([0-9]*\) tests\? in .*/\1/p' "$log")"
  failed="$(sed -n 's/^\(FAIL\|ERROR\): \([A-Za-z0-9_]*\).*/\2/p' "$log" | sort -u)"
  if [[ -z "$ran" || "$failed" == *setUpClass* ]]; then
    echo "$title: no result (broker not reachable, or the whole suite timed out):"
    { grep -E '^[A-Za-z]*(Error|Exception|TimedOut)' "$log" || tail -n 5 "$log"; } | tail -n 3 | sed 's/^/  /'
    return
  fi
  echo "$title: $((ran - $(grep -c . <<<"$failed" || true)))/$ran passed"
  for test in $failed; do
    if grep -q "TestTimedOut: $test " "$log"; then
      echo "  failed: $test (no result within ${PAHO_TEST_TIMEOUT:-60} s)"
    else
      echo "  failed: $test"
    fi
  done
}

# A test that waits for something the broker never sends would stop the whole suite (client_test5.py's
# test_flow_control2 publishes one QoS 2 message past the announced Receive Maximum and waits, without a limit, for a
# DISCONNECT 0x93 that neither Lowband nor Mosquitto 2.0.11 sends). So this runs the suite as its own main, with each
# test ended by SIGALRM after a limit and counted as an error.
cat >"$work/run_with_limit.py" <<'PY'
import runpy, signal, sys, unittest

limit, suite = int(sys.argv[1]), sys.argv[2]


class TestTimedOut(Exception):
    pass


def run_with_limit(test, result=None, run=unittest.TestCase.run):
    def timed_out(signum, frame):
        raise TestTimedOut(f"{test._testMethodName} had no result within {limit} s")

    signal.signal(signal.SIGALRM, timed_out)
    signal.setitimer(signal.ITIMER_REAL, limit, 5)  # again every 5 s if the suite's client swallows it
    try:
        return run(test, result)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


unittest.TestCase.run = run_with_limit
sys.argv = [suite]
runpy.run_path(suite, run_name="__main__")
PY

echo "Paho interoperability against $host:$port, topics ${prefix:+under }${prefix:-as the suites have them}"
echo "suites: $(git -C "$1" rev-parse --short HEAD 2>/dev/null || echo "$1")"
run_suite client_test.py "MQTT 3.1.1 (client_test.py)"
run_suite client_test5.py "MQTT 5 (client_test5.py)"
