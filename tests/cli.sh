#!/bin/sh
# cli.sh: end-to-end tests of the built binary: inputs, formats, exit statuses
. tests/lib.sh
d=tests/data

# what the README and the man page promise
t "550 in general, and what each vendor says of it" 0 --noerr \
	--has "class:      permanent" --has "finalsite 550" --has "smaily 550" \
	--lacks "mailenable 550" -- 550
t "the short answer first: about 15 lines" 0 --lines 14 -- 550
t "-v: every row in full" 0 --has "finalsite 550 (code), finalsite.csv:" --has "The most common permanent refusal" -- -v 550
t "an enhanced code from the registry" 0 --noerr --has "authfailure" --has "RFC 7372" -- 5.7.26
t "a code and its enhanced code typed unquoted are one reply" 0 --lines 1 \
	--has '"code":550,"enhanced":"5.1.1"' --has '"reason":"userunknown"' \
	-- --format=json 550 5.1.1
t "a whole reply typed unquoted is one input" 0 --lines 1 --has '"bounce":"hard"' \
	-- --format=json 550 5.1.1 User unknown
t "a quoted whole reply is an input of its own" 0 --lines 2 \
	--has '"input":"mailbox-full"' -- --format=json '550 5.1.1 User unknown' mailbox-full
t "an argument holding a multi-line reply is one input" 0 --lines 1 \
	--has '"input":"550-5.7.1 first\n550 5.7.26 last","recognized":true' --has '"enhanced":"5.7.26"' \
	-- --format=json "$(printf '550-5.7.1 first\r\n550 5.7.26 last')"
t "several codes are several inputs" 0 --lines 2 --has '"input":"421"' \
	--has '"input":"550"' -- --format=json 421 550
t "a Smaily code" 0 --has "smaily 1001" -- 1001
t "--table restricts the lookup" 0 --lines 1 --has '"decided_by":"smaily:1001"' \
	--lacks '"table":"generic"' -- --format=json --table smaily 1001
t "a Smaily classification" 0 --has "mailboxfull" -- mailbox-full
t "a Finalsite event" 0 --has "finalsite Dropped" -- Dropped
t "stdin, one input per line, JSON Lines" 0 --stdin $d/421-452.txt --lines 2 \
	--has '"input":"421","recognized":true' --has '"input":"452"' -- --format=json
t "blank lines of stdin are not inputs; CRLF is one line end" 0 \
	--stdin $d/crlf.txt --lines 3 --has "421,true," --has "550,true," -- --format=csv
t "a reason can be looked up" 0 --has "refines blocked" -- greylisting
t "a delay notice is delayed, not a failure: the message is still queued, -q 75" 75 \
	-- -q "Delivery to the following recipient has been delayed: bob@example.com"
t "a delay notice refines sisimai's expired, and is retried" 0 --has '"reason":"delayed"' \
	--has '"refines":"expired"' --has '"retry":true' \
	-- --format=json "THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE."

# exit statuses with -q: what scripts rely on
t "-q 451: retry later (75), nothing printed" 75 --noerr --lines 0 -- -q 451
t "-q 550: do not retry as is (69)" 69 --noerr --lines 0 -- -q 550
t "-q 250: success (0)" 0 --noerr --lines 0 -- -q 250
t "-q unknown input: 65, nothing printed" 65 --noerr --lines 0 -- -q nosuchcode
t "-q: the worst input decides (75 < 69)" 69 -- -q 451 550
t "-q: the worst input decides (0 < 75)" 75 -- -q 250 451
t "-q: Yahoo's 421 that will not clear: fix the sending side (77)" 77 -- -q \
	"host mta5.am0.yahoodns.net[192.0.2.1] said: 421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred"
t "-q: Cox's 554 block that lifts within a day: retry later (75)" 75 -- -q \
	"host mx.cox.net[192.0.2.1] said: 554 5.7.1 AUP#CDRBL refused"
t "-q: unknown is worst" 65 -- -q zzz 550
t "-q: a word after a code is its reply text" 69 -- -q 550 zzz
t "-q: a full mailbox on a 5xx is retried" 75 -- -q 552 5.2.2 Mailbox full
t "-q: a rate limit is retried" 75 -- -q rate-limit
t "-q reads stdin" 75 --stdin $d/421-452.txt -- -q
t "-q: a dead address is 67, drop it" 67 -- -q '550 5.1.1 <a@b.example>: User unknown'
t "-q: a domain that takes no mail is 68" 68 -- -q 'Host or domain name not found. Name service error'
t "-q: a block is 77, fix the sending side" 77 -- -q '554 5.7.1 Service unavailable; client blocked using zen.spamhaus.org'
t "-q: DMARC failed is 77, not the 67 of a dead address" 77 -- -q '550 5.7.26 Unauthenticated email from example.com is not accepted due to its DMARC policy'
t "-q: a full mailbox on a 5xx is 75" 75 -- -q '552 5.2.2 Mailbox full'
t "-q: the worst decides: 77 over 67 over 69 over 75" 77 -- -q 451 550 '550 5.1.1 User unknown' '550 5.7.1 blocked using zen.spamhaus.org'
t "-q: a 6xx is nothing a script can act on: 65" 65 -- -q 6xx

# unrecognized input: a message naming it, and processing continues
t "unknown input: 65, named on stderr" 65 --err "smtpcode: 'zzz': not a reply code" -- zzz
t "unknown input does not stop the others" 65 --has "550" --err "'zzz'" -- zzz 550
t "unknown stdin line: named with its line number" 65 --stdin $d/mixed.txt \
	--err "smtpcode: <stdin>:2: 'hello world':" --has '"input":"421"' \
	--has '"input":"hello world","recognized":false' -- --format=json
