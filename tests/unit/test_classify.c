/* test_classify.c: lookups in the compiled tables, and the verdicts drawn from them */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "classify.h"

static struct result res;
static struct classifier cl;

static void
look(const char *s, int only)
{
	struct input in;
	recognize(s, strlen(s), &in);
	classify_init(&cl, only, true);
	classify(&cl, &in, &res);
}

static const char *
decider_table(void)
{
	const struct match *m = &res.matches[0];
	return m->reason ? "reasons" : tables[m->entry->table].name;
}

static bool
has_note(const char *part)
{
	for (size_t i = 0; i < res.nnote; i++)
		if (strstr(res.notes[i], part))
			return true;
	return false;
}

static void
an_enhanced_code_decides_over_a_bare_reply_code(void **state)
{
	(void)state;
	look("550 5.1.1 <a@example.org>: xyzzy plugh", -1); /* words that tell nothing */
	assert_true(res.recognized);
	assert_int_equal(res.class, CLASS_PERMANENT);
	assert_non_null(res.reason);
	assert_string_equal(res.reason->name, "userunknown");
	assert_int_equal(res.retry, RETRY_NO);
	assert_int_equal(res.bounce, BOUNCE_HARD);
	assert_int_equal(res.verdict, VERDICT_NOUSER); /* drop the address */
	assert_string_equal(res.matches[0].entry->key, "X.1.1");
}

static void
a_bare_550_has_no_reason_and_no_bounce_type(void **state)
{
	(void)state;
	look("550", -1);
	assert_true(res.recognized);
	assert_null(res.reason);
	assert_int_equal(res.retry, RETRY_NO);
	assert_int_equal(res.bounce, BOUNCE_NONE);
	assert_string_equal(decider_table(), "generic");
	assert_true(res.standard);
	/* generic, finalsite, smaily; MailEnable's 550 texts did not match: not listed */
	assert_int_equal(res.nmatch, 3);
	for (size_t i = 0; i < res.nmatch; i++)
		assert_null(res.matches[i].entry->text);
}

static void
a_class_mismatch_is_reported_and_the_reply_code_wins(void **state)
{
	(void)state;
	look("450 5.1.1 mailbox unverified", -1);
	assert_int_equal(res.class, CLASS_TRANSIENT);
	assert_int_equal(res.retry, RETRY_YES);
	assert_int_equal(res.bounce, BOUNCE_SOFT);
	assert_true(has_note("disagree"));
}

static void
a_known_vendor_text_decides(void **state)
{
	(void)state;
	look("451 This server employs greylisting as a means of reducing spam. "
	     "Please resend e-mail shortly", -1);
	assert_string_equal(decider_table(), "mailenable");
	assert_string_equal(res.reason->name, "greylisting");
	assert_int_equal(res.retry, RETRY_YES);
	assert_int_equal(res.verdict, VERDICT_RETRY);
}

static void
the_longest_matching_vendor_text_wins(void **state)
{
	(void)state;
	look("503 Bad sequence of commands.  Could not process DATA command when in this state",
	     -1);
	assert_string_equal(decider_table(), "mailenable");
	assert_non_null(strstr(res.matches[0].entry->text, "DATA"));
}

static void
the_dmarc_code_is_an_authentication_failure(void **state)
{
	(void)state;
	look("5.7.26", -1);
	assert_true(res.recognized);
	assert_string_equal(res.reason->name, "authfailure");
	assert_int_equal(res.class, CLASS_PERMANENT);
}

static void
an_unlisted_code_is_explained_by_its_class_and_says_so(void **state)
{
	(void)state;
	look("559", -1);
	assert_true(res.recognized);
	assert_false(res.standard);
	assert_true(res.matches[0].fallback);
	assert_true(has_note("class"));
	assert_int_equal(res.verdict, VERDICT_FAIL);
	look("5.1.99", -1);
	assert_true(res.recognized);
	assert_true(has_note("class or subject"));
}

