/* test_wrapper.c: the reply found inside what the sending MTA wrapped around it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "recognize.h"
#include "wrapper.h"

static struct input in;

static void
rec(const char *s)
{
	recognize(s, strlen(s), &in);
}

static void
text_is(const char *want)
{
	assert_int_equal(in.textlen, strlen(want));
	assert_memory_equal(in.text, want, in.textlen);
}

static void
postfix_names_the_host_the_stage_and_the_reply(void **state)
{
	(void)state;
	rec("host mx.example.org[192.0.2.4] said: 450 4.1.1 <a@b>: Recipient address "
	    "rejected: unverified (in reply to RCPT TO command)");
	assert_int_equal(in.shape, SHAPE_REPLY);
	assert_int_equal(in.code, 450);
	assert_string_equal(in.enhanced, "4.1.1");
	assert_int_equal(in.stage, STAGE_RCPT);
	assert_memory_equal(in.host, "mx.example.org", in.hostlen);
	assert_memory_equal(in.ip, "192.0.2.4", in.iplen);
	text_is("<a@b>: Recipient address rejected: unverified");
	rec("host mx.example.org[192.0.2.4] refused to talk to me: 554 5.7.1 go away");
	assert_int_equal(in.code, 554);
	assert_int_equal(in.stage, STAGE_CONNECT);
	rec("550 5.7.1 <a@b>: Relay access denied (in reply to end of DATA command)");
	assert_int_equal(in.stage, STAGE_DATA);
	text_is("<a@b>: Relay access denied");
}

static void
exim_qmail_sendmail_and_exchange(void **state)
{
	(void)state;
	rec("SMTP error from remote mail server after RCPT TO:<a@b.jp>: host mx.example.jp "
	    "[192.0.2.222]: 550 5.1.1 <a@b.jp>: User unknown");
	assert_int_equal(in.code, 550);
	assert_int_equal(in.stage, STAGE_RCPT);
	assert_memory_equal(in.ip, "192.0.2.222", in.iplen);
	text_is("<a@b.jp>: User unknown");
	rec("192.0.2.1 does not like recipient. Remote host said: 550 5.1.1 no such user");
	assert_int_equal(in.code, 550);
	assert_int_equal(in.stage, STAGE_RCPT);
	assert_memory_equal(in.ip, "192.0.2.1", in.iplen);
	rec("Diagnostic-Code: smtp; 552 5.2.2 Mailbox full");
	assert_int_equal(in.code, 552);
	text_is("Mailbox full");
	rec("Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'");
	assert_string_equal(in.enhanced, "5.1.1");
	text_is("RESOLVER.ADR.RecipNotFound; not found");
	rec("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##");
	assert_int_equal(in.code, 550);
	text_is("RESOLVER.ADR.RecipNotFound; not found");
	rec("mx.example.org did not like our RCPT TO: 550 5.1.1 unknown");
	assert_int_equal(in.stage, STAGE_RCPT);
	assert_int_equal(in.code, 550);
	rec("Remote server (192.0.2.1) issued an error. hMailServer sent: RCPT TO:<a@b.example> "
	    "Remote server replied: 550 5.1.1 User unknown");
	assert_int_equal(in.stage, STAGE_RCPT);
	assert_int_equal(in.code, 550);
	text_is("User unknown");
	/* a date that was sent names no command */
	rec("Sent: Mon, 1 Jun 2026 10:00 reply: 550 5.1.1 User unknown");
	assert_int_equal(in.stage, STAGE_NONE);
}

static void
codes_inside_text_but_not_inside_numbers(void **state)
{
	(void)state;
	rec("Sorry, no mailbox here by that name. (#5.1.1)");
	assert_string_equal(in.enhanced, "5.1.1");
	assert_int_equal(in.code, -1);
	rec("connect to 192.0.2.5 failed after 550 seconds, version v5.1.0 on 2024-05-06");
	assert_int_equal(in.code, -1);
	assert_string_equal(in.enhanced, "");
	rec("Host or domain name not found. Name service error for name=example.jp type=A");
	assert_int_equal(in.shape, SHAPE_WORD);
	assert_int_equal(in.code, -1);
	rec("Message rejected 550 5.7.515 Access denied");
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "5.7.515");
}

/* "550: text": a code before ':' is read where words announced a reply, or where
 * the input starts; a port or a count before ':' is not a code */
static void
codes_before_a_colon(void **state)
{
	(void)state;
	rec("Remote host said: 550: User unknown");
	assert_int_equal(in.code, 550);
	text_is("User unknown");
	rec("550: : User unknown");
	assert_int_equal(in.code, 550);
	text_is(": User unknown");
	rec("550: 5.1.1 User unknown");
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "5.1.1");
	text_is("User unknown");
	rec("connect to mx.example.org[192.0.2.4]:587: Connection refused");
	assert_int_equal(in.code, -1);
	rec("qmail delivery 421: failure: no mailbox here");
	assert_int_equal(in.code, -1);
	rec("Remote host said:550:x");
	assert_int_equal(in.code, -1);
}

/* a code the words name as one, where no reply stands: its text is all the words */
static void
codes_the_words_name(void **state)
{
	(void)state;
	rec("[Status: Error, Address: <a@b.example>, ResponseCode 421, , Host not reachable.]");
	assert_int_equal(in.code, 421);
	assert_int_equal(in.shape, SHAPE_REPLY);
	text_is("[Status: Error, Address: <a@b.example>, ResponseCode 421, , Host not reachable.]");
	rec("Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 <a@b.example>... User Unknown");
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "5.2.1");
	rec("the status code=450 was returned");
	assert_int_equal(in.code, 450);
	rec("barcode 550 items");
	assert_int_equal(in.code, -1);
	rec("error code 5500, code 550x, code 650");
	assert_int_equal(in.code, -1);
}

static void
nested_and_flattened_replies(void **state)
{
	(void)state;
	rec("554 4.4.7 Message expired: unable to deliver in 840 minutes."
	    "<421 4.4.2 Connection timed out>");
	assert_int_equal(in.code, 554);
	assert_int_equal(in.inner, 421);
	assert_string_equal(in.inner_enhanced, "4.4.2");
	rec("550-5.7.1 first part 550-5.7.1 second part 550 5.7.1 last part");
	assert_true(in.flattened);
	char out[256];
	size_t n = wrapper_unflatten(&in, out, sizeof out);
	assert_int_equal(n, strlen("first part second part last part"));
	assert_memory_equal(out, "first part second part last part", n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postfix_names_the_host_the_stage_and_the_reply),
		cmocka_unit_test(exim_qmail_sendmail_and_exchange),
		cmocka_unit_test(codes_inside_text_but_not_inside_numbers),
		cmocka_unit_test(codes_before_a_colon),
		cmocka_unit_test(codes_the_words_name),
		cmocka_unit_test(nested_and_flattened_replies),
	};
	return cmocka_run_group_tests_name("wrapper", tests, NULL, NULL);
}
