/* test_template.c: a reply text with its variable parts replaced by placeholders */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "template.h"

static char buf[4096];

static const char *
tmpl(const char *s)
{
	template_make(s, strlen(s), buf, sizeof buf);
	return buf;
}

static void
addresses_hosts_and_numbers_become_placeholders(void **state)
{
	(void)state;
	assert_string_equal(tmpl("<User@Example.ORG>: Recipient address rejected: User unknown"),
	                    "<addr>: recipient address rejected: user unknown");
	assert_string_equal(tmpl("host mx1.example.com[192.0.2.4] said:"), "host <host>[<ip>] said:");
	assert_string_equal(tmpl("from 2001:db8::1 port 25"), "from <ip> port <n>");
	assert_string_equal(tmpl("see https://support.google.com/mail/?p=NoSuchUser now"),
	                    "see <url> now");
	assert_string_equal(tmpl("not delivered within 4 days"), "not delivered within <n> days");
	assert_string_equal(tmpl("id e22-n7GpZmsf093195"), "id e22-<n>");
}

static void
codes_and_provider_tokens_are_kept(void **state)
{
	(void)state;
	assert_string_equal(tmpl("(#5.1.1)"), "(#5.1.1)");
	assert_string_equal(tmpl("[TSS04] deferred"), "[tss04] deferred");
	/* and the number after a code's underscore: Orange's and La Poste's codes */
	assert_string_equal(tmpl("OFR_506 [506]"), "ofr_506 [<n>]");
	assert_string_equal(tmpl("LPN007_510."), "lpn007_510.");
	/* but such a code joined to a number by '-' or '.' is an id */
	assert_string_equal(tmpl("later. id197-1234.5.6 - gsmtp"), "later. <n> - gsmtp");
	assert_string_equal(tmpl("ref ab12.7."), "ref <n>.");
	assert_string_equal(tmpl("ab_12c x1y_2"), "ab_<n> <n>_<n>");
	/* an IP address is not an enhanced code */
	assert_string_equal(tmpl("5.1.1.4"), "<ip>");
}

static void
a_host_name_never_reaches_the_phrases(void **state)
{
	(void)state;
	/* the trap: "spam" inside a relay's name */
	assert_string_equal(tmpl("relay mx10.mailspamprotection.com refused"), "relay <host> refused");
}

static void
case_and_space_are_folded_beyond_ascii(void **state)
{
	(void)state;
	assert_string_equal(tmpl("  Benutzer   UNBEKANNT\t"), "benutzer unbekannt");
	assert_string_equal(tmpl("BOÎTE PLEINE"), "boîte pleine");
	assert_string_equal(tmpl("Пользователь НЕ найден"), "пользователь не найден");
	assert_string_equal(tmpl("用户不存在"), "用户不存在");
}

/* "e-mail" is written "email", as the tables write it; other hyphens stay */
static void
e_mail_is_email(void **state)
{
	(void)state;
	assert_string_equal(tmpl("Unknown E-Mail address"), "unknown email address");
	assert_string_equal(tmpl("Die E-Mail-Adresse, e-mails"), "die email-adresse, emails");
	assert_string_equal(tmpl("e-mail"), "email");
	assert_string_equal(tmpl("your (E-Mail) box"), "your (email) box");
	assert_string_equal(tmpl("non-local double-checking the-mail bee-mail e-"),
	                    "non-local double-checking the-mail bee-mail e-");
	unsigned map[64];
	const char *s = "an e-mail box";
	template_map(s, strlen(s), buf, sizeof buf, map);
	assert_string_equal(buf, "an email box");
	assert_int_equal(map[3], 3); /* "e" */
	assert_int_equal(map[4], 5); /* "m", after the '-' left out */
	assert_int_equal(map[9], 10); /* "box" */
}

static void
the_map_says_where_each_byte_came_from(void **state)
{
	(void)state;
	unsigned map[64];
	const char *s = "To <a@b.example>  Full";
	size_t n = template_map(s, strlen(s), buf, sizeof buf, map);
	assert_string_equal(buf, "to <addr> full");
	assert_int_equal(n, 14);
	assert_int_equal(map[3], 3);   /* "<addr>" starts where "<a@b" did */
	assert_int_equal(map[10], 18); /* "full" */
}

/* plain words and the single spaces between them are copied as one run: a word that
 * needs more (a placeholder, a letter beyond ASCII) ends the run where it starts, and
 * the words before it stay */
static void
a_run_of_plain_words_stops_at_the_word_that_is_not(void **state)
{
	(void)state;
	unsigned map[64];
	const char *s = "Quota Exceeded For a@b.example Now";
	size_t n = template_map(s, strlen(s), buf, sizeof buf, map);
	assert_string_equal(buf, "quota exceeded for <addr> now");
	assert_int_equal(n, 29);
	assert_int_equal(map[14], 14); /* the space before "for" */
	assert_int_equal(map[18], 18); /* the space before the address: its own */
	assert_int_equal(map[19], 19); /* "<addr>" */
	assert_int_equal(map[26], 31); /* "now" */
	assert_string_equal(tmpl("La BOÎTE Est PLEINE"), "la boîte est pleine");
	assert_string_equal(tmpl("Sent To 192.0.2.1 Or mx.example.com: Refused."),
	                    "sent to <ip> or <host>: refused.");
	assert_string_equal(tmpl("Try  Again\tLater"), "try again later");
	assert_string_equal(tmpl("at 10:00:00 Today"), "at <n>:<n>:<n> today");
}

static void
host_names_are_whole_runs_that_end_in_a_domain(void **state)
{
	(void)state;
	assert_string_equal(tmpl("via a.b.c.example.com now"), "via <host> now");
	assert_string_equal(tmpl("RESOLVER.ADR.RecipNotFound;"), "resolver.adr.recipnotfound;");
	/* a last label in mixed case is a word of a code, not a top-level domain */
	assert_string_equal(tmpl("STOREDRV.Submit; x"), "storedrv.submit; x");
	assert_string_equal(tmpl("MX.EXAMPLE.COM Mail.Example.com"), "<host> <host>");
	/* a run that does not end in a domain is words, however long */
	char buf2[2048], want[2048];
	size_t o = 0, w = 0;
	for (int i = 0; i < 200; i++) {
		buf2[o++] = 'x';
		buf2[o++] = '.';
		want[w++] = 'x';
		want[w++] = '.';
	}
	memcpy(buf2 + o, "x", 2);
	memcpy(want + w, "x", 2);
	assert_string_equal(tmpl(buf2), want);
}

static void
a_small_buffer_is_not_overrun(void **state)
{
	(void)state;
	char small[8];
	size_t n = template_make("mailbox unavailable", 19, small, sizeof small);
	assert_int_equal(n, 7);
	assert_string_equal(small, "mailbox");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addresses_hosts_and_numbers_become_placeholders),
		cmocka_unit_test(codes_and_provider_tokens_are_kept),
		cmocka_unit_test(a_host_name_never_reaches_the_phrases),
		cmocka_unit_test(case_and_space_are_folded_beyond_ascii),
		cmocka_unit_test(e_mail_is_email),
		cmocka_unit_test(the_map_says_where_each_byte_came_from),
		cmocka_unit_test(a_run_of_plain_words_stops_at_the_word_that_is_not),
		cmocka_unit_test(host_names_are_whole_runs_that_end_in_a_domain),
		cmocka_unit_test(a_small_buffer_is_not_overrun),
	};
	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