static void
nonsense_is_not_recognized(void **state)
{
	(void)state;
	const char *bad[] = {"999", "3.1.1", "7.1.1", "3.1.1 text", "zzz", "xyzzy plugh",
	                     "0xx"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		look(bad[i], -1);
		assert_false(res.recognized);
		assert_non_null(res.error);
		assert_int_equal(res.verdict, VERDICT_UNKNOWN);
	}
}

/* Chinese and Japanese are written without spaces: such a text is words, read by the
 * phrases, not a table's one word; a word of ASCII alone stays a table's */
static void
text_without_spaces_beyond_ascii_is_read_as_words(void **state)
{
	(void)state;
	look("用户不存在", -1);
	assert_true(res.recognized);
	assert_string_equal(res.reason->name, "userunknown");
	assert_true(has_note("judged by its words alone"));
	look("メールボックスが一杯です", -1);
	assert_true(res.recognized);
	assert_string_equal(res.reason->name, "mailboxfull");
	look("zzz", -1);
	assert_false(res.recognized);
}

/* sisimai's rule: an unknown user's words beside a refusal of the sender are the
 * sender's; alone, they stay an unknown user */
static void
a_refused_sender_outranks_an_unknown_user(void **state)
{
	(void)state;
	look("550 5.1.0 <a@b.example> sender rejected: address unknown", -1);
	assert_string_equal(res.reason->name, "rejected");
	assert_true(has_note("those decide"));
	look("550 5.1.0 <a@b.example>: address unknown", -1);
	assert_string_equal(res.reason->name, "userunknown");
	assert_false(has_note("those decide"));
}

/* sisimai's rules where the code says more than the words: an unknown user's words
 * with a code that says the mailbox exists, at no known stage, are a filter's; at
 * RCPT they stay an unknown user's; with a code of a bad address, after DATA, they
 * stay an unknown user's. Words of a message too big with X.2.3 are the
 * mailbox's limit; with X.3.4 they stay the system's */
static void
the_code_tells_what_the_words_leave_open(void **state)
{
	(void)state;
	look("550 5.2.1 <a@b.example>... User Unknown", -1);
	assert_string_equal(res.reason->name, "filtered");
	assert_true(has_note("the mailbox exists"));
	look("host mx.b.example[192.0.2.1] said: 550 5.2.1 <a@b.example>... User Unknown "
	     "(in reply to RCPT TO command)", -1);
	assert_string_equal(res.reason->name, "userunknown");
	assert_false(has_note("the mailbox exists"));
	look("550 5.1.1 <a@b.example>... User Unknown", -1);
	assert_string_equal(res.reason->name, "userunknown");
	look("host mx.b.example[192.0.2.1] said: 550 5.1.1 <a@b.example>... User Unknown "
	     "(in reply to end of DATA command)", -1);
	assert_string_equal(res.reason->name, "userunknown");
	assert_true(has_note("the address is bad"));
	look("host mx.b.example[192.0.2.1] said: 550 <a@b.example>... User Unknown "
	     "(in reply to end of DATA command)", -1);
	assert_string_equal(res.reason->name, "filtered");
	assert_false(has_note("the address is bad"));
	look("552 5.2.3 Message size exceeds fixed maximum message size (10485760)", -1);
	assert_string_equal(res.reason->name, "exceedlimit");
	assert_true(has_note("whose limit"));
	look("552 5.3.4 Message size exceeds fixed maximum message size (10485760)", -1);
	assert_string_equal(res.reason->name, "mesgtoobig");
	assert_false(has_note("whose limit"));
}

/* a queue that has not given up is delayed, not expired: the words that read as an
 * expiry, on a transient failure; on a permanent one they stay expired */
static void
a_transient_expiry_is_a_delay(void **state)
{
	(void)state;
	look("451 4.4.1 Connection timed out", -1);
	assert_string_equal(res.reason->name, "delayed");
	assert_string_equal(reasons[res.reason->refines].name, "expired");
	assert_true(has_note("delayed, not expired"));
	assert_int_equal(res.verdict, VERDICT_RETRY);
	look("550 5.4.7 Message expired: unable to deliver in 840 minutes", -1);
	assert_string_equal(res.reason->name, "expired");
	assert_false(has_note("delayed, not expired"));
}

