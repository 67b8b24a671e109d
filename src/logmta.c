/* logmta.c: the log lines of qmail, Courier and OpenSMTPD (logread.h). Each reader
 * takes the message after the header, by the program logline.c found, and reads it
 * only when its first words are one of the few shapes that record a delivery or a
 * refusal; the rest are the log's other lines. */
#include <string.h>

#include "logread.h"
#include "names.h"
#include "wrapper.h"

static const struct span rejected = {"rejected", 8};

static bool
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* a reader's start: its format, and the line the log's until it finds more */
static void
begin(struct logline *l, const char *format, const char *s, size_t n)
{
	l->format = format;
	l->kind = LOG_OTHER;
	l->message = (struct span){s, n};
}

/* the length of a number at s, or 0 */
static size_t
number_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && isdig(s[i]))
		i++;
	return i;
}

/* tells whether s[0..n) starts with a reply code of a refusal: "4nn " or "5nn " (or
 * "-", or at the end) */
static bool
refusal_at(const char *s, size_t n)
{
	return n >= 3 && (s[0] == '4' || s[0] == '5') && isdig(s[1]) && isdig(s[2]) &&
	       (n == 3 || s[3] == ' ' || s[3] == '-');
}

/* the address in "<a@b>" at s, or the word there */
static struct span
addr_at(const char *s, const char *end)
{
	if (s < end && *s == '<') {
		const char *c = memchr(s, '>', (size_t)(end - s));
		if (c)
			return (struct span){s + 1, (size_t)(c - s - 1)};
	}
	const char *e = s;
	while (e < end && *e != ' ' && *e != ',')
		e++;
	return (struct span){s, (size_t)(e - s)};
}

/* qmail

 * qmail-send's lines, through splogger ("qmail: 1157520813.485077 ...", its time in
 * seconds since the epoch) or multilog (a TAI64N time before each line): "new msg M",
 * "info msg M: bytes B from <s> qp Q uid U" (the sender), "starting delivery D: msg M
 * to remote a@b" (the recipient of delivery D), "delivery D: success|failure|deferral:
 * reply/" (its outcome: the reply with '_' for its spaces, '/' for its line ends),
 * "end msg M", "status: ..."; and the lines of the programs beside it: qmail-smtpd's
 * and rblsmtpd's refusals ("rblsmtpd: 192.0.2.7 pid 1: 451 text", "rbl.example blocked
 * 192.0.2.7 helo -"), vpopmail's vchkpw ("vchkpw-smtp: password fail ...") */
