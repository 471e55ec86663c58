#!/usr/bin/env bash
# Runs a command and succeeds only if it exits with exactly the status given
# first: `%exit1 tool args` is `not tool args` that also rejects crashes,
# sanitizer aborts and any status other than 1 (the tools' error contract,
# docs/architecture.md section 4). Output passes through.
want=$1
shift
"$@"
status=$?
if ((status != want)); then
  echo "exit-status.sh: '$1' exited with status $status, expected $want" >&2
  exit 1
fi
exit 0
