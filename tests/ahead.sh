#!/bin/sh
# ahead.sh: a log read ahead in a thread of its own (what a script reading smtpcode's
# output gets) says exactly what the same log read line by line says (--line-buffered,
# as on a terminal): the same output, messages and exit status in every mode, on every
# log and text of tests/data, and on a stream that mixes them with multi-line replies,
# blank lines and a line longer than the limit, long enough to go round the ring of
# batches many times; and on a log that starts with words.
# usage: SMTPCODE=./smtpcode sh tests/ahead.sh
. "${0%/*}/lib.sh"

# the mix: the files' lines dealt out in turn, with replies of many lines among them
files=$(find tests/data -maxdepth 1 -type f \( -name '*.log' -o -name '*.txt' -o -name '*.csv' \) |
	sort)
awk 'BEGIN { srand(7) }
	{ line[n++] = $0 }
	END {
		for (k = 0; k < 12; k++)
			for (i = 0; i < n; i++) {
				print line[(i * 7 + k) % n]
				r = rand()
				if (r < 0.02) { print "550-5.7.1 first part"; print "550 5.7.1 last part" }
				else if (r < 0.03) print ""
				else if (r < 0.04) print "550-5.7.1 cut short by the next line"
			}
		s = "x"
		while (length(s) < 70000)
			s = s s
		print s
	}' $files >"$tmp/mix.log"

# a log that starts with words: its first log line makes it a log, and the words
# after it its noise
{
	echo "words that are no reply"
	grep -h 'connect from' tests/data/postfix.log | head -n 2
	echo "more words that are no reply"
	cat tests/data/postfix.log
} >"$tmp/late.log"

for f in $files "$tmp/mix.log" "$tmp/late.log"; do
	for mode in "" "--all --format=json" "--format=csv" "--summary" "--summary --format=json" "-q"; do
		n=$((n + 1))
		title="read ahead as line by line: ${f##*/} $mode"
		# (the options word by word)
		# shellcheck disable=SC2086
		$SMTPCODE_WRAP "$SMTPCODE" $mode <"$f" >"$tmp/a.out" 2>"$tmp/a.err"
		a=$?
		# shellcheck disable=SC2086
		$SMTPCODE_WRAP "$SMTPCODE" --line-buffered $mode <"$f" >"$tmp/b.out" 2>"$tmp/b.err"
		b=$?
		if [ "$a" != "$b" ] || ! cmp -s "$tmp/a.out" "$tmp/b.out" ||
		    ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
			not_ok "status $a against $b" "$(diff "$tmp/a.out" "$tmp/b.out" | head -5)" \
				"$(diff "$tmp/a.err" "$tmp/b.err" | head -5)"
		else
			echo "ok $n - $title"
		fi
	done
done
echo "1..$n"
echo "# ahead.sh: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