/* a log's line that quotes no code: the class its outcome tells, not a row's guess */
static void
a_log_outcome_gives_the_class_no_code_gives(void **state)
{
	(void)state;
	struct input in;
	const char *s = "Connection timed out";
	recognize(s, strlen(s), &in);
	in.logclass = CLASS_TRANSIENT;
	classify_init(&cl, -1, true);
	classify(&cl, &in, &res);
	assert_true(res.recognized);
	assert_int_equal(res.class, CLASS_TRANSIENT);
	assert_int_equal(res.retry, RETRY_YES);
	assert_int_equal(res.verdict, VERDICT_RETRY);
	/* the same words with a code: the code's class */
	s = "550 Connection timed out";
	recognize(s, strlen(s), &in);
	in.logclass = CLASS_TRANSIENT;
	classify(&cl, &in, &res);
	assert_int_equal(res.class, CLASS_PERMANENT);
}

static void
a_table_restriction_keeps_to_that_table(void **state)
{
	(void)state;
	int fs = table_index("finalsite");
	assert_true(fs > 0);
	look("550", fs);
	assert_string_equal(decider_table(), "finalsite");
	for (size_t i = 0; i < res.nmatch; i++)
		assert_int_equal(res.matches[i].entry->table, fs);
	look("1001", fs);
	assert_false(res.recognized);
}

static void
verdicts_follow_the_reason_where_the_code_misleads(void **state)
{
	(void)state;
	look("mailboxfull", -1);
	assert_int_equal(res.retry, RETRY_YES);
	look("421", -1);
	assert_int_equal(res.verdict, VERDICT_RETRY);
	look("250", -1);
	assert_int_equal(res.verdict, VERDICT_OK);
	assert_int_equal(res.retry, RETRY_NULL);
	look("delivered", -1);
	assert_int_equal(res.verdict, VERDICT_OK);
	look("unsubscribed", -1);
	assert_int_equal(res.verdict, VERDICT_NOUSER);
}

static void
finer_reasons_name_the_sisimai_reason_they_refine(void **state)
{
	(void)state;
	const char *finer[] = {"greylisting", "authrequired", "badcredentials",
	                       "toomanyrecipients", "mailloop", "unsubscribed", "complaint",
	                       "delayed"};
	for (size_t i = 0; i < sizeof finer / sizeof finer[0]; i++) {
		const struct reason *r = table_reason(finer[i], strlen(finer[i]));
		assert_non_null(r);
		assert_true(r->refines >= 0);
		assert_int_equal(reasons[r->refines].refines, -1);
	}
	assert_int_equal(reason_count, 36 + 8);
}

/* every entry is found by its own key, and a text entry by its text with real values
 * in place of its wildcards */
static void
every_entry_is_found_by_its_key(void **state)
{
	(void)state;
	char buf[1024];
	for (size_t i = 0; i < entry_count; i++) {
		const struct entry *e = &entries[i];
		size_t n = (size_t)snprintf(buf, sizeof buf, "%s", e->key);
		if (e->text) {
			buf[n++] = ' ';
			for (const char *p = e->text; *p && n + 20 < sizeof buf; p++) {
				if (*p == '*')
					n += (size_t)snprintf(buf + n, sizeof buf - n, "[203.0.113.9]");
				else
					buf[n++] = *p;
			}
			buf[n] = '\0';
		}
		look(buf, e->table);
		bool found = false;
		for (size_t m = 0; m < res.nmatch; m++)
			found |= res.matches[m].entry == e;
		if (!found)
			fail_msg("%s:%u: '%s' does not find its entry", table_files[e->file], e->line,
			         buf);
		if (e->text && res.matches[0].entry != e)
			fail_msg("%s:%u: '%s' is decided by another text", table_files[e->file],
			         e->line, buf);
	}
}

static void
keys_match_whatever_the_case_and_only_as_written(void **state)
{
	(void)state;
	look("MAILBOX-Full", -1);
	assert_true(res.recognized);
	look("dRoPpEd", -1);
	assert_true(res.recognized);
	look("GreyListing", -1);
	assert_non_null(res.reason);
	assert_string_equal(res.reason->name, "greylisting");
	look("01001", -1); /* not Smaily's 1001 */
	assert_false(res.recognized);
}