void
log_qmail(const char *s, size_t n, struct logline *l)
{
	begin(l, "qmail", s, n);
	const char *end = s + n;
	/* splogger's time: seconds and a fraction */
	size_t t = number_at(s, n);
	if (t >= 9 && t < n && s[t] == '.') {
		size_t f = number_at(s + t + 1, n - t - 1);
		if (f && t + 1 + f < n && s[t + 1 + f] == ' ') {
			if (!l->time.s || !isdig(l->time.s[0]))
				l->time = (struct span){s, t + 1 + f};
			s += t + 2 + f, n -= t + 2 + f;
		}
	}
	struct span m = {s, n};
	l->message = m;
	if (log_starts(m, "info msg ")) {
		/* "info msg 345: bytes 1234 from <s@example.org> qp 999 uid 89" */
		size_t k = number_at(s + 9, n - 9);
		const char *f = log_find(s, n, " from <");
		if (k && f) {
			l->queue_id = (struct span){s + 9, k};
			l->id = LOGID_MESSAGE;
			l->sender = addr_at(f + 6, end);
			l->kind = LOG_CONTEXT;
		}
		return;
	}
	if (log_starts(m, "starting delivery ")) {
		/* "starting delivery 12: msg 345 to remote a@example.com" */
		size_t k = number_at(s + 18, n - 18);
		const char *p = s + 18 + k;
		if (!k || end - p < 7 || memcmp(p, ": msg ", 6) != 0)
			return;
		size_t mk = number_at(p + 6, (size_t)(end - p - 6));
		const char *to = log_find(p, (size_t)(end - p), " to ");
		if (!mk || !to)
			return;
		l->queue_id = (struct span){s + 18, k};
		l->id = LOGID_DELIVERY;
		l->link = (struct span){p + 6, mk};
		const char *a = to + 4;
		if (end - a > 7 && memcmp(a, "remote ", 7) == 0)
			a += 7;
		else if (end - a > 6 && memcmp(a, "local ", 6) == 0)
			a += 6;
		l->recipient = (struct span){a, (size_t)(end - a)};
		l->kind = LOG_CONTEXT;
		return;
	}
	if (log_starts(m, "delivery ")) {
		/* "delivery 12: failure: 192.0.2.5_does_not_like_recipient./..." */
		size_t k = number_at(s + 9, n - 9);
		const char *p = s + 9 + k;
		if (!k || end - p < 2 || p[0] != ':' || p[1] != ' ')
			return;
		struct span w = {p + 2, (size_t)(end - p - 2)};
		size_t skip;
		if (log_starts(w, "success: "))
			l->outcome = (struct span){"sent", 4}, l->success = true, skip = 9;
		else if (log_starts(w, "failure: "))
			l->outcome = (struct span){"bounced", 7}, skip = 9;
		else if (log_starts(w, "deferral: "))
			l->outcome = (struct span){"deferred", 8}, skip = 10;
		else
			return;
		l->queue_id = (struct span){s + 9, k};
		l->id = LOGID_DELIVERY;
		l->reply = (struct span){w.s + skip, w.n - skip};
		l->kind = LOG_DELIVERY;
		return;
	}
	/* the programs beside qmail-send, in its log or their own */
	size_t c = 0;
	while (c < n && s[c] != ':' && s[c] != ' ' && s[c] != '[')
		c++;
	struct span prog = {s, c};
	if (c < n && s[c] == '[')
		while (c < n && s[c] != ':' && s[c] != ' ')
			c++;
	if (c + 1 < n && s[c] == ':' && s[c + 1] == ' ' &&
	    (log_starts(prog, "rblsmtpd") || log_starts(prog, "qmail-smtpd") ||
	     log_starts(prog, "vchkpw") || log_starts(prog, "spamdyke"))) {
		l->program = prog;
		s += c + 2, n -= c + 2;
		m = (struct span){s, n};
	}
	struct span p = l->program;
	if (log_starts(p, "rblsmtpd")) {
		/* "192.0.2.7 pid 1234 sbl.example: 451 text", or "rbl.example blocked 192.0.2.7
		 * helo -" */
		const char *pid = log_find(s, n, " pid ");
		const char *col = pid ? log_find(pid, (size_t)(end - pid), ": ") : NULL;
		if (pid && col) {
			l->client = (struct span){s, (size_t)(pid - s)};
			l->reply = (struct span){col + 2, (size_t)(end - col - 2)};
		} else if (log_find(s, n, " blocked ")) {
			l->reply = m;
		} else {
			return;
		}
		l->stage = STAGE_CONNECT;
	} else if (log_starts(p, "qmail-smtpd") && refusal_at(s, n)) {
		/* a patched qmail-smtpd's refusal: "421 badiprbl: ip 192.0.2.7 rbl: x" */
		l->reply = m;
		l->stage = log_find(s, n, "rbl") ? STAGE_CONNECT : STAGE_NONE;
	} else if (log_starts(p, "vchkpw") &&
	           (log_find(s, n, "password fail") || log_find(s, n, "user not found"))) {
		/* "vchkpw-smtp: password fail (pass: 'x') u@example.org:192.0.2.7" */
		l->reply = m;
		l->stage = STAGE_AUTH;
	} else if (log_starts(p, "spamdyke") && log_starts(m, "DENIED_")) {
		/* "DENIED_RBL_MATCH from: s@x to: r@y origin_ip: 192.0.2.7 ..." */
		const char *f = log_find(s, n, " from: "), *to = log_find(s, n, " to: ");
		const char *ip = log_find(s, n, " origin_ip: ");
		if (f)
			l->sender = addr_at(f + 7, end);
		if (to)
			l->recipient = addr_at(to + 5, end);
		if (ip)
			l->client = addr_at(ip + 12, end);
		l->reply = m; /* its filter's name, and the reason after it */
		l->stage = STAGE_RCPT;
	} else {
		return;
	}
	l->outcome = rejected;
	l->kind = LOG_REJECT;
}