t "a code no table has" 65 --err "no table has this reply code" -- 999
t "an enhanced code of no class" 65 --err "class must be 2, 4 or 5" -- 3.1.1
t "not in the chosen table" 65 --err "(finalsite)" -- --table=finalsite 1001

# formats are a contract
t "JSON: every field of the contract" 0 --has '"input":"421"' --has '"code":421' \
	--has '"enhanced":null' --has '"class":"transient"' --has '"reason":' \
	--has '"retry":true' --has '"bounce":"soft"' --has '"summary":"' \
	--lacks '"explanation":"' --has '"remediation":"' \
	--has '"matches":[{"table":"generic","key":"421","kind":"code","row":"generic-reply:' \
	-- --format=json 421
t "JSON: -v adds the explanation, the source and every match's texts" 0 \
	--has '"explanation":"' --has '"source":"RFC 5321' \
	--has '"matched":"421","text":null,"class":"transient"' -- --format=json -v 421
t "JSON: an unrecognized input is an object too" 65 \
	--has '{"input":"zzz","recognized":false,"error":"' --has '"matches":[]' \
	-- --format=json zzz
t "CSV: header and one row per input" 0 --lines 3 \
	--has "input,recognized,error,code,enhanced,text,stage,remote_host,remote_ip,provider,class,standard,reason,refines,retry,bounce,actor,summary,remediation,retry_advice,mismatch,decided_by,template,notes,matches" \
	-- --format=csv 421 550
t "CSV -v: the explanation and source columns too" 0 --lines 2 \
	--has "input,recognized,error,code,enhanced,text,stage,remote_host,remote_ip,provider,class,standard,reason,refines,retry,bounce,actor,summary,explanation,remediation,admin,retry_advice,mismatch,decided_by,source,template,notes,matches" \
	-- --format=csv -v 421
t "CSV: the header even for no input" 0 --lines 1 --stdin /dev/null -- --format=csv
size=$($SMTPCODE --format=json '550 5.1.1 <a@example.org>: Recipient address rejected: User unknown' | wc -c)
n=$((n + 1))
title="JSON: a typical reply in about 1 KB (it is $size bytes)"
if [ "$size" -lt 1200 ]; then echo "ok $n - $title"; else not_ok "$size bytes"; fi
t "CSV: a formula-like input is neutralized" 65 --has "\"'=1+2\"" -- --format=csv =1+2
t "text: control bytes from the input are shown, never sent raw" 0 \
	--stdin $d/control.txt --has "␛[31m" --lacks "$(printf '\033')" -- --color=never
t "text: colour only when asked, or on a terminal" 0 --has "$(printf '\033[1m')" \
	-- --color=always 550
t "text: no colour into a pipe" 0 --lacks "$(printf '\033')" -- 550

# the JSON contract: every key, in order, as the man page lists them
jsonkeys() { # top-level keys of one JSON line, in order (the matches array cut off)
	sed 's/,"matches":\[.*/,"matches":/' | grep -o '"[a-z_]*":' | tr -d '":' | tr '\n' ' '
}
mankeys=$(sed -n '/^\.Ss JSON/,/^\.Ss CSV/p' man/smtpcode.1 | sed -n 's/^\.It Li \([a-z_]*\)$/\1/p' |
	tr '\n' ' ')
for v in "" -v; do
	n=$((n + 1))
	want="input recognized error code enhanced text stage remote_host remote_ip provider class standard reason refines retry bounce actor summary ${v:+explanation }remediation ${v:+admin }retry_advice mismatch decided_by ${v:+source }template notes matches "
	got=$($SMTPCODE --format=json $v '550 5.1.1 User unknown' | jsonkeys)
	title="JSON${v:+ $v}: every key of the contract, in order"
	if [ "$got" = "$want" ]; then
		echo "ok $n - $title"
	else
		not_ok "keys differ" "want: $want" "got:  $got"
	fi
done
n=$((n + 1))
logkeys="line format time host program queue_id sender recipient orig_recipient relay delay dsn outcome reply client "
title="the man page lists the JSON keys in their order, a mail log's last"
want="$($SMTPCODE --format=json -v 550 | jsonkeys)$logkeys"
if [ "$mankeys" = "$want" ]; then
	echo "ok $n - $title"
else
	not_ok "man page and output differ" "man:    $mankeys" "output: $want"
fi
n=$((n + 1))
title="JSON: a mail log's line has the log's keys after the matches, in order"
got=$($SMTPCODE --format=json <$d/postfix.log | head -1 | sed 's/.*\],"line":/"line":/' |
	grep -o '"[a-z_]*":' | tr -d '":' | tr '\n' ' ')
if [ "$got" = "$logkeys" ]; then echo "ok $n - $title"; else not_ok "keys differ" "want: $logkeys" "got:  $got"; fi
n=$((n + 1))
title="JSON: the keys of a match, in order; a phrase has its span too"
want="table key kind row matched | table key kind row matched span "
got="$($SMTPCODE --format=json 550 | sed 's/.*"matches":\[{//; s/}.*//' | grep -o '"[a-z_]*":' | tr -d '":' | tr '\n' ' ')| "
got="$got$($SMTPCODE --format=json '550 5.1.1 User unknown' | sed 's/.*"matches":\[{//; s/}.*//' | grep -o '"[a-z_]*":' | tr -d '":' | tr '\n' ' ')"
if [ "$got" = "$want" ]; then
	echo "ok $n - $title"
else
	not_ok "match keys differ" "want: $want" "got:  $got"
fi

