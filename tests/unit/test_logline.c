/* test_logline.c: mail log lines: every header style, Postfix's, Sendmail's, Exim's,
 * qmail's, Courier's, OpenSMTPD's, the smaller servers', Exchange's and MailEnable's
 * deliveries and rejections, the noise around them, and the context kept by id */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "limit.h"
#include "logline.h"
#include "names.h"

static struct logline l;

static void
parse(const char *s)
{
	logline_parse(s, strlen(s), &l);
}

static bool
is(struct span sp, const char *want)
{
	if (!want)
		return sp.s == NULL;
	return sp.s && sp.n == strlen(want) && memcmp(sp.s, want, sp.n) == 0;
}

#define DELIVERY "3F2A1B2C3D: to=<bob@example.com>, orig_to=<b@example.com>, " \
	"relay=mx.example.com[192.0.2.4]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, " \
	"status=bounced (host mx.example.com[192.0.2.4] said: 550 5.1.1 User unknown (in " \
	"reply to RCPT TO command))"

static void
every_header_style(void **state)
{
	(void)state;
	static const struct {
		const char *line, *time, *host, *program;
	} cases[] = {
		{"Nov  4 10:00:00 mx1 postfix/smtp[1]: " DELIVERY, "Nov  4 10:00:00", "mx1", "postfix/smtp"},
		{"Nov 14 10:00:00 mx1 postfix/smtp[1]: " DELIVERY, "Nov 14 10:00:00", "mx1", "postfix/smtp"},
		{"Nov 4 10:00:00 mx1 postfix/smtp[1]: " DELIVERY, "Nov 4 10:00:00", "mx1", "postfix/smtp"},
		/* a process id that is not digits: up to its ']' */
		{"Nov  4 10:00:00 mx1 postfix/smtp[a-1]: " DELIVERY, "Nov  4 10:00:00", "mx1",
		 "postfix/smtp"},
		{"2026-11-04T10:00:00.123456+01:00 mx1 postfix/smtp[1]: " DELIVERY,
		 "2026-11-04T10:00:00.123456+01:00", "mx1", "postfix/smtp"},
		{"2026-11-04T10:00:00+0100 mx1 postfix/smtp[1]: " DELIVERY, "2026-11-04T10:00:00+0100",
		 "mx1", "postfix/smtp"},
		{"<22>1 2026-11-04T10:00:00Z mx1 postfix/smtp 1 - - " DELIVERY, "2026-11-04T10:00:00Z",
		 "mx1", "postfix/smtp"},
		{"<22>1 2026-11-04T10:00:00Z mx1 postfix/smtp 1 - [meta x=\"1\"] " DELIVERY,
		 "2026-11-04T10:00:00Z", "mx1", "postfix/smtp"},
		{"2026 Nov  4 10:00:00.123 mx1 postfix/smtp[1]: " DELIVERY, "2026 Nov  4 10:00:00.123",
		 "mx1", "postfix/smtp"},
		{"Nov  4 10:00:00 mx1 postfix/smtp[1]: [ID 197553 mail.info] " DELIVERY,
		 "Nov  4 10:00:00", "mx1", "postfix/smtp"},
		{"Nov  4 10:00:00 mx1 postfix-out/smtp[1]: " DELIVERY, "Nov  4 10:00:00", "mx1",
		 "postfix-out/smtp"},
		{DELIVERY, NULL, NULL, NULL}, /* journalctl -o cat: the message only */
		/* a header without its time, as some log shippers forward it */
		{"mx1 postfix/smtp[1]: " DELIVERY, NULL, "mx1", "postfix/smtp"},
		/* a container's prefix: CRI, docker logs -t, kubectl logs --prefix, compose */
		{"2026-11-04T10:00:00.123456789Z stdout F Nov  4 10:00:00 mx1 postfix/smtp[1]: " DELIVERY,
		 "2026-11-04T10:00:00.123456789Z", "mx1", "postfix/smtp"},
		{"2026-11-04T10:00:00.123456789Z stderr P " DELIVERY, "2026-11-04T10:00:00.123456789Z",
		 NULL, NULL},
		{"2026-11-04T10:00:00.12Z 2026-11-04T10:00:00+00:00 mx1 postfix/smtp[1]: " DELIVERY,
		 "2026-11-04T10:00:00+00:00", "mx1", "postfix/smtp"},
		{"[pod/mail-0/postfix] Nov  4 10:00:00 mx1 postfix/smtp[1]: " DELIVERY,
		 "Nov  4 10:00:00", "mx1", "postfix/smtp"},
		{"mail_1  | " DELIVERY, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parse(cases[i].line);
		assert_int_equal(l.kind, LOG_DELIVERY);
		assert_string_equal(l.format, "postfix");
		assert_true(is(l.time, cases[i].time));
		assert_true(is(l.host, cases[i].host));
		assert_true(is(l.program, cases[i].program));
		assert_true(is(l.queue_id, "3F2A1B2C3D"));
		assert_true(is(l.recipient, "bob@example.com"));
		assert_true(is(l.orig_recipient, "b@example.com"));
		assert_true(is(l.relay, "mx.example.com[192.0.2.4]:25"));
		assert_true(is(l.delay, "1.2"));
		assert_true(is(l.dsn, "5.1.1"));
		assert_true(is(l.outcome, "bounced"));
		assert_true(is(l.reply, "host mx.example.com[192.0.2.4] said: 550 5.1.1 User unknown "
		                        "(in reply to RCPT TO command)"));
		assert_false(l.success);
	}
	/* a classic time cut short, or a day of three digits, is no time */
	parse("Nov  4 10:00:0");
	assert_int_equal(l.kind, LOG_NONE);
	parse("Nov 144 10:00:00 mx1 postfix/smtp[1]: " DELIVERY);
	assert_null(l.time.s);
	/* a time or a bar before a reply is no container's prefix of a log line */
	parse("2026-11-04T10:00:00.1Z 550 5.1.1 User unknown");
	assert_int_equal(l.kind, LOG_NONE);
	parse("a | 550 5.1.1 User unknown");
	assert_int_equal(l.kind, LOG_NONE);
}

static void
postfix_rejections(void **state)
{
	(void)state;
	parse("Nov  4 10:00:04 mx1 postfix/smtpd[125]: NOQUEUE: reject: RCPT from "
	      "unknown[192.0.2.9]: 554 5.7.1 <x@example.org>: Relay access denied; "
	      "from=<spam@example.biz> to=<x@example.org> proto=ESMTP helo=<spam>");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.outcome, "rejected"));
	assert_int_equal(l.stage, STAGE_RCPT);
	assert_true(is(l.reply, "554 5.7.1 <x@example.org>: Relay access denied"));
	assert_true(is(l.sender, "spam@example.biz"));
	assert_true(is(l.recipient, "x@example.org"));
	assert_true(is(l.queue_id, NULL));

	parse("Nov  4 10:00:06 mx1 postfix/postscreen[128]: NOQUEUE: reject: RCPT from "
	      "[192.0.2.10]:4567: 550 5.7.1 Service unavailable; client [192.0.2.10] blocked "
	      "using zen.spamhaus.org; from=<a@example.biz>, to=<b@example.org>, proto=ESMTP, "
	      "helo=<x>");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.reply, "550 5.7.1 Service unavailable; client [192.0.2.10] blocked "
	                        "using zen.spamhaus.org"));
	assert_true(is(l.recipient, "b@example.org"));

	parse("Nov  4 10:00:06 mx1 postfix/smtpd[1]: NOQUEUE: reject_warning: MAIL from "
	      "x[192.0.2.1]: 450 4.1.8 <a@b.example>: Sender address rejected: Domain not found; "
	      "from=<a@b.example> to=<c@d.example> proto=ESMTP helo=<x>");
	assert_true(is(l.outcome, "reject_warning"));
	assert_int_equal(l.stage, STAGE_MAIL);

	parse("Nov  4 10:00:08 mx1 postfix/cleanup[130]: 7E8F9A0B1C: milter-reject: "
	      "END-OF-MESSAGE from unknown[192.0.2.11]: 5.7.1 Spam message rejected; "
	      "from=<s@example.biz> to=<t@example.org> proto=ESMTP helo=<h>");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_DATA);
	assert_true(is(l.reply, "5.7.1 Spam message rejected"));
	assert_true(is(l.queue_id, "7E8F9A0B1C"));

	parse("Nov  4 10:00:08 mx1 postfix/cleanup[130]: 7E8F9A0B1C: reject: header Subject: "
	      "win big from unknown[192.0.2.11]; from=<s@example.biz> to=<t@example.org> "
	      "proto=ESMTP helo=<h>: 5.7.1 message content rejected");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.reply, "5.7.1 message content rejected"));
	assert_true(is(l.recipient, "t@example.org"));
}

