#!/bin/sh
# cases.sh: expected-output tests: each tests/cases/NAME.args holds a title line and
# a line of arguments (shell words); NAME.stdin, when present, is the standard input.
# The output must be exactly NAME.out, the messages NAME.err, the exit status
# NAME.status. With UPDATE=1, the expected files are written from the binary instead
# (make update-cases): read the diff before committing it.
# usage: sh tests/cases.sh [SMTPCODE]
. tests/lib.sh
SMTPCODE=${1:-$SMTPCODE}
for args in tests/cases/*.args; do
	c=${args%.args}
	title=$(sed -n 1p "$args")
	line=$(sed -n 2p "$args")
	stdin=/dev/null
	[ -f "$c.stdin" ] && stdin=$c.stdin
	n=$((n + 1))
	title="$(basename "$c"): ${title#\# }"
	eval "set -- $line"
	$SMTPCODE_WRAP $SMTPCODE "$@" <"$stdin" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/out" "$c.out"
		cp "$tmp/err" "$c.err"
		cp "$tmp/status" "$c.status"
		echo "ok $n - $title # updated"
		continue
	fi
	bad=""
	for part in status out err; do
		if [ ! -f "$c.$part" ]; then
			bad="$bad $part: no $c.$part"
		elif ! cmp -s "$c.$part" "$tmp/$part"; then
			bad="$bad $part"
			diff "$c.$part" "$tmp/$part" | head -20 | sed 's/^/# /' >"$tmp/diff.$part"
		fi
	done
	if [ -n "$bad" ]; then
		not_ok "differs:$bad"
		cat "$tmp"/diff.* 2>/dev/null
		rm -f "$tmp"/diff.*
	else
		echo "ok $n - $title"
	fi
done
done_testing