# mail logs
t "a Postfix log: its deliveries and rejections, the rest skipped quietly" 0 --noerr --lines 8 \
	--stdin $d/postfix.log --has '"outcome":"bounced"' --has '"sender":"alice@example.org"' \
	--has '"outcome":"reject_warning"' --lacks '"outcome":"sent"' --lacks 'sendmail' -- --format=json
t "--all: the successful deliveries too" 0 --lines 9 --stdin $d/postfix.log \
	--has '"outcome":"sent"' -- --all --format=json
t "-q on a log: the worst delivery decides (77: a relay refusal, a block)" 77 --noerr \
	--stdin $d/postfix.log -- -q
t "a log's noise alone is not an error" 0 --noerr --lines 0 --stdin $d/noise.log -- --format=json

n=$((n + 1))
title="--summary: the lines counted add up to the lines read, in every format"
ok=1
for log in $d/postfix.log $d/sendmail.log $d/exim.log $d/noise.log; do
	j=$($SMTPCODE --summary --format=json <"$log")
	sum=$(printf '%s\n' "$j" | awk '{
		n = 0; split("deliveries rejections context other replies blank", k, " ")
		for (i = 1; i <= 6; i++) if (match($0, "\"" k[i] "\":[0-9]+")) n += substr($0, RSTART + length(k[i]) + 3, RLENGTH - length(k[i]) - 3)
		match($0, /"lines":[0-9]+/); print n, substr($0, RSTART + 8, RLENGTH - 8) }')
	set -- $sum
	[ "$1" = "$2" ] && [ "$2" = "$(wc -l <"$log" | tr -d ' ')" ] || ok=0
	c=$($SMTPCODE --summary --format=csv <"$log" | awk -F, '$1 == "lines" && $2 == "read" { print $3 }')
	[ "$c" = "$2" ] || ok=0
	$SMTPCODE --summary <"$log" | grep -q "^lines read: $2 = " || ok=0
done
if [ $ok = 1 ]; then echo "ok $n - $title"; else not_ok "totals differ"; fi
t "--summary: by outcome and reason, with the first line of each" 0 --stdin $d/postfix.log \
	--has '"outcome":[{"key":"rejected","count":3,"error":0,"line":6}' \
	--has '{"key":"userunknown","count":1,"error":0,"line":3}' -- --summary --format=json
printf '%s\n' 'Jan 12 03:04:05 mail sendmail[1234]: 0CB3A4Bc001234: to=<bob@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=mx.example.com. [192.0.2.4], dsn=2.0.0, stat=Sent (OK id=1abc)' >"$tmp/sent.log"
# what a log's outcome says when the line quotes no code
printf '%s\n' '2026-01-12 03:04:05 1vXyZa-0001Ab-Cf == amy@example.net R=dnslookup T=remote_smtp defer (110): Connection timed out' >"$tmp/exdefer.log"
t "a deferral that quotes no code is transient: retried, -q 75" 75 --stdin "$tmp/exdefer.log" -- -q
t "a deferral that quotes no code: its class is the log's" 0 --stdin "$tmp/exdefer.log" \
	--has '"outcome":"deferred"' --has '"class":"transient"' --has '"retry":true' -- --format=json
printf '%s\n' 'Jan 12 03:04:05 mail postfix/qmgr[4253]: 3F1A2B3C55: from=<a@b.example>, status=expired, returned to sender' >"$tmp/pfexpired.log"
t "Postfix's expired line is the reason expired, not a vendor's word" 0 --stdin "$tmp/pfexpired.log" \
	--has '"decided_by":"reasons:expired"' --has 'the log says the message expired' \
	--lacks 'smaily' -- --format=json
n=$((n + 1))
title="--line-buffered: a result is written before the next line is read"
fifo=$tmp/fifo
mkfifo "$fifo"
( printf 'Nov  4 10:00:04 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@example.biz> to=<x@example.org> proto=ESMTP helo=<h>\n'; sleep 3 ) >"$fifo" &
writer=$!
$SMTPCODE --line-buffered --format=json <"$fifo" >"$tmp/lb" &
reader=$!
sleep 1
if grep -q '"outcome":"rejected"' "$tmp/lb"; then echo "ok $n - $title"; else not_ok "nothing written while the input stays open"; fi
wait $writer $reader
t "--list and --summary" 64 --err "may not be combined" -- --list --summary

# --mail: a Maildir's cur/ and new/, by name, and not the index files beside them
mkdir -p "$tmp/md/cur" "$tmp/md/new" "$tmp/md/tmp"
cp "$d/mail/qmail.eml" "$tmp/md/cur/1.eml"
cp "$d/mail/arf.eml" "$tmp/md/new/2.eml"
echo junk >"$tmp/md/dovecot.index"
t "--mail: a Maildir's cur/ and new/, not its index files" 0 --noerr --lines 2 \
	--has '"recipient":"hank@example.net"' --has '"recipient":"ivan@example.net"' \
	-- --format=json --mail "$tmp/md"
printf 'Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; pat@example.com\n' \
	>"$tmp/bare.eml"
t "--mail: a recipient with no status and no diagnostic is reported, and says so" 65 \
	--lines 1 --has '"recipient":"pat@example.com"' --err "no status and no diagnostic" \
	-- --format=json --mail "$tmp/bare.eml"
t "--mail: Sendmail's transcript names the command refused: DATA, so filtered" 0 \
	--has '"stage":"DATA"' --has '"reason":"filtered"' -- --mail --format=json $d/mail/sendmail-data.eml
t "--mail: a DATA answered twice was a pipelined RCPT: userunknown" 0 \
	--has '"stage":"RCPT"' --has '"reason":"userunknown"' -- --mail --format=json $d/mail/sendmail-pipelined.eml