static void
noise_and_success(void **state)
{
	(void)state;
	parse("Nov  4 10:00:02 mx1 postfix/smtpd[125]: connect from unknown[192.0.2.9]");
	assert_int_equal(l.kind, LOG_OTHER);
	parse("Nov  4 10:00:09 mx1 kernel: eth0 link up");
	assert_int_equal(l.kind, LOG_OTHER);
	parse("connect from unknown[192.0.2.9]"); /* journalctl -o cat */
	assert_int_equal(l.kind, LOG_OTHER);
	parse("17CCA8044: sender non-delivery notification: ADD2F8052");
	assert_int_equal(l.kind, LOG_OTHER);
	parse("TSS04: deferred"); /* not a queue id of Postfix's */
	assert_int_equal(l.kind, LOG_NONE);
	parse("550 5.1.1 User unknown");
	assert_int_equal(l.kind, LOG_NONE);
	parse("Nov  4 10:00:05 mx1 postfix/smtp[127]: 5C6D7E8F9A: to=<d@example.com>, "
	      "relay=mx.example.com[192.0.2.4]:25, delay=0.5, dsn=2.0.0, status=sent (250 2.0.0 "
	      "Ok: queued as ABCDEF)");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(l.success);
	assert_true(is(l.reply, "250 2.0.0 Ok: queued as ABCDEF"));
}

