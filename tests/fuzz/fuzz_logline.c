/* fuzz_logline.c: a libFuzzer target for the mail log reader: each line of the input
 * is read as a log line, and every field it gives must lie inside that line (the
 * queue table's copies aside, and the reader's own: a time written anew, a field of
 * a log of columns unquoted); its context is kept and recalled
 * as smtpcode does. A first byte below LOGFMT_COUNT chooses the reader (--log-format), and a reply
 * with Exim's "\n" or qmail's '_' and '/' undone must be no longer than it was */
#include <stdint.h>
#include <string.h>

#include "logline.h"
#include "check.h"

static void
inside(const struct logline *l, const struct span *sp, const char *s, size_t n,
       const char *what)
{
	if (!sp->s)
		return;
	if (logline_copy(l, sp->s) && (!sp->n || logline_copy(l, sp->s + sp->n - 1)))
		return; /* a time written anew, a field of a log of columns unquoted */
	if (sp->s < s || sp->s + sp->n > s + n)
		check_fail(what, s, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	enum logformat f = LOGFMT_AUTO;
	if (size > 0 && data[0] < LOGFMT_COUNT)
		f = (enum logformat)*s++;
	logline_force(f);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		struct logline l;
		logline_parse(s, n, &l);
		const struct span *f[] = {&l.time, &l.host, &l.program, &l.queue_id, &l.recipient,
		                          &l.orig_recipient, &l.relay, &l.delay, &l.dsn, &l.reply,
		                          &l.message, &l.sender, &l.client, &l.link};
		/* (outcome may be a word of smtpcode's own: "rejected") */
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			inside(&l, f[i], s, n, "logline: a field outside its line");
		if (logline_escaped(&l)) {
			char buf[65536];
			/* Exim's "\n" shortens it; qmail's '_' and '/' keep its length */
			if (l.reply.n <= sizeof buf && logline_unescape(&l, buf) > l.reply.n)
				check_fail("logline: a reply longer once unescaped", s, n);
		}
		(void)logline_context(&l, 1);
		(void)logline_note(s, n);
		if (!nl)
			break;
		s = nl + 1;
	}
	return 0;
}