t "--mail: an address that ends a line after what befell it (iMail's \"Unknown user: a@b\")" 0 \
	--lines 1 --has '"recipient":"bob@example.net"' --has '"reason":"userunknown"' \
	--has '"sender":"alice@example.org"' -- --mail --format=json $d/mail/label.eml
t "--mail: a bounce (Return-Path: <>) that names no one: the returned message's To" 0 \
	--lines 1 --has '"recipient":"5550100@mms.example.net"' --has '"reason":"userunknown"' \
	-- --mail --format=json $d/mail/nullpath.eml
t "--mail: a forwarded message is no bounce, whatever its copy's To" 65 --lines 0 \
	--err "reports no delivery" -- --mail --format=json $d/mail/forwarded.eml
t "--mail: a delivery report forwarded as an attachment (message/rfc822): its recipients" 0 \
	--lines 1 --has '"recipient":"kijitora@example.com"' --has '"status":"5.1.1"' \
	--has '"reason":"userunknown"' --has '"sender":"sender@example.org"' --has '"subject":"hello"' \
	-- --mail --format=json $d/mail/forwarded-report.eml
t "--mail: BIGLOBE's 'Mail Delivery Failed... User unknown' is its filter's" 0 --lines 1 \
	--has '"recipient":"neko@example.com"' --has '"provider":"biglobe"' --has '"reason":"filtered"' \
	-- --mail --format=json $d/mail/biglobe.eml
t "--mail: the reason before an address alone, not the words after it that say whom to write to" 0 \
	--lines 1 --has '"recipient":"bob@example.com"' --has '"reason":"mailboxfull"' \
	--has '"input":"The user(s) account is temporarily over quota."' \
	-- --mail --format=json $d/mail/write-to-postmaster.eml
t "--mail: a quoted Message-id is no recipient; 'Recipient address:' names it" 0 --lines 1 \
	--has '"recipient":"bob@example.com"' --has '"code":550' --has '"reason":"userunknown"' \
	-- --mail --format=json $d/mail/quoted-fields.eml
t "--mail: MailMarshal's 'Could not be delivered because of', then the recipients" 0 --lines 1 \
	--has '"recipient":"bob@example.com"' --has '"code":550' --has '"reason":"userunknown"' \
	-- --mail --format=json $d/mail/mailmarshal.eml
t "--mail: Lotus Notes writes the reason before the address" 0 --lines 1 \
	--has '"recipient":"bob@example.com"' --has '"diagnostic":"User not listed in public Name & Address Book"' \
	--has '"reason":"userunknown"' -- --mail --format=json $d/mail/notes.eml
t "an e-mail on stdin that starts with a Usenet gateway's Newsgroups: is one e-mail" 0 \
	--lines 1 --stdin $d/mail/exim-local.eml --has '"recipient":"bob@example.net"' -- --format=json
t "--mail: a failed address given by its local part alone (Exim): the words after it" 0 \
	--lines 1 --has '"stage":"MAIL"' --has '"code":550' --has '"reason":"blocked"' \
	-- --mail --format=json $d/mail/exim-local.eml
t "--mail: an address in angle brackets after what befell it" 0 --lines 1 \
	--has '"recipient":"carol@example.net"' --has '"reason":"mailboxfull"' \
	-- --mail --format=json $d/mail/label-angle.eml
t "Gmail's DMARC refusal, even cut short: authfailure, not the 5.7.1 policy" 0 \
	--has '"reason":"authfailure"' -- --format=json "550-5.7.1 Unauthenticated email from example.com is not accepted due to domain's"
t "Sendmail's 'Insufficient permission' is the receiving system's error" 0 \
	--has '"reason":"systemerror"' -- --format=json "550 5.0.0 <bob@example.org>... Insufficient permission"
t "a delay notice's words (Gmail, Zoho): delayed (sisimai's expired), retried" 0 \
	--has '"reason":"delayed"' --has '"refines":"expired"' --has '"retry":true' \
	-- --format=json "Message will be retried for 2 more day(s)"
t "--mail: a report's relayed recipient is delivered, and nothing is to be done" 0 \
	--has '"action":"relayed","status":"2.0.0"' --has '"reason":"delivered"' \
	--has 'the delivery report says the delivery worked' --has '"remediation":"Nothing to do."' \
	-- --format=json --mail $d/mail/mixed-actions.eml
t "--mail: a delayed recipient is delayed (sisimai's expired), retried" 0 \
	--has '"reason":"delayed","refines":"expired","retry":true' --has 'so it is delayed, not expired' \
	-- --format=json --mail $d/mail/mixed-actions.eml
t "--mail: delivered, relayed, delayed and failed in one report: -q says the address is dead" 67 \
	-- -q --mail $d/mail/mixed-actions.eml
t "a log's sent line whose code says no more: nothing to do" 0 --stdin "$tmp/sent.log" \
	--has "to do:      Nothing to do." --lacks "Read the reply text" -- --all --color=never
t "--mail: a report with no Diagnostic-Code: the human part's words where it lists the recipient" 0 \
	--lines 1 --has '"input":"Domain does not exist"' --has '"reason":"hostunknown"' \
	--has '"status":"5.0.0"' -- --mail --format=json $d/mail/opensmtpd.eml
t "--mail: or where a sentence names it" 0 --lines 1 --has '"reason":"userunknown"' \
	--has '"recipient":"carol@example.it"' -- --mail --format=json $d/mail/sentence.eml
t "--mail: Sendmail's '554 <a@b>... text' lines name the recipients, each with its line" 0 \
	--lines 2 --has '"recipient":"bob@nowhere.example"' --has '"recipient":"carol@nothere.example"' \
	--has '"reason":"hostunknown"' --lacks '"input":"550 Host unknown (Authoritative answer from name server) 550' \
	-- --mail --format=json $d/mail/sendmail-v5-hosts.eml