static void
tables_are_in_natural_order(void **state)
{
	(void)state;
	const struct entry *e;
	assert_true(table_find(GROUP_ENHANCED, "X.1.2", 5, &e) >= 1); /* generic, providers */
	size_t two = (size_t)(e - entries);
	assert_true(table_find(GROUP_ENHANCED, "x.1.10", 6, &e) >= 1);
	assert_true(two < (size_t)(e - entries));
	char a[LIMIT_SORTKEY], b[LIMIT_SORTKEY];
	assert_true(names_sortkey("X.7.9", 5, a, sizeof a) > 0);
	assert_true(names_sortkey("x.7.26", 6, b, sizeof b) > 0);
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(names_sortkey("1234567890", 10, a, 8), 0); /* does not fit */
}

static void
evidence_is_ranked_by_kind_not_by_lookup_order(void **state)
{
	(void)state;
	look("550 5.1.1 xyzzy", -1);
	for (size_t i = 1; i < res.nmatch; i++)
		assert_true(res.matches[i - 1].evidence <= res.matches[i].evidence);
	assert_int_equal(res.matches[0].evidence, EV_DETAIL);
	assert_int_equal(res.matches[1].evidence, EV_CODE);
	/* a generic row before the vendors' rows of the same kind */
	assert_int_equal(tables[res.matches[1].entry->table].role, ROLE_GENERIC);
	look("451 This server employs greylisting as a means of reducing spam. "
	     "Please resend e-mail shortly", -1);
	assert_int_equal(res.matches[0].evidence, EV_TEXT);
	look("559 5.1.99 odd", -1);
	assert_int_equal(res.matches[0].evidence, EV_SUBJECT);
	assert_true(res.matches[0].fallback);
	look("5xx", -1);
	assert_int_equal(res.matches[0].evidence, EV_CLASS);
	look("mailbox-full", -1);
	assert_int_equal(res.matches[0].evidence, EV_WORD);
	look("mailboxfull", -1);
	assert_int_equal(res.matches[0].evidence, EV_REASON);
}

static void
a_bad_enhanced_code_after_a_reply_code_leaves_the_reply_code(void **state)
{
	(void)state;
	look("550 3.1.1 text", -1);
	assert_true(res.recognized);
	assert_int_equal(res.code, 550);
	assert_string_equal(res.enhanced, "");
	assert_true(has_note("class is not 2, 4 or 5"));
	assert_int_equal(res.verdict, VERDICT_FAIL);
}

static void
a_result_is_small_and_stands_alone(void **state)
{
	(void)state;
	look("550 5.1.1 xyzzy", -1);
	struct result copy = res;
	look("421", -1);
	assert_string_equal(copy.matches[0].entry->key, "X.1.1");
	assert_int_equal(copy.retry, RETRY_NO);
	assert_true(sizeof copy < 2048);
}

/* the words decide over the codes, and say where they stand */
static void
words_decide_over_codes(void **state)
{
	(void)state;
	look("550 5.1.1 <a@b.example>: sent to too many recipients this hour", -1);
	assert_int_equal(res.matches[0].evidence, EV_PHRASE);
	assert_string_not_equal(res.reason->name, "userunknown");
	assert_int_equal(res.retry, RETRY_YES);
	assert_non_null(res.mismatch);
	const char *t = "<a@b.example>: sent to too many recipients this hour";
	assert_memory_equal(t + res.matches[0].at, "too many recipients this hour",
	                    res.matches[0].len);
	look("Host or domain name not found. Name service error for name=example.jp type=A", -1);
	assert_true(res.recognized);
	assert_string_equal(res.reason->name, "hostunknown");
	assert_int_equal(res.bounce, BOUNCE_HARD);
	assert_int_equal(res.verdict, VERDICT_NOHOST);
	assert_true(has_note("judged by its words"));
}

