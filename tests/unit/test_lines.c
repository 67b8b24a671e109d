/* test_lines.c: the bounded line reader */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lines.h"

static struct lines r;

/* feeds data through a temporary file, so the reader sees a real descriptor */
static void
start(const char *data, size_t n)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fflush(fp);
	rewind(fp);
	lines_init(&r, dup(fileno(fp)));
	fclose(fp);
}

static void
expect(const char *want, bool wantcut)
{
	const char *line;
	size_t len;
	bool cut;
	assert_int_equal(lines_next(&r, &line, &len, &cut), 1);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(line, want, len);
	assert_int_equal(cut, wantcut);
}

static void
expect_end(void)
{
	const char *line;
	size_t len;
	bool cut;
	assert_int_equal(lines_next(&r, &line, &len, &cut), 0);
	close(r.fd);
}

static void
lines_end_at_lf_or_crlf_and_the_last_needs_none(void **state)
{
	(void)state;
	start("550\r\n\n451 x\nlast", 16);
	expect("550", false);
	expect("", false);
	expect("451 x", false);
	expect("last", false);
	assert_int_equal(r.lineno, 4);
	expect_end();
}

static void
a_nul_byte_stays_inside_its_line(void **state)
{
	(void)state;
	start("a\0b\nc\n", 6);
	const char *line;
	size_t len;
	bool cut;
	assert_int_equal(lines_next(&r, &line, &len, &cut), 1);
	assert_int_equal(len, 3);
	assert_memory_equal(line, "a\0b", 3);
	expect("c", false);
	expect_end();
}

static void
a_line_longer_than_the_limit_is_cut_and_the_next_one_kept(void **state)
{
	(void)state;
	size_t n = 3 * LIMIT_LINE + 10;
	char *data = malloc(n);
	assert_non_null(data);
	memset(data, 'x', n);
	memcpy(data + n - 6, "\n421\n", 5);
	data[n - 1] = 'z';
	start(data, n);
	const char *line;
	size_t len;
	bool cut;
	assert_int_equal(lines_next(&r, &line, &len, &cut), 1);
	assert_true(cut);
	assert_int_equal(len, LIMIT_LINE);
	expect("421", false);
	expect("z", false);
	assert_int_equal(r.lineno, 3);
	expect_end();
	free(data);
}

/* a line of exactly LIMIT_LINE bytes is not too long, with LF or CRLF; one more is */
static void
a_line_of_exactly_the_limit_is_whole(void **state)
{
	(void)state;
	size_t n = 3 * (LIMIT_LINE + 2) + 4;
	char *data = malloc(n), *p = data;
	assert_non_null(data);
	memset(data, 'x', n);
	p += LIMIT_LINE;
	*p++ = '\n';
	p += LIMIT_LINE;
	*p++ = '\r';
	*p++ = '\n';
	p += LIMIT_LINE + 1;
	*p++ = '\n';
	memcpy(p, "ok\n", 3);
	start(data, (size_t)(p + 3 - data));
	const char *line;
	size_t len;
	bool cut;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(lines_next(&r, &line, &len, &cut), 1);
		assert_false(cut);
		assert_int_equal(len, LIMIT_LINE);
	}
	assert_int_equal(lines_next(&r, &line, &len, &cut), 1);
	assert_true(cut);
	assert_int_equal(len, LIMIT_LINE);
	expect("ok", false);
	assert_int_equal(r.lineno, 4);
	expect_end();
	free(data);
}

static void
an_empty_input_has_no_lines(void **state)
{
	(void)state;
	start("", 0);
	expect_end();
}

/* lines_ready says whether the next line can be had without reading: not before the
 * first read, nor when what is buffered ends in part of a line */
static void
ready_when_a_line_end_is_buffered(void **state)
{
	(void)state;
	start("a\nb\nc", 5);
	assert_false(lines_ready(&r)); /* (nothing read yet) */
	expect("a", false);
	assert_true(lines_ready(&r));  /* "b\n" is buffered */
	expect("b", false);
	assert_false(lines_ready(&r)); /* "c" may go on */
	expect("c", false);
	assert_true(lines_ready(&r));  /* the end is known */
	expect_end();
}

/* a file of a known size: its end is told once its bytes are read, and bytes written
 * after the size was taken are not read */
static void
a_sized_file_ends_at_its_size(void **state)
{
	(void)state;
	start("a\nbc\nlater\n", 11);
	lines_size(&r, 5);
	expect("a", false);
	expect("bc", false);
	expect_end();
	/* a size of nothing: no line at all */
	start("x\n", 2);
	lines_size(&r, 0);
	expect_end();
	/* a size beyond what is there: the end is the file's */
	start("x\ny", 3);
	lines_size(&r, 100);
	expect("x", false);
	expect("y", false);
	expect_end();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_end_at_lf_or_crlf_and_the_last_needs_none),
		cmocka_unit_test(a_nul_byte_stays_inside_its_line),
		cmocka_unit_test(a_line_longer_than_the_limit_is_cut_and_the_next_one_kept),
		cmocka_unit_test(a_line_of_exactly_the_limit_is_whole),
		cmocka_unit_test(an_empty_input_has_no_lines),
		cmocka_unit_test(ready_when_a_line_end_is_buffered),
		cmocka_unit_test(a_sized_file_ends_at_its_size),
	};
	return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
