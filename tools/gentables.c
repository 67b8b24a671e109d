/* gentables.c: the table generator: reads a manifest (codes/tables.csv) and the files
 * it names, tells each file's kind by its header (schemas[]), checks every row and the
 * rows against each other, and writes them as the C arrays of src/table.h; a bad row
 * is reported as file:line: what is wrong, and then nothing is written */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/limit.h"
#include "../src/match.h"
#include "../src/names.h"
#include "../src/schema.h"
#include "automaton.h"
#include "gen.h"

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DELIVERED "delivered" /* sisimai's reason for a message that was delivered */

_Static_assert(M_COUNT <= ROW_FIELDS && E_COUNT <= ROW_FIELDS && R_COUNT <= ROW_FIELDS,
               "a row holds the fields of any schema");
_Static_assert(LIMIT_TABLES <= 256 && LIMIT_FILES <= 256, "their indexes are chars");
_Static_assert(LIMIT_ROWS <= 65535, "row counts and lines are unsigned shorts");
_Static_assert(KIND_REASON == KIND_COUNT - 1, "kind reason, last, is never a row's");

/* the column lists of src/schema.h */
#define COLUMNS(list, count, name) \
	static const char *const name##_names[count] = {list(SCHEMA_NAME)}; \
	static const unsigned char name##_required[count] = {list(SCHEMA_REQUIRED)}; \
	static const struct columns name##_cols = {name##_names, name##_required, count}

COLUMNS(MANIFEST_COLUMNS, M_COUNT, manifest);
COLUMNS(ENTRY_COLUMNS, E_COUNT, entry);
COLUMNS(REASON_COLUMNS, R_COUNT, reason);
COLUMNS(PHRASE_COLUMNS, P_COUNT, phrase);
COLUMNS(PROVIDER_COLUMNS, V_COUNT, provider);

/* the C names of the enums of src/names.h */
static const char *const group_syms[] = {GROUPS(NAMES_SYM)};
static const char *const kind_syms[] = {KINDS(NAMES_SYM)};
static const char *const class_syms[] = {CLASSES(NAMES_SYM)};
static const char *const bounce_syms[] = {BOUNCES(NAMES_SYM)};
static const char *const rule_syms[] = {RULES(NAMES_SYM)};
static const char *const actor_syms[] = {ACTORS(NAMES_SYM)};
static const char *const role_syms[] = {ROLES(NAMES_SYM)};
static const char *const exitas_syms[] = {EXITS(NAMES_SYM)};
static const char *const pkind_syms[] = {PKINDS(NAMES_SYM)};

/* the manifest */

/* a table: the fields of the manifest row that named it first */
struct tab {
	const char *name;
	const char *title;
	int role;
	unsigned line;
	char *files;        /* its files as opened, separated by spaces */
	unsigned rows;
};

/* a file named by the manifest */
struct file {
	struct row row;     /* its manifest row */
	char *path;         /* as opened: relative to the manifest's directory */
	int table;
	const struct schema *schema; /* told by its header; NULL for none */
	bool header;        /* its header row was read */
};

static const char *manifest;
static struct tab tabs[LIMIT_TABLES];
static size_t ntabs;
static struct file files[LIMIT_FILES];
static size_t nfiles;
static int reasonstab = -1;
static unsigned nrows;

