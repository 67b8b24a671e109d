#!/bin/sh
# bench/logs.sh: how fast smtpcode reads a Postfix log, mostly lines that record no
# delivery, as real logs are (connections, the queue manager), with distinct queue ids
# and recipients; against grep -c 'status=' on the same file. Not a test: it prints
# figures.
# usage: sh bench/logs.sh [LINES] [SMTPCODE]
lines=${1:-1000000}
bin=${2:-./smtpcode}
. "${0%/*}/lib.sh"

awk -v n="$lines" 'BEGIN {
	srand(1)
	for (i = 0; i < n; i++) {
		r = rand(); q = sprintf("%05X%05X", int(rand() * 1048576), i % 1048576)
		t = sprintf("Nov  4 10:%02d:%02d mx1", int(i / 60) % 60, i % 60)
		if (r < 0.55)
			printf "%s postfix/smtpd[%d]: connect from unknown[192.0.2.%d]\n", t, i % 999, i % 250
		else if (r < 0.70)
			printf "%s postfix/qmgr[1]: %s: from=<u%d@example.org>, size=%d, nrcpt=1 (queue active)\n", t, q, i, i
		else if (r < 0.85)
			printf "%s postfix/smtp[2]: %s: to=<r%d@example.com>, relay=mx.example.com[192.0.2.4]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as X%d)\n", t, q, i, i
		else if (r < 0.93)
			printf "%s postfix/smtp[2]: %s: to=<r%d@example.com>, relay=mx.example.com[192.0.2.4]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.4] said: 550 5.1.1 <r%d@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))\n", t, q, i, i
		else
			printf "%s postfix/smtpd[3]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 554 5.7.1 <x%d@example.org>: Relay access denied; from=<s%d@example.biz> to=<x%d@example.org> proto=ESMTP helo=<h>\n", t, i % 250, i, i, i
	}
}' >"$file"
size=$(wc -c <"$file")
echo "input: $lines lines, $size bytes"

run "grep -c status=" grep -c status=
run "smtpcode -q" "$bin" -q
run "smtpcode --format=json" "$bin" --format=json
run "smtpcode (text)" "$bin" --color=never
run "smtpcode --summary" "$bin" --summary
