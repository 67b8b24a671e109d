/* test_output.c: escaping for terminals, JSON and CSV */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"

static char *buf;
static size_t buflen;

static const char *
run(void (*fn)(FILE *, const char *, size_t), const char *s, size_t n)
{
	free(buf);
	FILE *fp = open_memstream(&buf, &buflen);
	assert_non_null(fp);
	fn(fp, s, n);
	fclose(fp);
	return buf;
}

#define RUN(fn, lit) run(fn, lit, sizeof(lit) - 1)

static void
terminal_text_shows_control_bytes_as_pictures(void **state)
{
	(void)state;
	assert_string_equal(RUN(output_safe, "a\033[31mb"), "a\xe2\x90\x9b[31mb");
	assert_string_equal(RUN(output_safe, "\r\b\x7f"), "\xe2\x90\x8d\xe2\x90\x88\xe2\x90\xa1");
	assert_string_equal(RUN(output_safe, "caf\xc3\xa9"), "caf\xc3\xa9");
	assert_string_equal(RUN(output_safe, "\xff\xc3"), "\\xFF\\xC3");
	assert_string_equal(RUN(output_safe, "\xc2\x9b"), "\\u009B");          /* C1 CSI */
	assert_string_equal(RUN(output_safe, "\xe2\x80\xae"), "\\u202E");      /* RLO */
	assert_string_equal(RUN(output_safe, "a\0b"), "a\xe2\x90\x80" "b");
}

static void
json_strings_are_valid_whatever_the_bytes(void **state)
{
	(void)state;
	assert_string_equal(RUN(output_json_string, "a\"b\\c\n\t"), "\"a\\\"b\\\\c\\n\\t\"");
	assert_string_equal(RUN(output_json_string, "\033\x01"), "\"\\u001b\\u0001\"");
	assert_string_equal(RUN(output_json_string, "\xff" "ok\xc3"), "\"\\ufffdok\\ufffd\"");
	assert_string_equal(RUN(output_json_string, "\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(RUN(output_json_string, "\xc3\xa9"), "\"\xc3\xa9\"");
	assert_string_equal(RUN(output_json_string, "a\0b"), "\"a\\u0000b\"");
}

static void
csv_cells_are_quoted_only_when_needed(void **state)
{
	(void)state;
	assert_string_equal(RUN(output_csv_cell, "550"), "550");
	assert_string_equal(RUN(output_csv_cell, "a,b"), "\"a,b\"");
	assert_string_equal(RUN(output_csv_cell, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(RUN(output_csv_cell, "two\nlines"), "\"two\nlines\"");
}

static void
csv_cells_that_look_like_formulas_are_neutralized(void **state)
{
	(void)state;
	assert_string_equal(RUN(output_csv_cell, "=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
	assert_string_equal(RUN(output_csv_cell, "+1"), "\"'+1\"");
	assert_string_equal(RUN(output_csv_cell, "-1"), "\"'-1\"");
	assert_string_equal(RUN(output_csv_cell, "@SUM(A1)"), "\"'@SUM(A1)\"");
	assert_string_equal(RUN(output_csv_cell, "\tx"), "\"'\tx\"");
	assert_string_equal(RUN(output_csv_cell, "-"), "-"); /* no formula: stays itself */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(terminal_text_shows_control_bytes_as_pictures),
		cmocka_unit_test(json_strings_are_valid_whatever_the_bytes),
		cmocka_unit_test(csv_cells_are_quoted_only_when_needed),
		cmocka_unit_test(csv_cells_that_look_like_formulas_are_neutralized),
	};
	int rc = cmocka_run_group_tests_name("output", tests, NULL, NULL);
	free(buf);
	return rc;
}