static void
the_sender_is_kept_by_queue_id(void **state)
{
	(void)state;
	parse("Nov  4 10:00:00 mx1 postfix/qmgr[123]: 3F2A1B2C3D: from=<alice@example.org>, "
	      "size=1234, nrcpt=1 (queue active)");
	assert_int_equal(l.kind, LOG_CONTEXT);
	logline_remember(&l);
	parse("Nov  4 10:00:01 mx1 postfix/smtp[1]: " DELIVERY);
	logline_recall(&l);
	assert_true(is(l.sender, "alice@example.org"));
	parse("Nov  4 10:00:01 mx1 postfix/smtp[1]: 999999AAAA: to=<x@example.com>, dsn=4.4.1, "
	      "status=deferred (connect to x[192.0.2.1]:25: Connection refused)");
	logline_recall(&l);
	assert_true(is(l.sender, NULL));

	/* and the client, from the server's line: the sender stays */
	parse("Nov  4 09:59:59 mx1 postfix/smtpd[1]: 3F2A1B2C3D: client=c.example.org[192.0.2.20], "
	      "sasl_method=PLAIN");
	assert_int_equal(l.kind, LOG_CONTEXT);
	assert_true(is(l.client, "c.example.org[192.0.2.20]"));
	logline_remember(&l);
	parse("Nov  4 10:00:01 mx1 postfix/smtp[1]: " DELIVERY);
	logline_recall(&l);
	assert_true(is(l.sender, "alice@example.org"));
	assert_true(is(l.client, "c.example.org[192.0.2.20]"));
	/* a rejection names its client */
	parse("Nov  4 10:00:04 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]:"
	      "4567: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@b.example> "
	      "to=<x@example.org> proto=ESMTP helo=<h>");
	assert_true(is(l.client, "unknown[192.0.2.9]"));
	/* Exim's arrival, and Sendmail's */
	parse("2026-11-04 10:00:00 1vAbCd-000123-Xy <= alice@example.org H=c.example.org (helo) "
	      "[192.0.2.20]:4567 P=esmtps S=1234");
	assert_true(is(l.client, "c.example.org (helo) [192.0.2.20]"));
	parse("2026-11-04 10:00:00 1vAbCd-000124-Xy <= alice@example.org H=[192.0.2.21] P=smtp");
	assert_true(is(l.client, "[192.0.2.21]"));
	parse("Nov  4 10:00:00 mx2 sm-mta[1]: 4A1B2C3D004001: from=<a@example.org>, size=1, "
	      "relay=c.example.org [192.0.2.20]");
	assert_true(is(l.client, "c.example.org [192.0.2.20]"));
}

static void
sendmail_lines(void **state)
{
	(void)state;
	parse("Nov  4 10:00:01 mx2 sm-mta[2002]: 4A1B2C3D004001: to=<bob@example.com>, "
	      "delay=00:00:01, mailer=esmtp, relay=mx.example.com. [192.0.2.4], dsn=5.1.1, "
	      "stat=User unknown");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_string_equal(l.format, "sendmail");
	assert_true(is(l.queue_id, "4A1B2C3D004001"));
	assert_true(is(l.recipient, "bob@example.com"));
	assert_true(is(l.relay, "mx.example.com. [192.0.2.4]"));
	assert_true(is(l.dsn, "5.1.1"));
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.reply, "User unknown"));

	parse("Nov  4 10:00:02 mx2 sendmail[2003]: 4A1B2C3D004002: to=<c@example.net>, "
	      "dsn=4.0.0, stat=Deferred: Connection refused by mx.example.net.");
	assert_true(is(l.outcome, "deferred"));
	parse("Nov  4 10:00:07 mx2 sm-mta[2009]: 4A1B2C3D004007: to=<f@example.com>, dsn=2.0.0, "
	      "stat=Sent (Ok: queued as 12345)");
	assert_true(l.success);

	parse("Nov  4 10:00:03 mx2 sm-mta[2004]: 4A1B2C3D004003: ruleset=check_rcpt, "
	      "arg1=<dave@example.org>, relay=spam.example.biz [192.0.2.30], reject=550 5.7.1 "
	      "<dave@example.org>... Relaying denied");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_RCPT);
	assert_true(is(l.recipient, "dave@example.org"));
	assert_true(is(l.reply, "550 5.7.1 <dave@example.org>... Relaying denied"));

	parse("Nov  4 10:00:04 mx2 sm-mta[2005]: ruleset=check_relay, arg1=spam.example.biz, "
	      "arg2=192.0.2.31, relay=spam.example.biz [192.0.2.31], reject=421 4.3.2 "
	      "Connection rate limit exceeded.");
	assert_int_equal(l.stage, STAGE_CONNECT);
	assert_true(is(l.recipient, NULL));

	parse("Jun 17 14:37:39 <mail.notice> mx2 sm-mta[2006]: 4A1B2C3D004004: "
	      "<erin@example.org>... User unknown");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.host, "mx2"));
	assert_true(is(l.recipient, "erin@example.org"));
	assert_true(is(l.reply, "User unknown"));

	parse("Nov  4 10:00:06 mx2 sm-mta[2008]: 4A1B2C3D004006: [192.0.2.33]: VRFY root [rejected]");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_RCPT);
	parse("Nov  4 10:00:07 mx2 sm-mta[2009]: 4A1B2C3D004007: [192.0.2.34]: EXPN staff [rejected]");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_RCPT);

	parse("Nov  4 10:00:00 mx2 sm-mta[2001]: 4A1B2C3D004001: from=<alice@example.org>, "
	      "size=1200, class=0, nrcpts=1, relay=client.example.org [192.0.2.20]");
	assert_int_equal(l.kind, LOG_CONTEXT);
	assert_true(is(l.sender, "alice@example.org"));

	parse("Nov  4 10:00:08 mx2 sm-mta[2010]: STARTTLS=client, relay=mx.example.com., "
	      "version=TLSv1.3, verify=OK");
	assert_int_equal(l.kind, LOG_OTHER);
}

