#!/bin/sh
# run.sh: runs the unit test binaries and the end-to-end tests, and prints the totals
# usage: sh tests/run.sh UNIT_BINARY... -- SMTPCODE GENTABLES
passed=0
failed=0
skipped=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	out=$("$1" 2>&1)
	status=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$status" -ne 0 ] && [ -z "$f" ]; then
		echo "$1: exit status $status"
		failed=$((failed + 1))
	fi
	shift
done
[ "$1" = "--" ] && shift
export SMTPCODE="${1:-./smtpcode}"
export GENTABLES="${2:-build/gentables}"
for script in tests/cli.sh tests/cases.sh tests/seeds.sh tests/words.sh tests/hostile.sh tests/gentables.sh tests/docs.sh tests/prose.sh tests/lost.sh tests/ahead.sh; do
	out=$(sh "$script")
	status=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep '^ok ' | grep -vc '# SKIP')
	k=$(printf '%s\n' "$out" | grep -c '^ok .*# SKIP')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	passed=$((passed + p))
	skipped=$((skipped + k))
	failed=$((failed + f))
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$script: exit status $status"
		failed=$((failed + 1))
	fi
done
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
