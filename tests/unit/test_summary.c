/* test_summary.c: the bounded tables of --summary: exact counts while the keys are few,
 * Space-Saving's bound once they are many, and every line counted once. The module
 * keeps its counts for the run, so each test looks only at keys of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "summary.h"

static char *buf;
static size_t buflen;

/* adds one result of template t */
static void
add(const char *t)
{
	struct input in = {.code = -1, .line = 7};
	struct result res = {.recognized = true, .code = -1};
	summary_add(&in, &res, t, strlen(t));
}

/* the summary as CSV */
static const char *
csv(void)
{
	free(buf);
	FILE *fp = open_memstream(&buf, &buflen);
	assert_non_null(fp);
	summary_write(fp, FORMAT_CSV, 0);
	fclose(fp);
	return buf;
}

/* the rows of the template table whose key is k: how many, and the last one's count
 * and error */
static int
rows(const char *k, unsigned long *count, unsigned long *error)
{
	char want[128];
	snprintf(want, sizeof want, "\ntemplate,%s,", k);
	int found = 0;
	for (const char *p = csv(); (p = strstr(p, want)) != NULL; p++) {
		found++;
		assert_int_equal(sscanf(p + strlen(want), "%lu,%lu", count, error), 2);
	}
	return found;
}

static void
few_keys_are_counted_exactly(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		add("exact a");
	for (int i = 0; i < 3; i++)
		add("exact b");
	unsigned long c, e;
	assert_int_equal(rows("exact a", &c, &e), 1);
	assert_int_equal(c, 5);
	assert_int_equal(e, 0);
	assert_int_equal(rows("exact b", &c, &e), 1);
	assert_int_equal(c, 3);
	assert_int_equal(e, 0);
}

/* a frequent key among thousands of rare ones keeps its one row, counted at least as
 * often as it came and at most its error more: the index finds it after every slot
 * around it was taken and given up again */
static void
a_frequent_key_survives_many_rare_ones(void **state)
{
	(void)state;
	char k[32];
	for (int i = 0; i < 20000; i++) {
		if (i % 4 == 0)
			add("heavy");
		snprintf(k, sizeof k, "rare %d", i);
		add(k);
	}
	unsigned long c, e;
	assert_int_equal(rows("heavy", &c, &e), 1);
	assert_true(c >= 5000);
	assert_true(c - e <= 5000);
	/* the newest key has its slot, counted once beyond the count it inherited */
	assert_int_equal(rows("rare 19999", &c, &e), 1);
	assert_int_equal(c - e, 1);
}

static void
every_line_is_counted_once(void **state)
{
	(void)state;
	summary_line(SUM_OTHER);
	summary_line(SUM_OTHER);
	summary_line(SUM_CONTEXT);
	const char *s = csv();
	assert_non_null(strstr(s, "\nlines,other,2,0,\n"));
	assert_non_null(strstr(s, "\nlines,context,1,0,\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(few_keys_are_counted_exactly),
		cmocka_unit_test(a_frequent_key_survives_many_rare_ones),
		cmocka_unit_test(every_line_is_counted_once),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	free(buf);
	return r;
}