static void
exim_lines(void **state)
{
	(void)state;
	parse("2026-11-04 10:00:01 1vAbCd-000123-Xy ** bob@example.com R=dnslookup T=remote_smtp "
	      "H=mx.example.com [192.0.2.4]: SMTP error from remote mail server after RCPT "
	      "TO:<bob@example.com>: 550 5.1.1 User unknown");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_string_equal(l.format, "exim");
	assert_true(is(l.time, "2026-11-04 10:00:01"));
	assert_true(is(l.queue_id, "1vAbCd-000123-Xy"));
	assert_true(is(l.recipient, "bob@example.com"));
	assert_true(is(l.relay, "mx.example.com"));
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.reply, "SMTP error from remote mail server after RCPT TO:<bob@example.com>: "
	                        "550 5.1.1 User unknown"));

	parse("2026-11-04 10:00:03 1vAbCf-000125-Xy == dave@example.net routing defer (-51): "
	      "retry time not reached");
	assert_int_equal(l.kind, LOG_OTHER); /* not an attempt */
	parse("2026-11-04 10:00:02 +0100 1vAbCe-000124-Xy == c@example.net R=x T=y defer (-44) "
	      "H=mx [192.0.2.5]: SMTP error from remote mail server after RCPT TO:<c@example.net>: "
	      "452 4.2.2 Mailbox full");
	assert_true(is(l.outcome, "deferred"));

	parse("2026-11-04 10:00:04 1vAbCg-000126-Xy => erin@example.com <erin@lists.example.org> "
	      "R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.4] C=\"250 2.0.0 OK id=abc\"");
	assert_true(l.success);
	assert_true(is(l.recipient, "erin@example.com"));
	assert_true(is(l.orig_recipient, "erin@lists.example.org"));
	assert_true(is(l.reply, "250 2.0.0 OK id=abc"));
	parse("1999-03-02 09:44:33 10HmaX-000000005vi-0000 => :blackhole: <b@x.example> R=aliases");
	assert_true(is(l.recipient, "b@x.example"));
	/* "H=[ip]:" is no syslog program: Exim's attempt */
	parse("2026-11-04 10:00:08 1vAbCj-000129-Xy H=[2001:db8::25]: SMTP error from remote mail "
	      "server after MAIL FROM:<alice@example.org>: 450 Temporary error");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "attempt"));
	/* Exim 4.94's authenticator failures, and a callout's refusal */
	parse("2026-11-04 10:00:09 plain authenticator failed H=(client) [192.0.2.40] 535 "
	      "Incorrect authentication data");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_AUTH);
	assert_true(is(l.reply, "535 Incorrect authentication data"));
	parse("2026-11-04 10:00:10 H=(client) [192.0.2.41] sender verify fail for <x@example.net>: "
	      "mx.example.net [192.0.2.42] : SMTP error from remote mail server after RCPT "
	      "TO:<x@example.net>: 550 Unknown user");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "attempt"));
	/* an id, then a word and a colon, is no syslog host and program; nor is "U=..." */
	parse("2026-11-04 10:00:11 1vAbCk-000130-Xy custom-message: login authenticator failed "
	      "H=(client) [192.0.2.43] 535 no way");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.reply, "535 no way"));
	parse("2026-11-04 10:00:12 U=exim Warning: Sender verify failed: mx.example.net "
	      "[192.0.2.42] : SMTP error from remote mail server after RCPT TO:<y@example.net>: "
	      "550 Unknown user");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "attempt"));
	/* a pipe's command holds spaces; "<system-filter>" is no address */
	parse("2026-11-04 10:00:06 1vAbCh-000127-Xy ** |/usr/bin/procmail -d \"bob\" <system-filter> "
	      "T=address_pipe : Child process of address_pipe transport returned 75");
	assert_true(is(l.recipient, "|/usr/bin/procmail -d \"bob\""));
	parse("2026-11-04 10:00:07 1vAbCi-000128-Xy ** |/usr/bin/vacation -a bob <bob@example.org> "
	      "R=userforward T=address_pipe : return message generated");
	assert_true(is(l.recipient, "bob@example.org"));

	parse("2026-11-04 10:00:00 1vAbCd-000123-Xy <= alice@example.org H=c [192.0.2.20] S=1234");
	assert_int_equal(l.kind, LOG_CONTEXT);
	assert_true(is(l.sender, "alice@example.org"));

	parse("2026-11-04 10:00:05 H=spam.example.biz [192.0.2.30] F=<s@example.biz> rejected RCPT "
	      "<frank@example.org>: relay not permitted");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_RCPT);
	assert_true(is(l.sender, "s@example.biz"));
	assert_true(is(l.recipient, "frank@example.org"));
	assert_true(is(l.reply, "relay not permitted"));

	parse("2026-11-04 10:00:06 [4242] 1vAbCh-000127-Xy H=x [192.0.2.31] F=<s@example.biz> "
	      "rejected after DATA: This message contains a virus");
	assert_int_equal(l.stage, STAGE_DATA);
	assert_true(is(l.reply, "This message contains a virus"));

	parse("2026-11-04 10:00:07 dovecot_login authenticator failed for (User) [192.0.2.32]: "
	      "535 Incorrect authentication data");
	assert_int_equal(l.stage, STAGE_AUTH);
	assert_true(is(l.reply, "535 Incorrect authentication data"));

	parse("2026-11-04T10:00:08+01:00 mx3 exim[3751]: 2026-11-04 10:00:08 1vAbCi-000128-Xy ** "
	      "g@example.com R=d T=r H=mx [192.0.2.4]: SMTP error from remote mail server after end "
	      "of data: 554 5.7.1 spam");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.host, "mx3"));
	assert_true(is(l.recipient, "g@example.com"));

	parse("2026-11-04 10:00:09 1vAbCd-000123-Xy Completed");
	assert_int_equal(l.kind, LOG_OTHER);

	/* a reply of many lines, its line ends written "\n" */
	parse("2026-11-04 10:00:10 1vAbCj-000129-Xy ** h@example.com R=d T=r H=mx [192.0.2.4]: "
	      "SMTP error from remote mail server after RCPT TO:<h@example.com>: 550-5.1.1 No "
	      "such\\n550-5.1.1 user");
	assert_true(logline_escaped(&l));
	char buf[128];
	size_t k = logline_unescape(&l, buf);
	assert_int_equal(k, l.reply.n - 1);
	assert_memory_equal(buf + k - 22, "No such 550-5.1.1 user", 22);
	parse("2026-11-04 10:00:01 1vAbCd-000123-Xy ** b@example.com R=d T=r: 550 a\\b");
	assert_false(logline_escaped(&l));
}

