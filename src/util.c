/* util.c: messages in the style of err(3), each written to stderr whole, once */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool interleave;
static char msgbuf[4096];
static bool buffered;

void
util_interleave(bool on)
{
	interleave = on;
}

FILE *
msg_begin(void)
{
	if (!buffered) {
		/* fully buffered: a message is one write(2), however it was composed; a
		 * longer one (never more than an input's first 200 bytes) splits */
		setvbuf(stderr, msgbuf, _IOFBF, sizeof msgbuf);
		buffered = true;
	}
	if (interleave)
		fflush(stdout);
	fputs("smtpcode: ", stderr);
	return stderr;
}

void
msg_end(void)
{
	fputc('\n', stderr);
	fflush(stderr);
}

static void
vwarn(const char *fmt, va_list ap)
{
	int err = errno;
	size_t n = strlen(fmt);
	FILE *fp = msg_begin();
	vfprintf(fp, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(fp, " %s", strerror(err));
	msg_end();
}

void
warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
fatal(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal(EXIT_OSERR, "out of memory");
	return p;
}
