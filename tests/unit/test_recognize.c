/* test_recognize.c: what an input is, and how command-line words group */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "recognize.h"

static struct input in;

static void
rec(const char *s)
{
	recognize(s, strlen(s), &in);
}

static void
a_bare_code_is_a_code(void **state)
{
	(void)state;
	rec("  550 \n");
	assert_int_equal(in.shape, SHAPE_CODE);
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "");
	assert_int_equal(in.rawlen, 3);
}

static void
a_reply_line_splits_into_code_enhanced_and_text(void **state)
{
	(void)state;
	rec("550 5.1.1 <a@b>: Recipient address rejected: User unknown");
	assert_int_equal(in.shape, SHAPE_REPLY);
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "5.1.1");
	assert_int_equal(in.textlen, strlen("<a@b>: Recipient address rejected: User unknown"));
	assert_memory_equal(in.text, "<a@b>:", 6);
}

static void
a_continuation_line_is_read_like_a_final_one(void **state)
{
	(void)state;
	rec("550-5.7.1 Our system has detected");
	assert_int_equal(in.shape, SHAPE_REPLY);
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "5.7.1");
	assert_memory_equal(in.text, "Our", 3);
}

static void
a_code_without_enhanced_code_keeps_all_its_text(void **state)
{
	(void)state;
	rec("451 Temporary server error. Please try again later.");
	assert_int_equal(in.code, 451);
	assert_string_equal(in.enhanced, "");
	assert_memory_equal(in.text, "Temporary", 9);
}

static void
enhanced_codes_are_normalized(void **state)
{
	(void)state;
	rec("5.7.26");
	assert_int_equal(in.shape, SHAPE_ENHANCED);
	assert_string_equal(in.enhanced, "5.7.26");
	rec("x.1.1");
	assert_string_equal(in.enhanced, "X.1.1");
	rec("5.01.001");
	assert_string_equal(in.enhanced, "5.1.1");
	rec("5.X.X");
	assert_string_equal(in.enhanced, "5.XXX.XXX");
	rec("X.7.XXX");
	assert_string_equal(in.enhanced, "X.7.XXX");
	rec("5.7.1 Delivery not authorized");
	assert_int_equal(in.shape, SHAPE_REPLY);
	assert_int_equal(in.code, -1);
	assert_string_equal(in.enhanced, "5.7.1");
}

static void
punctuation_after_an_enhanced_code_is_not_part_of_it(void **state)
{
	(void)state;
	rec("550 5.1.1. User unknown");
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "5.1.1");
	assert_memory_equal(in.text, "User", 4);
	rec("550 5.7.1: Relaying denied");
	assert_string_equal(in.enhanced, "5.7.1");
}

static void
a_bad_enhanced_class_after_a_code_is_text(void **state)
{
	(void)state;
	rec("550 3.1.1 text");
	assert_int_equal(in.code, 550);
	assert_string_equal(in.enhanced, "");
	assert_true(in.badclass);
	assert_int_equal(in.shape, SHAPE_REPLY);
	assert_memory_equal(in.text, "3.1.1 text", 10);
	rec("550 5.1.1 text");
	assert_false(in.badclass);
}

static void
a_continuation_says_so(void **state)
{
	(void)state;
	rec("550-5.7.1 more follows");
	assert_true(in.more);
	rec("550 5.7.1 the last");
	assert_false(in.more);
}

static void
classes_are_classes(void **state)
{
	(void)state;
	rec("5xx");
	assert_int_equal(in.shape, SHAPE_CLASS);
	rec("4XX");
	assert_int_equal(in.shape, SHAPE_CLASS);
}

static void
anything_else_is_a_word(void **state)
{
	(void)state;
	const char *words[] = {"1001", "0", "mailbox-full", "Dropped", "55", "5500", "550abc",
	                       "5.1", "5.1.1234", "5..1", "X.X.1", "User unknown"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		rec(words[i]);
		assert_int_equal(in.shape, SHAPE_WORD);
		assert_int_equal(in.code, -1);
	}
	rec(" \t ");
	assert_int_equal(in.shape, SHAPE_EMPTY);
}

static int
groups(int argc, char **argv, int *starts)
{
	return recognize_group(argc, argv, starts);
}

static void
words_of_one_reply_group_into_one_input(void **state)
{
	(void)state;
	int s[16];
	char *a[] = {"550", "5.1.1", "User", "unknown"};
	assert_int_equal(groups(4, a, s), 1);
	char *b[] = {"550", "5.1.1"};
	assert_int_equal(groups(2, b, s), 1);
	char *c[] = {"550", "5.1.1", "User unknown"};
	assert_int_equal(groups(3, c, s), 1);
	char *d[] = {"452", "4.5.3", "Too", "many", "recipients,", "max", "100"};
	assert_int_equal(groups(7, d, s), 1);
	char *e[] = {"5.7.1", "Delivery", "not", "authorized"};
	assert_int_equal(groups(4, e, s), 1);
}

static void
several_codes_are_several_inputs(void **state)
{
	(void)state;
	int s[16];
	char *a[] = {"421", "550"};
	assert_int_equal(groups(2, a, s), 2);
	assert_int_equal(s[1], 1);
	char *b[] = {"5.7.1", "5.7.26"};
	assert_int_equal(groups(2, b, s), 2);
	char *c[] = {"mailbox-full", "Dropped", "1001"};
	assert_int_equal(groups(3, c, s), 3);
	char *d[] = {"550 5.1.1 User unknown", "421 4.7.0 Try later"};
	assert_int_equal(groups(2, d, s), 2);
	/* a whole reply in one argument is an input of its own (smtpcode(1), INPUT) */
	char *f[] = {"550 5.1.1 User unknown", "mailbox-full"};
	assert_int_equal(groups(2, f, s), 2);
	char *g[] = {"550", "5.1.1 User unknown"};
	assert_int_equal(groups(2, g, s), 2);
	char *h[] = {"550", "User unknown", "mailbox-full"};
	assert_int_equal(groups(3, h, s), 1);
	char *e[] = {"5xx", "4xx", "550", "5.1.1", "421"};
	assert_int_equal(groups(5, e, s), 4);
	assert_int_equal(s[2], 2);
	assert_int_equal(s[3], 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_bare_code_is_a_code),
		cmocka_unit_test(a_reply_line_splits_into_code_enhanced_and_text),
		cmocka_unit_test(a_continuation_line_is_read_like_a_final_one),
		cmocka_unit_test(a_code_without_enhanced_code_keeps_all_its_text),
		cmocka_unit_test(enhanced_codes_are_normalized),
		cmocka_unit_test(punctuation_after_an_enhanced_code_is_not_part_of_it),
		cmocka_unit_test(a_bad_enhanced_class_after_a_code_is_text),
		cmocka_unit_test(a_continuation_says_so),
		cmocka_unit_test(classes_are_classes),
		cmocka_unit_test(anything_else_is_a_word),
		cmocka_unit_test(words_of_one_reply_group_into_one_input),
		cmocka_unit_test(several_codes_are_several_inputs),
	};
	return cmocka_run_group_tests_name("recognize", tests, NULL, NULL);
}
