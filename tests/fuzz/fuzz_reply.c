/* fuzz_reply.c: a libFuzzer target for the reply path: the input is a stream of lines,
 * read as smtpcode reads standard input (reply assembly, recognition, classification),
 * and every result is written in every format to memory, where it is checked: text is
 * terminal-safe UTF-8, every JSON line is valid and its "input" round-trips, every CSV
 * row has the header's columns and no live formula. Every line and result is counted
 * by --summary too, whose report is written in every format at the end and checked
 * the same way (its JSON lines valid objects). The first byte chooses -v, colour and
 * a table, as options would. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "classify.h"
#include "logline.h"
#include "output.h"
#include "reply.h"
#include "summary.h"
#include "table.h"
#include "check.h"

static struct classifier cl;
static struct reply rp;
/* under libFuzzer, an input explains at most FUZZ_CAP replies, so that runs stay many
 * and short; the driver of the test suite explains every line of its seeds */
#ifndef FUZZ_CAP
#define FUZZ_CAP ((unsigned)-1)
#endif
static unsigned explained;

/* one result in each format, each checked */
/* a stream into memory, for one format's output */
static FILE *
memfile(char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	FILE *fp = open_memstream(buf, len);
	if (!fp)
		abort();
	return fp;
}

static void
explain(const struct input *in, unsigned opts)
{
	struct result res;
	if (++explained > FUZZ_CAP)
		return;
	classify(&cl, in, &res);
	size_t tlen;
	const char *tmpl = classify_template(&cl, &tlen);
	summary_add(in, &res, tmpl, tlen);
	for (int f = 0; f < FORMAT_COUNT; f++) {
		char *buf;
		size_t len;
		FILE *fp = memfile(&buf, &len);
		struct out o;
		bool color = f == FORMAT_TEXT && (opts & 2);
		output_init(&o, fp, (enum format)f, color, opts & 1, 80);
		output_begin(&o);
		output_result(&o, in, &res, tmpl, tlen);
		output_flush(&o);
		fclose(fp);
		switch ((enum format)f) {
		case FORMAT_TEXT:
			check_text(buf, len, color);
			break;
		case FORMAT_JSON:
			check_json(buf, len, in->raw, in->rawlen);
			break;
		case FORMAT_CSV:
			check_csv(buf, len);
			break;
		default:
			break;
		}
		free(buf);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned opts = data[0];
	int only = (opts >> 2) % (table_count + 1);
	classify_init(&cl, only == (int)table_count ? -1 : only, true);
	explained = 0;
	reply_init(&rp);
	const char *s = (const char *)data + 1, *end = (const char *)data + size;
	unsigned long lineno = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		if (n > LIMIT_LINE)
			n = LIMIT_LINE;
		if (n > 0 && s[n - 1] == '\r')
			n--; /* as the line reader does */
		/* a mail log's line: its reply explained with the log's fields, as main does */
		static struct logline lg;
		logline_parse(s, n, &lg);
		if (lg.kind == LOG_DELIVERY || lg.kind == LOG_REJECT) {
			summary_line(lg.kind == LOG_DELIVERY ? SUM_DELIVERY : SUM_REJECT);
			struct input in;
			recognize(lg.reply.s ? lg.reply.s : "", lg.reply.n, &in);
			size_t m = n;
			while (m > 0 && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r'))
				m--;
			in.raw = s, in.rawlen = m, in.log = &lg, in.line = ++lineno;
			explain(&in, opts);
			if (!nl)
				break;
			s = nl + 1;
			continue;
		}
		enum reply_status st;
		summary_line(n ? SUM_REPLY : SUM_BLANK);
		while ((st = reply_add(&rp, s, n, ++lineno)) == REPLY_READY_AGAIN)
			explain(&rp.in, opts);
		if (st == REPLY_READY)
			explain(&rp.in, opts);
		if (!nl)
			break;
		s = nl + 1;
	}
	if (reply_end(&rp) == REPLY_READY)
		explain(&rp.in, opts);
	/* the summary of every input so far, in each format */
	for (int f = 0; f < FORMAT_COUNT; f++) {
		char *buf;
		size_t len;
		FILE *fp = memfile(&buf, &len);
		summary_write(fp, (enum format)f, lineno);
		fclose(fp);
		if (f == FORMAT_TEXT)
			check_text(buf, len, false);
		else if (f == FORMAT_JSON)
			check_json_lines(buf, len);
		else if (f == FORMAT_CSV)
			check_csv(buf, len);
		free(buf);
	}
	return 0;
}
