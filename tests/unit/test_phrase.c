/* test_phrase.c: the phrase automaton over templates, as built from codes/ */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "phrase.h"
#include "template.h"

static struct phrase_scratch sc;
static struct phrase_hit hits[LIMIT_HITS];
static char t[4096];

static size_t
scan(const char *s, unsigned stage)
{
	size_t n = template_make(s, strlen(s), t, sizeof t);
	return phrase_scan(&sc, t, n, stage, hits, LIMIT_HITS);
}

/* finds the phrase with this pattern, or fails */
static size_t
phrase(const char *pattern)
{
	for (size_t i = 0; i < phrase_count; i++)
		if (strcmp(phrases[i].pattern, pattern) == 0)
			return i;
	fail_msg("no phrase '%s' in codes/", pattern);
	return 0;
}

static bool
found(size_t n, size_t p)
{
	for (size_t i = 0; i < n; i++)
		if (hits[i].phrase == p)
			return true;
	return false;
}

/* every phrase is found in its own pattern, with its parts apart (and a '^' pattern
 * at the start of the text) */
static void
every_phrase_finds_itself(void **state)
{
	(void)state;
	for (size_t p = 0; p < phrase_count; p++) {
		char s[1024];
		size_t o = 0;
		const char *pat = phrases[p].pattern;
		for (const char *c = pat + (pat[0] == '^'); *c && o + 16 < sizeof s; c++) {
			if (*c == '*')
				o += (size_t)snprintf(s + o, sizeof s - o, " and then ");
			else
				s[o++] = *c;
		}
		s[o] = '\0';
		size_t n = phrase_scan(&sc, s, o, STAGE_NONE, hits, LIMIT_HITS);
		if (!found(n, p) && n < LIMIT_HITS)
			fail_msg("%s:%u: '%s' does not find itself", table_files[phrases[p].file],
			         phrases[p].line, phrases[p].pattern);
	}
}

static void
words_match_whole_and_in_order(void **state)
{
	(void)state;
	size_t full = phrase("mailbox*full");
	assert_true(found(scan("550 the Mailbox of <x@y.example> is FULL", STAGE_NONE), full));
	assert_false(found(scan("full mailbox", STAGE_NONE), full)); /* the order counts */
	assert_false(found(scan("mailboxes are fully used", STAGE_NONE), full));
	size_t unknown = phrase("user unknown");
	assert_true(found(scan("User unknown in virtual mailbox table", STAGE_NONE), unknown));
	assert_false(found(scan("user unknownish", STAGE_NONE), unknown));
}

static void
a_stage_keeps_out_the_phrases_of_other_stages(void **state)
{
	(void)state;
	size_t n = scan("user unknown", STAGE_DATA);
	bool filtered = false;
	for (size_t i = 0; i < n; i++)
		filtered |= strcmp(reasons[phrases[hits[i].phrase].reason].name, "filtered") == 0;
	assert_true(filtered);
	n = scan("user unknown", STAGE_RCPT);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(reasons[phrases[hits[i].phrase].reason].name, "filtered");
}

/* '^' ties a pattern to the start of the text: au's "550 : User unknown" (its text,
 * after the code), and not the colon after an address */
static void
a_caret_ties_words_to_the_start(void **state)
{
	(void)state;
	size_t au = phrase("^: user unknown");
	assert_true(found(scan(": User unknown", STAGE_NONE), au));
	assert_false(found(scan("<a@example.jp>: User unknown", STAGE_NONE), au));
	assert_false(found(scan("x : User unknown", STAGE_NONE), au));
}

static void
a_scan_forgets_the_previous_one(void **state)
{
	(void)state;
	size_t full = phrase("mailbox*full");
	scan("the mailbox is", STAGE_NONE);
	assert_false(found(scan("full", STAGE_NONE), full));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_phrase_finds_itself),
		cmocka_unit_test(words_match_whole_and_in_order),
		cmocka_unit_test(a_stage_keeps_out_the_phrases_of_other_stages),
		cmocka_unit_test(a_caret_ties_words_to_the_start),
		cmocka_unit_test(a_scan_forgets_the_previous_one),
	};
	return cmocka_run_group_tests_name("phrase", tests, NULL, NULL);
}