t "--mail: and the one recipient of them is explained by the transcript's reply" 0 --lines 1 \
	--has '"input":"550 Insecure Mail Relay"' --has '"stage":"MAIL"' --has '"reason":"norelaying"' \
	-- --mail --format=json $d/mail/sendmail-v5.eml
t "--mail: a multipart whose boundaries were lost is read as its text, report and all" 0 \
	--lines 1 --has '"recipient":"bob@example.net"' --has '"status":"5.5.0"' \
	--has '"reason":"userunknown"' -- --mail --format=json $d/mail/lost-boundary.eml
t "--mail: a Final-Recipient with no mailbox (@host) is the address the human part lists" 0 \
	--lines 1 --has '"recipient":"carol@example.net"' --has '"reason":"hostunknown"' \
	-- --mail --format=json $d/mail/route.eml
t "--mail: or its Original-Recipient, when the report gives one" 0 \
	--lines 1 --has '"recipient":"dave@example.net"' -- --mail --format=json $d/mail/route-orig.eml
t "--mail: Postfix's notice of a session's errors: each recipient refused, at RCPT or at DATA" 0 \
	--lines 2 --has '"stage":"RCPT"' --has '"recipient":"nobody@example.org"' \
	--has '"reason":"userunknown"' --has '"stage":"DATA"' --has '"reason":"systemerror"' \
	--has '"recipient":"bob@example.org"' --lacks '"recipient":"alice@example.net"' \
	-- --mail --format=json $d/mail/postfix-errors.eml
t "--mail: an address that starts a line of words with a code (Zoho's)" 0 --lines 2 \
	--has '"reason":"userunknown"' --has '"reason":"mailboxfull"' \
	--has '"recipient":"carol@example.net"' -- --mail --format=json $d/mail/zoho.eml
t "--mail: a mailer daemon's bounce names its recipient after a colon in a sentence" 0 \
	--lines 1 --has '"recipient":"bob@example.net"' --has '"reason":"mailboxfull"' \
	--lacks '"recipient":"mailer-daemon"' -- --mail --format=json $d/mail/colon.eml
t "--mail: an address alone in its paragraph: the paragraph before the list's announcement, without it" 0 \
	--lines 1 --has '"input":"Your message was not delivered within 0 days and 1 hours. Remote host is not responding.",' \
	--has '"reason":"expired"' -- --mail --format=json $d/mail/before.eml
t "--mail: the human part's later line on the same recipient says why it expired" 0 \
	--lines 1 --has '"input":"<bob@example.net>... Deferred: Connection refused by mx.example.net. Message could not be delivered for 5 days Message will be deleted from queue"' \
	--has '"reason":"networkerror"' --has '"status":"4.4.7"' -- --mail --format=json $d/mail/sendmail-deferred.eml
t "--mail: an Amazon SES bounce notification through SNS: each bounced recipient" 0 --lines 2 \
	--has '"recipient":"bob@example.net"' --has '"reason":"userunknown"' --has '"status":"5.2.2"' \
	--has '"reason":"mailboxfull"' --has '"sender":"alice@example.org"' \
	-- --mail --format=json $d/mail/ses-sns.eml
t "--mail: an Amazon SES complaint notification is feedback" 0 --lines 1 \
	--has '"recipient":"dave@example.net"' --has '"feedback_type":"abuse"' --has '"reason":"feedback"' \
	-- --mail --format=json $d/mail/ses-complaint.eml
t "--mail: an Amazon SES delivery notification: delivered" 0 --lines 1 \
	--has '"recipient":"erin@example.net"' --has '"reason":"delivered"' \
	-- --mail --format=json $d/mail/ses-delivery.eml
t "--mail: a title over a rule of '=' after the list is another section: the reply before the list explains it" 0 \
	--lines 1 --has '"recipient":"bob@example.com.au"' --has '"reason":"userunknown"' \
	--has '"diagnostic":"550 5.1.1 <bob@example.com.au>... User unknown"' \
	-- --mail --format=json $d/mail/titled-section.eml
t "--mail: the recipient under one dashed title, its error under the next" 0 --lines 1 \
	--has '"recipient":"taro@biglobe.example.ne.jp"' --has '"reason":"mailboxfull"' \
	-- --mail --format=json $d/mail/dashed-sections.eml
t "--mail: the sender of a transcript's 'MAIL From:<a@b>' is no recipient; the one refused is" 0 \
	--lines 1 --has '"recipient":"carol@example.com"' --has '"reason":"mailboxfull"' \
	--lacks '"recipient":"sender@example.org"' -- --mail --format=json $d/mail/transcript-sender.eml
t "--mail: a listed recipient explained by the indented lines under it" 0 --lines 1 \
	--has '"recipient":"bob@example.com"' --has '"reason":"userunknown"' --has '"stage":"RCPT"' \
	-- --mail --format=json $d/mail/listed-error-type.eml
t "--mail: the copy announced between pipes and dashes is none of the recipient's words" 0 \
	--lines 1 --has '"recipient":"henry@example.com"' \
	--has '"diagnostic":"unknown user / Teilnehmer existiert nicht"' \
	-- --mail --format=json $d/mail/piped-titles.eml
t "--mail: words without a code take the lines under the recipient's later line (Exchange's section for administrators)" 0 \
	--lines 1 --has '"recipient":"judy@example.com"' --has '"code":550' --has '"enhanced":"5.1.1"' \
	--has '"reason":"userunknown"' -- --mail --format=json $d/mail/admin-section.eml