static void
a_deferral_then_a_failure_is_told_once(void **state)
{
	(void)state;
	parse("Nov  4 10:00:01 mx postfix/smtp[1]: 7A7A7A7A7A: to=<a@example.com>, relay=x, "
	      "dsn=4.2.2, status=deferred (host x[192.0.2.1] said: 452 4.2.2 Mailbox full)");
	assert_int_equal(logline_track(&l, 3), 0);
	assert_int_equal(logline_track(&l, 5), 0); /* a second deferral: the first stays */
	parse("Nov  9 10:00:01 mx postfix/qmgr[1]: 7A7A7A7A7A: from=<s@example.org>, "
	      "status=expired, returned to sender");
	assert_int_equal(logline_track(&l, 9), 3);
	assert_int_equal(logline_track(&l, 10), 0); /* told once */
	/* deferred, then sent: nothing to tell */
	parse("Nov  4 10:00:01 mx postfix/smtp[1]: 7B7B7B7B7B: to=<a@example.com>, relay=x, "
	      "dsn=4.4.2, status=deferred (lost connection)");
	assert_int_equal(logline_track(&l, 11), 0);
	parse("Nov  4 10:10:01 mx postfix/smtp[1]: 7B7B7B7B7B: to=<a@example.com>, relay=x, "
	      "dsn=2.0.0, status=sent (250 Ok)");
	assert_int_equal(logline_track(&l, 12), 0);
	parse("Nov  4 10:20:01 mx postfix/smtp[1]: 7B7B7B7B7B: to=<a@example.com>, relay=x, "
	      "dsn=5.1.1, status=bounced (550 5.1.1 User unknown)");
	assert_int_equal(logline_track(&l, 13), 0);
	/* bounced without a deferral first */
	parse("Nov  4 10:20:01 mx postfix/smtp[1]: 7C7C7C7C7C: to=<a@example.com>, relay=x, "
	      "dsn=5.1.1, status=bounced (550 5.1.1 User unknown)");
	assert_int_equal(logline_track(&l, 14), 0);
}


/* parses s, then gives it its context as smtpcode does */
static void
feed(const char *s)
{
	parse(s);
	logline_context(&l, 1);
}

static void
qmail_lines(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	feed("Nov  4 10:00:00 mx1 qmail: 1730714400.123456 info msg 345: bytes 1234 from "
	     "<s@example.org> qp 999 uid 89");
	assert_int_equal(l.kind, LOG_CONTEXT);
	assert_true(is(l.time, "1730714400.123456")); /* written anew only when shown */
	feed("Nov  4 10:00:00 mx1 qmail: 1730714400.2 starting delivery 12: msg 345 to remote "
	     "r@example.com");
	assert_int_equal(l.kind, LOG_CONTEXT);
	assert_true(is(l.link, "345"));
	feed("Nov  4 10:00:01 mx1 qmail: 1730714401.1 delivery 12: failure: "
	     "192.0.2.5_does_not_like_recipient./Remote_host_said:_550_5.1.1_<r@example.com>:"
	     "_User_unknown/Giving_up_on_192.0.2.5./");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.format ? (struct span){l.format, strlen(l.format)} : l.host, "qmail"));
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.time, "2024-11-04T10:00:01.100000Z"));
	assert_true(is(l.queue_id, "12"));
	assert_true(is(l.recipient, "r@example.com")); /* from its starting line */
	assert_true(is(l.sender, "s@example.org"));    /* from its message's info line */
	assert_true(logline_escaped(&l));
	char buf[512];
	size_t k = logline_unescape(&l, buf);
	assert_int_equal(k, strlen("192.0.2.5 does not like recipient. Remote host said: 550 "
	                           "5.1.1 <r@example.com>: User unknown Giving up on 192.0.2.5."));
	assert_memory_equal(buf, "192.0.2.5 does not like recipient. Remote host said: 550 ", 56);
	/* multilog: the TAI64N time, and a link's '/' kept */
	feed("@4000000067291a2e1d2f3c44 delivery 13: deferral: "
	     "Sorry,_see_http://example.org/help/x_(#4.4.3)/");
	assert_true(is(l.outcome, "deferred"));
	assert_true(is(l.time, "2024-11-04T19:01:56.489634Z"));
	k = logline_unescape(&l, buf);
	assert_int_equal(k, strlen("Sorry, see http://example.org/help/x (#4.4.3)"));
	assert_memory_equal(buf, "Sorry, see http://example.org/help/x (#4.4.3)", k);
	parse("Nov  4 10:00:02 mx1 rblsmtpd: 192.0.2.7 pid 1234: 451 http://rbl.example/?ip=1");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_CONNECT);
	assert_true(is(l.client, "192.0.2.7"));
	assert_true(is(l.reply, "451 http://rbl.example/?ip=1"));
	assert_false(logline_escaped(&l));
	parse("Nov  4 10:00:03 mx1 qmail: 1730714403.1 end msg 345");
	assert_int_equal(l.kind, LOG_OTHER);
}

