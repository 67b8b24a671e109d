#!/bin/sh
# corpus.sh: a measurement, not a test: runs the SMTP replies of a corpus of real log
# lines (../shared/corpus/logs/expected.tsv, when present) through smtpcode, and
# prints how many were recognized, decided beyond the bare reply code, and by what;
# and, for every family of the corpus, runs the log files
# themselves and compares line by line: found, extra, and code, status, recipient,
# stage and reply one by one (V=1 lists the differences).
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

# the log lines themselves, for the families smtpcode reads as logs: every expected
# line found, none extra, and the fields compared one by one
for fam in $(awk -F'\t' 'NR > 1 { print $3 }' "$tsv" | sort -u); do
	: >"$tmp/want.$fam"
	: >"$tmp/got.$fam"
	for f in $(awk -F'\t' -v fam="$fam" 'NR > 1 && $3 == fam { print $1 }' "$tsv" | sort -u); do
		awk -F'\t' -v f="$f" 'NR > 1 && $1 == f { r = $8; sub(/[ \t]+$/, "", r); print f "\t" $2 "\t" $5 "\t" $6 "\t" $7 "\t" $9 "\t" r }' "$tsv" >>"$tmp/want.$fam"
		"$bin" --all --format=json <"$dir/$f" 2>/dev/null | awk -v f="$f" '
		function val(k,   r) {
			if (match($0, "\"" k "\":\"([^\"\\\\]|\\\\.)*\"")) {
				r = substr($0, RSTART + length(k) + 4, RLENGTH - length(k) - 5)
				gsub(/\\"/, "\"", r); gsub(/\\\\/, "\\", r); return r
			}
			if (match($0, "\"" k "\":[0-9]+")) return substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
			return ""
		}
		{ line = $0; sub(/,"matches":.*\],"line"/, ",\"line\"", line); $0 = line
		  e = val("dsn") != "" ? val("dsn") : val("enhanced")
		  r = val("reply"); sub(/[ \t]+$/, "", r)
		  print f "\t" val("line") "\t" val("code") "\t" e "\t" val("recipient") "\t" val("stage") "\t" r }' >>"$tmp/got.$fam"
	done
	awk -F'\t' -v fam="$fam" '
	FNR == NR { k = $1 ":" $2; want[k] = $0; n++; next }
	{ k = $1 ":" $2; if (!(k in want)) { extra++; if (ENVIRON["V"]) print "extra: " $0; next } found++; split(want[k], w, "\t")
	  # the stage in the words of smtpcode (EHLO is HELO, BDAT and END-OF-DATA are DATA, VRFY
	  # and EXPN are RCPT), the corpus writes the command
	  s = w[6]; if (s == "EHLO") s = "HELO"; if (s == "BDAT" || s == "END-OF-DATA") s = "DATA"; if (s == "VRFY" || s == "EXPN") s = "RCPT"; w[6] = s
	  for (i = 3; i <= 7; i++) if (w[i] == $i) ok[i]++; else if (ENVIRON["V"]) print "differs: " i ": want " w[i] " got " $i " (" $1 ":" $2 ")" }
	END {
		printf "%s lines: %d expected, %d found, %d reported that were not expected\n", fam, n, found, extra
		split("- - code status recipient stage reply", name, " ")
		for (i = 3; i <= 7; i++) printf "  %-10s %d of %d agree\n", name[i], ok[i], found
	}' "$tmp/want.$fam" "$tmp/got.$fam"
done
