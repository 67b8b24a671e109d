/* csvread.c: reads the files of codes/ with libcsv into rows, and checks what every
 * row of every kind of file must be: clean UTF-8 text, the header, required fields */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "../src/limit.h"
#include "gen.h"

struct reader {
	const char *path;
	int file;
	unsigned line;      /* the line being fed to the parser */
	unsigned rowline;   /* the line the current row started on */
	unsigned rows;
	struct row cur;
	bool inrow;
	bool toomany;       /* the current row has more than ROW_FIELDS fields */
	bool toolong;       /* the file has more than LIMIT_ROWS lines: rows are dropped */
	bool (*onrow)(struct row *, void *);
	void *arg;
};

static void
onfield(void *s, size_t len, void *data)
{
	struct reader *rd = data;
	if (!rd->inrow) {
		rd->inrow = true;
		rd->rowline = rd->line;
		rd->cur.nf = 0;
		rd->toomany = false;
	}
	if (rd->cur.nf == ROW_FIELDS) {
		rd->toomany = true;
		return;
	}
	char *f = xmalloc(len + 1);
	memcpy(f, s, len);
	f[len] = '\0';
	if (memchr(f, '\0', len))
		f[0] = '\001'; /* a NUL inside a field: caught as a control character */
	rd->cur.f[rd->cur.nf++] = f;
}

static void
onrowend(int c, void *data)
{
	struct reader *rd = data;
	(void)c;
	if (!rd->inrow)
		return;
	rd->inrow = false;
	rd->rows++;
	rd->cur.path = rd->path;
	rd->cur.file = rd->file;
	rd->cur.line = rd->rowline;
	if (rd->toolong) {
		rowfree(&rd->cur);
		return;
	}
	if (rd->rowline > LIMIT_ROWS) {
		bad(&rd->cur, "more than %d lines in one file", LIMIT_ROWS);
		rd->toolong = true;
	} else if (rd->toomany) {
		bad(&rd->cur, "more than %d fields", ROW_FIELDS);
	} else if (rd->onrow(&rd->cur, rd->arg)) {
		rd->cur.nf = 0; /* kept */
		return;
	}
	rowfree(&rd->cur);
}

/* a byte-order mark, malformed CSV and an empty file are reported as bad; a file that
 * cannot be opened returns -1 with errno set, for the caller to say who named it */
int
csvread(const char *path, int file, bool (*onrow)(struct row *, void *), void *arg)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		fatal("csv_init failed");
	struct reader rd = {.path = path, .file = file, .onrow = onrow, .arg = arg};
	struct row at = {.path = path, .file = file};
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true;
	while (ok && (n = getline(&buf, &cap, fp)) >= 0) {
		at.line = ++rd.line;
		if (rd.line == 1 && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
			bad(&at, "starts with a byte-order mark; save it as UTF-8 without one");
			ok = false;
		} else if (csv_parse(&p, buf, (size_t)n, onfield, onrowend, &rd) != (size_t)n) {
			bad(&at, "malformed CSV: %s", csv_strerror(csv_error(&p)));
			ok = false;
		}
	}
	if (ferror(fp))
		fatal("%s: read error:", path);
	if (ok && csv_fini(&p, onfield, onrowend, &rd) != 0)
		bad(&at, "malformed CSV at end of file: %s", csv_strerror(csv_error(&p)));
	else if (ok && rd.rows == 0)
		badfile(path, "empty file");
	rowfree(&rd.cur); /* the fields of a row left unfinished */
	csv_free(&p);
	free(buf);
	fclose(fp);
	return 0;
}

/* tells whether s is valid UTF-8 without control characters (C0, DEL, C1) */
static bool
cleantext(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		}
		int n;
		unsigned cp;
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return false;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
			return false;
		p += n + 1;
	}
	return true;
}

bool
csvheader(const struct row *r, const struct columns *c)
{
	if (r->nf != c->n)
		return false;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(r->f[i], c->names[i]) != 0)
			return false;
	return true;
}

void
csvputheader(FILE *fp, const struct columns *c)
{
	for (size_t i = 0; i < c->n; i++)
		fprintf(fp, "%s%s", i ? "," : "", c->names[i]);
}

bool
csvfields(const struct row *r, const struct columns *c)
{
	if (r->nf != c->n) {
		bad(r, "%zu fields, expected %zu", r->nf, c->n);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < c->n; i++) {
		if (!cleantext(r->f[i])) {
			bad(r, "%s: control character or invalid UTF-8", c->names[i]);
			ok = false;
		} else if (c->required[i] && !r->f[i][0]) {
			bad(r, "%s: must not be empty", c->names[i]);
			ok = false;
		}
	}
	return ok;
}