static void
courier_and_opensmtpd_lines(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	feed("Nov  4 10:00:03 mx1 courieresmtp: id=00000001.5F2E1A2B.00001234,from=<s@example.org>,"
	     "addr=<r@example.com>: 550 5.1.1 <r@example.com>: Recipient address rejected");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.queue_id, "00000001.5F2E1A2B.00001234"));
	assert_false(l.told);
	feed("Nov  4 10:00:03 mx1 courieresmtp: id=00000001.5F2E1A2B.00001234,from=<s@example.org>,"
	     "addr=<r@example.com>,status: failure");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(l.told); /* its reply was the line before */
	/* another recipient of the same message: its status was told by no reply */
	feed("Nov  4 10:00:03 mx1 courieresmtp: id=00000001.5F2E1A2B.00001234,from=<s@example.org>,"
	     "addr=<q@example.com>,status: deferred");
	assert_false(l.told);
	assert_true(is(l.outcome, "deferred"));
	parse("Nov  4 10:00:04 mx1 courieresmtpd: error,relay=::ffff:192.0.2.9,"
	      "msg=\"535 Authentication failed.\",cmd: AUTH LOGIN");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_AUTH);
	assert_true(is(l.client, "192.0.2.9"));
	assert_true(is(l.reply, "535 Authentication failed."));

	feed("Nov  4 10:00:05 mx1 smtpd[123]: 1a2b3c4d5e6f7a8b smtp connected address=192.0.2.9 "
	     "host=mail.example.net");
	assert_int_equal(l.kind, LOG_CONTEXT);
	feed("Nov  4 10:00:05 mx1 smtpd[123]: 1a2b3c4d5e6f7a8b smtp failed-command "
	     "command=\"RCPT TO:<x@example.org>\" result=\"550 Invalid recipient: <x@example.org>\"");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_int_equal(l.stage, STAGE_RCPT);
	assert_true(is(l.recipient, "x@example.org"));
	assert_true(is(l.client, "192.0.2.9")); /* from the session's connected line */
	parse("Nov  4 10:00:06 mx1 smtpd[123]: 2b2b3c4d5e6f7a8b mta delivery evpid=0123456789abcdef "
	      "from=<s@example.org> to=<r@example.com> rcpt=<-> source=\"192.0.2.1\" "
	      "relay=\"192.0.2.4 (mx.example.com)\" delay=2s result=\"TempFail\" stat=\"421 4.4.2 x\"");
	assert_true(is(l.outcome, "deferred"));
	assert_true(is(l.queue_id, "0123456789abcdef"));
	assert_true(is(l.relay, "192.0.2.4 (mx.example.com)"));
	assert_true(is(l.reply, "421 4.4.2 x"));
	assert_true(is(l.orig_recipient, NULL));
	parse("Nov  4 10:00:07 mx1 smtpd[123]: relay: PermFail for 1a2b3c4d5e6f7a8b: from=<s@e.org>, "
	      "to=<r@example.com>, relay=mx.example.com [192.0.2.4], delay=1s, stat=550 5.1.1 No");
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.relay, "mx.example.com [192.0.2.4]"));
	assert_true(is(l.reply, "550 5.1.1 No"));
}

static void
servers_with_headers_of_their_own(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	parse("[04/Nov/2026 10:00:08] Relay attempt from IP address 192.0.2.9, mail from "
	      "<s@example.net> to <r@example.com> rejected");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_string_equal(l.format, "kerio");
	assert_true(is(l.time, "04/Nov/2026 10:00:08"));
	assert_true(is(l.recipient, "r@example.com"));
	assert_true(is(l.client, "192.0.2.9"));
	parse("[04/Nov/2026 10:00:09] Failed SMTP login from 192.0.2.9 with SASL method PLAIN.");
	assert_int_equal(l.kind, LOG_OTHER);
	parse("Nov-04-26 10:00:09 m1-1-2 [Worker_1] [TLS-out] 192.0.2.9 [SMTP Error] 535 5.7.8 "
	      "Error: authentication failed: x");
	assert_string_equal(l.format, "assp");
	assert_int_equal(l.stage, STAGE_AUTH);
	assert_true(is(l.reply, "535 5.7.8 Error: authentication failed: x"));
	parse("2026-11-04 10:00:10   SMTP Server [0D14:0027-1334] Connection from [192.0.2.2] "
	      "rejected for policy reasons.");
	assert_string_equal(l.format, "domino");
	assert_int_equal(l.stage, STAGE_CONNECT);
	assert_true(is(l.client, "192.0.2.2"));
	parse("2026-11-04 10:00:10 1ahr79-0006jK-G9 <= a@example.org H=x [192.0.2.1]");
	assert_string_equal(l.format, "exim"); /* one space: Exim's own log */
	parse("<co ts=\"2026-11-04T10:00:11.94\" sc=\"tcp_local\" tr=\"TCP|192.0.2.1|25|192.0.2.9|607\" "
	      "mi=\"Bad password\" di=\"535 5.7.8 Bad username or password.\"/>");
	assert_string_equal(l.format, "oracle-ims");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.client, "192.0.2.9"));
	assert_true(is(l.time, "2026-11-04T10:00:11.94"));
}

