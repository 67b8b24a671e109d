/* util.c: the table generator's messages, memory, and C string literals */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int errors;

/* prints where[:line]: message; for warn and fatal, a format ending in ':' gets the
 * errno text (a row's message may end in ':' with lines of its own to follow) */
static void
vmsg(const char *where, unsigned line, bool sys, const char *fmt, va_list ap)
{
	int saved = errno;
	if (line)
		fprintf(stderr, "%s:%u: ", where, line);
	else
		fprintf(stderr, "%s: ", where);
	vfprintf(stderr, fmt, ap);
	size_t n = strlen(fmt);
	if (sys && n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
bad(const struct row *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(r->path, r->line, false, fmt, ap);
	va_end(ap);
	errors++;
}

void
badfile(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(path, 0, false, fmt, ap);
	va_end(ap);
	errors++;
}

void
warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("gentables", 0, true, fmt, ap);
	va_end(ap);
}

_Noreturn void
fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("gentables", 0, true, fmt, ap);
	va_end(ap);
	exit(1);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *
xgrow(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? 2 * *cap : 16;
	if (c > SIZE_MAX / size)
		fatal("out of memory");
	p = realloc(p, c * size);
	if (!p)
		fatal("out of memory");
	*cap = c;
	return p;
}

void
rowfree(struct row *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i]);
	r->nf = 0;
}

void
cstr(FILE *out, const char *s)
{
	if (!s || !*s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?') /* '?': no trigraphs */
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

const char *
oneof(char *buf, size_t cap, const char *const *list, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 < n ? ", " : " or ";
		int w = snprintf(buf + o, cap - o, "%s%s", sep, list[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return buf;
}
