/* test_match.c: folding reply texts (the automaton finds them: test_classify.c) */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folding_lowercases_and_collapses_white_space),
		cmocka_unit_test(folding_never_overflows),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