static void
logs_of_columns(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	/* a tracking row without a #Fields line: Exchange 2013's order */
	parse("2026-11-04T10:00:12.463Z,192.0.2.1,mx,192.0.2.2,mx.example.com,,Send,SMTP,FAIL,1234,"
	      "<a@example.org>,x,r@example.com,\"550 5.1.1 RESOLVER.ADR.RecipNotFound; not found\","
	      "100,1,,,\"a, b\",s@example.org");
	assert_string_equal(l.format, "exchange");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.recipient, "r@example.com"));
	assert_true(is(l.sender, "s@example.org"));
	assert_true(is(l.reply, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"));
	assert_true(logline_copy(&l, l.reply.s)); /* unquoted by libcsv */
	/* a #Fields line that puts the columns elsewhere */
	parse("#Fields: date-time,event-id,recipient-address,recipient-status,sender-address");
	assert_int_equal(l.kind, LOG_OTHER);
	parse("2026-11-04T10:00:13.000Z,DEFER,q@example.com,451 4.4.0 DNS query failed,s@e.org,"
	      "x,y,z,w");
	assert_true(is(l.outcome, "deferred"));
	assert_true(is(l.recipient, "q@example.com"));
	/* a protocol row, told by its shape; its session gives the recipient */
	feed("2026-11-04T10:00:13.460Z,Default Frontend,08DC1DB8591B22A0,3,192.0.2.1:25,"
	     "192.0.2.9:53228,<,RCPT TO:<r@example.org>,");
	assert_int_equal(l.kind, LOG_CONTEXT);
	feed("2026-11-04T10:00:13.461Z,Default Frontend,08DC1DB8591B22A0,4,192.0.2.1:25,"
	     "192.0.2.9:53228,>,550 5.1.1 User unknown,");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.recipient, "r@example.org"));
	assert_int_equal(l.stage, STAGE_RCPT);
	assert_true(is(l.client, "192.0.2.9:53228"));
	/* MailEnable */
	feed("11/04/26 10:00:02\tSMTP-OU\t3A2D.MAI\t1236\t192.0.2.4\tRCPT\tTO:<r@example.com>\t"
	     "250 OK\t20\t9");
	assert_int_equal(l.kind, LOG_CONTEXT);
	feed("11/04/26 10:00:02\tSMTP-OU\t3A2D.MAI\t1236\t192.0.2.4\tDATA\t\t554 5.7.1 No\t20\t9");
	assert_string_equal(l.format, "mailenable");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.recipient, "r@example.com"));
	assert_int_equal(l.stage, STAGE_DATA);
	/* hMailServer: the client's command, then our refusal */
	feed("\"SMTPD\"\t4128\t17\t\"2026-11-04 10:00:01.310\"\t\"198.51.100.7\"\t"
	     "\"RECEIVED: RCPT TO:<x@example.org>\"");
	assert_string_equal(l.format, "hmailserver");
	assert_int_equal(l.kind, LOG_CONTEXT);
	feed("\"SMTPD\"\t4128\t17\t\"2026-11-04 10:00:01.315\"\t\"198.51.100.7\"\t"
	     "\"SENT: 550 Unknown user\"");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.reply, "550 Unknown user"));
	assert_true(is(l.recipient, "x@example.org"));
	assert_true(is(l.client, "198.51.100.7"));
	assert_true(is(l.time, "2026-11-04 10:00:01.315"));
	/* of our delivery, the remote's refusal */
	feed("\"SMTPC\"\t4200\t25\t\"2026-11-04 10:00:05.264\"\t\"192.0.2.4\"\t"
	     "\"RECEIVED: 451 4.7.1 Greylisted\"");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "deferred"));
	assert_true(is(l.relay, "192.0.2.4"));
}

static void
fortimail_lines(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	parse("2026-11-04 10:00:02.041 log_id=0003000121 type=event subtype=smtp pri=information "
	      "session_id=\"4A1B2C3D000123\" msg=\"to=<r@example.com>, delay=00:00:01, "
	      "mailer=esmtp, relay=mx.example.com. [192.0.2.4], dsn=5.1.1, stat=User unknown\"");
	assert_string_equal(l.format, "fortimail");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.queue_id, "4A1B2C3D000123"));
	assert_true(is(l.recipient, "r@example.com"));
	assert_true(is(l.dsn, "5.1.1"));
	assert_true(is(l.reply, "User unknown"));
	assert_true(is(l.time, "2026-11-04 10:00:02.041"));
	parse("date=2026-11-04 time=10:00:04 device_id=FE100C3909600504 log_id=0701000001 "
	      "type=kevent subtype=admin pri=information msg=\"User admin logged in\"");
	assert_string_equal(l.format, "fortimail");
	assert_int_equal(l.kind, LOG_OTHER);
}