/* Courier

 * courieresmtp's deliveries: "id=00000001.5F2E1A2B.00001234,from=<s>,addr=<r>: 550
 * 5.1.1 text" (a reply), then "id=...,from=<s>,addr=<r>,status: failure|deferred|
 * success" of the same delivery, counted and not explained again; courierlocal's
 * "id=...,from=<s>,addr=<r>,size=123,success: Message delivered."; courieresmtpd's
 * refusals: "error,relay=::ffff:192.0.2.9,from=<s>,to=<r>: 550 User unknown.",
 * "error,relay=::ffff:192.0.2.9,msg=\"535 Authentication failed.\",cmd: AUTH LOGIN" */
void
log_courier(const char *s, size_t n, struct logline *l)
{
	begin(l, "courier", s, n);
	const char *end = s + n;
	struct span m = {s, n};
	if (log_starts(m, "id=")) {
		const char *a = log_find(s, n, ",addr=");
		if (!a)
			return;
		const char *c = memchr(s, ',', n);
		l->queue_id = (struct span){s + 3, (size_t)(c - s - 3)};
		l->id = LOGID_RECIPIENT;
		l->sender = log_field(s, n, "from=");
		l->recipient = addr_at(a + 6, end);
		const char *after = l->recipient.s + l->recipient.n;
		if (after < end && *after == '>')
			after++;
		struct span rest = {after, (size_t)(end - after)};
		if (log_starts(rest, ": ")) {
			l->reply = (struct span){after + 2, rest.n - 2};
			char c0 = l->reply.n ? l->reply.s[0] : 0;
			l->outcome = c0 == '2'   ? (struct span){"sent", 4}
			             : c0 == '4' ? (struct span){"deferred", 8}
			                         : (struct span){"bounced", 7};
			l->success = c0 == '2';
		} else {
			const char *st = log_find(after, rest.n, "status: ");
			if (st) {
				struct span w = {st + 8, (size_t)(end - st - 8)};
				if (log_starts(w, "success"))
					l->outcome = (struct span){"sent", 4}, l->success = true;
				else if (log_starts(w, "deferred"))
					l->outcome = (struct span){"deferred", 8};
				else if (log_starts(w, "failure"))
					l->outcome = (struct span){"bounced", 7};
				else
					return;
			} else if ((st = log_find(after, rest.n, ",success: ")) != NULL) {
				l->outcome = (struct span){"sent", 4};
				l->success = true;
				l->reply = (struct span){st + 10, (size_t)(end - st - 10)};
			} else {
				return;
			}
		}
		l->kind = LOG_DELIVERY;
		return;
	}
	if (!log_starts(m, "error,"))
		return;
	l->client = log_field(s, n, "relay=");
	if (log_starts(l->client, "::ffff:"))
		l->client.s += 7, l->client.n -= 7;
	const char *msg = log_find(s, n, "msg=\"");
	if (msg) {
		const char *q = memchr(msg + 5, '"', (size_t)(end - msg - 5));
		l->reply = (struct span){msg + 5, (size_t)((q ? q : end) - msg - 5)};
		const char *cmd = q ? log_find(q, (size_t)(end - q), "cmd: ") : NULL;
		l->stage = cmd ? wrapper_stage(cmd + 5, (size_t)(end - cmd - 5)) : STAGE_NONE;
		if (l->stage == STAGE_NONE && cmd)
			l->stage = STAGE_AUTH; /* the command is the client's AUTH data */
	} else {
		const char *c = log_find(s, n, ">: ");
		if (!c)
			return;
		l->sender = log_field(s, n, "from=");
		l->recipient = log_field(s, n, "to=");
		l->reply = (struct span){c + 3, (size_t)(end - c - 3)};
		l->stage = l->recipient.s ? STAGE_RCPT : STAGE_MAIL;
	}
	l->outcome = rejected;
	l->kind = LOG_REJECT;
}

