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

static void
starts_ignores_case_and_never_reads_past_n(void **state)
{
	(void)state;
	assert_true(match_starts("Received: from", 14, "received:"));
	assert_false(match_starts("Receive", 7, "received:"));
	/* the byte after n is not part of s, though it would match */
	assert_false(match_starts("rec", 2, "rec"));
	assert_true(match_starts("x", 0, ""));
}

static const char *const words[] = {"copy of", "original message", "oz", "r"};
#define NW (sizeof words / sizeof words[0])

static void
first_names_the_word_that_starts_s(void **state)
{
	(void)state;
	assert_int_equal(match_first("Original Message follows", 24, words, NW), 1);
	assert_int_equal(match_first("COPY OF", 7, words, NW), 0);
	assert_int_equal(match_first("copy o", 6, words, NW), -1);
	assert_int_equal(match_first("oz", 2, words, NW), 2);
	assert_int_equal(match_first("", 0, words, NW), -1);
	assert_int_equal(match_first("orig", 4, words, NW), -1);
}

static void
anywhere_finds_a_word_at_any_byte(void **state)
{
	(void)state;
	const char *s = "------ a Copy Of the message";
	assert_true(match_anywhere(s, strlen(s), words, 2));
	/* cut before the word ends */
	assert_false(match_anywhere(s, 14, words, 2));
	/* inside a word too, and at the last byte */
	assert_true(match_anywhere("xxoriginal messagex", 19, words, 2));
	assert_true(match_anywhere("abcOZ", 5, words, NW));
	/* a one-byte word, at the last byte */
	assert_true(match_anywhere("xxR", 3, words, NW));
	assert_true(match_anywhere("xRx", 3, words, NW));
	assert_false(match_anywhere("xxR", 2, words, NW));
	assert_false(match_anywhere("nothing here at all", 19, words, 2));
	assert_false(match_anywhere("", 0, words, NW));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folding_lowercases_and_collapses_white_space),
		cmocka_unit_test(folding_never_overflows),
		cmocka_unit_test(starts_ignores_case_and_never_reads_past_n),
		cmocka_unit_test(first_names_the_word_that_starts_s),
		cmocka_unit_test(anywhere_finds_a_word_at_any_byte),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
