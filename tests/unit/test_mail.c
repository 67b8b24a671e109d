/* test_mail.c: e-mails: how one is told from other input, MIME as it comes (folded
 * fields, nested multiparts, quoted-printable and base64), delivery and feedback
 * reports, auto-replies, bounces in words, and the bounds */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mail.h"

static struct mail m;

/* reads an e-mail given as one string of lines */
static void
read_mail(const char *s)
{
	mail_begin(&m);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		mail_line(&m, s, n);
		s += n + (nl != NULL);
	}
	mail_end(&m);
}

static bool
is(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(s, want, n) == 0;
}
#define IS(obj, name, want) is((obj).name, (obj).name##len, want)

static void
an_email_is_told_by_its_first_line(void **state)
{
	(void)state;
	assert_true(mail_starts("Return-Path: <>", 15));
	assert_true(mail_starts("Received: from x", 16));
	assert_true(mail_starts("X-Original-To: a@b", 18));
	assert_true(mail_starts("From MAILER-DAEMON Thu Apr 29 23:34:45 2010", 43));
	assert_false(mail_starts("550 5.1.1 User unknown", 22));
	assert_false(mail_starts("Error: 550 5.1.1 User unknown", 29));
	assert_false(mail_starts("Nov  4 10:00:00 mx postfix/smtp[1]: x", 37));
	assert_false(mail_starts("From here on: 550", 17) && !mail_mbox_from("From here on: 550", 17));
}

static const char dsn[] =
	"From: MAILER-DAEMON@mx.example.org\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"Content-Type: multipart/mixed; boundary=\"out\"\n"
	"\n"
	"preamble\n"
	"--out\n"
	"Content-Type: multipart/report; report-type=delivery-status;\n"
	"\tboundary=in\n"
	"\n"
	"--in\n"
	"Content-Type: text/plain\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"\n"
	"Caf=C3=A9 soft=\n"
	"break\n"
	"--in\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.org\n"
	"\n"
	"Final-Recipient: rfc822; <bob@example.com>\n"
	"Original-Recipient: rfc822;b@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1 (user unknown)\n"
	"Remote-MTA: dns; mx.example.com\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>:\n"
	"    User unknown\n"
	"Last-Attempt-Date: Thu, 29 Apr 2010 23:34:45 +0900\n"
	"\n"
	"Final-Recipient: rfc822; carol@example.net\n"
	"Action: delayed\n"
	"Status: 4.4.1\n"
	"--in\n"
	"Content-Type: text/rfc822-headers\n"
	"\n"
	"From: Alice <alice@example.org>\n"
	"Subject: The\n"
	" minutes\n"
	"Message-ID: <m.42@example.org>\n"
	"--in--\n"
	"--out\n"
	"Content-Type: application/octet-stream\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
	"--out--\n";

static void
a_delivery_report_gives_each_recipient(void **state)
{
	(void)state;
	read_mail(dsn);
	assert_string_equal(m.msg.format, "dsn");
	assert_int_equal(m.nrcpt, 2);
	assert_true(IS(m.rcpt[0], recipient, "bob@example.com"));
	assert_true(IS(m.rcpt[0], orig, "b@example.com"));
	assert_true(IS(m.rcpt[0], action, "failed"));
	assert_true(IS(m.rcpt[0], status, "5.1.1"));
	assert_true(IS(m.rcpt[0], remote_mta, "mx.example.com"));
	/* a folded field is one line */
	assert_true(IS(m.rcpt[0], diagnostic, "smtp; 550 5.1.1 <bob@example.com>: User unknown"));
	assert_true(IS(m.rcpt[0], last_attempt, "2010-04-29T23:34:45+09:00"));
	assert_true(IS(m.rcpt[1], recipient, "carol@example.net"));
	assert_true(IS(m.rcpt[1], action, "delayed"));
	assert_true(IS(m.msg, reporting_mta, "mx.example.org"));
	assert_true(IS(m.msg, sender, "alice@example.org"));
	assert_true(IS(m.msg, subject, "The minutes"));
	assert_true(IS(m.msg, message_id, "m.42@example.org"));
	/* the text part, decoded: a soft line break joins */
	assert_non_null(strstr(m.text, "Caf\xc3\xa9 softbreak\n"));
}