t "--mail: a daemon's bounce names its recipient after 'delivered to' in a sentence" 0 \
	--lines 1 --has '"recipient":"nina@example.com"' --has '"reason":"hostunknown"' \
	-- --mail --format=json $d/mail/delivered-to-sentence.eml
t "--mail: and after 'your message to'" 0 --lines 1 --has '"recipient":"oscar@example.cn"' \
	--has '"reason":"mailboxfull"' -- --mail --format=json $d/mail/message-to-sentence.eml
t "--mail: a list's command address is no recipient; the sentence that names the list says why" 0 \
	--lines 1 --has '"recipient":"staff@lists.example.org"' --has '"reason":"rejected"' \
	--lacks 'staff-request@' -- --mail --format=json $d/mail/list-notice.eml
t "--mail: a bounce whose only text is HTML is read as its text (tags, comments and the head left out)" 0 \
	--lines 1 --has '"recipient":"peggy@example.com"' --has '"enhanced":"5.1.1"' \
	--has '"reason":"userunknown"' --has 'recipient’s e-mail address' --lacks 'victor@' \
	-- --mail --format=json $d/mail/html-only.eml
t "--mail: a plain text after the HTML one of an alternative is the text read" 0 \
	--lines 1 --has '"recipient":"quentin@example.net"' --has '"enhanced":"5.1.1"' \
	--lacks '5.2.2' -- --mail --format=json $d/mail/html-first.eml
t "qmail's refused greeting, then the queue's end: blocked, not expired" 0 \
	--has '"stage":"HELO"' --has '"reason":"blocked"' --has 'until the queue gave up' \
	-- --format=json "Connected to 192.0.2.112 but my name was rejected. Remote host said: 501 5.0.0 Invalid domain name I'm not going to try again; this message has been in the queue too long."
t "an unknown user said of the sender (MAIL FROM) is rejected, and what to do is the sender's, not to drop the recipient" 0 \
	--has '"reason":"rejected"' --has '"summary":"The receiver refused the envelope sender address"' \
	--lacks 'remove it from your lists' --lacks 'recipient mailbox does not exist' \
	-- --format=json 'host mx.example.com[192.0.2.1] said: 550 5.1.1 <s@example.org>: User unknown (in reply to MAIL FROM command)'
t "Postfix's 'Recipient address rejected: Access denied' is its access map's refusal, not a sign of Microsoft" 0 \
	--has '"reason":"userunknown"' --has '"provider":null' --lacks 'microsoft' \
	-- --format=json '554 5.7.1 <o@example.org>: Recipient address rejected: Access denied'
t "and Microsoft's own wording stays Microsoft's" 0 --has '"reason":"userunknown"' \
	--has '"provider":"microsoft"' \
	-- --format=json '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'
t "logs: Exim's refusal of an invalid EHLO name is understood: blocked at HELO" 0 --lines 1 \
	--has '"stage":"HELO"' --has '"reason":"blocked"' --has '"outcome":"rejected"' \
	--stdin $d/exim-helo.log -- --format=json
t "logs: an Exim bounce's text starts after the router and transport it names" 0 --lines 1 \
	--has '"text":"mailbox is full (MTA-imposed quota' --has '"reason":"mailboxfull"' \
	--stdin $d/exim-fields.log -- --format=json
t "logs: a Sendmail success whose only code is 2.0.0 is delivered, as the log says" 0 --lines 1 \
	--has '"class":"success"' --has '"reason":"delivered"' --has 'the log says the delivery worked' \
	--stdin $d/sendmail-sent.log -- --all --format=json
t "logs: Sendmail's DSN of a queue that gave up is expired; its other DSNs are other lines" 0 \
	--lines 2 --has '"line":2,' --has '"outcome":"expired"' --has '"reason":"expired"' \
	--has '"queue_id":"4B2A0C1x000124"' --lacks '"line":3,' --lacks '"line":4,' \
	--stdin $d/sendmail-dsn.log -- --format=json
t "logs: the reply without the wrapper around it; null where the line quotes none" 0 \
	--has '"line":13,' --has '"reply":"511 sorry, no mailbox here by that name (#5.1.1 - chkuser)"' \
	--has '"enhanced":"5.1.1","text":"sorry' --has '"reply":null,"client":null}' \
	--stdin $d/log-edges.log -- --all --format=json
t "logs: Postfix's refusals without NOQUEUE, of local mail, and before MAIL FROM end where their fields start" 0 \
	--has '"text":"<o10@example.com>: Relay access denied"' --has '"recipient":"r@example.com"' \
	--has '"text":"Message size exceeds fixed limit",' --has '"text":"<unknown[192.0.2.9]>: Client host rejected: Access denied",' \
	--stdin $d/log-edges.log -- --format=json
t "logs: the null sender is \"\", not unknown, and '<>' in text" 0 --has '"sender":"","recipient":null' \
	--stdin $d/log-edges.log -- --format=json
t "logs: a delivery that worked is delivered whatever its words, and says so" 0 \
	--has '"reason":"delivered"' --has 'the log says the delivery worked' \
	--stdin $d/log-edges.log -- --all --format=json
t "logs: Sendmail's milters give their stage and recipient; stat=queued is no attempt" 0 \
	--has '"recipient":"r3@example.com","orig_recipient":null' --lacks '"line":15,' \
	--stdin $d/log-edges.log -- --all --format=json
t "logs: an RFC 5424 message that starts with its byte-order mark" 0 \
	--has '"queue_id":"AB12CD34EF"' --stdin $d/log-edges.log -- --format=json
