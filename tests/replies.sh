#!/bin/sh
# replies.sh: a measurement, not a test: runs the replies of a corpus of real bounce
# replies with the reason sisimai's tests expect (../shared/corpus/replies/
# sisimai-dev.tsv, when present) through smtpcode, one reply per input, and prints the
# agreement on the reason and on hard/soft, and the confusions.
# usage: sh tests/replies.sh SMTPCODE TSV [-v]
bin=${1:-./smtpcode}
tsv=${2:-../shared/corpus/replies/sisimai-dev.tsv}
verbose=${3:-}
[ -f "$tsv" ] || { echo "replies.sh: no $tsv" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-replies.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# id, reason, hard, reply: the rows that have a reply
awk -F'\t' 'NR > 1 && $4 != "" { print $1 "\t" $5 "\t" $6 }' "$tsv" >"$tmp/want"
awk -F'\t' 'NR > 1 && $4 != "" { print $4 }' "$tsv" >"$tmp/replies"
# one input per line: an empty line between them, so that no two join as one reply
sed 's/$/\n/' "$tmp/replies" | "$bin" --format=json 2>/dev/null |
	sed 's/,"matches":.*//' |
	awk '{
		r = ""; f = ""; b = ""; d = ""
		if (match($0, /"reason":"[a-z]*"/)) r = substr($0, RSTART + 10, RLENGTH - 11)
		if (match($0, /"refines":"[a-z]*"/)) f = substr($0, RSTART + 11, RLENGTH - 12)
		if (match($0, /"bounce":"[a-z]*"/)) b = substr($0, RSTART + 10, RLENGTH - 11)
		if (match($0, /"decided_by":"[^"]*"/)) d = substr($0, RSTART + 14, RLENGTH - 15)
		print (r == "" ? "-" : r) "\t" (f == "" ? "-" : f) "\t" (b == "" ? "-" : b) "\t" d
	}' >"$tmp/got"
if [ "$(wc -l <"$tmp/got")" -ne "$(wc -l <"$tmp/want")" ]; then
	echo "replies.sh: $(wc -l <"$tmp/got") results for $(wc -l <"$tmp/want") replies" >&2
	exit 1
fi
# the tables of providers' own meanings, and the replies a provider was told for
owntables=$("$bin" --list --format=csv | awk -F, '$2 == "provider" { printf "%s ", $1 }')
named=$(sed 's/$/\n/' "$tmp/replies" | "$bin" --format=json 2>/dev/null | grep -c '"provider":"')
paste "$tmp/want" "$tmp/got" "$tmp/replies" | awk -F'\t' -v verbose="$verbose" -v own="$owntables" -v named="$named" '
BEGIN { k = split(own, t, " "); for (i = 1; i <= k; i++) isown[t[i]] = 1 }
{
	want = $2; hard = $3; got = $4; refines = $5; bounce = $6
	n++
	# sisimai'"'"'s onhold and undefined say it could not decide: smtpcode says so with a
	# null reason
	ok = got == want || refines == want || (got == "-" && (want == "onhold" || want == "undefined"))
	split($7, d, ":")
	if (d[1] in isown) { byown++; if (ok) ownok++ }
	if (ok) agree++
	else { confusion[want " -> " got]++; if (verbose) printf "%s\t%s -> %s\t%s\t%s\n", $1, want, got, $7, substr($8, 1, 160) }
	if (hard != "") {
		hn++
		# sisimai'"'"'s flag is hardbounce: a failure that is not hard is 0, whether or
		# not anything is known of the address; so smtpcode'"'"'s null bounce is "not hard"
		gh = bounce == "hard" ? "1" : "0"
		if (bounce == "-") hnull++
		if (gh == hard) hagree++
		else hconf[(hard == "1" ? "hard" : "not hard") " -> " (gh == "1" ? "hard" : bounce == "soft" ? "soft" : "null")]++
	}
}
END {
	printf "replies:        %d\n", n
	printf "reason agrees:  %d (%.1f%%)\n", agree, 100 * agree / n
	printf "hard or not:    %d of %d (%.1f%%); %d with a null bounce\n", hagree, hn, 100 * hagree / hn, hnull
	printf "provider named: %d; decided by a provider'"'"'s row: %d, of which %d agree\n", named, byown, ownok
	print "reason confusions (sisimai -> smtpcode):"
	for (c in confusion) printf "  %4d  %s\n", confusion[c], c | "sort -rn"
	close("sort -rn")
	print "hard/soft confusions:"
	for (c in hconf) printf "  %4d  %s\n", hconf[c], c
}'