static int
findtab(const char *name)
{
	for (size_t i = 0; i < ntabs; i++)
		if (strcmp(tabs[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* returns the index of column col of r in names[0..n), or reports it and returns -1 */
static int
lookup(const struct row *r, const struct columns *c, int col, const char *const *names,
       size_t n)
{
	int i = names_find(names, n, r->f[col]);
	if (i < 0) {
		char buf[256];
		bad(r, "%s: '%s' is not %s", c->names[col], r->f[col],
		    oneof(buf, sizeof buf, names, n));
	}
	return i;
}

/* returns a file's path as opened: as the manifest gives it, when absolute, or else
 * in the manifest's directory */
static char *
filepath(const char *name)
{
	const char *slash = strrchr(manifest, '/');
	size_t dir = name[0] == '/' || !slash ? 0 : (size_t)(slash - manifest) + 1;
	size_t n = strlen(name);
	char *p = xmalloc(dir + n + 1);
	memcpy(p, manifest, dir);
	memcpy(p + dir, name, n + 1);
	return p;
}

/* returns the index of the table a manifest row names, made on its first row, or -1 */
static int
tablefor(const struct row *r, int role)
{
	char *const *f = r->f;
	int t = findtab(f[M_TABLE]);
	if (t >= 0) {
		if (tabs[t].role != role)
			bad(r, "table '%s' has the role %s at line %u", f[M_TABLE],
			    role_names[tabs[t].role], tabs[t].line);
		else if (strcmp(tabs[t].title, f[M_TITLE]) != 0)
			bad(r, "table '%s' has another title at line %u", f[M_TABLE], tabs[t].line);
		else
			return t;
		return -1;
	}
	if (ntabs == LIMIT_TABLES) {
		bad(r, "more than %d tables", LIMIT_TABLES);
		return -1;
	}
	if (role == ROLE_REASONS && reasonstab >= 0) {
		bad(r, "a second table of role reasons ('%s' is one, at line %u)",
		    tabs[reasonstab].name, tabs[reasonstab].line);
		return -1;
	}
	if (role == ROLE_REASONS)
		reasonstab = (int)ntabs;
	tabs[ntabs] = (struct tab){.name = f[M_TABLE], .title = f[M_TITLE], .role = role,
	                           .line = r->line};
	return (int)ntabs++;
}

enum { NOHEADER, HEADER, BADHEADER };

/* checks a manifest row, and keeps it as a file of a table */
static bool
manifestrow(struct row *r, void *arg)
{
	int *header = arg;
	if (*header == NOHEADER) {
		*header = csvheader(r, &manifest_cols) ? HEADER : BADHEADER;
		if (*header == BADHEADER) {
			bad(r, "the header must be:");
			fputc('\t', stderr);
			csvputheader(stderr, &manifest_cols);
			fputc('\n', stderr);
		}
		return false;
	}
	if (*header == BADHEADER || !csvfields(r, &manifest_cols))
		return false;
	char *const *f = r->f;
	size_t n = strlen(f[M_TABLE]);
	bool ok = true;
	if (strspn(f[M_TABLE], LOWER) != n)
		ok = false, bad(r, "table: '%s' must be lowercase letters", f[M_TABLE]);
	else if (n > LIMIT_TABLENAME)
		ok = false, bad(r, "table: '%s' is longer than %d bytes", f[M_TABLE],
		                LIMIT_TABLENAME);
	int role = lookup(r, &manifest_cols, M_ROLE, role_names, ROLE_COUNT);
	if (!ok || role < 0)
		return false;
	if (nfiles == LIMIT_FILES) {
		bad(r, "more than %d files", LIMIT_FILES);
		return false;
	}
	char *path = filepath(f[M_FILE]);
	for (size_t i = 0; i < nfiles; i++) {
		if (strcmp(files[i].path, path) == 0) {
			bad(r, "file: '%s' again (also line %u)", f[M_FILE], files[i].row.line);
			free(path);
			return false;
		}
	}
	int t = tablefor(r, role);
	if (t < 0) {
		free(path);
		return false;
	}
	struct tab *tab = &tabs[t];
	size_t had = tab->files ? strlen(tab->files) : 0, add = strlen(path);
	tab->files = realloc(tab->files, had + add + 2);
	if (!tab->files)
		fatal("out of memory");
	if (had)
		tab->files[had++] = ' ';
	memcpy(tab->files + had, path, add + 1);
	files[nfiles++] = (struct file){.row = *r, .path = path, .table = t};
	return true;
}

static void
readmanifest(void)
{
	int header = NOHEADER;
	if (csvread(manifest, -1, manifestrow, &header) < 0)
		fatal("%s:", manifest);
	if (header == HEADER && reasonstab < 0)
		badfile(manifest, "no table of role reasons");
}

/* reasons */

struct reasonrow {
	struct row row;
	int bounce, rule, actor, precedence, exitas;
	int refines;        /* the index of the reason refined, -1 for none */
	bool ok;            /* its values are known: the checks of entries use them */
};

static struct reasonrow *reas;
static size_t nreas, capreas;

static void
checksummary(const struct row *r, const char *s)
{
	size_t n = strlen(s);
	if (n > LIMIT_SUMMARY)
		bad(r, "summary: %zu bytes, at most %d", n, LIMIT_SUMMARY);
	else if (n && s[n - 1] == '.')
		bad(r, "summary: no final period");
}

/* checks a row of the reasons table; keeps every row, so that no entry naming a bad
 * reason is reported for it again */
static bool
reasonrow(struct row *r, int table)
{
	(void)table;
	char *const *f = r->f;
	struct reasonrow x = {.row = *r, .refines = -1};
	size_t n = strlen(f[R_NAME]);
	if (strspn(f[R_NAME], LOWER) != n)
		bad(r, "reason: '%s' must be lowercase letters", f[R_NAME]);
	else if (n > LIMIT_KEY)
		bad(r, "reason: '%s' is longer than %d bytes", f[R_NAME], LIMIT_KEY);
	x.bounce = lookup(r, &reason_cols, R_BOUNCE, bounce_names, BOUNCE_COUNT);
	x.rule = lookup(r, &reason_cols, R_RETRY, rule_names, RULE_COUNT);
	x.actor = lookup(r, &reason_cols, R_ACTOR, actor_names, ACTOR_COUNT);
	x.exitas = lookup(r, &reason_cols, R_EXIT, exitas_names, EXITAS_COUNT);
	const char *pr = f[R_PRECEDENCE];
	if (strspn(pr, "0123456789") != strlen(pr) || strlen(pr) > 3 || atoi(pr) > 255) {
		bad(r, "precedence: '%s' is not a number from 0 to 255", pr);
		x.ok = false;
	} else {
		x.precedence = atoi(pr);
	}
	x.ok = x.bounce >= 0 && x.rule >= 0 && x.actor >= 0 && x.exitas >= 0;
	checksummary(r, f[R_SUMMARY]);
	reas = xgrow(reas, nreas, &capreas, sizeof *reas);
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
cmpreasonname(const void *name, const void *x)
{
	return strcmp(name, ((const struct reasonrow *)x)->row.f[R_NAME]);
}

/* returns the index of a reason once they are sorted, or -1 */
static int
findreason(const char *name)
{
	if (!nreas)
		return -1;
	const struct reasonrow *x = bsearch(name, reas, nreas, sizeof *reas, cmpreasonname);
	return x ? (int)(x - reas) : -1;
}

/* sorts the reasons, finds each one refined */
static void
reasonsdone(void)
{
	if (nreas)
		qsort(reas, nreas, sizeof *reas, cmpreason);
	if (nreas > SHRT_MAX)
		badfile(tabs[reasonstab].files, "more than %d reasons", SHRT_MAX);
	for (size_t i = 0; i + 1 < nreas; i++)
		if (strcmp(reas[i].row.f[R_NAME], reas[i + 1].row.f[R_NAME]) == 0)
			bad(&reas[i + 1].row, "reason '%s' again (also %s:%u)",
			    reas[i].row.f[R_NAME], reas[i].row.path, reas[i].row.line);
	for (size_t i = 0; i < nreas; i++) {
		const char *ref = reas[i].row.f[R_REFINES];
		if (!ref[0])
			continue;
		int j = findreason(ref);
		if (j < 0)
			bad(&reas[i].row, "refines: no reason '%s'", ref);
		else if (reas[j].row.f[R_REFINES][0])
			bad(&reas[i].row, "refines: '%s' is itself a finer reason", ref);
		else
			reas[i].refines = j;
	}
}

/* writes a string member: sep, .name = "s" */
static void
member(FILE *out, const char *sep, const char *name, const char *s)
{
	fprintf(out, "%s.%s = ", sep, name);
	cstr(out, s);
}

/* writes columns cols[0..n) of a row as string members named after them, a line each */
static void
textcols(FILE *out, const struct row *r, const struct columns *c, const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		member(out, ",\n\t ", c->names[cols[i]], r->f[cols[i]]);
}

/* ends a row's initializer with where the row comes from */
static void
rowend(FILE *out, const struct row *r)
{
	fprintf(out, ",\n\t .file = %d, .line = %u},\n", r->file, r->line);
}

/* ends an array of n rows, with a placeholder row when n is 0, and writes its count */
static void
arrayend(FILE *out, size_t n, const char *placeholder, const char *count)
{
	if (!n)
		fprintf(out, "\t{%s}, /* none: C has no empty arrays */\n", placeholder);
	fprintf(out, "};\nconst size_t %s = %zu;\n\n", count, n);
}

static void
reasonsemit(FILE *out)
{
	static const int text[] = {R_SUMMARY, R_EXPLANATION, R_REMEDIATION, R_RETRY_ADVICE,
	                           R_SOURCE};
	fputs("const struct reason reasons[] = {\n", out);
	for (size_t i = 0; i < nreas; i++) {
		const struct reasonrow *x = &reas[i];
		char *const *f = x->row.f;
		member(out, "\t{", "name", f[R_NAME]);
		fprintf(out, ", .refines = %d, .bounce = %s, .retry = %s, .actor = %s, "
		             ".precedence = %d, .exitas = %s", x->refines, bounce_syms[x->bounce],
		        rule_syms[x->rule], actor_syms[x->actor], x->precedence,
		        exitas_syms[x->exitas]);
		textcols(out, &x->row, &reason_cols, text, countof(text));
		rowend(out, &x->row);
	}
	arrayend(out, nreas, ".name = NULL", "reason_count");
}

static void
reasonsfree(void)
{
	for (size_t i = 0; i < nreas; i++)
		rowfree(&reas[i].row);
	free(reas);
	reas = NULL;
	nreas = capreas = 0;
}

/* entries */

struct entryrow {
	struct row row;
	int kind, class, table, reason;
	bool standard;
	char *pattern;      /* the text folded for matching, or NULL */
	char sortkey[LIMIT_SORTKEY];
};

static struct entryrow *ents;
static size_t nents, capents;

static bool
digits(const char *s, size_t min, size_t max)
{
	size_t n = strspn(s, "0123456789");
	return n >= min && n <= max && s[n] == '\0';
}

/* tells whether a key has the shape of its kind's keys */
static bool
keyshape(int kind, const char *k)
{
	char a[8], b[8], whole[32];
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
		snprintf(whole, sizeof whole, "X.%s.%s", a, b);
		if (strcmp(whole, k) != 0)
			return false;
		return digits(a, 1, 3) && (strcmp(b, "XXX") == 0 || digits(b, 1, 3));
	default:
		return k[0] && strspn(k, LOWER "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
		                   strlen(k);
	}
}

/* checks the text of a reply row and folds it into e's pattern */
static void
checktext(struct entryrow *e)
{
	const struct row *r = &e->row;
	const char *text = r->f[E_TEXT];
	size_t n = strlen(text);
	if (!n)
		return;
	if (e->kind != KIND_REPLY) {
		bad(r, "text: only reply rows have a text");
		return;
	}
	if (n > LIMIT_PATTERN) {
		bad(r, "text: %zu bytes, at most %d", n, LIMIT_PATTERN);
		return;
	}
	e->pattern = xmalloc(n + 1);
	size_t m = match_fold(text, n, e->pattern, n + 1, true);
	if (m == 0 || strcmp(e->pattern, "*") == 0)
		bad(r, "text: matches everything");
}

/* checks a row of an entry table, and keeps it when all is well */
static bool
entryrow(struct row *r, int table)
{
	char *const *f = r->f;
	struct entryrow e = {.row = *r, .table = table, .reason = -1};
	int had = errors;
	e.kind = lookup(r, &entry_cols, E_KIND, kind_names, KIND_REASON);
	size_t n = strlen(f[E_KEY]);
	if (n > LIMIT_KEY)
		bad(r, "key: %zu bytes, at most %d", n, LIMIT_KEY);
	else if (e.kind >= 0 && !keyshape(e.kind, f[E_KEY]))
		bad(r, "key: '%s' is not the shape of a %s key", f[E_KEY], f[E_KIND]);
	else if (names_sortkey(f[E_KEY], n, e.sortkey, sizeof e.sortkey) == 0)
		bad(r, "key: its sort key is longer than %d bytes", LIMIT_SORTKEY - 1);
	e.class = lookup(r, &entry_cols, E_CLASS, class_names, CLASS_COUNT);
	bool xkey = e.kind == KIND_ENHANCED && f[E_KEY][0] == 'X';
	if (e.class >= 0 && (e.class == CLASS_FROM_CODE) != xkey)
		bad(r, "class: '-' is for enhanced X. keys, and only they have it");
	if (f[E_WORDING][0] && strcmp(f[E_WORDING], "rfc") != 0)
		bad(r, "wording: '%s' is not rfc or empty", f[E_WORDING]);
	else if (f[E_WORDING][0] && !f[E_TEXT][0])
		bad(r, "wording: only a row with a text has a wording");
	e.standard = strcmp(f[E_STANDARD], "true") == 0;
	if (!e.standard && strcmp(f[E_STANDARD], "false") != 0)
		bad(r, "standard: '%s' is not true or false", f[E_STANDARD]);
	if (e.kind >= 0)
		checktext(&e);
	checksummary(r, f[E_SUMMARY]);
	if (errors > had) {
		free(e.pattern);
		return false;
	}
	ents = xgrow(ents, nents, &capents, sizeof *ents);
	ents[nents++] = e;
	return true;
}

/* checks an entry against its reason: the two must not contradict each other */
static void
checkreason(const struct entryrow *e, const struct reasonrow *x)
{
	const char *name = x->row.f[R_NAME];
	if (!x->ok)
		return;
	switch (e->class) {
	case CLASS_SUCCESS:
	case CLASS_INTERMEDIATE:
		if (x->bounce != BOUNCE_NONE)
			bad(&e->row, "%s whose reason '%s' is a %s bounce",
			    e->class == CLASS_SUCCESS ? "a success" : "an intermediate reply", name,
			    bounce_names[x->bounce]);
		break;
	case CLASS_TRANSIENT:
	case CLASS_PERMANENT:
		if (strcmp(name, DELIVERED) == 0)
			bad(&e->row, "a refusal (class %s) whose reason is %s",
			    class_names[e->class], DELIVERED);
		else if (e->class == CLASS_TRANSIENT && x->rule == RULE_NO)
			bad(&e->row, "transient, but reason '%s' says never retry", name);
		else if (e->class == CLASS_PERMANENT && x->rule == RULE_YES &&
		         !x->row.f[R_RETRY_ADVICE][0])
			bad(&e->row, "permanent, but reason '%s' says retry, and no retry_advice "
			             "says why", name);
		break;
	}
}

static int
cmpgroupkey(const struct entryrow *a, const struct entryrow *b)
{
	int ga = names_group(a->kind), gb = names_group(b->kind);
	if (ga != gb)
		return ga - gb;
	return strcmp(a->sortkey, b->sortkey);
}

/* entries sort by group, key, table, then rows without text before longer patterns */
static int
cmpentry(const void *pa, const void *pb)
{
	const struct entryrow *a = pa, *b = pb;
	int c = cmpgroupkey(a, b);
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

/* finds each entry's reason and checks the two together; sorts, finds duplicates */
static void
entriesdone(void)
{
	for (size_t i = 0; i < nents; i++) {
		struct entryrow *e = &ents[i];
		const char *rn = e->row.f[E_REASON];
		if (!rn[0])
			continue;
		if ((e->reason = findreason(rn)) < 0)
			bad(&e->row, "reason: no reason '%s' in %s", rn, tabs[reasonstab].files);
		else
			checkreason(e, &reas[e->reason]);
	}
	if (nents) /* qsort wants a valid pointer even for no rows */
		qsort(ents, nents, sizeof *ents, cmpentry);
	for (size_t i = 0; i + 1 < nents; i++) {
		const struct entryrow *a = &ents[i], *b = &ents[i + 1];
		if (cmpentry(a, b) != 0)
			continue;
		if (strcmp(a->row.f[E_TEXT], b->row.f[E_TEXT]) != 0)
			bad(&b->row, "same key and matching text as %s:%u", a->row.path,
			    a->row.line);
		else
			bad(&b->row, "key '%s' again (also %s:%u)", b->row.f[E_KEY], a->row.path,
			    a->row.line);
	}
}

/* a key of a hash table the binary probes (struct keyslot): its hash, and the first
 * and number of rows it stands for */
struct hashkey {
	unsigned hash, first, count;
};

/* writes keys[0..n) as the struct keyslot array name, of a power of two slots at most
 * half full, each key in the first free slot from its hash on, and its mask */
static void
hashemit(FILE *out, const char *name, const struct hashkey *keys, size_t n)
{
	size_t size = 2;
	while (size < 2 * n)
		size *= 2;
	struct hashkey *slot = xmalloc(size * sizeof *slot);
	memset(slot, 0, size * sizeof *slot);
	for (size_t i = 0; i < n; i++) {
		size_t k = keys[i].hash & (size - 1);
		while (slot[k].count)
			k = (k + 1) & (size - 1);
		slot[k] = keys[i];
	}
	fprintf(out, "const struct keyslot %s_slots[] = {\n", name);
	for (size_t k = 0; k < size; k++)
		fprintf(out, "\t{%uu, %u, %u},\n", slot[k].hash, slot[k].first, slot[k].count);
	fprintf(out, "};\nconst size_t %s_slotmask = %zu;\n\n", name, size - 1);
	free(slot);
}

/* files each run of entries of one group and sort key under its hash, so that a
 * lookup on the per-line path costs one comparison */
static void
slotsemit(FILE *out)
{
	struct hashkey *keys = xmalloc((nents ? nents : 1) * sizeof *keys);
	size_t n = 0;
	for (size_t i = 0; i < nents;) {
		enum group g = names_group(ents[i].kind);
		size_t j = i + 1;
		while (j < nents && names_group(ents[j].kind) == g &&
		       strcmp(ents[j].sortkey, ents[i].sortkey) == 0)
			j++;
		keys[n++] = (struct hashkey){names_hash((unsigned)g, ents[i].sortkey,
		                                        strlen(ents[i].sortkey)),
		                             (unsigned)i, (unsigned)(j - i)};
		i = j;
	}
	hashemit(out, "entry", keys, n);
	free(keys);
}

static void
entriesemit(FILE *out)
{
	static const int text[] = {E_SUMMARY, E_EXPLANATION, E_REMEDIATION, E_ADMIN, E_SOURCE};
	fputs("const struct entry entries[] = {\n", out);
	for (size_t i = 0; i < nents; i++) {
		const struct entryrow *e = &ents[i];
		char *const *f = e->row.f;
		fprintf(out, "\t{.group = %s, .kind = %s, .table = %d, .class = %s, "
		             ".standard = %s, .reason = %d,\n",
		        group_syms[names_group(e->kind)], kind_syms[e->kind], e->table,
		        class_syms[e->class], e->standard ? "true" : "false", e->reason);
		member(out, "\t ", "key", f[E_KEY]);
		member(out, ", ", "sortkey", e->sortkey);
		member(out, ",\n\t ", "text", f[E_TEXT]);
		member(out, ", ", "pattern", e->pattern);
		/* the rows of this table and key from this one on: a lookup skips a table it
		 * does not want at once */
		size_t run = 1;
		while (i + run < nents && ents[i + run].table == e->table &&
		       cmpgroupkey(&ents[i + run], e) == 0)
			run++;
		fprintf(out, ", .patternlen = %zu, .rfcwording = %s, .run = %zu",
		        e->pattern ? strlen(e->pattern) : 0, f[E_WORDING][0] ? "true" : "false", run);
		textcols(out, &e->row, &entry_cols, text, countof(text));
		rowend(out, &e->row);
	}
	arrayend(out, nents, ".key = NULL", "entry_count");
	size_t replies = 0;
	while (replies < nents && names_group(ents[replies].kind) == GROUP_REPLY)
		replies++;
	fprintf(out, "const size_t reply_entry_count = %zu;\n\n", replies);
	slotsemit(out);
}

static void
entriesfree(void)
{
	for (size_t i = 0; i < nents; i++) {
		rowfree(&ents[i].row);
		free(ents[i].pattern);
	}
	free(ents);
	ents = NULL;
	nents = capents = 0;
}

/* phrases */

struct phraserow {
	struct row row;
	int table, reason;
	unsigned stages;    /* bits of enum stage; 0: any */
	unsigned parts, len;
};

static struct phraserow *phr;
static size_t nphr, capphr;

/* checks that a pattern is written as the templates it is matched against are
 * (src/template.h): lowercase, single spaces, digits only in enhanced codes; counts
 * its parts and their bytes */
static bool
checkpattern(const struct row *r, const char *p, unsigned *parts, unsigned *len)
{
	/* a '^' first: the words start the text */
	if (strchr(p + (p[0] == '^'), '^')) {
		bad(r, "pattern: '^' only first, where it ties the words to the text's start");
		return false;
	}
	p += p[0] == '^';
	size_t n = strlen(p);
	if (n < 4 || n > LIMIT_PATTERN) {
		bad(r, "pattern: %zu bytes; from 4 to %d", n, LIMIT_PATTERN);
		return false;
	}
	if (p[0] == ' ' || p[n - 1] == ' ' || p[0] == '*' || p[n - 1] == '*' ||
	    strstr(p, "  ") || strstr(p, "**")) {
		bad(r, "pattern: a space or '*' at an end, or two together");
		return false;
	}
	for (const char *e = p; (e = strstr(e, "e-mail")) != NULL; e++) {
		if (e == p || !((e[-1] >= 'a' && e[-1] <= 'z') || (e[-1] >= '0' && e[-1] <= '9'))) {
			bad(r, "pattern: 'e-mail': write 'email', as the text is folded");
			return false;
		}
	}
	*parts = 1;
	*len = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 'A' && c <= 'Z') {
			bad(r, "pattern: '%c': patterns are lowercase, as the text is folded", c);
			return false;
		}
		if (c == '\t') {
			bad(r, "pattern: a tab; white space is folded to one space");
			return false;
		}
		if (c == '*') {
			(*parts)++;
			continue;
		}
		if (c >= '0' && c <= '9') {
			/* a word of letters then digits is kept (a provider's code: tss04), and
			 * a number after its underscore (ofr_506, lpn007_510), which a part may
			 * start with: "_510" is the number after any such word's underscore */
			size_t w = i;
			while (w > 0 && p[w - 1] >= '0' && p[w - 1] <= '9')
				w--;
			size_t de = i;
			while (p[de] >= '0' && p[de] <= '9')
				de++;
			if (w > 0 && p[w - 1] == '_' &&
			    (w == 1 || p[w - 2] == '*' || (p[w - 2] >= 'a' && p[w - 2] <= 'z') ||
			     (p[w - 2] >= '0' && p[w - 2] <= '9')) &&
			    !(p[de] >= 'a' && p[de] <= 'z') && p[de] != '_') {
				(*len)++; /* the word before the underscore is checked on its own */
				continue;
			}
			w = i;
			while (w > 0 && ((p[w - 1] >= '0' && p[w - 1] <= '9') ||
			                 (p[w - 1] >= 'a' && p[w - 1] <= 'z')))
				w--;
			bool code = p[w] >= 'a' && p[w] <= 'z';
			for (size_t k = w; code && k < i; k++)
				if (p[k] >= '0' && p[k] <= '9' && !(p[k + 1] >= '0' && p[k + 1] <= '9') &&
				    p[k + 1] >= 'a' && p[k + 1] <= 'z')
					code = false; /* digits then letters again: an id, "<n>" */
			for (size_t k = i; code && p[k] && ((p[k] >= '0' && p[k] <= '9') ||
			                                    (p[k] >= 'a' && p[k] <= 'z')); k++)
				if (p[k] >= 'a' && p[k] <= 'z')
					code = false;
			if (code) {
				(*len)++;
				continue;
			}
			/* else only inside an enhanced code: [245].d.d */
			size_t b = i;
			while (b > 0 && ((p[b - 1] >= '0' && p[b - 1] <= '9') || p[b - 1] == '.'))
				b--;
			size_t e = i;
			while (p[e] && ((p[e] >= '0' && p[e] <= '9') || p[e] == '.'))
				e++;
			int dots = 0;
			for (size_t k = b; k < e; k++)
				dots += p[k] == '.';
			if (dots != 2 || !strchr("245", p[b])) {
				bad(r, "pattern: a digit outside an enhanced code never matches: "
				       "numbers are <n> in the text");
				return false;
			}
		}
		(*len)++;
	}
	if (*parts > LIMIT_PARTS) {
		bad(r, "pattern: %u parts, at most %d", *parts, LIMIT_PARTS);
		return false;
	}
	return true;
}

/* reads the stage column: the stages where a phrase applies */
static bool
checkstages(const struct row *r, const char *s, unsigned *bits)
{
	*bits = 0;
	while (*s) {
		size_t n = strcspn(s, " ");
		int found = -1;
		for (int k = 1; k < STAGE_COUNT; k++)
			if (strlen(stage_names[k]) == n && strncmp(stage_names[k], s, n) == 0)
				found = k;
		if (found < 0) {
			char buf[256];
			bad(r, "stage: '%.*s' is not %s", (int)n, s,
			    oneof(buf, sizeof buf, stage_names + 1, STAGE_COUNT - 1));
			return false;
		}
		*bits |= 1u << found;
		s += n;
		while (*s == ' ')
			s++;
	}
	return true;
}

static bool
phraserow(struct row *r, int table)
{
	char *const *f = r->f;
	struct phraserow x = {.row = *r, .table = table, .reason = -1};
	bool ok = checkpattern(r, f[P_PATTERN], &x.parts, &x.len);
	ok &= checkstages(r, f[P_STAGE], &x.stages);
	if (f[P_PROVIDER][0] && strspn(f[P_PROVIDER], LOWER "-") != strlen(f[P_PROVIDER])) {
		bad(r, "provider: '%s' must be lowercase letters", f[P_PROVIDER]);
		ok = false;
	}
	if (!ok)
		return false;
	if (nphr == LIMIT_PHRASES) {
		bad(r, "more than %d phrases", LIMIT_PHRASES);
		return false;
	}
	phr = xgrow(phr, nphr, &capphr, sizeof *phr);
	phr[nphr++] = x;
	return true;
}

/* finds each phrase's reason, refuses a phrase twice for a stage, and builds the
 * automaton over their parts */
static void
phrasesdone(void)
{
	for (size_t i = 0; i < nphr; i++) {
		struct phraserow *x = &phr[i];
		const char *rn = x->row.f[P_REASON];
		if ((x->reason = findreason(rn)) < 0)
			bad(&x->row, "reason: no reason '%s' in %s", rn, tabs[reasonstab].files);
		for (size_t j = 0; j < i; j++) {
			const struct phraserow *y = &phr[j];
			if (strcmp(x->row.f[P_PATTERN], y->row.f[P_PATTERN]) == 0 &&
			    ((x->stages & y->stages) || x->stages == y->stages)) {
				bad(&x->row, "pattern '%s' again for the same stage (also %s:%u)",
				    x->row.f[P_PATTERN], y->row.path, y->row.line);
				break;
			}
		}
	}
	if (errors)
		return;
	for (size_t i = 0; i < nphr; i++) {
		const char *p = phr[i].row.f[P_PATTERN];
		bool start = p[0] == '^';
		p += start;
		for (unsigned k = 0; k < phr[i].parts; k++) {
			size_t n = strcspn(p, "*");
			size_t b = 0, e = n;
			while (b < e && p[b] == ' ')
				b++;
			while (e > b && p[e - 1] == ' ')
				e--;
			if (e == b || e - b > 255) {
				bad(&phr[i].row, "pattern: part %u is empty or longer than 255 bytes", k + 1);
				return;
			}
			if (!automaton_add(p + b, e - b, (unsigned)i, k, true, start && k == 0)) {
				bad(&phr[i].row, "the phrase automaton has more than %d states",
				    LIMIT_STATES);
				return;
			}
			p += n + (p[n] == '*');
		}
	}
	/* the automaton is built once the providers' words are in it too (provdone) */
}

static void
phrasesemit(FILE *out)
{
	fputs("const struct phrase phrases[] = {\n", out);
	for (size_t i = 0; i < nphr; i++) {
		const struct phraserow *x = &phr[i];
		char *const *f = x->row.f;
		member(out, "\t{", "pattern", f[P_PATTERN]);
		fprintf(out, ", .reason = %d, .stages = %u, .table = %d, .parts = %u, .len = %u",
		        x->reason, x->stages, x->table, x->parts, x->len);
		member(out, ",\n\t ", "provider", f[P_PROVIDER]);
		member(out, ", ", "source", f[P_SOURCE]);
		rowend(out, &x->row);
	}
	arrayend(out, nphr, ".pattern = NULL", "phrase_count");
	automaton_emit(out);
}

static void
phrasesfree(void)
{
	for (size_t i = 0; i < nphr; i++)
		rowfree(&phr[i].row);
	free(phr);
	phr = NULL;
	nphr = capphr = 0;
	automaton_free();
}

/* providers */

struct provrow {
	struct row row;
	int table, kind;
};

static struct provrow *prov;
static size_t nprov, capprov;

static bool
provrow(struct row *r, int table)
{
	char *const *f = r->f;
	struct provrow x = {.row = *r, .table = table};
	bool ok = true;
	if (strspn(f[V_PROVIDER], LOWER) != strlen(f[V_PROVIDER]))
		ok = false, bad(r, "provider: '%s' must be lowercase letters", f[V_PROVIDER]);
	x.kind = lookup(r, &provider_cols, V_KIND, pkind_names, PKIND_COUNT);
	const char *p = f[V_PATTERN];
	size_t n = strlen(p);
	if (n < 2 || n > LIMIT_KEY * 2)
		ok = false, bad(r, "pattern: %zu bytes; from 2 to %d", n, LIMIT_KEY * 2);
	for (const char *c = p; *c; c++)
		if ((*c >= 'A' && *c <= 'Z') || *c == ' ')
			ok = false, bad(r, "pattern: '%s' must be lowercase, without spaces", p);
	if (x.kind == PKIND_HOST && (p[0] == '.' || !strchr(p, '.')))
		ok = false, bad(r, "pattern: a host is a domain, without a leading dot");
	if (x.kind == PKIND_URL && strstr(p, "://"))
		ok = false, bad(r, "pattern: a URL is written without its scheme");
	if (!ok || x.kind < 0)
		return false;
	prov = xgrow(prov, nprov, &capprov, sizeof *prov);
	prov[nprov++] = x;
	return true;
}

static int
cmpprov(const void *pa, const void *pb)
{
	const struct provrow *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return strcmp(a->row.f[V_PATTERN], b->row.f[V_PATTERN]);
}

/* sorts the rules by kind and refuses a pattern twice: one provider for a pattern */
/* the vendors' texts in the automaton: which entry, and in how many parts */
static struct textrow {
	unsigned entry, parts;
} *texts;
static size_t ntext, captext;

static void
provdone(void)
{
	if (nprov)
		qsort(prov, nprov, sizeof *prov, cmpprov);
	for (size_t i = 0; i + 1 < nprov; i++)
		if (cmpprov(&prov[i], &prov[i + 1]) == 0)
			bad(&prov[i + 1].row, "%s '%s' again (also %s:%u)", pkind_names[prov[i].kind],
			    prov[i].row.f[V_PATTERN], prov[i].row.path, prov[i].row.line);
	/* a provider's words are found by the phrase automaton in the same pass: part
	 * "phrase" nphr + i stands for provider_rules[i] */
	for (size_t i = 0; i < nprov && !errors; i++) {
		const char *p = prov[i].row.f[V_PATTERN];
		if (prov[i].kind == PKIND_TOKEN &&
		    !automaton_add(p, strlen(p), (unsigned)(nphr + i), 0, true, false)) {
			bad(&prov[i].row, "the phrase automaton has more than %d states",
			    LIMIT_STATES);
			return;
		}
	}
	/* and the vendors' reply texts, found anywhere (as match_find would): part
	 * "phrase" nphr + nprov + t stands for text_refs[t]; the entries are sorted by
	 * now (entriesdone) */
	ntext = 0;
	for (size_t i = 0; i < nents && !errors; i++) {
		const char *p = ents[i].pattern;
		if (!p)
			continue;
		unsigned k = 0;
		for (;;) {
			size_t n = strcspn(p, "*");
			if (n > 255) {
				bad(&ents[i].row, "text: a part between '*' is longer than 255 bytes");
				return;
			}
			if (n > 0 && !automaton_add(p, n, (unsigned)(nphr + nprov + ntext), k++, false, false)) {
				bad(&ents[i].row, "the phrase automaton has more than %d states",
				    LIMIT_STATES);
				return;
			}
			if (!p[n])
				break;
			p += n + 1;
		}
		texts = xgrow(texts, ntext, &captext, sizeof *texts);
		texts[ntext++] = (struct textrow){(unsigned)i, k};
	}
	if (nphr + nprov + ntext > LIMIT_PHRASES)
		badfile(manifest, "more than %d phrases, provider words and vendor texts",
		        LIMIT_PHRASES);
	automaton_build();
}

static void
provemit(FILE *out)
{
	fputs("const struct provider_rule provider_rules[] = {\n", out);
	for (size_t i = 0; i < nprov; i++) {
		const struct provrow *x = &prov[i];
		char *const *f = x->row.f;
		member(out, "\t{", "provider", f[V_PROVIDER]);
		fprintf(out, ", .kind = %s", pkind_syms[x->kind]);
		member(out, ", ", "pattern", f[V_PATTERN]);
		fprintf(out, ", .len = %zu, .table = %d", strlen(f[V_PATTERN]), x->table);
		member(out, ",\n\t ", "name", f[V_NAME]);
		member(out, ", ", "source", f[V_SOURCE]);
		rowend(out, &x->row);
	}
	arrayend(out, nprov, ".provider = NULL", "provider_rule_count");
	/* the url rules, sorted together: where they start, and how many */
	size_t urls = 0, url0 = 0;
	for (size_t i = 0; i < nprov; i++)
		if (prov[i].kind == PKIND_URL && !urls++)
			url0 = i;
	fprintf(out, "const size_t provider_url_first = %zu, provider_url_count = %zu;\n\n",
	        url0, urls);
	/* the host rules filed by the hash of their domain, as entry_slots are */
	struct hashkey *keys = xmalloc((nprov ? nprov : 1) * sizeof *keys);
	size_t hosts = 0;
	for (size_t i = 0; i < nprov; i++) {
		const char *p = prov[i].row.f[V_PATTERN];
		if (prov[i].kind == PKIND_HOST)
			keys[hosts++] = (struct hashkey){names_hash(0, p, strlen(p)), (unsigned)i, 1};
	}
	hashemit(out, "host", keys, hosts);
	free(keys);
	fputs("const struct textref text_refs[] = {\n", out);
	for (size_t t = 0; t < ntext; t++)
		fprintf(out, "\t{%u, %u},\n", texts[t].entry, texts[t].parts);
	if (!ntext)
		fputs("\t{0, 0}, /* none: C has no empty arrays */\n", out);
	fprintf(out, "};\nconst size_t text_ref_count = %zu;\n\n", ntext);
}

static void
provfree(void)
{
	for (size_t i = 0; i < nprov; i++)
		rowfree(&prov[i].row);
	free(prov);
	free(texts);
	prov = NULL;
	texts = NULL;
	nprov = capprov = ntext = captext = 0;
}

/* the kinds of table: what a file's header row says it holds. Adding one is a column
 * list in src/schema.h, a row type in src/table.h, and an entry here; they are done
 * and written in this order, and the entries need the reasons done first */
struct schema {
	const char *what;                       /* for messages */
	const struct columns *cols;
	unsigned roles;                         /* the roles its tables may have, as bits */
	bool (*row)(struct row *r, int table);  /* checks a row; true when it keeps it */
	void (*done)(void);                     /* checks the rows together, sorts them */
	void (*emit)(FILE *out);                /* writes the C array */
	void (*free)(void);
};

static const struct schema schemas[] = {
	{"a reasons table", &reason_cols, 1u << ROLE_REASONS,
	 reasonrow, reasonsdone, reasonsemit, reasonsfree},
	{"an entry table", &entry_cols,
	 1u << ROLE_GENERIC | 1u << ROLE_VENDOR | 1u << ROLE_PROVIDER,
	 entryrow, entriesdone, entriesemit, entriesfree},
	{"a phrase table", &phrase_cols, 1u << ROLE_PHRASES,
	 phraserow, phrasesdone, phrasesemit, phrasesfree},
	{"a provider table", &provider_cols, 1u << ROLE_PROVIDERS,
	 provrow, provdone, provemit, provfree},
};

/* the files */

/* returns the schema whose header a file's first row is, or reports it and NULL */
static const struct schema *
schemafor(const struct row *r, const struct file *fl)
{
	const struct tab *t = &tabs[fl->table];
	for (size_t i = 0; i < countof(schemas); i++) {
		const struct schema *s = &schemas[i];
		if (!csvheader(r, s->cols))
			continue;
		if (s->roles & 1u << t->role)
			return s;
		bad(r, "the header is that of %s, but %s:%u gives table '%s' the role %s", s->what,
		    manifest, fl->row.line, t->name, role_names[t->role]);
		return NULL;
	}
	bad(r, "the header matches no table schema; expected one of:");
	for (size_t i = 0; i < countof(schemas); i++) {
		fputc('\t', stderr);
		csvputheader(stderr, schemas[i].cols);
		fputc('\n', stderr);
	}
	return NULL;
}

/* reads a row of a file named by the manifest: its header, or a row of its schema */
static bool
filerow(struct row *r, void *arg)
{
	struct file *fl = arg;
	if (!fl->header) {
		fl->header = true;
		fl->schema = schemafor(r, fl);
		return false;
	}
	if (!fl->schema)
		return false;
	tabs[fl->table].rows++;
	if (++nrows == LIMIT_ROWS + 1)
		bad(r, "more than %d rows in all tables", LIMIT_ROWS);
	return csvfields(r, fl->schema->cols) && fl->schema->row(r, fl->table);
}

static void
readfiles(void)
{
	for (size_t i = 0; i < nfiles; i++)
		if (csvread(files[i].path, (int)i, filerow, &files[i]) < 0)
			bad(&files[i].row, "file: %s: %s", files[i].path, strerror(errno));
}

/* writing */

static void
emit(FILE *out)
{
	fputs("/* generated by tools/gentables from a manifest and the files it names (the\n"
	      " * files of tables[]): do not edit */\n#include \"table.h\"\n\n", out);
	fputs("const struct table tables[] = {\n", out);
	for (size_t i = 0; i < ntabs; i++) {
		member(out, "\t{", "name", tabs[i].name);
		fprintf(out, ", .role = %s,\n", role_syms[tabs[i].role]);
		member(out, "\t ", "title", tabs[i].title);
		member(out, ",\n\t ", "files", tabs[i].files);
		fprintf(out, ", .rows = %u},\n", tabs[i].rows);
	}
	fprintf(out, "};\nconst size_t table_count = %zu;\nconst int table_reasons = %d;\n\n",
	        ntabs, reasonstab);
	fputs("const char *const table_files[] = {\n", out);
	for (size_t i = 0; i < nfiles; i++) {
		fputc('\t', out);
		cstr(out, files[i].row.f[M_FILE]);
		fputs(",\n", out);
	}
	fputs("};\n\n", out);
	for (size_t i = 0; i < countof(schemas); i++)
		schemas[i].emit(out);
}

/* writes the tables to OUT.tmp and renames it OUT; removes it on any failure */
static int
writeout(const char *outpath)
{
	size_t n = strlen(outpath);
	char *tmp = xmalloc(n + sizeof ".tmp");
	memcpy(tmp, outpath, n);
	memcpy(tmp + n, ".tmp", sizeof ".tmp");
	FILE *out = fopen(tmp, "w");
	if (!out) {
		warn("%s:", tmp);
		free(tmp);
		return 1;
	}
	emit(out);
	int status = 1;
	if (fflush(out) || ferror(out)) {
		warn("%s: write error:", tmp);
		fclose(out);
	} else if (fclose(out)) {
		warn("%s:", tmp);
	} else if (rename(tmp, outpath)) {
		warn("rename %s to %s:", tmp, outpath);
	} else {
		status = 0;
	}
	if (status)
		remove(tmp);
	free(tmp);
	return status;
}

/* frees everything and leaves the generator as it started, so that main can run
 * again (tests/fuzz/fuzz_gen.c runs it once per input) */
static void
freeall(void)
{
	for (size_t i = 0; i < countof(schemas); i++)
		schemas[i].free();
	for (size_t i = 0; i < nfiles; i++) {
		rowfree(&files[i].row);
		free(files[i].path);
	}
	for (size_t i = 0; i < ntabs; i++)
		free(tabs[i].files);
	ntabs = nfiles = 0;
	nrows = 0;
	reasonstab = -1;
	errors = 0;
}

static _Noreturn void
usage(void)
{
	fputs("usage: gentables -o OUT.c MANIFEST.csv\n", stderr);
	exit(1);
}

int
main(int argc, char **argv)
{
	const char *outpath = NULL;
	int c;
	opterr = 0;
	while ((c = getopt(argc, argv, ":o:")) != -1) {
		if (c == 'o')
			outpath = optarg;
		else if (c == ':')
			warn("-%c: the output path is missing", optopt), usage();
		else
			warn("-%c: unknown option", optopt), usage();
	}
	if (!outpath)
		warn("no -o OUT.c"), usage();
	if (!*outpath)
		fatal("-o: empty output path");
	if (optind == argc)
		warn("no manifest"), usage();
	if (optind + 1 < argc)
		warn("'%s': one manifest only", argv[optind + 1]), usage();
	manifest = argv[optind];
	if (!*manifest)
		fatal("empty manifest path");

	readmanifest();
	if (!errors) {
		readfiles();
		for (size_t i = 0; i < countof(schemas); i++)
			schemas[i].done();
	}
	int status = 1;
	if (errors)
		warn("%d error%s in the tables; %s not written", errors, errors == 1 ? "" : "s",
		     outpath);
	else
		status = writeout(outpath);
	freeall();
	return status;
}