static void
a_base64_report_is_decoded(void **state)
{
	(void)state;
	/* "Final-Recipient: rfc822; a@b.example\nStatus: 5.2.2\n" */
	read_mail("Content-Type: multipart/report; boundary=b\n\n--b\n"
	          "Content-Type: message/delivery-status\n"
	          "Content-Transfer-Encoding: base64\n\n"
	          "RmluYWwtUmVjaXBpZW50OiByZmM4MjI7IGFAYi5leGFtcGxl\n"
	          "ClN0YXR1czogNS4yLjIK\n"
	          "--b--\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "a@b.example"));
	assert_true(IS(m.rcpt[0], status, "5.2.2"));
}

static void
a_bounce_in_words_names_its_recipients(void **state)
{
	(void)state;
	/* Postfix's human part, without its report */
	read_mail("From: MAILER-DAEMON@mx.example.org\nTo: alice@example.org\n\n"
	          "I'm sorry to have to inform you that your message could not\n"
	          "be delivered to one or more recipients.\n\n"
	          "<bob@example.com>: host mx.example.com[192.0.2.4] said: 550 5.1.1\n"
	          "    User unknown (in reply to RCPT TO command)\n");
	assert_string_equal(m.msg.format, "prose");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "bob@example.com"));
	assert_true(IS(m.rcpt[0], diagnostic, "host mx.example.com[192.0.2.4] said: 550 5.1.1 "
	                                      "User unknown (in reply to RCPT TO command)"));
	/* Exim's list, with X-Failed-Recipients, and the copy of the message after it */
	read_mail("X-Failed-Recipients: frank@example.com, gina@example.com\n"
	          "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n\n"
	          "The following address(es) failed:\n\n"
	          "  frank@example.com\n"
	          "    SMTP error from remote mail server after RCPT TO:<frank@example.com>:\n"
	          "    550 5.1.1 User unknown\n"
	          "  gina@example.com\n"
	          "    Unrouteable address\n\n"
	          "------ This is a copy of the message, including all the headers. ------\n\n"
	          "Return-path: <alice@example.org>\nFrom: alice@example.org\nSubject: Hi\n\n"
	          "  zed@example.com\n    550 not a recipient: in the copy\n");
	assert_int_equal(m.nrcpt, 2);
	assert_true(IS(m.rcpt[0], recipient, "frank@example.com"));
	assert_true(IS(m.rcpt[0], diagnostic, "SMTP error from remote mail server after RCPT "
	                                      "TO:<frank@example.com>: 550 5.1.1 User unknown"));
	assert_true(IS(m.rcpt[1], recipient, "gina@example.com"));
	assert_true(IS(m.rcpt[1], diagnostic, "Unrouteable address"));
	assert_true(IS(m.msg, sender, "alice@example.org"));
	assert_true(IS(m.msg, subject, "Hi"));
	/* qmail's: the address on its own line, the reply under it */
	read_mail("From: MAILER-DAEMON@mx.example.org\n\n"
	          "Hi. This is the qmail-send program at mx.example.org.\n\n"
	          "<hank@example.net>:\n192.0.2.5 does not like recipient.\n"
	          "Remote host said: 550 5.1.1 User unknown\nGiving up on 192.0.2.5.\n\n"
	          "--- Below this line is a copy of the message.\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "hank@example.net"));
	assert_non_null(strstr(m.rcpt[0].diagnostic, "Remote host said: 550 5.1.1 User unknown"));
	/* a sentence, and the reply in the next paragraph (DragonFly's) */
	read_mail("From: MAILER-DAEMON <>\n\n"
	          "There was an error delivering your mail to <ivy@example.org>.\n\n"
	          "mx.example.org [192.0.2.25] did not like our RCPT TO:\n"
	          "550 5.1.1 <ivy@example.org>: User unknown\n\n"
	          "Message headers follow.\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "ivy@example.org"));
	assert_non_null(strstr(m.rcpt[0].diagnostic, "550 5.1.1"));
	/* the address alone, the reason before it, whom to write to after it */
	read_mail("From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n\n"
	          "This message could not be delivered, for this reason:\n\n"
	          "The mailbox of the recipient is over its quota.\n\n"
	          "<jane@example.com>\n\n"
	          "Write to Postmaster@example.com\nif you think this is wrong.\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "jane@example.com"));
	assert_true(IS(m.rcpt[0], diagnostic, "The mailbox of the recipient is over its quota."));
	/* but words after it that name the recipient again are its reason */
	read_mail("From: MAILER-DAEMON@mx.example.org\n\n"
	          "Hi. This is the qmail-send program at mx.example.org.\n\n"
	          "<kim@example.net>:\n"
	          "vdelivermail: account is locked email bounced kim@example.net\n\n"
	          "--- Below this line is a copy of the message.\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], diagnostic, "vdelivermail: account is locked email bounced "
	                                      "kim@example.net"));
	/* a copy of the message's fields before the label that names the recipient */
	read_mail("From: MAILER-DAEMON@mx.example.org\n\n"
	          "  Message-id: <1.2@mx.example.org>\n  Subject: hi\n\n"
	          "  Recipient address: lou@example.com\n"
	          "  Diagnostic code: smtp;550 5.1.1 unknown\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "lou@example.com"));
}

static void
feedback_and_auto_replies(void **state)
{
	(void)state;
	read_mail("Content-Type: multipart/report; report-type=feedback-report; boundary=f\n\n"
	          "--f\nContent-Type: message/feedback-report\n\n"
	          "Feedback-Type: abuse\nOriginal-Mail-From: <news@example.org>\n"
	          "Original-Rcpt-To: <ivan@example.net>\n--f--\n");
	assert_string_equal(m.msg.format, "feedback");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "ivan@example.net"));
	assert_true(IS(m.msg, feedback_type, "abuse"));
	assert_true(IS(m.msg, sender, "news@example.org"));

	read_mail("From: Judy <judy@example.com>\nSubject: Out of Office: The minutes\n\n"
	          "I am away.\n");
	assert_string_equal(m.msg.format, "autoreply");
	assert_true(IS(m.rcpt[0], recipient, "judy@example.com"));

	/* Postfix marks its bounces auto-replied: a report is still a report */
	read_mail("Auto-Submitted: auto-replied\nFrom: MAILER-DAEMON@x.example\n\n"
	          "<bob@example.com>: host mx[192.0.2.4] said: 550 5.1.1 User unknown\n");
	assert_string_equal(m.msg.format, "prose");
	assert_false(m.msg.autoreply);

	/* a mailer daemon's "auto-reply" is a bounce not read, not someone away */
	read_mail("From: MAILER-DAEMON@x.example (Mail Delivery System)\n"
	          "Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\n\n"
	          "Something went wrong.\n");
	assert_int_equal(m.nrcpt, 0);
	/* "a@b<mailto:a@b>" (Outlook's, a signature's) lists no recipient */
	read_mail("From: Lee <lee@example.org>\n\nkim@example.com<mailto:kim@example.com>\n"
	          "Hours: 550 minutes a week\n");
	assert_int_equal(m.nrcpt, 0);

	/* au's X-SPASIGN: NG: its filter refused the mail, whatever its vague words; only
	 * on the bounce's own header, not on the returned message's */
	read_mail("From: <Postmaster@ezweb.ne.jp>\nX-SPASIGN: NG\n\n<bob@ezweb.ne.jp>\n\n"
	          "Each of the following recipients was rejected by a remote mail server.\n");
	assert_int_equal(m.nrcpt, 1);
	assert_non_null(m.msg.fallback);
	assert_string_equal(m.msg.fallback, "filtered");
	assert_non_null(m.msg.fallback_note);
	read_mail("From: <Postmaster@ezweb.ne.jp>\nX-SPASIGN: OK\n\n<bob@ezweb.ne.jp>\n\n"
	          "Each of the following recipients was rejected by a remote mail server.\n");
	assert_null(m.msg.fallback);
	read_mail("From: MAILER-DAEMON@x.example\nContent-Type: multipart/mixed; boundary=b\n\n"
	          "--b\nContent-Type: text/plain\n\n<bob@ezweb.ne.jp>\n\nRejected by a server.\n"
	          "--b\nContent-Type: message/rfc822\n\nX-SPASIGN: NG\nFrom: a@example.org\n\nhi\n"
	          "--b--\n");
	assert_null(m.msg.fallback);

	/* an e-mail that reports nothing: no recipient is invented */
	read_mail("From: Alice <alice@example.org>\nTo: bob@example.com\nSubject: Lunch?\n\n"
	          "Shall we meet at noon? Call 555 1234, or write to carol@example.net.\n");
	assert_int_equal(m.nrcpt, 0);
	assert_null(m.msg.format);
}