static void
words_that_tell_nothing_leave_the_code_and_say_so(void **state)
{
	(void)state;
	look("550 xyzzy plugh", -1);
	assert_true(res.recognized);
	assert_true(has_note("verdict is the code's"));
}

/* a vendor's text is found anywhere in the reply, its '*' standing for any run of
 * bytes, its parts in their order: by the phrase automaton, in the same pass */
static bool
text_decides(const char *reply, const char *table)
{
	look(reply, table_index(table));
	return res.recognized && res.matches[0].entry && res.matches[0].entry->text &&
	       res.matches[0].evidence == EV_TEXT;
}

static void
vendor_texts_match_anywhere_with_wildcards(void **state)
{
	(void)state;
	assert_true(text_decides("451 ESMTP MailEnable Service temporarily refused connection "
	                         "at 10:00:01 from IP [192.0.2.1] because the server is too busy",
	                         "mailenable"));
	assert_true(text_decides("451 esmtp MAILENABLE service  temporarily REFUSED connection "
	                         "at x from IP (1.2.3.4) because the server is too busy.",
	                         "mailenable"));
	/* a part of it alone is not the text */
	assert_false(text_decides("451 refused connection at x from IP (1.2.3.4) because the "
	                          "server is too busy", "mailenable"));
	/* the parts out of their order, or another ending, are not the text */
	assert_false(text_decides("451 ESMTP MailEnable Service temporarily from IP 1.2.3.4 "
	                          "refused connection at 10:00 because the server is too busy",
	                          "mailenable"));
	assert_false(text_decides("451 ESMTP MailEnable Service temporarily refused connection "
	                          "at 10:00 from IP 1.2.3.4 because of policy", "mailenable"));
}

/* results are equal when what is printed of them is */
static void
assert_same(const struct result *a, const struct result *b, const char *what)
{
	bool same = a->recognized == b->recognized && a->error == b->error &&
	            a->code == b->code && strcmp(a->enhanced, b->enhanced) == 0 &&
	            a->class == b->class && a->reason == b->reason && a->retry == b->retry &&
	            a->bounce == b->bounce && a->verdict == b->verdict &&
	            a->mismatch == b->mismatch && a->provider == b->provider &&
	            a->nmatch == b->nmatch && a->nnote == b->nnote;
	for (size_t i = 0; same && i < a->nmatch; i++) {
		const struct match *x = &a->matches[i], *y = &b->matches[i];
		same = x->entry == y->entry && x->reason == y->reason && x->phrase == y->phrase &&
		       x->rule == y->rule && x->at == y->at && x->len == y->len &&
		       x->evidence == y->evidence && x->inner == y->inner;
	}
	for (size_t i = 0; same && i < a->nnote; i++)
		same = a->notes[i] == b->notes[i];
	if (!same)
		fail_msg("the kept result differs for '%s'", what);
}

