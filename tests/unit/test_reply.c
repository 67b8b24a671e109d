/* test_reply.c: one reply assembled from consecutive lines (RFC 5321 4.2.1) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reply.h"

static struct reply r;

static enum reply_status
add(const char *s, unsigned long lineno)
{
	return reply_add(&r, s, strlen(s), lineno);
}

static void
text_is(const char *want)
{
	assert_int_equal(r.in.textlen, strlen(want));
	assert_memory_equal(r.in.text, want, r.in.textlen);
}

static void
continuation_lines_are_one_reply_and_the_last_line_counts(void **state)
{
	(void)state;
	reply_init(&r);
	assert_int_equal(add("550-5.7.1 first part", 1), REPLY_MORE);
	assert_int_equal(add("550-5.7.1 second part", 2), REPLY_MORE);
	assert_int_equal(add("550 5.7.26 last part", 3), REPLY_READY);
	assert_int_equal(r.in.code, 550);
	assert_string_equal(r.in.enhanced, "5.7.26");
	assert_int_equal(r.in.shape, SHAPE_REPLY);
	text_is("first part second part last part");
	assert_int_equal(r.lineno, 1);
	assert_int_equal(r.in.lines, 3);
	assert_false(r.in.unfinished);
	/* the input as given: its lines, joined by line ends */
	const char raw[] = "550-5.7.1 first part\n550-5.7.1 second part\n550 5.7.26 last part";
	assert_int_equal(r.in.rawlen, sizeof raw - 1);
	assert_memory_equal(r.in.raw, raw, r.in.rawlen);
}

static void
a_single_line_is_recognized_in_place(void **state)
{
	(void)state;
	reply_init(&r);
	const char *line = "421 4.7.0 Try again later";
	assert_int_equal(reply_add(&r, line, strlen(line), 7), REPLY_READY);
	assert_ptr_equal(r.in.raw, line); /* not copied */
	assert_int_equal(r.in.code, 421);
	assert_int_equal(r.lineno, 7);
	assert_int_equal(reply_end(&r), REPLY_MORE);
}

static void
a_line_that_does_not_continue_ends_the_reply_and_is_read_again(void **state)
{
	(void)state;
	reply_init(&r);
	assert_int_equal(add("550-5.7.1 first part", 1), REPLY_MORE);
	assert_int_equal(add("421 busy", 2), REPLY_READY_AGAIN);
	assert_int_equal(r.in.code, 550);
	assert_true(r.in.unfinished);
	text_is("first part");
	assert_int_equal(add("421 busy", 2), REPLY_READY);
	assert_int_equal(r.in.code, 421);
	assert_false(r.in.unfinished);
	/* a blank line ends a reply too */
	assert_int_equal(add("452-4.5.3 many", 3), REPLY_MORE);
	assert_int_equal(add("", 4), REPLY_READY_AGAIN);
	assert_int_equal(add("", 4), REPLY_READY);
	assert_int_equal(r.in.shape, SHAPE_EMPTY);
}

static void
a_reply_cut_off_at_the_end_says_so(void **state)
{
	(void)state;
	reply_init(&r);
	assert_int_equal(add("250-mx.example.org", 1), REPLY_MORE);
	assert_int_equal(add("250-SIZE 1000", 2), REPLY_MORE);
	assert_int_equal(reply_end(&r), REPLY_READY);
	assert_true(r.in.unfinished);
	text_is("mx.example.org SIZE 1000");
	assert_int_equal(reply_end(&r), REPLY_MORE);
}

static void
a_reply_longer_than_the_limit_is_cut_not_overrun(void **state)
{
	(void)state;
	size_t n = 4096;
	char *line = malloc(n + 1);
	assert_non_null(line);
	memcpy(line, "550-", 4);
	memset(line + 4, 'x', n - 4);
	line[n] = '\0';
	reply_init(&r);
	for (size_t i = 0; i < 2 * LIMIT_REPLY / n; i++)
		assert_int_equal(add(line, i + 1), REPLY_MORE);
	line[3] = ' ';
	assert_int_equal(add(line, 99), REPLY_READY);
	assert_true(r.in.cut);
	assert_int_equal(r.in.rawlen, LIMIT_REPLY);
	assert_true(r.in.textlen <= LIMIT_REPLY);
	free(line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(continuation_lines_are_one_reply_and_the_last_line_counts),
		cmocka_unit_test(a_single_line_is_recognized_in_place),
		cmocka_unit_test(a_line_that_does_not_continue_ends_the_reply_and_is_read_again),
		cmocka_unit_test(a_reply_cut_off_at_the_end_says_so),
		cmocka_unit_test(a_reply_longer_than_the_limit_is_cut_not_overrun),
	};
	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