static void
what_the_fields_do_not_say(void **state)
{
	(void)state;
	/* a feedback report of several recipients: one result each */
	read_mail("Content-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
	          "Original-Rcpt-To: a@example.com\nOriginal-Rcpt-To: b@example.com\n"
	          "Original-Rcpt-To: c@example.com\n");
	assert_int_equal(m.nrcpt, 3);
	assert_true(IS(m.rcpt[2], recipient, "c@example.com"));
	/* a report's fields in the words */
	read_mail("From: MAILER-DAEMON@x.example\n\nTechnical report:\n\n"
	          "Reporting-MTA: dsn; a1.example\n\nAction: failed\n"
	          "Final-Recipient: rfc822; kim@example.jp\nStatus: 5.1.1\n"
	          "Diagnostic-Code: smtp; 550 5.1.1 Requested action not taken: mailbox\n"
	          "  unavailable\n");
	assert_string_equal(m.msg.format, "dsn");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "kim@example.jp"));
	assert_true(IS(m.rcpt[0], diagnostic, "smtp; 550 5.1.1 Requested action not taken: "
	                                      "mailbox unavailable"));
	/* the human part of a report tells the command refused */
	read_mail("Content-Type: multipart/report; boundary=r\n\n--r\nContent-Type: text/plain\n\n"
	          "<lee@example.jp>: host mx[192.0.2.9] said: 550 : User unknown (in reply\n"
	          "    to end of DATA command)\n--r\nContent-Type: message/delivery-status\n\n"
	          "Final-Recipient: rfc822; lee@example.jp\nStatus: 5.0.0\n"
	          "Diagnostic-Code: smtp; 550 : User unknown\n--r--\n");
	assert_int_equal(m.nrcpt, 1);
	assert_non_null(strstr(m.rcpt[0].words, "(in reply to end of DATA command)"));
	/* a recipient that X-Failed-Recipients names and the words do not: all the words */
	read_mail("X-Failed-Recipients: group@groups.example.com\nFrom: x@y.example\n\n"
	          "The group you tried to contact may not exist.\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], diagnostic, "The group you tried to contact may not exist."));
}

