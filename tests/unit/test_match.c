/* test_match.c: folding reply texts and finding patterns in them */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"

static char buf[256];

static const char *
fold(const char *s, bool keepstar)
{
	match_fold(s, strlen(s), buf, sizeof buf, keepstar);
	return buf;
}

static void
folding_lowercases_and_collapses_white_space(void **state)
{
	(void)state;
	assert_string_equal(fold("  Hello \t  World.. ", false), "hello world");
	assert_string_equal(fold("at ** from", true), "at * from");
	assert_string_equal(fold("", false), "");
	assert_string_equal(fold("...", false), "");
}

static void
folding_never_overflows(void **state)
{
	(void)state;
	char small[4];
	size_t n = match_fold("abcdefgh", 8, small, sizeof small, false);
	assert_int_equal(n, 3);
	assert_string_equal(small, "abc");
}

static bool
find(const char *pattern, const char *text)
{
	static char p[256];
	match_fold(pattern, strlen(pattern), p, sizeof p, true);
	fold(text, false);
	return match_find(p, buf, strlen(buf));
}

static void
patterns_match_anywhere_with_wildcards(void **state)
{
	(void)state;
	const char *pat = "refused connection at * from IP * because the server is too busy";
	assert_true(find(pat, "ESMTP MailEnable Service temporarily refused connection at "
	                      "10:00:01 from IP [192.0.2.1] because the server is too busy"));
	assert_true(find(pat, "REFUSED  connection at x from IP (1.2.3.4) because the server "
	                      "is too busy."));
	assert_false(find(pat, "refused connection at 10:00 from IP 1.2.3.4 because of policy"));
	assert_false(find("too busy", "too bus"));
	assert_true(find("a*b*c", "xxaxxbxxcxx"));
	assert_false(find("a*b*c", "xxcxxbxxaxx"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folding_lowercases_and_collapses_white_space),
		cmocka_unit_test(folding_never_overflows),
		cmocka_unit_test(patterns_match_anywhere_with_wildcards),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
