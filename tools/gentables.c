/* gentables.c: reads the tables in codes/ (CSV) (with libcsv), checks every row, and
 * writes them as sorted C arrays for src/table.c; a bad row stops it with file:line */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "../src/match.h"
#include "../src/names.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))
#define MAXFIELDS 16
#define SUMMARY_MAX 100

static const char *const entry_header[] = {
	"key", "kind", "class", "standard", "reason", "text", "summary",
	"explanation", "remediation", "admin", "source",
};
enum { E_KEY, E_KIND, E_CLASS, E_STANDARD, E_REASON, E_TEXT, E_SUMMARY,
       E_EXPLANATION, E_REMEDIATION, E_ADMIN, E_SOURCE };

static const char *const reason_header[] = {
	"reason", "refines", "bounce", "retry", "actor", "summary", "explanation",
	"remediation", "retry_advice", "source",
};
enum { R_NAME, R_REFINES, R_BOUNCE, R_RETRY, R_ACTOR, R_SUMMARY, R_EXPLANATION,
       R_REMEDIATION, R_RETRY_ADVICE, R_SOURCE };

struct row {
	char *f[MAXFIELDS];
	size_t nf;
	const char *file;
	unsigned line;
};

struct entryrow {
	struct row row;
	int kind, class, table, reason;
	char *pattern;
	char sortkey[NAMES_SORTKEY_MAX];
};

struct reasonrow {
	struct row row;
	int bounce, retry, actor;
	const char *refines;
};

static struct entryrow *ents;
static size_t nents, capents;
static struct reasonrow *reas;
static size_t nreas, capreas;
static const char *tabname[64];
static char tabfiles[64][512];
static size_t ntabs;
static int errors;

static void
fatal(const char *fmt, ...)
{
	va_list ap;
	fputs("gentables: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* reports a bad row; the build fails after all rows were checked */
static void
bad(const struct row *r, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%u: ", r->file, r->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	errors++;
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		fatal("out of memory");
	return p;
}

/* reading CSV */

struct reader {
	const char *file;
	unsigned line;      /* line being fed to the parser */
	unsigned rowline;   /* line where the current row started */
	struct row cur;
	bool inrow;
	bool toomany;
	bool (*onrow)(struct row *); /* true when it keeps the row's fields */
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
	if (rd->cur.nf == MAXFIELDS) {
		rd->toomany = true;
		return;
	}
	char *f = xrealloc(NULL, len + 1);
	memcpy(f, s, len);
	f[len] = '\0';
	if (memchr(f, '\0', len))
		f[0] = '\001'; /* a NUL inside a field: caught as a control byte */
	rd->cur.f[rd->cur.nf++] = f;
}

static void
freerow(struct row *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i]);
	r->nf = 0;
}

static void
onrowend(int c, void *data)
{
	struct reader *rd = data;
	(void)c;
	if (!rd->inrow)
		return;
	rd->inrow = false;
	rd->cur.file = rd->file;
	rd->cur.line = rd->rowline;
	if (rd->toomany) {
		bad(&rd->cur, "more than %d fields", MAXFIELDS);
		freerow(&rd->cur);
		return;
	}
	if (!rd->onrow(&rd->cur))
		freerow(&rd->cur);
}

static void
readcsv(const char *path, bool (*onrow)(struct row *))
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fatal("%s: %s", path, strerror(errno));
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		fatal("csv_init failed");
	struct reader rd = {.file = path, .onrow = onrow};
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&buf, &cap, fp)) >= 0) {
		rd.line++;
		if (csv_parse(&p, buf, (size_t)n, onfield, onrowend, &rd) != (size_t)n) {
			struct row at = {.file = path, .line = rd.line};
			bad(&at, "malformed CSV: %s", csv_strerror(csv_error(&p)));
			csv_free(&p);
			free(buf);
			fclose(fp);
			return;
		}
	}
	if (ferror(fp))
		fatal("%s: %s", path, strerror(errno));
	if (csv_fini(&p, onfield, onrowend, &rd) != 0) {
		struct row at = {.file = path, .line = rd.line};
		bad(&at, "malformed CSV at end of file: %s", csv_strerror(csv_error(&p)));
	}
	csv_free(&p);
	free(buf);
	fclose(fp);
}

