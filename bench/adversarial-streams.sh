#!/bin/sh
# bench/adversarial-streams.sh: log streams and e-mails made to be slow or to grow
# memory, against benign input of about the same size. Logs (Postfix, LINES lines,
# each mode run with --summary and with -f json):
#   benign     distinct queue ids, a sender line and a bounce line for each
#   one-qid    one queue id on every line: the sender table holds one message forever
#   many-qids  a sender line for every one of LINES distinct queue ids, then their
#              bounces in the same order: the table of 4096 senders overflows
#   many-keys  every bounce of a new recipient domain and reply text: --summary's
#              tables of 128 keys overflow
# E-mails (MB megabytes each):
#   benign     a delivery report with a copy of the message of MB megabytes
#   nested     multiparts nested as deep as MB megabytes of boundaries make them
#   attached   a 50 MB (or MB) base64 attachment
#   recipients a report of one recipient group after another, MB megabytes of them
# Not a test: prints each input's time (best of three), its ratio to the benign one (all should be near
# 1: linear time) and peak memory (/usr/bin/time -f %M, when installed; all should be
# the same few MB: bounded state).
# usage: sh bench/adversarial-streams.sh [LINES] [MB] [SMTPCODE]
lines=${1:-1000000}
mb=${2:-50}
bin=${3:-./smtpcode}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-adv.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

timer=
[ -x /usr/bin/time ] && timer="/usr/bin/time -f %M -o $tmp/rss"

# measure FILE ARGS...: prints "SECONDS KB" for smtpcode ARGS reading FILE, the best
# of three runs (this machine's timings vary by a third from run to run)
measure() {
	f=$1
	shift
	cat "$f" >/dev/null
	best= kb=-
	for run in 1 2 3; do
		start=$(date +%s.%N)
		$timer "$bin" "$@" <"$f" >/dev/null 2>&1
		end=$(date +%s.%N)
		[ -n "$timer" ] && kb=$(tail -1 "$tmp/rss")
		best=$(echo "$end $start $best" | awk '{ t = $1 - $2; if ($3 != "" && $3 < t) t = $3; printf "%.3f", t }')
	done
	echo "$best $kb"
}

# report NAME BASE_SECONDS FILE ARGS...
report() {
	name=$1 base=$2 f=$3
	shift 3
	set -- $(measure "$f" "$@")
	awk -v n="$name" -v t="$1" -v b="$base" -v kb="$2" -v size="$(wc -c <"$f")" 'BEGIN {
		printf "  %-11s %7.1f MB %8.3f s  %6.2fx  %8s KB peak\n", n, size / 1e6, t,
		    (b > 0 ? t / b : 0), kb }'
}

# the log of a mode: LINES lines, half of them a sender's, half a bounce's
prog='{
	for (i = 0; i < n / 2; i++) {
		q = (mode == "one-qid") ? "4B1C2D3E4F" : sprintf("%010X", i)
		t = sprintf("Nov  4 10:%02d:%02d mx1", int(i / 60) % 60, i % 60)
		d = (mode == "many-keys") ? sprintf("d%d.example", i) : "example.com"
		w = (mode == "many-keys") ? "case " i : "in virtual mailbox table"
		if (mode == "many-qids" && i == 0)
			for (j = 0; j < n / 2; j++)
				printf "%s postfix/qmgr[1]: %010X: from=<u%d@example.org>, size=100, nrcpt=1 (queue active)\n", t, j, j
		else if (mode != "many-qids")
			printf "%s postfix/qmgr[1]: %s: from=<u%d@example.org>, size=100, nrcpt=1 (queue active)\n", t, q, i
		printf "%s postfix/smtp[2]: %s: to=<r%d@%s>, relay=mx.%s[192.0.2.4]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.%s[192.0.2.4] said: 550 5.1.1 <r%d@%s>: Recipient address rejected: User unknown %s (in reply to RCPT TO command))\n", t, q, i, d, d, d, i, d, w
	}
}'
for m in benign one-qid many-qids many-keys; do
	awk -v n="$lines" -v mode=$m "BEGIN $prog" >"$tmp/$m.log"
done

echo "logs: $lines lines each ($bin)"
for args in --summary "-f json"; do
	echo " $args"
	base=$(measure "$tmp/benign.log" $args | cut -d' ' -f1)
	for m in benign one-qid many-qids many-keys; do
		report $m "$base" "$tmp/$m.log" $args
	done
done

# e-mails: the header of a delivery report, then a body of about MB megabytes
bytes=$((mb * 1024 * 1024))
head_of() {
	printf 'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: a@example.org\n'
	printf 'Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
	printf -- '--B\nContent-Type: text/plain\n\n<r@example.com>: host mx.example.com[192.0.2.4] said: 550 5.1.1 User unknown (in reply to RCPT TO command)\n\n'
	printf -- '--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n'
	printf 'Final-Recipient: rfc822; r@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n'
}
{
	head_of
	printf -- '--B\nContent-Type: message/rfc822\n\nFrom: a@example.org\nSubject: hello\n\n'
	awk -v b="$bytes" 'BEGIN { l = "the text of the returned message, one line of it after another"; for (n = 0; n < b; n += 64) print l }'
	printf -- '--B--\n'
} >"$tmp/benign.eml"
{
	head_of
	awk -v b="$bytes" 'BEGIN { for (n = i = 0; n < b; i++) { l = sprintf("--N%d\nContent-Type: multipart/mixed; boundary=\"N%d\"\n\n", i, i + 1); printf "%s", l; n += length(l) } }'
	printf -- '--B--\n'
} >"$tmp/nested.eml"
{
	head_of
	printf -- '--B\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n'
	awk -v b="$bytes" 'BEGIN { l = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"; for (n = 0; n < b; n += 77) print l }'
	printf -- '--B--\n'
} >"$tmp/attached.eml"
{
	head_of
	awk -v b="$bytes" 'BEGIN { for (n = i = 0; n < b; i++) { l = sprintf("Final-Recipient: rfc822; r%d@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n", i); printf "%s", l; n += length(l) } }'
	printf -- '--B--\n'
} >"$tmp/recipients.eml"

echo "e-mails: about $mb MB each"
base=$(measure "$tmp/benign.eml" -f json | cut -d' ' -f1)
for m in benign nested attached recipients; do
	report $m "$base" "$tmp/$m.eml" -f json
done
