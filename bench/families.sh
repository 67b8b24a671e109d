#!/bin/sh
# bench/families.sh: how fast smtpcode reads the logs of the other mail servers, next to
# grep. For each family (qmail through splogger, qmail through multilog, OpenSMTPD,
# Courier, an Exchange message tracking log with its # header, MailEnable's SMTP
# activity log) a log of LINES lines is generated in the shapes of the fixtures in
# tests/data (see tests/data/LOGS-SOURCES.md): mostly lines that record no delivery,
# distinct ids and recipients, about 10% failures and deferrals. On the same file, read
# once first so that it is in the page cache, it times grep -c with a word every
# delivery line of the family has, and smtpcode --summary, and prints both and the
# ratio. Not a test: it prints figures, and completes whether or not smtpcode knows
# the format yet.
# usage: sh bench/families.sh [LINES] [SMTPCODE]   LINES per family (1000000)
want=${1:-1000000}
bin=${2:-./smtpcode}
lines=0
size=0
. "${0%/*}/lib.sh"
command -v "$bin" >/dev/null 2>&1 ||
	echo "note: $bin is not a command here; its times below measure nothing"

# gen FAMILY: writes $want lines of FAMILY's log to $file
gen() {
	awk -v fam="$1" -v want="$want" '
	function hex(n, w) { return sprintf("%0" w "X", n) }
	function stamp(s) { return sprintf("Nov  4 %02d:%02d:%02d", 10 + int(s / 3600) % 14, int(s / 60) % 60, s % 60) }
	function tai(s, i) { return sprintf("@40000000%08x%08x", base + s + 10, (i * 7919) % 1000000000) }
	# message-info .. schema-version, the last nine fields of a tracking row
	function fin(info, dir, ci, si, lid) { return "," info "," dir ",," ci "," si ",,Email," lid ",15.02.1118.007" }
	function out(l) { if (crlf) printf "%s\r\n", l; else print l; n++ }
	BEGIN {
		srand(1)
		base = 1793786400	# 2026-11-04 10:00:00 UTC
		split("192.0.2.5_does_not_like_recipient./Remote_host_said:_550_5.1.1_<%s>:_Recipient_address_rejected:_User_unknown/Giving_up_on_192.0.2.5./|" \
		      "Sorry,_I_couldn'"'"'t_find_any_host_named_example.invalid._(#5.1.2)/|" \
		      "Connected_to_192.0.2.8_but_sender_was_rejected./Remote_host_said:_553_5.7.1_Sender_address_rejected:_Access_denied/", qfail, "|")
		split("192.0.2.7_does_not_like_recipient./Remote_host_said:_451_4.7.1_Greylisted,_please_try_again_later/Giving_up_on_192.0.2.7./|" \
		      "Connected_to_192.0.2.6_but_connection_died._(#4.4.2)/|" \
		      "CNAME_lookup_failed_temporarily._(#4.4.3)/", qdefer, "|")
		split("550 5.1.1 <%s>: Recipient address rejected: User unknown|" \
		      "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren'"'"'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150).|" \
		      "554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes", perm, "|")
		split("450 4.2.0 <%s>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html|" \
		      "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints|" \
		      "451 4.7.1 Greylisted, please try again later", temp, "|")
		crlf = (fam == "exchange" || fam == "mailenable")
		n = 0
		if (fam == "exchange") {
			printf "\357\273\277"
			out("#Software: Microsoft Exchange Server")
			out("#Version: 15.02.1118.007")
			out("#Log-type: Message Tracking Log")
			out("#Date: 2026-11-04T10:00:00.000Z")
			out("#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version")
		}
		for (i = 0; n < want; i++) {
			r = rand()
			s = int(i / 20)
			a = sprintf("r%d@example.com", i)
			if (fam == "qmail" || fam == "multilog") {
				m = 100000 + int(i / 4)
				if (fam == "qmail") {
					p = sprintf("%s mx1 qmail: %d.%06d ", stamp(s), base + s, (i * 7919) % 1000000)
					ps = sprintf("%s mx1 smtpd: %d.%06d ", stamp(s), base + s, (i * 7919) % 1000000)
				} else
					p = ps = tai(s, i) " "
				if (r < 0.25)      l = p sprintf("status: local %d/10 remote %d/20", i % 3, i % 20)
				else if (r < 0.40) l = p sprintf("new msg %d", m)
				else if (r < 0.55) l = p sprintf("info msg %d: bytes %d from <u%d@example.org> qp %d uid 89", m, 1000 + i % 90000, i, 20000 + i % 40000)
				else if (r < 0.70) l = p sprintf("starting delivery %d: msg %d to remote %s", i, m, a)
				else if (r < 0.78) l = p sprintf("end msg %d", m)
				else if (r < 0.79) l = ps sprintf("tcpserver: ok %d mx1.example.org:192.0.2.1:25 :198.51.100.%d::%d", 1000 + i % 30000, i % 250, 1024 + i % 60000)
				else if (r < 0.80) l = ps sprintf("rblsmtpd: 198.51.100.%d pid %d: 451 http://www.spamhaus.org/query/bl?ip=198.51.100.%d", i % 250, 1000 + i % 30000, i % 250)
				else if (r < 0.90) l = p sprintf("delivery %d: success: 192.0.2.4_accepted_message./Remote_host_said:_250_2.0.0_Ok:_queued_as_%s/", i, hex(i, 10))
				else if (r < 0.95) l = p sprintf("delivery %d: failure: " qfail[i % 3 + 1], i, a)
				else               l = p sprintf("delivery %d: deferral: " qdefer[i % 3 + 1], i)
			} else if (fam == "opensmtpd") {
				p = stamp(s) " mx1 smtpd[4321]: " hex(i * 2654435761 % 4294967296, 8) hex(i, 8)
				e = hex(int(i / 3), 8) hex(i * 40503 % 4294967296, 8)
				if (r < 0.20)      l = p sprintf(" smtp connected address=192.0.2.%d host=mail%d.example.net", i % 250, i)
				else if (r < 0.32) l = p sprintf(" smtp message msgid=%s size=%d nrcpt=1 proto=ESMTP", hex(int(i / 3), 8), 1000 + i % 90000)
				else if (r < 0.44) l = p sprintf(" smtp envelope evpid=%s from=<u%d@example.net> to=<v%d@example.org>", e, i, i)
				else if (r < 0.56) l = p " smtp disconnected reason=quit"
				else if (r < 0.64) l = p " mta connecting address=smtp://192.0.2.4:25 host=mx.example.com"
				else if (r < 0.70) l = p " mta tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"
				else if (r < 0.76) l = p " mta disconnected reason=quit messages=1"
				else if (r < 0.78) l = p sprintf(" smtp failed-command command=\"RCPT TO:<x%d@example.org>\" result=\"550 Invalid recipient: <x%d@example.org>\"", i, i)
				else if (r < 0.84) l = p sprintf(" mta delivery evpid=%s from=<s%d@example.org> to=<%s> rcpt=<-> source=\"192.0.2.1\" relay=\"192.0.2.4 (mx.example.com)\" delay=2s result=\"Ok\" stat=\"250 2.0.0 Ok: queued as %s\"", e, i, a, hex(i, 10))
				else if (r < 0.90) l = p sprintf(" mda delivery evpid=%s from=<s%d@example.net> to=<v%d@example.org> rcpt=<v%d@example.org> user=v%d delay=0s result=Ok stat=Delivered", e, i, i, i, i)
				else if (r < 0.95) l = p sprintf(" mta delivery evpid=%s from=<s%d@example.org> to=<%s> rcpt=<-> source=\"192.0.2.1\" relay=\"192.0.2.4 (mx.example.com)\" delay=3s result=\"PermFail\" stat=\"" perm[i % 3 + 1] "\"", e, i, a, a)
				else               l = p sprintf(" mta delivery evpid=%s from=<s%d@example.org> to=<%s> rcpt=<-> source=\"192.0.2.1\" relay=\"192.0.2.5 (mx.example.net)\" delay=1m3s result=\"TempFail\" stat=\"" temp[i % 3 + 1] "\"", e, i, a, a)
			} else if (fam == "courier") {
				id = sprintf("%s.%s.%s", hex(int(i / 4), 8), hex(base + s, 8), hex(i % 65536, 8))
				q = stamp(s) " mx1 "
				w = sprintf("id=%s,from=<t%d@example.org>,addr=<%s>", id, i, a)
				if (r < 0.15)      l = q sprintf("courieresmtpd: started,ip=[::ffff:192.0.2.%d]", i % 250)
				else if (r < 0.30) l = q sprintf("courierd: newmsg,id=%s: dns; mail%d.example.net (mail%d.example.net [::ffff:192.0.2.%d])", id, i, i, i % 250)
				else if (r < 0.45) l = q sprintf("courierd: started,id=%s,from=<t%d@example.org>,module=esmtp,host=example.com,addr=<%s>", id, i, a)
				else if (r < 0.55) l = q sprintf("courierd: completed,id=%s", id)
				else if (r < 0.64) l = q "courieresmtp: " w sprintf(": 250 2.0.0 Ok: queued as %s", hex(i, 10))
				else if (r < 0.66) l = q sprintf("courieresmtpd: error,relay=::ffff:198.51.100.%d,from=<s%d@example.net>,to=<x%d@example.org>: 550 User unknown.", i % 250, i, i)
				else if (r < 0.80) l = q "courieresmtp: " w ",status: success"
				else if (r < 0.90) l = q sprintf("courierlocal: id=%s,from=<s%d@example.net>,addr=<u%d@example.org>,size=%d,success: Message delivered.", id, i, i, 1000 + i % 90000)
				else if (r < 0.95) l = q "courieresmtp: " w ",status: failure"
				else               l = q "courieresmtp: " w ",status: deferred"
				if (r >= 0.90 && n + 1 < want) {	# the reply that failed or deferred it, first
					out(q "courieresmtp: " w ": " sprintf(r < 0.95 ? perm[i % 3 + 1] : temp[i % 3 + 1], a))
				}
			} else if (fam == "exchange") {
				t = sprintf("2026-11-04T%02d:%02d:%02d.%03dZ", 10 + int(s / 3600) % 14, int(s / 60) % 60, s % 60, i % 1000)
				mid = sprintf("<%s@EX01.example.org>", hex(i, 12))
				nid = sprintf("%s-%s-4%s-8%s-%s", hex(i, 8), hex(i % 65536, 4), hex(i % 4096, 3), hex(i % 4096, 3), hex(i * 7919, 12))
				lid = sprintf("%s-0000-4000-8000-%s", hex(i * 2654435761 % 4294967296, 8), hex(i, 12))
				tail = sprintf(",%d,1,,,Message %d,t%d@example.org,t%d@example.org", 2000 + i % 90000, i, i, i)
				if (r < 0.30)      l = sprintf("%s,192.0.2.%d,mail%d.example.net,192.0.2.1,EX01,%s;%s;0,EX01\\Default EX01,SMTP,RECEIVE,%.0f,%s,%s,u%d@example.org,", t, i % 250, i, hex(i, 16), t, 15000000000 + i, mid, nid, i) tail fin("", "Incoming", "192.0.2." (i % 250), "192.0.2.1", lid)
				else if (r < 0.45) l = sprintf("%s,,,,EX01,,,AGENT,AGENTINFO,%.0f,%s,%s,u%d@example.org,", t, 15000000000 + i, mid, nid, i) tail fin("", "Incoming", "", "", lid)
				else if (r < 0.55) l = sprintf("%s,,,192.0.2.1,EX01,\"MDB:%s, Mailbox:%s, Event:%d, MessageClass:IPM.Note, CreationTime:%s, ClientType:OWA\",,STOREDRIVER,SUBMIT,0,%s,%s,%s,", t, nid, nid, i, t, mid, nid, a) tail fin(t, "Originating", "", "", lid)
				else if (r < 0.62) l = sprintf("%s,,,,EX01,,,SMTP,HAREDIRECT,%.0f,%s,%s,%s,", t, 15000000000 + i, mid, nid, a) tail fin("", "Originating", "", "", lid)
				else if (r < 0.76) l = sprintf("%s,192.0.2.1,EX01.example.org,192.0.2.4,mx.example.com,%s;250 2.0.0 OK;ClientSubmitTime:%s,Internet Send Connector,SMTP,SEND,%.0f,%s,%s,%s,250 2.1.5 Recipient OK", t, hex(i, 16), t, 15000000000 + i, mid, nid, a) tail fin(t, "Originating", "192.0.2.1", "192.0.2.4", lid)
				else if (r < 0.90) l = sprintf("%s,,,192.0.2.1,EX01,\"MDB:%s, Mailbox:%s, Event:%d, MessageClass:IPM.Note, CreationTime:%s, ClientType:StoreDriver\",,STOREDRIVER,DELIVER,%.0f,%s,%s,u%d@example.org,", t, nid, nid, i, t, 15000000000 + i, mid, nid, i) tail fin(t, "Incoming", "", "", lid)
				else if (r < 0.95) l = sprintf("%s,192.0.2.1,EX01.example.org,192.0.2.5,mx.example.net,%s,Internet Send Connector,SMTP,FAIL,%.0f,%s,%s,%s,\"" perm[i % 3 + 1] "\"", t, hex(i, 16), 15000000000 + i, mid, nid, a, a) tail fin(t, "Originating", "192.0.2.1", "192.0.2.5", lid)
				else               l = sprintf("%s,192.0.2.1,EX01.example.org,192.0.2.6,mx2.example.net,%s,Internet Send Connector,SMTP,DEFER,%.0f,%s,%s,%s,\"" temp[i % 3 + 1] "\"", t, hex(i, 16), 15000000000 + i, mid, nid, a, a) tail fin(t, "Originating", "192.0.2.1", "192.0.2.6", lid)
			} else if (fam == "mailenable") {
				d = sprintf("11/04/26 %02d:%02d:%02d", 10 + int(s / 3600) % 14, int(s / 60) % 60, s % 60)
				f = hex(i * 2654435761 % 4294967296, 8) hex(i, 24) ".MAI"
				k = 1000 + i % 5000
				if (r < 0.55) {
					dir = "SMTP-IN"; ip = "198.51.100." (i % 250)
					if (r < 0.12)      { c = "EHLO"; g = "mail" i ".example.net"; h = "250-mail.example.org [" ip "], this server offers 4 extensions" }
					else if (r < 0.26) { c = "MAIL"; g = "FROM:<s" i "@example.net>"; h = "250 Requested mail action okay, completed" }
					else if (r < 0.38) { c = "RCPT"; g = "TO:<u" i "@example.org>"; h = "250 Requested mail action okay, completed" }
					else if (r < 0.44) { c = "DATA"; g = ""; h = "250 Requested mail action okay, completed" }
					else if (r < 0.53) { c = "QUIT"; g = ""; h = "221 Service closing transmission channel" }
					else if (r < 0.54) { c = "RCPT"; g = "TO:<x" i "@example.org>"; h = "550 Requested action not taken: mailbox unavailable or not local" }
					else               { c = "RCPT"; g = "TO:<y" i "@example.com>"; h = "503 This mail server requires authentication when attempting to send to a non-local e-mail address.  Please check your mail client settings or contact your administrator to verify that the domain or address is defined for this server." }
					sent = length(h) + 2; recv = length(c) + (g == "" ? 0 : length(g) + 1) + 2
				} else {
					dir = "SMTP-OU"; ip = "192.0.2.4"
					if (r < 0.62)      { c = "EHLO"; g = "mail.example.org"; h = "250-mx.example.com" }
					else if (r < 0.70) { c = "MAIL"; g = "FROM:<t" i "@example.org>"; h = "250 2.1.0 Ok" }
					else if (r < 0.78) { c = "RCPT"; g = "TO:<" a ">"; h = "250 2.1.5 Ok" }
					else if (r < 0.82) { c = "QUIT"; g = ""; h = "221 2.0.0 Bye" }
					else if (r < 0.90) { c = "DATA"; g = ""; h = "250 2.0.0 Ok: queued as " hex(i, 10) }
					else if (r < 0.95) { c = "RCPT"; g = "TO:<" a ">"; h = sprintf(perm[i % 3 + 1], a) }
					else               { c = "RCPT"; g = "TO:<" a ">"; h = sprintf(temp[i % 3 + 1], a) }
					recv = length(h) + 2; sent = length(c) + (g == "" ? 0 : length(g) + 1) + 2
				}
				l = d "\t" dir "\t" f "\t" k "\t" ip "\t" c "\t" g "\t" h "\t" sent "\t" recv
			}
			out(l)
		}
	}' >"$file"
}

# the word every delivery line of the family has, for grep -c
word() {
	case $1 in
	qmail | multilog | opensmtpd) echo "delivery" ;;
	courier) echo "addr=<" ;;
	exchange) echo ",Email," ;;
	mailenable) echo "SMTP-" ;;
	esac
}

for fam in qmail multilog opensmtpd courier exchange mailenable; do
	file=$tmp/$fam.log
	gen "$fam"
	size=$(wc -c <"$file")
	lines=$(wc -l <"$file")
	cat "$file" >/dev/null
	w=$(word "$fam")
	echo "$fam: $lines lines, $size bytes (generated by bench/families.sh $want)"
	run "grep -c '$w'" grep -c "$w"
	g=$t
	run "smtpcode --summary" "$bin" --summary
	s=$t
	awk -v f="$fam" -v g="$g" -v s="$s" 'BEGIN { printf "%s: --summary takes %.1f times grep -c'"'"'s time\n\n", f, s / g }'
	rm -f "$file"
done