t "logs: a word alone that a log quotes is read as words" 0 --lines 1 --has '"reason":"greylisting"' \
	--stdin $d/exim-word.log -- --format=json
t "words without a code: a phrase decides before a vendor's reply text of some code" 0 \
	--has '"reason":"suppressed"' --lacks 'mailenable' \
	-- --format=json "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address."
t "logs: one queue id on two hosts: each delivery has its own host's sender" 0 --lines 2 \
	--has '"sender":"alpha@example.net","recipient":"c1@example.com"' \
	--has '"sender":"beta@example.org","recipient":"c2@example.com"' \
	--stdin $d/two-hosts.log -- --format=json
t "--mail: a quoted header's 'To: a@b' is no failed recipient" 0 --lines 1 \
	--has '"recipient":"bob@example.jp"' --lacks '"recipient":"alice@example.org"' \
	-- --mail --format=json $d/mail/quoted-to.eml
t "--mail: a Google Groups bounce in any language: the group refused the post, and says so" 0 \
	--lines 1 --has '"recipient":"team@googlegroups.com"' --has '"reason":"rejected"' \
	--has 'what this kind of bounce means' -- --mail --format=json $d/mail/googlegroups.eml
gg="Hola ana@example.org: te escribimos para avisarte de que el grupo al que intentaste escribir (equipo) quizá no existe o no tienes permiso para publicar en él. Si tienes preguntas sobre este u otro grupo, visita el Centro de ayuda en https://groups.google.com/support/."
t "a pasted Google Groups notice in any language: the group refused the post, and says so" 0 \
	--has '"reason":"rejected"' --has 'what this kind of bounce means' -- --format=json "$gg"
t "but the same words without the groups' link are not understood" 65 \
	--lacks '"reason":"rejected"' -- --format=json "${gg%https*}"
t "--mail: au's X-SPASIGN: NG: its filter refused the mail, and a note says so" 0 --lines 1 \
	--has '"recipient":"bob@ezweb.ne.jp"' --has '"reason":"filtered"' --has 'X-SPASIGN: NG header' \
	-- --mail --format=json $d/mail/spasign.eml
t "--mail: but words it reads decide first" 0 --lines 1 --has '"recipient":"crew@googlegroups.com"' \
	--has '"reason":"policyviolation"' --lacks 'what this kind of bounce means' \
	-- --mail --format=json $d/mail/googlegroups-en.eml
t "--mail: and through SNS, its quotes escaped" 0 --lines 1 \
	--has '"recipient":"erin@example.net",' -- --mail --format=json $d/mail/ses-sns-delivery.eml
t "--mail: Apache James: the RCPT TO of its details, the reply above them, a boundary= unfolded" 0 \
	--lines 1 --has '"recipient":"bob@example.net"' --has '"input":"550 - Requested action not taken: no such user here"' \
	--has '"reason":"userunknown"' -- --mail --format=json $d/mail/james.eml
t "--mail: a Hotmail complaint (JMRP) names the recipient who complained" 0 --lines 1 \
	--has '"recipient":"carol@hotmail.example"' --has '"feedback_type":"abuse"' \
	--has '"reason":"feedback"' --has '"sender":"news@example.org"' \
	-- --mail --format=json $d/mail/jmrp.eml
t "--mail: Apple Mail's unsubscribe request is feedback, not an absence" 0 --lines 1 \
	--has '"recipient":"dave@icloud.example"' --has '"feedback_type":"opt-out"' \
	--has '"reason":"feedback"' -- --mail --format=json $d/mail/unsubscribe.eml
t "--mail: a file or pipe recipient is the address that generated it (Exim)" 0 --lines 1 \
	--has '"recipient":"bob@example.net"' --has '"reason":"mailboxfull"' \
	-- --mail --format=json $d/mail/exim-file.eml
t "--mail: a file that cannot be opened: a message, and 65" 65 --err "cannot open" \
	-- --mail "$tmp/no-such-file"

# --log-format: one reader for every line, or none
printf '%s\n' '4A1B2C3D4E: to=<a@example.com>, relay=mx.example.com[192.0.2.4]:25, delay=1, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.4] said: 550 5.1.1 User unknown (in reply to RCPT TO command))' \
	'550 5.2.2 Mailbox full' 'random words' >"$tmp/lf.log"
printf '%s\n' 'Nov  4 10:00:01 mx mta[12]: 1vAbCd-000123-Xy ** b@example.com R=d T=r H=mx.example.com [192.0.2.4]: SMTP error from remote mail server after RCPT TO:<b@example.com>: 550 5.1.1 User unknown' >"$tmp/lfexim.log"
t "--log-format=postfix: a line that is no delivery is the log's, not a reply" 0 --noerr \
	--stdin "$tmp/lf.log" --lines 1 --has '"outcome":"bounced"' --lacks '"enhanced":"5.2.2"' \
	-- --log-format=postfix --format=json
t "--log-format=none: every line a reply, the log's too" 65 --stdin "$tmp/lf.log" --lines 3 \
	--lacks '"outcome"' --has '"enhanced":"5.2.2"' --err "random words" -- --log-format=none --format=json
t "--log-format=auto: the default" 0 --stdin "$tmp/lf.log" --lines 2 --noerr \
	--has '"outcome":"bounced"' --has '"enhanced":"5.2.2"' -- --log-format=auto --format=json
t "--log-format=exim: whatever program the header names" 0 --stdin "$tmp/lfexim.log" \
	--lines 1 --has '"format":"exim"' --has '"recipient":"b@example.com"' \
	-- --log-format=exim --format=json
t "--log-format: an unknown name" 64 \
	--err "is not one of: auto none postfix sendmail exim qmail courier opensmtpd kerio domino assp oracle-ims exchange mailenable hmailserver haraka fortimail" \
	-- --log-format=zmailer 550