static void
haraka_lines(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	parse("[NOTICE] [8F2E4B5D-9A6C-4DAE-9F10-2B3C4D5E6F70.1] [outbound] recipient "
	      "<r2@example.com> rejected: 550 5.1.1 User unknown");
	assert_string_equal(l.format, "haraka");
	assert_int_equal(l.kind, LOG_DELIVERY);
	assert_true(is(l.outcome, "bounced"));
	assert_true(is(l.queue_id, "8F2E4B5D-9A6C-4DAE-9F10-2B3C4D5E6F70"));
	assert_true(is(l.recipient, "r2@example.com"));
	assert_true(is(l.reply, "550 5.1.1 User unknown"));
	parse("[INFO] [8F2E4B5D-9A6C-4DAE-9F10-2B3C4D5E6F70.1] [outbound] bouncing mail: Some "
	      "recipients failed: <r2@example.com>");
	assert_int_equal(l.kind, LOG_OTHER); /* told by the line before */
	parse("Nov  4 10:00:00 mx1 haraka[77]: [INFO] [A1-B2.1] [outbound] Temp failing F for 64 "
	      "seconds: Upstream error: 421 4.7.0 Try again later");
	assert_true(is(l.outcome, "deferred"));
	assert_true(is(l.reply, "Upstream error: 421 4.7.0 Try again later"));
	parse("[NOTICE] [C3-D4.1] [core] recipient <x@example.org> code=DENY msg=\"550 No\" "
	      "sender=s@example.net");
	assert_int_equal(l.kind, LOG_REJECT);
	assert_true(is(l.reply, "550 No"));
	assert_true(is(l.sender, "s@example.net"));
	parse("[NOTICE] [C3-D4.1] [core] recipient <x@example.org> code=OK msg=\"\" sender=s");
	assert_int_equal(l.kind, LOG_OTHER);
}

/* a moved line's spans are in the copy, the reader's own copies included, and say
 * what they said */
/* a line read where it lasts points into it, or into its own time, or into the copy
 * logline_settle made of the reader's row of fields */
static void
a_settled_line_points_into_what_lasts(void **state)
{
	(void)state;
	static char buf[LOGLINE_MOVED(LIMIT_LINE)];
	logline_force(LOGFMT_AUTO);
	const char *lines[] = {
		"Nov  4 10:00:00 mx postfix/smtp[2]: " DELIVERY,
		"@4000000067291a2e1d2f3c44 delivery 13: deferral: "
		"Sorry,_see_http://example.org/help/x_(#4.4.3)/",
		"2026-11-04T10:00:12.463Z,192.0.2.1,mx,192.0.2.2,mx.example.com,,Send,SMTP,FAIL,"
		"1234,<a@example.org>,x,r@example.com,\"550 5.1.1 RESOLVER.ADR.RecipNotFound; not "
		"found\",100,1,,,\"a, b\",s@example.org",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		size_t n = strlen(lines[i]);
		memset(buf, 0, sizeof buf);
		memcpy(buf, lines[i], n);
		logline_parse(buf, n, &l);
		assert_int_not_equal(l.kind, LOG_NONE);
		size_t used = n + logline_settle(&l, buf + n);
		assert_true(used <= sizeof buf);
		const struct span *a[] = {&l.time, &l.host, &l.program, &l.queue_id, &l.sender,
		                          &l.recipient, &l.orig_recipient, &l.relay, &l.delay,
		                          &l.dsn, &l.outcome, &l.reply, &l.message, &l.client,
		                          &l.link};
		for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
			if (!a[k]->s)
				continue;
			/* in the line, in l's own time, after the line, or a constant */
			bool lasts = (a[k]->s >= buf && a[k]->s + a[k]->n <= buf + used) ||
			             (a[k]->s >= l.timebuf && a[k]->s + a[k]->n <= l.timebuf + sizeof l.timebuf);
			assert_true(lasts || !logline_copy(&l, a[k]->s));
		}
		if (i == 1)
			assert_true(l.time.s >= l.timebuf && is(l.time, "2024-11-04T19:01:56.489634Z"));
	}
	/* the row of Exchange's fields, after the line */
	assert_true(is(l.reply, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"));
	assert_true(l.reply.s >= buf + strlen(lines[2]));
}

/* a line read into one logline and moved to another keeps its time written anew in
 * the other's own copy, when the first is overwritten */
static void
a_moved_line_keeps_its_own_time(void **state)
{
	(void)state;
	logline_force(LOGFMT_AUTO);
	static const char line[] = "@4000000067291a2e1d2f3c44 delivery 13: deferral: "
	                           "Sorry,_see_http://example.org/help/x_(#4.4.3)/";
	struct logline from, to;
	logline_parse(line, strlen(line), &from);
	logline_move(&to, &from);
	memset(&from, 'x', sizeof from);
	assert_true(to.time.s >= to.timebuf && to.time.s < to.timebuf + sizeof to.timebuf);
	assert_true(is(to.time, "2024-11-04T19:01:56.489634Z"));
	assert_true(to.kind == LOG_DELIVERY && to.reply.s > line && to.reply.s < line + sizeof line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_settled_line_points_into_what_lasts), /* (before a #Fields line) */
		cmocka_unit_test(every_header_style),
		cmocka_unit_test(postfix_rejections),
		cmocka_unit_test(noise_and_success),
		cmocka_unit_test(the_sender_is_kept_by_queue_id),
		cmocka_unit_test(sendmail_lines),
		cmocka_unit_test(exim_lines),
		cmocka_unit_test(a_deferral_then_a_failure_is_told_once),
		cmocka_unit_test(qmail_lines),
		cmocka_unit_test(courier_and_opensmtpd_lines),
		cmocka_unit_test(servers_with_headers_of_their_own),
		cmocka_unit_test(logs_of_columns),
		cmocka_unit_test(haraka_lines),
		cmocka_unit_test(fortimail_lines),
		cmocka_unit_test(a_moved_line_keeps_its_own_time),
	};
	return cmocka_run_group_tests_name("logline", tests, NULL, NULL);
}