/* checking fields */

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

static bool
digits(const char *s, size_t min, size_t max)
{
	size_t n = strspn(s, "0123456789");
	return n >= min && n <= max && s[n] == '\0';
}

/* checks the key's shape for its kind */
static bool
keyshape(int kind, const char *k)
{
	char a[8], b[8];
	switch (kind) {
	case KIND_REPLY:
		return digits(k, 3, 3);
	case KIND_CLASS:
		return k[0] >= '1' && k[0] <= '9' && strcmp(k + 1, "xx") == 0;
	case KIND_ENHANCED:
		if ((k[0] == '2' || k[0] == '4' || k[0] == '5') && strcmp(k + 1, ".XXX.XXX") == 0)
			return true;
		if (k[0] != 'X' || k[1] != '.')
			return false;
		if (sscanf(k + 2, "%7[0-9].%7[0-9X]", a, b) != 2)
			return false;
		{
			char whole[32];
			snprintf(whole, sizeof whole, "X.%s.%s", a, b);
			if (strcmp(whole, k) != 0)
				return false;
		}
		return digits(a, 1, 3) && (strcmp(b, "XXX") == 0 || digits(b, 1, 3));
	default:
		if (!*k || strlen(k) > 64)
			return false;
		for (const char *p = k; *p; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
				return false;
		return true;
	}
}

static bool
checkheader(const struct row *r, const char *const *want, size_t n)
{
	bool ok = r->nf == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = strcmp(r->f[i], want[i]) == 0;
	if (!ok) {
		bad(r, "the header must be:");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%s%s", i ? "," : "\t", want[i]);
		fputc('\n', stderr);
	}
	return ok;
}

/* checks the fields common to all rows: count, clean text, the required ones */
static bool
checkfields(const struct row *r, const char *const *names, size_t n, const int *required)
{
	if (r->nf != n) {
		bad(r, "%zu fields, expected %zu", r->nf, n);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (!cleantext(r->f[i])) {
			bad(r, "%s: control character or invalid UTF-8", names[i]);
			ok = false;
		}
	}
	for (const int *q = required; *q >= 0; q++) {
		if (!r->f[*q][0]) {
			bad(r, "%s: must not be empty", names[*q]);
			ok = false;
		}
	}
	return ok;
}

static void
checksummary(const struct row *r, const char *s)
{
	size_t n = strlen(s);
	if (n > SUMMARY_MAX)
		bad(r, "summary: %zu bytes, at most %d", n, SUMMARY_MAX);
	else if (n && s[n - 1] == '.')
		bad(r, "summary: no final period");
}

/* the current file's table index and whether its header was read */
static int curtable;
static bool sawheader;

static bool
entryrow(struct row *r)
{
	static const int required[] = {E_KEY, E_KIND, E_CLASS, E_STANDARD, E_SUMMARY,
	                               E_EXPLANATION, E_REMEDIATION, E_SOURCE, -1};
	if (!sawheader) {
		sawheader = true;
		checkheader(r, entry_header, countof(entry_header));
		return false;
	}
	if (!checkfields(r, entry_header, countof(entry_header), required))
		return false;
	struct entryrow e = {.row = *r, .table = curtable, .reason = -1};
	char **f = r->f;
	e.kind = names_find(kind_names, kind_count, f[E_KIND]);
	if (e.kind < 0 || e.kind == KIND_REASON) {
		bad(r, "kind: '%s' is not reply, enhanced, class, code, event or classification",
		    f[E_KIND]);
		return false;
	}
	if (!keyshape(e.kind, f[E_KEY]))
		bad(r, "key: '%s' is not the shape of a %s key", f[E_KEY], f[E_KIND]);
	else if (names_sortkey(f[E_KEY], strlen(f[E_KEY]), e.sortkey, sizeof e.sortkey) == 0)
		bad(r, "key: longer than %d bytes", NAMES_SORTKEY_MAX / 2);
	e.class = names_find(class_names, class_count, f[E_CLASS]);
	bool xkey = e.kind == KIND_ENHANCED && f[E_KEY][0] == 'X';
	if (e.class < 0)
		bad(r, "class: '%s' is not success, intermediate, transient, permanent, none or -",
		    f[E_CLASS]);
	else if ((e.class == CLASS_FROM_CODE) != xkey)
		bad(r, "class: '-' is for enhanced X. keys, and only they have it");
	if (strcmp(f[E_STANDARD], "yes") && strcmp(f[E_STANDARD], "no"))
		bad(r, "standard: '%s' is not yes or no", f[E_STANDARD]);
	if (f[E_TEXT][0]) {
		if (e.kind != KIND_REPLY) {
			bad(r, "text: only reply rows have a text");
		} else {
			size_t n = strlen(f[E_TEXT]);
			e.pattern = xrealloc(NULL, n + 1);
			size_t m = match_fold(f[E_TEXT], n, e.pattern, n + 1, true);
			if (m == 0 || strcmp(e.pattern, "*") == 0)
				bad(r, "text: matches everything");
		}
	}
	checksummary(r, f[E_SUMMARY]);
	if (nents == capents)
		ents = xrealloc(ents, (capents = capents ? 2 * capents : 256) * sizeof *ents);
	ents[nents++] = e;
	return true;
}

static bool
reasonrow(struct row *r)
{
	static const int required[] = {R_NAME, R_BOUNCE, R_RETRY, R_ACTOR, R_SUMMARY,
	                               R_EXPLANATION, R_REMEDIATION, R_RETRY_ADVICE,
	                               R_SOURCE, -1};
	if (!sawheader) {
		sawheader = true;
		checkheader(r, reason_header, countof(reason_header));
		return false;
	}
	if (!checkfields(r, reason_header, countof(reason_header), required))
		return false;
	struct reasonrow x = {.row = *r};
	char **f = r->f;
	if (strspn(f[R_NAME], "abcdefghijklmnopqrstuvwxyz") != strlen(f[R_NAME]))
		bad(r, "reason: '%s' must be lowercase letters", f[R_NAME]);
	x.refines = f[R_REFINES][0] ? f[R_REFINES] : NULL;
	if ((x.bounce = names_find(bounce_names, bounce_count, f[R_BOUNCE])) < 0)
		bad(r, "bounce: '%s' is not hard, soft or none", f[R_BOUNCE]);
	if ((x.retry = names_find(retry_names, retry_count, f[R_RETRY])) < 0)
		bad(r, "retry: '%s' is not yes, no or class", f[R_RETRY]);
	if ((x.actor = names_find(actor_names, actor_count, f[R_ACTOR])) < 0)
		bad(r, "actor: '%s' is not one of none, sender, sender-list, sender-dns, "
		       "sender-server, recipient, receiver-admin", f[R_ACTOR]);
	checksummary(r, f[R_SUMMARY]);
	if (nreas == capreas)
		reas = xrealloc(reas, (capreas = capreas ? 2 * capreas : 64) * sizeof *reas);
	reas[nreas++] = x;
	return true;
}

static int
cmpreason(const void *a, const void *b)
{
	return strcmp(((const struct reasonrow *)a)->row.f[R_NAME],
	              ((const struct reasonrow *)b)->row.f[R_NAME]);
}

static int
findreason(const char *name)
{
	for (size_t i = 0; i < nreas; i++)
		if (strcmp(reas[i].row.f[R_NAME], name) == 0)
			return (int)i;
	return -1;
}

/* entries sort by group, key, table, then rows without text before longer patterns */
static int
cmpentry(const void *pa, const void *pb)
{
	const struct entryrow *a = pa, *b = pb;
	int ga = names_group(a->kind), gb = names_group(b->kind);
	if (ga != gb)
		return ga - gb;
	int c = strcmp(a->sortkey, b->sortkey);
	if (c)
		return c;
	if (a->table != b->table)
		return a->table - b->table;
	size_t la = a->pattern ? strlen(a->pattern) : 0;
	size_t lb = b->pattern ? strlen(b->pattern) : 0;
	if (la != lb)
		return la < lb ? 1 : -1;
	return strcmp(a->pattern ? a->pattern : "", b->pattern ? b->pattern : "");
}

/* writing C */

static void
cstr(FILE *out, const char *s)
{
	if (!s || !*s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static const char *const group_enum[] = {"GROUP_REPLY", "GROUP_ENHANCED", "GROUP_CLASS",
                                         "GROUP_WORD"};
static const char *const kind_enum[] = {"KIND_REPLY", "KIND_ENHANCED", "KIND_CLASS",
                                        "KIND_CODE", "KIND_EVENT", "KIND_CLASSIFICATION"};
static const char *const class_enum[] = {"CLASS_NONE", "CLASS_FROM_CODE", "CLASS_SUCCESS",
                                         "CLASS_INTERMEDIATE", "CLASS_TRANSIENT",
                                         "CLASS_PERMANENT"};
static const char *const bounce_enum[] = {"BOUNCE_NONE", "BOUNCE_SOFT", "BOUNCE_HARD"};
static const char *const retry_enum[] = {"RETRY_CLASS", "RETRY_YES", "RETRY_NO"};
static const char *const actor_enum[] = {"ACTOR_NONE", "ACTOR_SENDER", "ACTOR_SENDER_LIST",
                                         "ACTOR_SENDER_DNS", "ACTOR_SENDER_SERVER",
                                         "ACTOR_RECIPIENT", "ACTOR_RECEIVER_ADMIN"};

static void
emit(FILE *out)
{
	fputs("/* generated by tools/gentables from the CSV files in codes/: do not edit */\n"
	      "#include \"table.h\"\n\n", out);
	fputs("const char *const table_names[] = {", out);
	for (size_t i = 0; i < ntabs; i++)
		fprintf(out, "\"%s\", ", tabname[i]);
	fprintf(out, "\"reasons\"};\nconst size_t table_count = %zu;\n", ntabs);
	fputs("const char *const table_sources[] = {", out);
	for (size_t i = 0; i < ntabs; i++) {
		cstr(out, tabfiles[i]);
		fputs(", ", out);
	}
	fputs("\"codes/reasons.csv\"};\n\n", out);

	fputs("const struct reason reasons[] = {\n", out);
	for (size_t i = 0; i < nreas; i++) {
		struct reasonrow *x = &reas[i];
		char **f = x->row.f;
		fputs("\t{", out);
		cstr(out, f[R_NAME]);
		fprintf(out, ", %d, %s, %s, %s,\n\t ", x->refines ? findreason(x->refines) : -1,
		        bounce_enum[x->bounce], retry_enum[x->retry], actor_enum[x->actor]);
		const int cols[] = {R_SUMMARY, R_EXPLANATION, R_REMEDIATION, R_RETRY_ADVICE,
		                    R_SOURCE};
		for (size_t c = 0; c < countof(cols); c++) {
			cstr(out, f[cols[c]]);
			fputs(c + 1 < countof(cols) ? ",\n\t " : "},\n", out);
		}
	}
	fprintf(out, "};\nconst size_t reason_count = %zu;\n\n", nreas);

	fputs("const struct entry entries[] = {\n", out);
	for (size_t i = 0; i < nents; i++) {
		struct entryrow *e = &ents[i];
		char **f = e->row.f;
		fprintf(out, "\t{%s, %s, %d, %s, %s, %d,\n\t ", group_enum[names_group(e->kind)],
		        kind_enum[e->kind], e->table, class_enum[e->class],
		        strcmp(f[E_STANDARD], "yes") == 0 ? "true" : "false", e->reason);
		cstr(out, f[E_KEY]);
		fputs(", ", out);
		cstr(out, e->sortkey);
		fputs(", ", out);
		cstr(out, f[E_TEXT]);
		fputs(", ", out);
		cstr(out, e->pattern);
		const int cols[] = {E_SUMMARY, E_EXPLANATION, E_REMEDIATION, E_ADMIN, E_SOURCE};
		for (size_t c = 0; c < countof(cols); c++) {
			fputs(",\n\t ", out);
			cstr(out, f[cols[c]]);
		}
		fprintf(out, ", %u},\n", e->row.line);
	}
	fprintf(out, "};\nconst size_t entry_count = %zu;\n", nents);
}

/* the table a file belongs to: its base name, "generic-*" files all to "generic" */
static int
tablefor(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strcspn(base, ".");
	if (strncmp(base, "generic-", 8) == 0)
		n = 7;
	for (size_t i = 0; i < ntabs; i++) {
		if (strlen(tabname[i]) == n && strncmp(tabname[i], base, n) == 0) {
			size_t used = strlen(tabfiles[i]);
			snprintf(tabfiles[i] + used, sizeof tabfiles[i] - used, " %s", path);
			return (int)i;
		}
	}
	if (ntabs == countof(tabname))
		fatal("too many tables");
	char *name = xrealloc(NULL, n + 1);
	memcpy(name, base, n);
	name[n] = '\0';
	if (strcmp(name, "reasons") == 0)
		fatal("%s: reasons.csv must come first", path);
	tabname[ntabs] = name;
	snprintf(tabfiles[ntabs], sizeof tabfiles[ntabs], "%s", path);
	return (int)ntabs++;
}

int
main(int argc, char **argv)
{
	if (argc < 4)
		fatal("usage: gentables OUT.c reasons.csv TABLE.csv...");
	const char *outpath = argv[1];

	sawheader = false;
	readcsv(argv[2], reasonrow);
	if (!sawheader)
		fatal("%s: empty file", argv[2]);
	if (nreas)
		qsort(reas, nreas, sizeof *reas, cmpreason);
	for (size_t i = 0; i + 1 < nreas; i++)
		if (strcmp(reas[i].row.f[R_NAME], reas[i + 1].row.f[R_NAME]) == 0)
			bad(&reas[i + 1].row, "reason '%s' again (also line %u)",
			    reas[i].row.f[R_NAME], reas[i].row.line);
	for (size_t i = 0; i < nreas; i++) {
		const char *ref = reas[i].refines;
		if (!ref)
			continue;
		int j = findreason(ref);
		if (j < 0)
			bad(&reas[i].row, "refines: no reason '%s'", ref);
		else if (reas[j].refines)
			bad(&reas[i].row, "refines: '%s' is itself a finer reason", ref);
	}

	for (int a = 3; a < argc; a++) {
		curtable = tablefor(argv[a]);
		sawheader = false;
		readcsv(argv[a], entryrow);
		if (!sawheader)
			fatal("%s: empty file", argv[a]);
	}
	for (size_t i = 0; i < nents; i++) {
		const char *rn = ents[i].row.f[E_REASON];
		if (rn[0] && (ents[i].reason = findreason(rn)) < 0)
			bad(&ents[i].row, "reason: no reason '%s' in %s", rn, argv[2]);
	}
	if (nents) /* qsort wants a valid pointer even for no rows */
		qsort(ents, nents, sizeof *ents, cmpentry);
	for (size_t i = 0; i + 1 < nents; i++) {
		struct entryrow *a = &ents[i], *b = &ents[i + 1];
		if (cmpentry(a, b) == 0 && strcmp(a->row.f[E_TEXT], b->row.f[E_TEXT]) != 0)
			bad(&b->row, "same key and matching text as %s:%u", a->row.file, a->row.line);
		else if (cmpentry(a, b) == 0)
			bad(&b->row, "key '%s' again (also %s:%u)", b->row.f[E_KEY], a->row.file,
			    a->row.line);
	}
	if (errors)
		fatal("%d error%s in the tables; %s not written", errors, errors == 1 ? "" : "s",
		      outpath);

	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", outpath);
	FILE *out = fopen(tmp, "w");
	if (!out)
		fatal("%s: %s", tmp, strerror(errno));
	emit(out);
	if (fflush(out) || ferror(out) || fclose(out)) {
		remove(tmp);
		fatal("%s: write error", tmp);
	}
	if (rename(tmp, outpath))
		fatal("rename %s: %s", tmp, strerror(errno));
	return 0;
}