# listings
t "--list: the tables" 0 --has "generic" --has "finalsite" --has "smaily" \
	--has "mailenable" --has "reasons" -- --list
t "--list smaily" 0 --has "mailbox-full" --has "1001" -- --list smaily
t "--list=mailenable shows the texts" 0 --has "employs greylisting" -- --list=mailenable
t "--list reasons, CSV: refines has a column" 0 \
	--has "reason,refines,bounce,retry,actor,summary" --has "greylisting,blocked," \
	-- --list reasons --format=csv
t "--list generic --format=json" 0 --has '{"key":"X.7.26","kind":"enhanced","class":"-","standard":true' \
	-- --list generic --format=json
# a listing is a table file again: fed back to the generator, it passes
for tb in generic finalsite smaily mailenable reasons phrases providers; do
	$SMTPCODE --list=$tb --format=csv >"$tmp/$tb.csv"
done
printf 'table,role,file,title\n' >"$tmp/tables.csv"
for tb in finalsite smaily mailenable; do
	printf '%s,vendor,%s.csv,x\n' $tb $tb >>"$tmp/tables.csv"
done
printf 'generic,generic,generic.csv,x\nreasons,reasons,reasons.csv,x\n' >>"$tmp/tables.csv"
printf 'phrases,phrases,phrases.csv,x\nproviders,providers,providers.csv,x\n' >>"$tmp/tables.csv"
n=$((n + 1))
if ${GENTABLES:-build/gentables} -o "$tmp/t.c" "$tmp/tables.csv" 2>"$tmp/stderr"; then
	echo "ok $n - --list TABLE --format=csv can be fed back to the generator"
else
	not_ok "the generator refused the listings" "$(head -5 "$tmp/stderr")"
fi

# usage errors: 64
t "unknown option" 64 --err "unknown option: '--bogus'" -- --bogus
t "bad --format" 64 --err "--format: 'xml' is not one of: text json csv" -- --format=xml 550
t "bad --color" 64 --err "--color" -- --color=sometimes 550
t "unknown table" 64 --err "no table 'nosuch'" -- --table=nosuch 550
t "--list of an unknown table" 64 --err "no table 'nosuch'" -- --list nosuch
t "--list and -q" 64 --err "may not be combined" -- --list -q
t "--list with two tables" 64 --err "takes one table" -- --list smaily finalsite
t "missing option value" 64 --err "requires a value" -- --format
t "--help: stdout, 0" 0 --noerr --has "usage: smtpcode" --has "--format" -- --help
t "--version: stdout, 0" 0 --noerr --has "smtpcode 0." -- --version

# I/O errors: 74
n=$((n + 1))
title="write error: 74"
if [ -w /dev/full ]; then
	$SMTPCODE_WRAP $SMTPCODE 550 >/dev/full 2>"$tmp/stderr"
	got=$?
	if [ "$got" = 74 ] && grep -q "write error" "$tmp/stderr"; then
		echo "ok $n - $title"
	else
		not_ok "exit status $got, expected 74" "$(cat "$tmp/stderr")"
	fi
else
	echo "ok $n - $title # SKIP no /dev/full here"
fi
n=$((n + 1))
title="read error: 74"
$SMTPCODE_WRAP $SMTPCODE <tests >/dev/null 2>"$tmp/stderr"
got=$?
if [ "$got" = 74 ] && grep -q "read error" "$tmp/stderr"; then
	echo "ok $n - $title"
else
	not_ok "exit status $got, expected 74" "$(cat "$tmp/stderr")"
fi

# colour on a terminal, unless NO_COLOR is set (script(1) gives a terminal)
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	n=$((n + 1))
	title="text: colour on a terminal"
	script -qec "$SMTPCODE 550" /dev/null >"$tmp/tty" 2>&1
	if grep -q "$(printf '\033')" "$tmp/tty"; then echo "ok $n - $title"; else not_ok "no colour"; fi
	n=$((n + 1))
	title="text: NO_COLOR turns colour off on a terminal"
	NO_COLOR=1 script -qec "$SMTPCODE 550" /dev/null >"$tmp/tty" 2>&1
	if grep -q "$(printf '\033')" "$tmp/tty"; then not_ok "colour despite NO_COLOR"; else echo "ok $n - $title"; fi
	n=$((n + 1))
	title="text: wrapped to the terminal's width"
	script -qec "stty cols 60; $SMTPCODE --color=never 550" /dev/null >"$tmp/tty" 2>&1
	wide=$(tr -d '\r' <"$tmp/tty" | sed 's/…/./g' | awk '{ if (length($0) > 60) print }' | wc -l)
	if [ "$wide" -eq 0 ]; then echo "ok $n - $title"; else not_ok "$wide lines wider than 60"; fi
else
	for title in "text: colour on a terminal" "text: NO_COLOR turns colour off on a terminal" \
		"text: wrapped to the terminal's width"; do
		n=$((n + 1))
		echo "ok $n - $title # SKIP script(1) cannot make a terminal here"
	done
fi

t "a transient reply carries no refusal advice" 0 --has '"retry":true' \
	--has '"retry_advice":null' -- --format=json 450 5.1.1 mailbox unverified
t "a code that words name as one is the code" 0 --has '"code":550' -- --format=json 'The server returned error code: 550 and said no more'
t "but not a number inside a word" 65 --has '"code":null' --lacks '"code":550' -- --format=json 'barcode 550 items'
t "a permanent one does" 0 --has '"retry":false' --lacks '"retry_advice":null' \
	-- --format=json 550 5.1.1
done_testing