/* OpenSMTPD

 * the value of key="..." or key=word in s[0..n), or an empty span */
static struct span
quoted(const char *s, size_t n, const char *key)
{
	struct span v = log_field(s, n, key);
	if (!v.s || v.s >= s + n || *v.s != '"')
		return v;
	const char *q = memchr(v.s + 1, '"', (size_t)(s + n - v.s - 1));
	return (struct span){v.s + 1, (size_t)((q ? q : s + n) - v.s - 1)};
}

/* OpenSMTPD's result words: Ok, TempFail, PermFail, Loop */
static bool
result(struct logline *l, struct span r)
{
	if (log_starts(r, "Ok"))
		l->outcome = (struct span){"sent", 4}, l->success = true;
	else if (log_starts(r, "TempFail"))
		l->outcome = (struct span){"deferred", 8};
	else if (log_starts(r, "PermFail") || log_starts(r, "Loop"))
		l->outcome = (struct span){"bounced", 7};
	else
		return false;
	l->kind = LOG_DELIVERY;
	return true;
}

/* OpenSMTPD 6.6 and later: "SESSION mta delivery evpid=E from=<s> to=<r> rcpt=<->
 * source=\"ip\" relay=\"ip (host)\" delay=2s result=\"PermFail\" stat=\"550 text\"",
 * "SESSION smtp failed-command command=\"RCPT TO:<r>\" result=\"550 text\"" (a refusal
 * by our server; its client from the session's "smtp connected address=ip host=h"),
 * and 5.x: "delivery: TempFail for EVPID: from=<s>, to=<r>, ..., stat=text", "relay:
 * PermFail for ...", the same with relay= */