static void
charsets_and_encoded_words_become_utf8(void **state)
{
	(void)state;
	read_mail("Content-Type: multipart/report; boundary=z\n\n--z\n"
	          "Content-Type: text/plain; charset=iso-8859-1\n"
	          "Content-Transfer-Encoding: quoted-printable\n\n"
	          "Le destinataire n'existe pas: r=E9sum=E9\n--z\n"
	          "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@y.example\n"
	          "--z\nContent-Type: text/rfc822-headers\n\n"
	          "Subject: =?ISO-2022-JP?B?GyRCJTUlcyVXJWsbKEI=?= and =?utf-8?Q?Caf=C3=A9?=\n"
	          "  =?iso-8859-1?q?_r=E9sum=E9?=\n--z--\n");
	assert_non_null(strstr(m.text, "r\xc3\xa9sum\xc3\xa9"));
	assert_true(IS(m.msg, subject, "\xe3\x82\xb5\xe3\x83\xb3\xe3\x83\x97\xe3\x83\xab and "
	                               "Caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9"));
	/* an unknown charset: the bytes as they are */
	read_mail("Content-Type: text/plain; charset=x-unheard-of\n\n<a@b.example>: 550 \xff\n");
	assert_non_null(strstr(m.text, "550 \xff"));
}

/* a delivery report forwarded as an attachment is read; a returned message that is no
 * report is not, nor a report returned after the e-mail's own report */
