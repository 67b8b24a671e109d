#!/bin/sh
# lost.sh: nothing is lost. Each file is read through --summary, and the lines it
# counts (deliveries, rejections, context, other, replies, blank, lines of e-mails)
# must add up to the lines it read, and those to the file's lines. With no file named,
# every input file of the test suite's own (tests/data); make check-corpus
# names the files of ../shared/corpus/logs and the e-mails of ../shared/corpus/bounces.
# usage: SMTPCODE=./smtpcode sh tests/lost.sh [FILE...]
. "${0%/*}/lib.sh"

if [ $# -eq 0 ]; then
	set -- $(find tests/data -type f \( -name '*.log' -o -name '*.txt' -o -name '*.eml' \) |
		sort)
fi
bad=
for f; do
	[ -f "$f" ] || continue
	# a last line without its newline is a line too
	want=$(awk 'END { print NR }' "$f")
	got=$($SMTPCODE --summary --format=json <"$f" 2>/dev/null | awk '{
		n = 0; split("deliveries rejections context other replies blank mail", k, " ")
		for (i = 1; i in k; i++)
			if (match($0, "\"" k[i] "\":[0-9]+"))
				n += substr($0, RSTART + length(k[i]) + 3, RLENGTH - length(k[i]) - 3)
		lines = match($0, /"lines":[0-9]+/) ? substr($0, RSTART + 8, RLENGTH - 8) : -1
		print n, lines }')
	counted=${got% *} read=${got#* }
	if [ "$counted" != "$want" ] || [ "$read" != "$want" ]; then
		bad="$bad $f ($read read, $counted counted, $want lines)"
	fi
done
n=1
title="every line read is counted, and the counts add up to the lines read"
if [ -z "$bad" ]; then echo "ok $n - $title"; else not_ok "lost:$bad"; fi