void
log_opensmtpd(const char *s, size_t n, struct logline *l)
{
	begin(l, "opensmtpd", s, n);
	const char *end = s + n;
	struct span m = {s, n};
	if (log_starts(m, "delivery: ") || log_starts(m, "relay: ")) {
		const char *w = memchr(s, ' ', n) + 1;
		const char *f = log_find(w, (size_t)(end - w), " for ");
		if (!f || !result(l, (struct span){w, (size_t)(end - w)}))
			return;
		const char *c = log_find(f + 5, (size_t)(end - f - 5), ": ");
		if (c)
			l->queue_id = (struct span){f + 5, (size_t)(c - f - 5)};
		l->sender = log_field(s, n, "from=");
		l->recipient = log_field(s, n, "to=");
		l->relay = log_upto_comma(s, n, "relay=");
		l->delay = log_field(s, n, "delay=");
		const char *st = log_find(s, n, "stat=");
		if (st)
			l->reply = (struct span){st + 5, (size_t)(end - st - 5)};
		return;
	}
	/* the event format: a session id of 16 hexadecimal digits, then the event */
	size_t i = 0;
	while (i < n && i < 16 && (isdig(s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
		i++;
	if (i != 16 || i >= n || s[i] != ' ')
		return;
	l->queue_id = (struct span){s, 16};
	l->id = LOGID_SESSION;
	struct span e = {s + 17, n - 17};
	if (log_starts(e, "smtp connected ")) {
		l->client = log_field(s, n, "address=");
		l->kind = LOG_CONTEXT;
	} else if (log_starts(e, "mta delivery ")) {
		if (!result(l, quoted(s, n, "result=")))
			return;
		l->sender = log_field(s, n, "from=");
		l->recipient = log_field(s, n, "to=");
		struct span rc = log_field(s, n, "rcpt=");
		if (rc.n && !(rc.n == 1 && rc.s[0] == '-'))
			l->orig_recipient = rc;
		l->relay = quoted(s, n, "relay=");
		l->delay = log_field(s, n, "delay=");
		l->reply = quoted(s, n, "stat=");
		/* the session is ours to the remote: the envelope is the message */
		struct span ev = log_field(s, n, "evpid=");
		if (ev.n) {
			l->queue_id = ev;
			l->id = LOGID_MESSAGE;
		}
	} else if (log_starts(e, "smtp failed-command ")) {
		struct span cmd = quoted(s, n, "command=");
		l->reply = quoted(s, n, "result=");
		if (!l->reply.n || !refusal_at(l->reply.s, l->reply.n))
			return;
		l->stage = cmd.n ? wrapper_stage(cmd.s, cmd.n) : STAGE_NONE;
		const char *lt = cmd.n ? memchr(cmd.s, '<', cmd.n) : NULL;
		if (lt && l->stage == STAGE_RCPT)
			l->recipient = addr_at(lt, cmd.s + cmd.n);
		else if (lt && l->stage == STAGE_MAIL)
			l->sender = addr_at(lt, cmd.s + cmd.n);
		l->outcome = rejected;
		l->kind = LOG_REJECT;
	} else if (log_starts(e, "smtp authentication ") &&
	           log_find(s, n, "result=permfail")) {
		l->reply = e;
		l->stage = STAGE_AUTH;
		l->outcome = rejected;
		l->kind = LOG_REJECT;
	}
}

/* the smaller servers */

/* the address inside the first "<...>" after w in s[0..n), or an empty span */
static struct span
angle_after(const char *s, size_t n, const char *w)
{
	const char *p = log_find(s, n, w);
	const char *lt = p ? memchr(p, '<', (size_t)(s + n - p)) : NULL;
	return lt ? addr_at(lt, s + n) : (struct span){NULL, 0};
}

/* Kerio Connect's security log, after its "[17/Jun/2026 17:00:45] ": "Attempt to
 * deliver to unknown recipient <r>, from <s>, IP address ip", "IP address ip found in
 * DNS blacklist X, mail from <s> to <r>[ rejected]", "Relay attempt from IP address
 * ip, mail from <s> to <r> rejected", "SMTP: User r doesn't exist. Attempt from IP
 * address ip.", "Client with IP address ip has no reverse DNS entry, connection
 * rejected before SMTP greeting", "Message from IP address ip, sender <s> rejected:
 * text". None holds a reply code: each is explained by its words. */
void
log_kerio(const char *s, size_t n, struct logline *l)
{
	begin(l, "kerio", s, n);
	struct span m = {s, n};
	/* its mail log: "Recv: Queue-ID: Q, Service: SMTP, From: <s>, To: <r>, ...",
	 * "Sent: Queue-ID: Q, Recipient: <r>, Result: delivered, Status: 2.0.0" */
	if (log_starts(m, "Recv: Queue-ID: ") || log_starts(m, "Sent: Queue-ID: ")) {
		const char *q = s + 16, *c = memchr(q, ',', n - 16);
		if (!c)
			return;
		l->queue_id = (struct span){q, (size_t)(c - q)};
		if (s[0] == 'R') {
			l->sender = angle_after(s, n, "From: ");
			l->kind = LOG_CONTEXT;
			return;
		}
		l->recipient = angle_after(s, n, "Recipient: ");
		const char *r = log_find(s, n, "Result: "), *st = log_find(s, n, "Status: ");
		if (!r)
			return;
		struct span w = {r + 8, (size_t)(s + n - r - 8)};
		if (log_starts(w, "delivered"))
			l->outcome = (struct span){"sent", 4}, l->success = true;
		else if (log_starts(w, "fail") || log_starts(w, "bounce"))
			l->outcome = (struct span){"bounced", 7};
		else if (log_starts(w, "defer") || log_starts(w, "delay") || log_starts(w, "postpone"))
			l->outcome = (struct span){"deferred", 8};
		else
			return;
		if (st)
			l->reply = (struct span){st + 8, (size_t)(s + n - st - 8)};
		l->kind = LOG_DELIVERY;
		return;
	}
	const char *ip = log_find(s, n, "IP address ");
	if (ip)
		l->client = addr_at(ip + 11, s + n);
	if (l->client.n && l->client.s[l->client.n - 1] == '.')
		l->client.n--;
	if (log_starts(m, "Attempt to deliver to unknown recipient ")) {
		l->recipient = angle_after(s, n, "recipient ");
		l->sender = angle_after(s, n, ", from ");
		l->stage = STAGE_RCPT;
	} else if ((log_starts(m, "IP address ") && log_find(s, n, " found in DNS blacklist ")) ||
	           log_starts(m, "Relay attempt from ")) {
		l->sender = angle_after(s, n, "mail from ");
		l->recipient = angle_after(s, n, "> to ");
		l->stage = STAGE_RCPT;
	} else if (log_starts(m, "SMTP: User ") && log_find(s, n, " doesn't exist")) {
		l->recipient = addr_at(s + 11, s + n);
		l->stage = STAGE_RCPT;
	} else if (log_starts(m, "Client with IP address ") &&
	           log_find(s, n, "connection rejected")) {
		l->stage = STAGE_CONNECT;
	} else if (log_starts(m, "Message from IP address ") && log_find(s, n, " rejected")) {
		l->sender = angle_after(s, n, "sender ");
		l->stage = STAGE_MAIL;
	} else {
		l->client = (struct span){NULL, 0};
		return;
	}
	l->outcome = rejected;
	l->kind = LOG_REJECT;
}

/* HCL (IBM, Lotus) Domino's console log, after its time: "SMTP Server [...]
 * Connection from [ip] rejected for policy reasons. text", the SMTP server's replies
 * in its own words ("SMTP Server: Message ... rejected ..."), the router's "Router:
 * Unable to deliver ..."; its authentication failures hold no reply and are the
 * log's. */
void
log_domino(const char *s, size_t n, struct logline *l)
{
	begin(l, "domino", s, n);
	struct span m = {s, n};
	if (log_starts(m, "SMTP Server")) {
		/* past "SMTP Server:" or "SMTP Server [0D14:0027-1334]" */
		const char *p = s + 11;
		if (p < s + n && *p == ':')
			p++;
		while (p < s + n && *p == ' ')
			p++;
		if (p < s + n && *p == '[') {
			const char *c = memchr(p, ']', (size_t)(s + n - p));
			p = c ? c + 1 : p;
		}
		while (p < s + n && *p == ' ')
			p++;
		struct span w = {p, (size_t)(s + n - p)};
		if (log_starts(w, "Connection from [") && log_find(p, w.n, " rejected")) {
			l->client = addr_at(p + 17, s + n);
			if (l->client.n && l->client.s[l->client.n - 1] == ']')
				l->client.n--;
			l->stage = STAGE_CONNECT;
			l->reply = w;
		} else if (refusal_at(p, w.n)) {
			l->reply = w;
		} else {
			return;
		}
		l->outcome = rejected;
		l->kind = LOG_REJECT;
	} else if (log_starts(m, "Router: Unable to deliver ")) {
		l->reply = m;
		l->outcome = (struct span){"bounced", 7};
		l->kind = LOG_DELIVERY;
	}
}

/* ASSP (the anti-spam SMTP proxy), after its "Apr-07-13 07:08:36 " and the worker's
 * and connection's tags ("m1-25391-06124 [Worker_1] [TLS-out] "): "ip [SMTP Error]
 * 535 5.7.8 text" (the reply it relays), "... - after reply: 535 5.7.8 text",
 * "[RelayAttempt] ip <s> to: r relay attempt blocked for: r2" */
void
log_assp(const char *s, size_t n, struct logline *l)
{
	begin(l, "assp", s, n);
	const char *end = s + n, *p;
	if ((p = log_find(s, n, "[SMTP Error] ")) != NULL) {
		l->reply = (struct span){p + 13, (size_t)(end - p - 13)};
	} else if ((p = log_find(s, n, " after reply: ")) != NULL) {
		l->reply = (struct span){p + 14, (size_t)(end - p - 14)};
	} else if ((p = log_find(s, n, "[RelayAttempt] ")) != NULL) {
		const char *b = log_find(p, (size_t)(end - p), "relay attempt blocked for");
		const char *c = b ? memchr(b, ':', (size_t)(end - b)) : NULL;
		if (!c || c + 2 >= end)
			return;
		l->reply = (struct span){p, (size_t)(end - p)};
		const char *a = c + 2, *lt = memchr(a, '<', (size_t)(end - a));
		l->recipient = addr_at(lt ? lt : a, end);
		l->stage = STAGE_RCPT;
		l->outcome = rejected;
		l->kind = LOG_REJECT;
		return;
	} else {
		return;
	}
	if (l->reply.n && l->reply.s[l->reply.n - 1] == ';')
		l->reply.n--;
	if (!refusal_at(l->reply.s, l->reply.n))
		return;
	l->stage = log_find(l->reply.s, l->reply.n, "authentication") ? STAGE_AUTH : STAGE_NONE;
	l->outcome = rejected;
	l->kind = LOG_REJECT;
}

/* Oracle Communications Messaging Server (iPlanet, Sun ONE; IMS) in its XML form: a
 * connection record "<co ts=\"...\" ... tr=\"TCP|ours|port|theirs|port\" mi=\"text\"
 * us=\"user\" di=\"535 5.7.8 text\"/>": a refusal when di holds one */
void
log_ims(const char *s, size_t n, struct logline *l)
{
	begin(l, "oracle-ims", s, n);
	l->time = quoted(s, n, "ts=");
	struct span di = quoted(s, n, "di=");
	if (!log_starts((struct span){s, n}, "<co ") || !refusal_at(di.s, di.n))
		return;
	l->reply = di;
	struct span tr = quoted(s, n, "tr=");
	/* "TCP|ours|port|theirs|port": the client is the fourth */
	const char *p = tr.s, *e = tr.s ? tr.s + tr.n : NULL;
	for (int bar = 0; p && p < e && bar < 3; p++)
		if (*p == '|')
			bar++;
	if (p && p < e) {
		const char *b = memchr(p, '|', (size_t)(e - p));
		l->client = (struct span){p, (size_t)((b ? b : e) - p)};
	}
	struct span mi = quoted(s, n, "mi=");
	l->stage = log_find(di.s, di.n, "uthentication") || log_find(mi.s, mi.n, "password")
	                   ? STAGE_AUTH
	                   : STAGE_NONE;
	l->outcome = rejected;
	l->kind = LOG_REJECT;
}

/* Haraka's log, on its own ("[NOTICE] [uuid] [plugin] text") or through syslog: the
 * outbound deliveries ("[outbound] recipient <r> rejected: 550 text", "... deferred:
 * 450 text", "delivered file=F domain=d host=h ... response=\"Ok\"", "bouncing mail:
 * 554 text", "Temp failing F for 64 seconds: Upstream error: 421 text"; a summary of
 * the recipients a line before told, "Some recipients failed: ...", is the log's) and
 * its server's refusals ("[core] recipient <r> code=DENY msg=\"text\" sender=s") */
void
log_haraka(const char *s, size_t n, struct logline *l)
{
	begin(l, "haraka", s, n);
	const char *end = s + n, *p = s;
	/* "[LEVEL] [uuid] [plugin] ": the uuid is the transaction, the plugin the part */
	struct span tag[3];
	int k = 0;
	while (k < 3 && p < end && *p == '[') {
		const char *c = memchr(p, ']', (size_t)(end - p));
		if (!c)
			return;
		tag[k++] = (struct span){p + 1, (size_t)(c - p - 1)};
		p = c + 1;
		while (p < end && *p == ' ')
			p++;
	}
	if (k < 3)
		return;
	const char *dot = memchr(tag[1].s, '.', tag[1].n);
	l->queue_id = (struct span){tag[1].s, dot ? (size_t)(dot - tag[1].s) : tag[1].n};
	struct span m = {p, (size_t)(end - p)};
	if (log_starts(tag[2], "outbound")) {
		const char *w;
		if (log_starts(m, "recipient <")) {
			l->recipient = addr_at(p + 10, end);
			w = l->recipient.s + l->recipient.n;
			if (w < end && *w == '>')
				w++;
			struct span rest = {w, (size_t)(end - w)};
			if (log_starts(rest, " rejected: "))
				l->outcome = (struct span){"bounced", 7}, w += 11;
			else if (log_starts(rest, " deferred: "))
				l->outcome = (struct span){"deferred", 8}, w += 11;
			else
				return;
			l->reply = (struct span){w, (size_t)(end - w)};
		} else if (log_starts(m, "delivered ")) {
			l->outcome = (struct span){"sent", 4};
			l->success = true;
			l->relay = log_field(p, m.n, "host=");
			l->reply = quoted(p, m.n, "response=");
		} else if (log_starts(m, "bouncing mail: ") &&
		           !log_find(p, m.n, "Some recipients failed")) {
			l->outcome = (struct span){"bounced", 7};
			l->reply = (struct span){p + 15, m.n - 15};
		} else if (log_starts(m, "Temp failing ") &&
		           (w = log_find(p, m.n, " seconds: ")) != NULL &&
		           !log_find(p, m.n, "Some recipients temp failed")) {
			l->outcome = (struct span){"deferred", 8};
			l->reply = (struct span){w + 10, (size_t)(end - w - 10)};
		} else {
			return;
		}
		l->kind = LOG_DELIVERY;
		return;
	}
	if (log_starts(tag[2], "core") && log_starts(m, "recipient <")) {
		struct span code = log_field(p, m.n, "code=");
		bool deny = log_starts(code, "DENY");
		if (!deny)
			return;
		l->recipient = addr_at(p + 10, end);
		l->sender = log_field(p, m.n, "sender=");
		l->reply = quoted(p, m.n, "msg=");
		if (!l->reply.n)
			l->reply = m;
		l->stage = STAGE_RCPT;
		l->outcome = rejected;
		l->kind = LOG_REJECT;
	}
}

/* Fortinet FortiMail's log (FortiMail Log Reference: a time, then key=value fields,
 * "log_id=0003000121 type=event subtype=smtp ... session_id=\"S\" msg=\"to=<r>,
 * delay=1, ..., mailer=esmtp, relay=..., dsn=5.1.1, stat=text\""): its MTA is
 * Sendmail's, and the message of an SMTP event is a Sendmail line of session S */
void
log_fortimail(const char *s, size_t n, struct logline *l)
{
	begin(l, "fortimail", s, n);
	struct span type = log_field(s, n, "type="), sub = log_field(s, n, "subtype=");
	if (!log_starts(type, "event") || !log_starts(sub, "smtp"))
		return;
	struct span id = quoted(s, n, "session_id="), msg = quoted(s, n, "msg=");
	if (!msg.n)
		return;
	struct span time = l->time;
	log_sendmail(msg.s, msg.n, l);
	l->format = "fortimail";
	l->time = time;
	l->message = (struct span){s, n};
	if (!l->queue_id.n)
		l->queue_id = id;
	/* a session's deliveries are known by their session */
	if (l->kind == LOG_CONTEXT && !id.n)
		l->kind = LOG_OTHER;
}
