#!/bin/sh
# gentables.sh: a malformed table row stops the build with FILE:LINE: what is wrong,
# and writes nothing. $GENTABLES is the generator the Makefile built.
. tests/lib.sh
SMTPCODE=${GENTABLES:-build/gentables}
d=tests/data/gentables
r=codes/reasons.csv
gen="$tmp/tables.c"

t "a good table is written" 0 --noerr -- "$gen" $r $d/good.csv
if [ -s "$gen" ]; then
	n=$((n + 1)); echo "ok $n - the generated file exists"
else
	n=$((n + 1)); not_ok "$gen was not written"
fi
rm -f "$gen"
t "a bad class names file and line" 1 --err "$d/bad-class.csv:3: class: 'dead'" -- "$gen" $r $d/bad-class.csv
if [ -e "$gen" ]; then
	n=$((n + 1)); not_ok "a failed run left $gen behind"
else
	n=$((n + 1)); echo "ok $n - a failed run writes nothing"
fi
t "an unknown reason" 1 --err "$d/bad-reason.csv:2: reason: no reason 'nosuchreason'" -- "$gen" $r $d/bad-reason.csv
t "a wrong header" 1 --err "$d/bad-header.csv:1: the header must be" -- "$gen" $r $d/bad-header.csv
t "an unclosed quote" 1 --err "$d/bad-quote.csv:2: malformed CSV" -- "$gen" $r $d/bad-quote.csv
t "a missing source" 1 --err "$d/no-source.csv:2: source: must not be empty" -- "$gen" $r $d/no-source.csv
t "a summary ending in a period" 1 --err "$d/period.csv:2: summary: no final period" -- "$gen" $r $d/period.csv
t "a key twice" 1 --err "$d/twice.csv:3: key '550' again (also $d/twice.csv:2)" -- "$gen" $r $d/twice.csv
t "all errors are reported, then counted" 1 --err "2 errors in the tables" -- "$gen" $r $d/bad-header.csv
t "the real tables pass" 0 --noerr -- "$gen" codes/reasons.csv codes/generic-reply.csv \
	codes/generic-enhanced.csv codes/finalsite.csv codes/smaily.csv codes/mailenable.csv
done_testing
