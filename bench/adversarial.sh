#!/bin/sh
# bench/adversarial.sh: inputs made to be slow, against benign input of the same size:
# 64 KiB lines of near-misses (a dotted run that never ends in a domain, an IP address
# that goes on, '<' and '@' that start no address, repeated announcements of a reply,
# a reply's codes over and over, a phrase's start repeated). Not a test: it prints the
# time of each and its ratio to the benign file; all should be near 1.
# usage: sh bench/adversarial.sh [LINES] [SMTPCODE]
lines=${1:-50}
bin=${2:-./smtpcode}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-adv.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# make NAME PIECE: LINES lines of "550 " and PIECE repeated to about 64000 bytes
make() {
	awk -v n="$lines" -v p="$2" 'BEGIN {
		k = int(64000 / length(p)); line = "550 "
		for (i = 0; i < k; i++) line = line p
		for (i = 0; i < n; i++) print line }' >"$tmp/$1"
}
make benign "the mailbox of the user is not known here "
make dotted "x."
make ip "1.2.3.4."
make angle "<"
make at "a@"
make codes "550-5.1.1 "
make said "said: "
make reply "(in reply to "
make prefix "mailbox "
make quote '"'

time_of() {
	start=$(date +%s.%N)
	"$bin" -q <"$tmp/$1" >/dev/null 2>&1
	end=$(date +%s.%N)
	echo "$end $start" | awk '{ printf "%.3f", $1 - $2 }'
}
base=$(time_of benign)
printf '%-8s %8s s\n' benign "$base"
for f in dotted ip angle at codes said reply prefix quote; do
	t=$(time_of $f)
	printf '%-8s %8s s  %6.1fx\n' $f "$t" "$(echo "$t $base" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }')"
done
