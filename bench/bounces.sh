#!/bin/sh
# bench/bounces.sh: how many bounce e-mails a second smtpcode explains: an mbox of the
# bounce corpus (../shared/corpus/bounces when it is there, else our own fixtures in
# tests/data/mail) copied COPIES times, read as one stream; and the same e-mails as
# files with --mail. Not a test: it prints figures.
# usage: sh bench/bounces.sh [COPIES] [SMTPCODE]
copies=${1:-100}
bin=${2:-./smtpcode}
lines=0
. "${0%/*}/lib.sh"
file=$tmp/bounces.mbox
src=../shared/corpus/bounces
ls "$src"/*.eml >/dev/null 2>&1 || src=tests/data/mail
# one mbox: each e-mail after a "From " line, its own "From " lines quoted
for f in "$src"/*.eml; do
	echo "From MAILER-DAEMON Thu Apr 29 23:34:45 2010"
	sed 's/^From />From /' "$f"
	echo
done >"$tmp/one.mbox"
n=$(grep -c '^From MAILER-DAEMON' "$tmp/one.mbox")
i=0
while [ "$i" -lt "$copies" ]; do
	cat "$tmp/one.mbox"
	i=$((i + 1))
done >"$file"
size=$(wc -c <"$file")
lines=$(wc -l <"$file")
mails=$((n * copies))
cat "$file" >/dev/null
echo "input: $mails e-mails ($n from $src, $copies times), $lines lines, $size bytes"
report() {
	awk -v l="$1" -v t="$t" -v m="$mails" 'BEGIN { printf "%-28s %10.0f e-mails/s\n", l, m / t }'
}
run "smtpcode -q (mbox)" "$bin" -q
report "  -q"
run "smtpcode --summary (mbox)" "$bin" --summary
report "  --summary"
run "smtpcode --format=json (mbox)" "$bin" --format=json
report "  --format=json"
# the same e-mails as files: each opened and read
mkdir "$tmp/files"
i=0
while [ "$i" -lt "$copies" ] && [ "$i" -lt 20 ]; do
	for f in "$src"/*.eml; do cp "$f" "$tmp/files/$i-${f##*/}"; done
	i=$((i + 1))
done
nf=$(ls "$tmp/files" | wc -l)
start=$(date +%s.%N)
"$bin" -q --mail "$tmp/files" >/dev/null 2>&1
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$nf" 'BEGIN { t = e - s; printf "%-28s %8.3f s  %10.0f e-mails/s (%d files)\n", "smtpcode -q --mail DIR", t, n / t, n }'