static void
a_forwarded_report_is_read(void **state)
{
	(void)state;
	static const char fwd[] =
		"From: helpdesk@example.org\nSubject: Fwd: bounce\n"
		"Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nSee it.\n"
		"--o\nContent-Type: message/rfc822\n\nFrom: MAILER-DAEMON@mx.example.com\n"
		"Subject: Undelivered\nContent-Type: multipart/report; report-type=delivery-status;\n"
		" boundary=i\n\n--i\nContent-Type: message/delivery-status\n\n"
		"Final-Recipient: rfc822; x@y.example\nAction: failed\nStatus: 5.1.1\n\n"
		"--i\nContent-Type: text/rfc822-headers\n\nFrom: a@b.example\nSubject: hi\n"
		"--i--\n--o--\n";
	read_mail(fwd);
	assert_int_equal(m.nrcpt, 1);
	assert_true(IS(m.rcpt[0], recipient, "x@y.example"));
	assert_true(IS(m.msg, sender, "a@b.example") && IS(m.msg, subject, "hi"));
	/* a forwarded report that returns no message: the headers read of the report
	 * itself are forgotten, as empty strings */
	read_mail("Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\n"
	          "From: MAILER-DAEMON@mx.example.com\nSubject: Undelivered\n"
	          "Content-Type: multipart/report; boundary=i\n\n--i\n"
	          "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@y.example\n"
	          "Action: failed\n\n--i--\n--o--\n");
	assert_int_equal(m.nrcpt, 1);
	assert_true(m.msg.senderlen == 0 && m.msg.sender[0] == '\0');
	assert_true(m.msg.subjectlen == 0 && m.msg.subject[0] == '\0');
	/* an attached message of no report: its headers only */
	read_mail("From: c@example.org\nContent-Type: multipart/mixed; boundary=o\n\n--o\n"
	          "Content-Type: message/rfc822\n\nFrom: a@b.example\nSubject: hi\n"
	          "Content-Type: multipart/mixed; boundary=i\n\n--i\n"
	          "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@y.example\n"
	          "--i--\n--o--\n");
	assert_int_equal(m.nrcpt, 0);
	assert_true(IS(m.msg, sender, "a@b.example"));
}

static void
the_bounds_hold(void **state)
{
	(void)state;
	/* more recipients than kept: counted */
	mail_begin(&m);
	const char *h[] = {"Content-Type: message/delivery-status", ""};
	for (size_t i = 0; i < 2; i++)
		mail_line(&m, h[i], strlen(h[i]));
	for (int i = 0; i < LIMIT_RECIPIENTS + 5; i++) {
		char line[64];
		int k = snprintf(line, sizeof line, "Final-Recipient: rfc822; r%d@example.com", i);
		mail_line(&m, line, (size_t)k);
		mail_line(&m, "", 0);
	}
	mail_end(&m);
	assert_int_equal(m.nrcpt, LIMIT_RECIPIENTS);
	assert_int_equal(m.dropped, 5);
	/* a field longer than its buffer, a line of a megabyte of base64, boundaries nested
	 * deeper than kept: cut, and read to the end */
	mail_begin(&m);
	mail_line(&m, "Content-Type: multipart/mixed; boundary=a0", 42);
	for (int i = 0; i < 40000; i++)
		mail_line(&m, " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 33);
	mail_line(&m, "", 0);
	static char big[1 << 20];
	memset(big, 'A', sizeof big);
	mail_line(&m, big, sizeof big);
	mail_end(&m);
	assert_int_equal(m.nrcpt, 0);
	mail_begin(&m);
	for (int d = 0; d < LIMIT_MIMEDEPTH + 4; d++) {
		char line[64];
		int k = snprintf(line, sizeof line, "Content-Type: multipart/mixed; boundary=b%d", d);
		mail_line(&m, line, (size_t)k);
		mail_line(&m, "", 0);
		k = snprintf(line, sizeof line, "--b%d", d);
		mail_line(&m, line, (size_t)k);
	}
	mail_line(&m, "Content-Type: message/delivery-status", 37);
	mail_line(&m, "", 0);
	mail_line(&m, "Final-Recipient: rfc822; deep@example.com", 41);
	mail_end(&m);
	assert_int_equal(m.depth, LIMIT_MIMEDEPTH);
	assert_int_equal(m.nrcpt, 0); /* what is deeper is not read */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_email_is_told_by_its_first_line),
		cmocka_unit_test(a_forwarded_report_is_read),
		cmocka_unit_test(a_delivery_report_gives_each_recipient),
		cmocka_unit_test(a_base64_report_is_decoded),
		cmocka_unit_test(a_bounce_in_words_names_its_recipients),
		cmocka_unit_test(feedback_and_auto_replies),
		cmocka_unit_test(what_the_fields_do_not_say),
		cmocka_unit_test(charsets_and_encoded_words_become_utf8),
		cmocka_unit_test(the_bounds_hold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