static void
a_kept_result_is_the_result(void **state)
{
	(void)state;
	/* variants of one template (addresses, numbers, IPs of other lengths, so that the
	 * phrases stand elsewhere), and inputs that differ only in what the template
	 * hides from phrases but not from the provider, or in stage or codes */
	static const char *const inputs[] = {
		"550 5.1.1 <a@example.org>: Recipient address rejected: User unknown",
		"550 5.1.1 <a.much.longer.name@example.org>: Recipient address rejected: User unknown",
		"550 5.1.1 <b@example.org>: Recipient address rejected: User unknown",
		"450 4.1.1 <a@example.org>: Recipient address rejected: User unknown",
		"554 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org",
		"554 5.7.1 Service unavailable; client [198.51.100.200] blocked using b.barracudacentral.org",
		"550-5.1.1 The email account that you tried to reach does not exist. "
		"https://support.google.com/mail/?p=NoSuchUser x1si123 - gsmtp",
		"550-5.1.1 The email account that you tried to reach does not exist. "
		"https://example.org/mail/?p=NoSuchUser x1si123 - gsmtp",
		"host mx.example.com[192.0.2.4] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command)",
		"host gmail-smtp-in.l.google.com[192.0.2.4] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command)",
		"host mx.example.com[192.0.2.4] said: 452 4.2.2 Mailbox full (in reply to end of DATA command)",
		"550 5.7.1 Message rejected [BN8NAM11FT003.eop-nam11.prod.protection.outlook.com]",
		"550 5.7.1 Message rejected [mx1.example.org]",
		"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred",
		"421 4.7.0 [TSS04] Messages from 203.0.113.77 temporarily deferred",
		/* free text, with no code of its own: the same template, another stage */
		"connect to mx.example.org[192.0.2.6]:25: Connection timed out",
		"connect to mx.example.net[198.51.100.60]:25: Connection timed out",
		"host mx.example.org[192.0.2.4] refused to talk to me: Connection timed out",
		/* a reply that quotes another: kept by the codes of both */
		"554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>",
		"554 4.4.7 Message expired: unable to deliver in 90 minutes.<421 4.4.2 Connection timed out>",
		"554 4.4.7 Message expired: unable to deliver in 840 minutes.<450 4.2.2 Connection timed out>",
		/* and words alone, as a user types them */
		"Soft Bounce",
		"mailbox full",
	};
	size_t n = sizeof inputs / sizeof inputs[0];
	static struct result fresh[32];
	for (int only = -1; only < 1; only++) {
		classify_init(&cl, only, true);
		classify_cache(false);
		for (size_t i = 0; i < n; i++) {
			struct input in;
			recognize(inputs[i], strlen(inputs[i]), &in);
			classify(&cl, &in, &fresh[i]);
		}
		classify_cache(true);
		for (int pass = 0; pass < 2; pass++) {
			for (size_t i = 0; i < n; i++) {
				struct input in;
				recognize(inputs[i], strlen(inputs[i]), &in);
				classify(&cl, &in, &res);
				assert_same(&res, &fresh[i], inputs[i]);
			}
		}
		/* the second pass, and the variants of the first, were answered by it */
		assert_true(classify_cache_hits() >= n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_enhanced_code_decides_over_a_bare_reply_code),
		cmocka_unit_test(a_bare_550_has_no_reason_and_no_bounce_type),
		cmocka_unit_test(a_class_mismatch_is_reported_and_the_reply_code_wins),
		cmocka_unit_test(a_known_vendor_text_decides),
		cmocka_unit_test(the_longest_matching_vendor_text_wins),
		cmocka_unit_test(the_dmarc_code_is_an_authentication_failure),
		cmocka_unit_test(an_unlisted_code_is_explained_by_its_class_and_says_so),
		cmocka_unit_test(nonsense_is_not_recognized),
		cmocka_unit_test(text_without_spaces_beyond_ascii_is_read_as_words),
		cmocka_unit_test(a_refused_sender_outranks_an_unknown_user),
		cmocka_unit_test(the_code_tells_what_the_words_leave_open),
		cmocka_unit_test(a_transient_expiry_is_a_delay),
		cmocka_unit_test(a_log_outcome_gives_the_class_no_code_gives),
		cmocka_unit_test(a_table_restriction_keeps_to_that_table),
		cmocka_unit_test(verdicts_follow_the_reason_where_the_code_misleads),
		cmocka_unit_test(finer_reasons_name_the_sisimai_reason_they_refine),
		cmocka_unit_test(every_entry_is_found_by_its_key),
		cmocka_unit_test(keys_match_whatever_the_case_and_only_as_written),
		cmocka_unit_test(tables_are_in_natural_order),
		cmocka_unit_test(evidence_is_ranked_by_kind_not_by_lookup_order),
		cmocka_unit_test(a_bad_enhanced_code_after_a_reply_code_leaves_the_reply_code),
		cmocka_unit_test(a_result_is_small_and_stands_alone),
		cmocka_unit_test(words_decide_over_codes),
		cmocka_unit_test(vendor_texts_match_anywhere_with_wildcards),
		cmocka_unit_test(words_that_tell_nothing_leave_the_code_and_say_so),
		cmocka_unit_test(a_kept_result_is_the_result),
	};
	return cmocka_run_group_tests_name("classify", tests, NULL, NULL);
}
