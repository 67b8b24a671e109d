/* test_ahead.c: a log read and parsed ahead, in a thread of its own */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ahead.h"

static struct lines r;

#define NOISE "Nov  4 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n"
#define BOUNCE(id) "Nov  4 10:00:01 mx postfix/smtp[2]: " id ": to=<a@example.org>, " \
	"relay=mx.example.org[192.0.2.4]:25, dsn=5.1.1, status=bounced (host " \
	"mx.example.org[192.0.2.4] said: 550 5.1.1 User unknown (in reply to RCPT TO command))\n"

/* starts reading data ahead, through a temporary file */
static void
start(const char *data, size_t n, bool logstream, bool pending)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fflush(fp);
	rewind(fp);
	lines_init(&r, dup(fileno(fp)));
	fclose(fp);
	assert_true(ahead_start(&r, logstream, pending));
}

static bool
is(struct span sp, const char *want)
{
	return sp.s && sp.n == strlen(want) && memcmp(sp.s, want, sp.n) == 0;
}

/* the log's noise is counted, not handed on; the rest comes in order, parsed */
static void
noise_is_counted_and_the_rest_handed_on(void **state)
{
	(void)state;
	const char data[] = NOISE NOISE NOISE BOUNCE("3F2A1B2C3D") NOISE NOISE
		"550 5.1.1 no such user\n" NOISE NOISE;
	start(data, sizeof data - 1, true, false);
	unsigned long noise;
	struct parsed *p = ahead_next(&noise);
	assert_non_null(p);
	assert_int_equal(noise, 3);
	assert_int_equal(p->lineno, 4);
	assert_int_equal(p->l.kind, LOG_DELIVERY);
	assert_true(is(p->l.recipient, "a@example.org"));
	assert_true(is(p->l.queue_id, "3F2A1B2C3D"));
	/* its spans lie in its own copy of the line */
	assert_true(p->l.reply.s > p->s && p->l.reply.s + p->l.reply.n <= p->s + p->n);
	assert_memory_equal(p->s, BOUNCE("3F2A1B2C3D"), p->n);
	/* a reply line; the log line after it ends the reply, and is handed on too */
	p = ahead_next(&noise);
	assert_non_null(p);
	assert_int_equal(noise, 2);
	assert_int_equal(p->lineno, 7);
	assert_int_equal(p->l.kind, LOG_NONE);
	p = ahead_next(&noise);
	assert_non_null(p);
	assert_int_equal(noise, 0);
	assert_int_equal(p->lineno, 8);
	assert_int_equal(p->l.kind, LOG_OTHER);
	/* the last noise line, counted at the end */
	assert_null(ahead_next(&noise));
	assert_int_equal(noise, 1);
	assert_null(ahead_next(&noise));
	assert_int_equal(noise, 0);
	assert_int_equal(ahead_end(), 0);
	assert_int_equal(r.lineno, 9);
}

/* after a line that is no log's, a log line is handed on: it makes the stream a
 * log's, and ends the reply that the line may have begun */
static void
the_first_log_line_is_handed_on(void **state)
{
	(void)state;
	start(NOISE NOISE, sizeof NOISE NOISE - 1, false, true);
	unsigned long noise;
	struct parsed *p = ahead_next(&noise);
	assert_non_null(p);
	assert_int_equal(p->lineno, 1);
	assert_int_equal(p->l.kind, LOG_OTHER);
	assert_null(ahead_next(&noise));
	assert_int_equal(noise, 1);
	assert_int_equal(ahead_end(), 0);
}

/* many lines go round the ring of batches, in order; a cut line is handed on, cut */
static void
many_lines_come_in_order(void **state)
{
	(void)state;
	enum { N = 20000 };
	size_t line = sizeof BOUNCE("3F2A1B2C3D") - 1, longn = LIMIT_LINE + 100;
	char *data = malloc(N * (line + sizeof NOISE) + longn + 1), *d = data;
	assert_non_null(data);
	for (int i = 0; i < N; i++) {
		char id[11];
		snprintf(id, sizeof id, "%010X", (unsigned)i);
		memcpy(d, BOUNCE("0000000000"), line);
		memcpy(d + 36, id, 10);
		d += line;
		if (i % 3 == 0) {
			memcpy(d, NOISE, sizeof NOISE - 1);
			d += sizeof NOISE - 1;
		}
		if (i == N / 2) {
			memset(d, 'x', longn);
			d[longn] = '\n';
			d += longn + 1;
		}
	}
	start(data, (size_t)(d - data), true, false);
	unsigned long noise, lineno = 0, noises = 0;
	struct parsed *p;
	int n = 0, cuts = 0;
	while ((p = ahead_next(&noise)) != NULL) {
		noises += noise;
		assert_true(p->lineno > lineno);
		lineno = p->lineno;
		if (p->cut) {
			cuts++;
			assert_int_equal(p->n, LIMIT_LINE);
			continue;
		}
		char id[11];
		snprintf(id, sizeof id, "%010X", (unsigned)n);
		assert_true(is(p->l.queue_id, id));
		n++;
	}
	noises += noise;
	assert_int_equal(n, N);
	assert_int_equal(cuts, 1);
	assert_int_equal(noises, (N + 2) / 3);
	assert_int_equal(lineno, r.lineno); /* (the last line is a bounce) */
	assert_int_equal(r.lineno, N + noises + 1);
	assert_int_equal(ahead_end(), 0);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(noise_is_counted_and_the_rest_handed_on),
		cmocka_unit_test(the_first_log_line_is_handed_on),
		cmocka_unit_test(many_lines_come_in_order),
	};
	return cmocka_run_group_tests_name("ahead", tests, NULL, NULL);
}
