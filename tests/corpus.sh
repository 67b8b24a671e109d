#!/bin/sh
# corpus.sh: a measurement, not a test: runs the SMTP replies of a corpus of real log
# lines (../shared/corpus/logs/expected.tsv, when present) through smtpcode, and
# prints how many were recognized, decided beyond the bare reply code, and by what.
# usage: sh tests/corpus.sh SMTPCODE CORPUSDIR
bin=${1:-./smtpcode}
dir=${2:-../shared/corpus/logs}
tsv=$dir/expected.tsv
[ -f "$tsv" ] || { echo "corpus.sh: no $tsv" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-corpus.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# reply_text is column 8; keep the rows that have one
awk -F'\t' 'NR > 1 && $8 != "" { print $8 }' "$tsv" >"$tmp/replies"
total=$(wc -l <"$tmp/replies")
"$bin" --format=csv <"$tmp/replies" >"$tmp/out.csv" 2>"$tmp/err"
recognized=$(grep -c '^[^,]*,true,\|^"[^"]*",true,' "$tmp/out.csv")
echo "replies in the corpus:       $total"
echo "recognized:                  $recognized"
echo "decided by (first match, table:key shape):"
"$bin" --format=json <"$tmp/replies" 2>/dev/null |
	sed -n 's/.*"decided_by":"\([a-z]*\):\([^"]*\)".*/\1 \2/p' |
	awk '{ k = $2; if (k ~ /^X\./) k = "enhanced"; else if (k ~ /xx$/) k = "class"; else if (k ~ /^[0-9][0-9][0-9]$/) k = "reply code"; n[$1 " " k]++ } END { for (i in n) printf "  %-30s %d\n", i, n[i] }' | sort
echo "with a reason:               $("$bin" --format=json <"$tmp/replies" 2>/dev/null | sed 's/,"matches":.*//' | grep -c '"reason":"')"
