/* check.c: the output checks of the fuzz targets (check.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "check.h"

_Noreturn void
check_fail(const char *what, const char *s, size_t n)
{
	fprintf(stderr, "check failed: %s\n--- output (%zu bytes):\n", what, n);
	fwrite(s, 1, n > 4096 ? 4096 : n, stderr);
	fputs("\n---\n", stderr);
	abort();
}

/* decodes the UTF-8 sequence at s[0..n): its length, or 0 when invalid. The same as
 * output.c's on purpose: a check that used the code it checks would share its bugs */
static size_t
utf8(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool
hidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2060 && cp <= 0x2064) || cp == 0x2028 || cp == 0x2029 || cp == 0x061c ||
	       cp == 0x00ad || cp == 0x180e || cp == 0xfeff;
}

void
check_text(const char *str, size_t n, bool color)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = utf8(s + i, n - i, &cp);
		if (!len)
			check_fail("text: invalid UTF-8", str, n);
		if (cp == 0x1b && color && i + 1 < n && s[i + 1] == '[') {
			size_t j = i + 2;
			while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'))
				j++;
			if (j >= n || s[j] != 'm')
				check_fail("text: ESC that opens no SGR sequence", str, n);
			i = j + 1;
			continue;
		}
		if ((cp < 0x20 && cp != '\n') || cp == 0x7f || hidden(cp))
			check_fail("text: a control or invisible character", str, n);
		i += len;
	}
}

/* a small JSON reader: each function reads one value at *p and moves past it */
struct json {
	const char *p, *end;
	char *out;      /* the decoded string, when wanted */
	size_t outlen, cap;
};

static void
ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t'))
		j->p++;
}

static bool
hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return false;
	}
	return true;
}

static void
emit(struct json *j, unsigned cp)
{
	if (!j->out)
		return;
	unsigned char b[4];
	size_t n;
	if (cp < 0x80)
		b[0] = (unsigned char)cp, n = 1;
	else if (cp < 0x800)
		b[0] = (unsigned char)(0xc0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3f)), n = 2;
	else if (cp < 0x10000)
		b[0] = (unsigned char)(0xe0 | cp >> 12), b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f)),
		b[2] = (unsigned char)(0x80 | (cp & 0x3f)), n = 3;
	else
		b[0] = (unsigned char)(0xf0 | cp >> 18), b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f)),
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (unsigned char)(0x80 | (cp & 0x3f)),
		n = 4;
	if (j->outlen + n <= j->cap) {
		memcpy(j->out + j->outlen, b, n);
		j->outlen += n;
	}
}

static bool
jstring(struct json *j)
{
	if (j->p >= j->end || *j->p != '"')
		return false;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			return false;
		if (c != '\\') {
			unsigned cp;
			size_t len = utf8((const unsigned char *)j->p, (size_t)(j->end - j->p), &cp);
			if (!len)
				return false;
			emit(j, cp);
			j->p += len;
			continue;
		}
		if (j->end - j->p < 2)
			return false;
		char e = j->p[1];
		j->p += 2;
		unsigned cp;
		switch (e) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (j->end - j->p < 4 || !hex4(j->p, &cp))
				return false;
			j->p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				unsigned lo;
				if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
				    !hex4(j->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return false;
				j->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				return false;
			}
			break;
		default:
			return false;
		}
		emit(j, cp);
	}
	if (j->p >= j->end)
		return false;
	j->p++;
	return true;
}

static bool jvalue(struct json *j, int depth);

static bool
jcontainer(struct json *j, char close, bool object, int depth)
{
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		ws(j);
		if (object) {
			char *out = j->out;
			j->out = NULL;
			bool ok = jstring(j);
			j->out = out;
			if (!ok)
				return false;
			ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return false;
			ws(j);
		}
		if (!jvalue(j, depth + 1))
			return false;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return true;
		}
		return false;
	}
}

