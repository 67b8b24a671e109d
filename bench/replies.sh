#!/bin/sh
# bench/replies.sh: how fast smtpcode reads real-shaped reply lines, 100 to 400 bytes:
# wrapped by the sending MTA (Postfix, Exim, qmail, Exchange, Diagnostic-Code), bare,
# multi-line replies made one line, and non-English, with variable addresses, hosts
# and numbers; against grep -c on the same file. Not a test: it prints figures.
# usage: sh bench/replies.sh [LINES] [SMTPCODE]
lines=${1:-1000000}
bin=${2:-./smtpcode}
. "${0%/*}/lib.sh"

awk -v n="$lines" 'BEGIN {
	srand(1)
	t[1] = "host mx%d.example%d.com[192.0.2.%d] said: 550 5.1.1 <user%d@example%d.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)"
	t[2] = "SMTP error from remote mail server after RCPT TO:<u%d@example%d.jp>: host mx.example.jp [198.51.100.%d]: 550 5.7.1 Service unavailable; client [203.0.113.%d] blocked using zen.spamhaus.org %d"
	t[3] = "550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 Authentication results: DKIM = did not pass SPF [example%d.com] with ip: [192.0.2.%d] = did not pass %d-%d gsmtp"
	t[4] = "452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.example.com/mail/?p=OverQuotaTemp id%dx%d-%d.%d - gsmtp"
	t[5] = "Remote Server returned %c550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup%c %d %d %d"
	t[6] = "421 4.7.0 [TSS04] Messages from 192.0.2.%d temporarily deferred due to unexpected volume or user complaints - 4.16.55.%d; see https://postmaster.example.com/error-codes %d %d"
	t[7] = "Diagnostic-Code: smtp; 554 5.7.1 Message rejected because of spam content; score %d.%d, queue id %dA%d"
	t[8] = "550 5.1.1 Benutzer unbekannt: <user%d@example%d.de> Das Postfach existiert nicht (%d, %d)"
	t[9] = "552 5.2.2 Boîte aux lettres pleine pour <u%d@example%d.fr>, veuillez réessayer plus tard %d %d"
	t[10] = "550 5.1.1 用户不存在 / user not found: u%d@example%d.cn (%d %d)"
	t[11] = "192.0.2.%d does not like recipient. Remote host said: 550 Sorry, no mailbox here by that name. (#5.1.1) Giving up on 192.0.2.%d. %d %d"
	t[12] = "connect to mx.example%d.net[192.0.2.%d]:25: Connection timed out after %d seconds (attempt %d)"
	t[13] = "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. id%d-%d.%d.%d - gsmtp"
	t[14] = "554 4.4.7 Message expired: unable to deliver in %d minutes.<421 4.4.2 Connection timed out to mx%d.example.com [192.0.2.%d]> %d"
	k = 14
	for (i = 0; i < n; i++) {
		j = int(rand() * k) + 1
		a = int(rand() * 250); b = int(rand() * 99); c = int(rand() * 250); d = int(rand() * 9999)
		if (j == 5)
			printf t[j] "\n", 39, 39, a, b, c
		else
			printf t[j] "\n", a, b, c, d, b
	}
}' >"$file"
size=$(wc -c <"$file")
echo "input: $lines lines, $size bytes ($(awk -v s="$size" -v n="$lines" 'BEGIN { printf "%.0f", s / n }') bytes a line)"

run "grep -c 5" grep -c 5
run "smtpcode -q" "$bin" -q
run "smtpcode --format=json" "$bin" --format=json
run "smtpcode --format=csv" "$bin" --format=csv
