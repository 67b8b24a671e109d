/* test_provider.c: which provider answered, as codes/providers.csv tells it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "phrase.h"
#include "provider.h"
#include "template.h"

static struct input in;
static char t[4096];
static struct phrase_scratch sc;

/* the provider of a reply line, or NULL: its words found as classify finds them */
static const char *
who(const char *s)
{
	struct provider_found f;
	struct phrase_hit hits[LIMIT_HITS];
	recognize(s, strlen(s), &in);
	size_t n = template_make(in.text, in.textlen, t, sizeof t);
	phrase_scan(&sc, t, n, in.stage, hits, LIMIT_HITS);
	return provider_find(&in, sc.token, &f) ? f.rule->provider : NULL;
}

static void
the_remote_host_tells_first(void **state)
{
	(void)state;
	const char *p = who("host gmail-smtp-in.l.google.com[192.0.2.1] said: 550 5.1.1 no");
	assert_non_null(p);
	assert_string_equal(p, "google");
	p = who("host mx.example.protection.outlook.com[192.0.2.1] said: 550 5.1.1 no");
	assert_non_null(p);
	assert_string_equal(p, "microsoft");
}

static void
a_link_or_a_word_tells_without_a_host(void **state)
{
	(void)state;
	const char *p = who("550 5.7.26 see https://support.google.com/mail/?p=UnsolicitedMessageError");
	assert_non_null(p);
	assert_string_equal(p, "google");
	p = who("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred");
	assert_non_null(p);
	assert_string_equal(p, "yahoo");
}

static void
no_false_attribution(void **state)
{
	(void)state;
	/* a name that only ends like a provider's, a code alone, a word inside a word */
	assert_null(who("host mx.notgoogle.com[192.0.2.1] said: 550 5.1.1 no"));
	assert_null(who("550 5.7.26 Unauthenticated email is not accepted"));
	assert_null(who("550 5.1.1 the xgsmtpx user is unknown"));
	assert_null(who("host mx.example.org[192.0.2.1] said: 550 5.1.1 google.com is not us"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_remote_host_tells_first),
		cmocka_unit_test(a_link_or_a_word_tells_without_a_host),
		cmocka_unit_test(no_false_attribution),
	};
	return cmocka_run_group_tests_name("provider", tests, NULL, NULL);
}