static bool
literal(struct json *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool
jvalue(struct json *j, int depth)
{
	if (depth > 16 || j->p >= j->end)
		return false;
	char *out = j->out;
	j->out = NULL; /* only the first string is decoded */
	bool ok;
	switch (*j->p) {
	case '{': ok = jcontainer(j, '}', true, depth); break;
	case '[': ok = jcontainer(j, ']', false, depth); break;
	case '"': ok = jstring(j); break;
	case 't': ok = literal(j, "true"); break;
	case 'f': ok = literal(j, "false"); break;
	case 'n': ok = literal(j, "null"); break;
	default: {
		const char *s = j->p;
		if (j->p < j->end && *j->p == '-')
			j->p++;
		while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' ||
		                         *j->p == 'e' || *j->p == 'E' || *j->p == '+' || *j->p == '-'))
			j->p++;
		ok = j->p > s && (j->p[-1] >= '0' && j->p[-1] <= '9');
	}
	}
	j->out = out;
	return ok;
}

static bool
valid_utf8(const char *s, size_t n)
{
	unsigned cp;
	for (size_t i = 0; i < n;) {
		size_t len = utf8((const unsigned char *)s + i, n - i, &cp);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

void
check_json(const char *s, size_t n, const char *raw, size_t rawlen)
{
	static char decoded[1 << 17];
	const char *end = s + n;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			check_fail("json: a line without its line end", s, (size_t)(end - s));
		const char *prefix = "{\"input\":";
		size_t pn = strlen(prefix);
		if ((size_t)(nl - s) < pn || memcmp(s, prefix, pn) != 0)
			check_fail("json: the first key is not \"input\"", s, (size_t)(nl - s));
		struct json j = {s + pn, nl, decoded, 0, sizeof decoded};
		if (!jstring(&j))
			check_fail("json: the input is not a valid string", s, (size_t)(nl - s));
		size_t got = j.outlen;
		struct json whole = {s, nl, NULL, 0, 0};
		if (!jvalue(&whole, 0) || whole.p != nl)
			check_fail("json: not one valid object", s, (size_t)(nl - s));
		/* the input less the white space around it */
		size_t a = 0, b = rawlen;
		while (a < b && (raw[a] == ' ' || raw[a] == '\t' || raw[a] == '\r' || raw[a] == '\n'))
			a++;
		while (b > a && (raw[b - 1] == ' ' || raw[b - 1] == '\t' || raw[b - 1] == '\r' ||
		                 raw[b - 1] == '\n'))
			b--;
		if (valid_utf8(raw + a, b - a) && (got != b - a || memcmp(decoded, raw + a, got) != 0))
			check_fail("json: \"input\" does not round-trip", s, (size_t)(nl - s));
		s = nl + 1;
	}
}

void
check_json_lines(const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			check_fail("json: a line without its line end", s, (size_t)(end - s));
		struct json whole = {s, nl, NULL, 0, 0};
		if (!jvalue(&whole, 0) || whole.p != nl || *s != '{')
			check_fail("json: not one valid object", s, (size_t)(nl - s));
		s = nl + 1;
	}
}

struct rows {
	size_t cells, rows, want;
	bool live;
};

static void
cell(void *data, size_t n, void *arg)
{
	struct rows *r = arg;
	const char *s = data;
	r->cells++;
	if (n > 0 && (((s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') && n > 1) ||
	              s[0] == '\t' || s[0] == '\r'))
		r->live = true;
}

static void
rowend(int c, void *arg)
{
	(void)c;
	struct rows *r = arg;
	if (r->rows == 0)
		r->want = r->cells;
	else if (r->cells != r->want)
		r->want = (size_t)-1;
	r->rows++;
	r->cells = 0;
}

void
check_csv(const char *s, size_t n)
{
	struct csv_parser p;
	struct rows r = {0};
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	if (csv_parse(&p, s, n, cell, rowend, &r) != n || csv_fini(&p, cell, rowend, &r) != 0)
		check_fail("csv: does not parse", s, n);
	csv_free(&p);
	if (r.want == (size_t)-1)
		check_fail("csv: a row has not the header's cells", s, n);
	if (r.live)
		check_fail("csv: a live formula", s, n);
}
