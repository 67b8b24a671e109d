#!/bin/sh
# bench/run.sh: how fast smtpcode explains a large stream of replies, against the
# time grep -c takes to read the same file. Not a test: it prints figures.
# usage: sh bench/run.sh [LINES] [SMTPCODE]
lines=${1:-1000000}
bin=${2:-./smtpcode}
. "${0%/*}/lib.sh"

# a mix of what admins paste: bare codes, enhanced codes, reply lines, vendor texts
awk -v n="$lines" 'BEGIN {
	split("550|421|5.7.26|250|451 4.7.1 Greylisted, try again later|" \
	      "550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in virtual mailbox table|" \
	      "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org|" \
	      "451 This server employs greylisting as a means of reducing spam. Please resend e-mail shortly|" \
	      "451 ESMTP MailEnable Service temporarily refused connection at 10:01:02 from IP [198.51.100.4] because the server is too busy|" \
	      "552 5.2.2 Mailbox full|mailbox-full|1001|Dropped|452 4.5.3 Too many recipients|" \
	      "503 Bad sequence of commands.  Could not process RCPT command when in this state", r, "|")
	k = 0; for (i in r) k++
	for (i = 0; i < n; i++) print r[i % k + 1]
}' >"$file"
size=$(wc -c <"$file")
echo "input: $lines lines, $size bytes"

run "grep -c 5" grep -c 5
run "smtpcode -q" "$bin" -q
run "smtpcode --format=json" "$bin" --format=json
run "smtpcode --format=csv" "$bin" --format=csv
run "smtpcode (text)" "$bin" --color=never
