/* output.c: results and table listings as text, JSON Lines or CSV */
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "output.h"
#include "util.h"

#define WIDTH 78
#define LABEL 12

static const char *const csv_result_header[] = {
	"input", "recognized", "error", "code", "enhanced", "class", "standard", "reason",
	"refines", "retry", "bounce", "actor", "summary", "explanation", "remediation",
	"retry_advice", "decided_by", "matches", "notes",
};
static const char *const csv_entry_header[] = {
	"table", "kind", "key", "text", "class", "standard", "reason", "summary",
	"explanation", "remediation", "admin", "source",
};
static const char *const csv_reason_header[] = {
	"reason", "refines", "bounce", "retry", "actor", "summary", "explanation",
	"remediation", "retry_advice", "source",
};
static const char *const csv_tables_header[] = {"table", "entries", "files"};

void
output_init(struct out *o, FILE *fp, enum format format, bool color)
{
	*o = (struct out){.fp = fp, .format = format, .color = color, .first = true};
}

/* decodes one UTF-8 sequence at s[0..n): returns its length and sets *cp, or returns 0
 * when the bytes are not valid UTF-8 (overlong, surrogate, out of range, cut) */
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

/* tells whether a code point reorders or hides text on a terminal */
static bool
bidi(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

void
output_safe(FILE *fp, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = utf8(s + i, n - i, &cp);
		if (len == 0) {
			fprintf(fp, "\\x%02X", s[i]);
			i++;
			continue;
		}
		if (cp < 0x20)
			fprintf(fp, "\xe2\x90%c", (char)(0x80 + cp)); /* U+2400 + cp */
		else if (cp == 0x7f)
			fputs("\xe2\x90\xa1", fp); /* U+2421 */
		else if ((cp >= 0x80 && cp <= 0x9f) || bidi(cp))
			fprintf(fp, "\\u%04X", cp);
		else
			fwrite(s + i, 1, len, fp);
		i += len;
	}
}

/* a byte that stands for itself in a JSON string: printable ASCII but " and \ */
static bool
jsonplain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void
output_json_string(FILE *fp, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	fputc('"', fp);
	while (i < n) {
		/* runs of plain bytes are written whole: table text is nearly all plain */
		size_t run = i;
		while (run < n && jsonplain(s[run]))
			run++;
		if (run > i) {
			fwrite(s + i, 1, run - i, fp);
			i = run;
			continue;
		}
		unsigned cp;
		size_t len = utf8(s + i, n - i, &cp);
		if (len == 0) {
			fputs("\\ufffd", fp);
			i++;
			continue;
		}
		switch (cp) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || bidi(cp))
				fprintf(fp, "\\u%04x", cp);
			else
				fwrite(s + i, 1, len, fp);
		}
		i += len;
	}
	fputc('"', fp);
}

void
output_csv_cell(FILE *fp, const char *s, size_t n)
{
	bool formula = n > 0 && memchr("=+-@\t\r", s[0], 6) != NULL;
	bool quote = formula || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n' || s[i] == '\0';
	if (!quote) {
		fwrite(s, 1, n, fp);
		return;
	}
	if (formula) {
		/* csv_fwrite quotes the cell; the apostrophe goes inside the quotes */
		char buf[1024];
		if (n + 1 <= sizeof buf) {
			buf[0] = '\'';
			memcpy(buf + 1, s, n);
			csv_fwrite(fp, buf, n + 1);
			return;
		}
		fputs("\"'", fp);
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"')
				fputc('"', fp);
			fputc(s[i], fp);
		}
		fputc('"', fp);
		return;
	}
	csv_fwrite(fp, s, n);
}

/* small writers for JSON and CSV */

static void
json_key(FILE *fp, const char *key, bool *first)
{
	fputs(*first ? "\"" : ",\"", fp);
	fputs(key, fp);
	fputs("\":", fp);
	*first = false;
}

static void
json_str(FILE *fp, const char *key, const char *val, bool *first)
{
	json_key(fp, key, first);
	if (val)
		output_json_string(fp, val, strlen(val));
	else
		fputs("null", fp);
}

static void
json_lit(FILE *fp, const char *key, const char *lit, bool *first)
{
	json_key(fp, key, first);
	fputs(lit, fp);
}

static void
csv_str(FILE *fp, const char *val, bool *first)
{
	if (!*first)
		fputc(',', fp);
	*first = false;
	if (val)
		output_csv_cell(fp, val, strlen(val));
}

static void
csv_header(FILE *fp, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s%s", i ? "," : "", cols[i]);
	fputs("\n", fp);
}

/* the facts of a match, whether it is an entry or a reason */

struct facts {
	const char *table, *kind, *key, *text, *class, *reason;
	const char *summary, *explanation, *remediation, *admin, *source;
};

static const char *
classname(enum class c)
{
	return c == CLASS_NONE || c == CLASS_FROM_CODE ? NULL : class_names[c];
}

static struct facts
facts(const struct match *m)
{
	struct facts f = {0};
	if (m->reason) {
		const struct reason *r = m->reason;
		f = (struct facts){table_names[TABLE_REASONS], kind_names[KIND_REASON], r->name,
		                   NULL, NULL, r->name, r->summary, r->explanation,
		                   r->remediation, NULL, r->source};
		return f;
	}
	const struct entry *e = m->entry;
	f = (struct facts){table_names[e->table], kind_names[e->kind], e->key, e->text,
	                   classname(e->class), e->reason >= 0 ? reasons[e->reason].name : NULL,
	                   e->summary, e->explanation, e->remediation, e->admin, e->source};
	return f;
}

/* "table:key" of a match */
static void
matchname(char *buf, size_t n, const struct match *m)
{
	struct facts f = facts(m);
	snprintf(buf, n, "%s:%s", f.table, f.key);
}

static const char *
retryname(int retry)
{
	return retry < 0 ? NULL : retry ? "true" : "false";
}

static const char *
bouncename(enum bounce b)
{
	return b == BOUNCE_NONE ? NULL : bounce_names[b];
}

/* JSON */

static void
json_facts(FILE *fp, const struct facts *f, bool *first, bool withkind)
{
	json_str(fp, "table", f->table, first);
	if (withkind)
		json_str(fp, "kind", f->kind, first);
	json_str(fp, "key", f->key, first);
	json_str(fp, "text", f->text, first);
	json_str(fp, "class", f->class, first);
	json_str(fp, "reason", f->reason, first);
	json_str(fp, "summary", f->summary, first);
	json_str(fp, "explanation", f->explanation, first);
	json_str(fp, "remediation", f->remediation, first);
	json_str(fp, "admin", f->admin, first);
	json_str(fp, "source", f->source, first);
}

static void
json_result(FILE *fp, const struct input *in, const struct result *res)
{
	bool first = true;
	char buf[64];
	const struct reason *r = res->reason;
	struct facts top = res->nmatch ? facts(&res->matches[0]) : (struct facts){0};

	fputc('{', fp);
	json_key(fp, "input", &first);
	output_json_string(fp, in->raw, in->rawlen);
	json_lit(fp, "recognized", res->recognized ? "true" : "false", &first);
	json_str(fp, "error", res->error, &first);
	if (res->code >= 0) {
		snprintf(buf, sizeof buf, "%d", res->code);
		json_lit(fp, "code", buf, &first);
	} else {
		json_lit(fp, "code", "null", &first);
	}
	json_str(fp, "enhanced", res->enhanced[0] ? res->enhanced : NULL, &first);
	json_str(fp, "class", res->recognized ? classname(res->class) : NULL, &first);
	json_lit(fp, "standard", !res->recognized ? "null" : res->standard ? "true" : "false",
	         &first);
	json_str(fp, "reason", r ? r->name : NULL, &first);
	json_str(fp, "refines", r && r->refines >= 0 ? reasons[r->refines].name : NULL, &first);
	json_lit(fp, "retry", res->recognized && retryname(res->retry) ? retryname(res->retry)
	                                                                : "null", &first);
	json_str(fp, "bounce", bouncename(res->bounce), &first);
	json_str(fp, "actor", r ? actor_names[r->actor] : NULL, &first);
	json_str(fp, "summary", top.summary, &first);
	json_str(fp, "explanation", top.explanation, &first);
	json_str(fp, "remediation", top.remediation, &first);
	json_str(fp, "retry_advice", res->retry_advice, &first);
	if (res->nmatch) {
		matchname(buf, sizeof buf, &res->matches[0]);
		json_str(fp, "decided_by", buf, &first);
	} else {
		json_lit(fp, "decided_by", "null", &first);
	}
	json_key(fp, "notes", &first);
	fputc('[', fp);
	for (size_t i = 0; i < res->nnote; i++) {
		if (i)
			fputc(',', fp);
		output_json_string(fp, res->notes[i], strlen(res->notes[i]));
	}
	fputc(']', fp);
	json_key(fp, "matches", &first);
	fputc('[', fp);
	for (size_t i = 0; i < res->nmatch; i++) {
		struct facts f = facts(&res->matches[i]);
		bool mfirst = true;
		fputs(i ? ",{" : "{", fp);
		json_facts(fp, &f, &mfirst, true);
		json_lit(fp, "fallback", res->matches[i].fallback ? "true" : "false", &mfirst);
		fputc('}', fp);
	}
	fputs("]}\n", fp);
}

/* CSV */

static void
csv_result(struct out *o, const struct input *in, const struct result *res)
{
	FILE *fp = o->fp;
	bool first = true;
	char buf[64];
	const struct reason *r = res->reason;
	struct facts top = res->nmatch ? facts(&res->matches[0]) : (struct facts){0};

	if (!o->header_done) {
		csv_header(fp, csv_result_header, countof(csv_result_header));
		o->header_done = true;
	}
	first = false;
	output_csv_cell(fp, in->raw, in->rawlen);
	csv_str(fp, res->recognized ? "true" : "false", &first);
	csv_str(fp, res->error, &first);
	snprintf(buf, sizeof buf, "%d", res->code);
	csv_str(fp, res->code >= 0 ? buf : NULL, &first);
	csv_str(fp, res->enhanced[0] ? res->enhanced : NULL, &first);
	csv_str(fp, res->recognized ? classname(res->class) : NULL, &first);
	csv_str(fp, !res->recognized ? NULL : res->standard ? "true" : "false", &first);
	csv_str(fp, r ? r->name : NULL, &first);
	csv_str(fp, r && r->refines >= 0 ? reasons[r->refines].name : NULL, &first);
	csv_str(fp, res->recognized ? retryname(res->retry) : NULL, &first);
	csv_str(fp, bouncename(res->bounce), &first);
	csv_str(fp, r ? actor_names[r->actor] : NULL, &first);
	csv_str(fp, top.summary, &first);
	csv_str(fp, top.explanation, &first);
	csv_str(fp, top.remediation, &first);
	csv_str(fp, res->retry_advice, &first);
	if (res->nmatch)
		matchname(buf, sizeof buf, &res->matches[0]);
	csv_str(fp, res->nmatch ? buf : NULL, &first);

	/* matches and notes: lists joined with " | " in one cell */
	char list[4096];
	size_t used = 0;
	list[0] = '\0';
	for (size_t i = 0; i < res->nmatch && used < sizeof list; i++) {
		matchname(buf, sizeof buf, &res->matches[i]);
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? " | " : "", buf);
	}
	csv_str(fp, list, &first);
	used = 0;
	list[0] = '\0';
	for (size_t i = 0; i < res->nnote && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? " | " : "",
		                         res->notes[i]);
	csv_str(fp, list, &first);
	fputs("\n", fp);
}

/* text */

static const char *
esc(const struct out *o, const char *seq)
{
	return o->color ? seq : "";
}

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

/* counts the columns of a UTF-8 string: one per character */
static size_t
columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* writes trusted table text word-wrapped, the first line from column `col`, the rest
 * indented by `indent` */
static void
wrap(FILE *fp, const char *s, size_t col, size_t indent)
{
	bool linestart = true;
	while (*s) {
		while (*s == ' ')
			s++;
		size_t w = strcspn(s, " ");
		if (w == 0)
			break;
		size_t cols = columns(s, w);
		if (!linestart && col + 1 + cols > WIDTH) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
			linestart = true;
		}
		if (!linestart) {
			fputc(' ', fp);
			col++;
		}
		fwrite(s, 1, w, fp);
		col += cols;
		s += w;
		linestart = false;
	}
	fputc('\n', fp);
}

static void
labelled(const struct out *o, const char *label, const char *text)
{
	if (!text)
		return;
	fprintf(o->fp, "  %s%-*s%s", esc(o, DIM), LABEL - 2, label, esc(o, RESET));
	wrap(o->fp, text, LABEL, LABEL);
}

static const char *
classcolor(enum class c)
{
	switch (c) {
	case CLASS_SUCCESS:
		return GREEN;
	case CLASS_TRANSIENT:
		return YELLOW;
	case CLASS_PERMANENT:
		return RED;
	default:
		return "";
	}
}

static void
text_match(const struct out *o, const struct match *m, bool primary)
{
	struct facts f = facts(m);
	FILE *fp = o->fp;
	char head[256];
	if (f.text)
		snprintf(head, sizeof head, "%s %s \"%s\"", f.table, f.key, f.text);
	else
		snprintf(head, sizeof head, "%s %s%s", f.table, f.key,
		         m->fallback ? " (its class or subject)" : "");
	if (primary) {
		labelled(o, "meaning:", f.summary);
		fprintf(fp, "%*s", LABEL, "");
		wrap(fp, f.explanation, LABEL, LABEL);
		labelled(o, "to do:", f.remediation);
		labelled(o, "admin:", f.admin);
		labelled(o, "source:", head);
		fprintf(fp, "%*s", LABEL, "");
		wrap(fp, f.source, LABEL, LABEL);
		return;
	}
	fprintf(fp, "\n  %s%s%s\n", esc(o, BOLD), head, esc(o, RESET));
	fprintf(fp, "%*s", 4, "");
	wrap(fp, f.summary, 4, 4);
	fprintf(fp, "%*s", 4, "");
	wrap(fp, f.explanation, 4, 4);
	if (f.remediation) {
		fputs("    To do: ", fp);
		wrap(fp, f.remediation, 11, 4);
	}
	if (f.admin) {
		fputs("    Admin: ", fp);
		wrap(fp, f.admin, 11, 4);
	}
	fputs("    Source: ", fp);
	wrap(fp, f.source, 12, 4);
}

static void
text_result(struct out *o, const struct input *in, const struct result *res)
{
	FILE *fp = o->fp;
	char line[256];
	const struct reason *r = res->reason;
	bool success = res->class == CLASS_SUCCESS || res->class == CLASS_INTERMEDIATE;

	if (!res->recognized)
		return;
	if (!o->first)
		fputc('\n', fp);
	o->first = false;
	fputs(esc(o, BOLD), fp);
	output_safe(fp, in->raw, in->rawlen);
	fprintf(fp, "%s\n", esc(o, RESET));

	fprintf(fp, "  %s%-*s%s", esc(o, DIM), LABEL - 2, "class:", esc(o, RESET));
	if (res->class == CLASS_NONE)
		fputs("none (no reply class)", fp);
	else
		fprintf(fp, "%s%s%s", esc(o, classcolor(res->class)), class_names[res->class],
		        esc(o, RESET));
	fputs(res->standard ? "\n" : " (not a standard SMTP code)\n", fp);

	if (r && r->refines >= 0)
		snprintf(line, sizeof line, "%s (refines %s): %s", r->name,
		         reasons[r->refines].name, r->summary);
	else if (r)
		snprintf(line, sizeof line, "%s: %s", r->name, r->summary);
	else if (!success && res->class != CLASS_NONE)
		snprintf(line, sizeof line, "undecided: the code alone cannot tell; the reply "
		                            "text decides");
	else
		line[0] = '\0';
	labelled(o, "reason:", line[0] ? line : NULL);

	if (res->retry >= 0) {
		snprintf(line, sizeof line, "%s", res->retry ? "yes: sending again later is likely to work"
		                                             : "no: sending the same again will not work as is");
		labelled(o, "retry:", line);
	}
	if (res->retry_advice)
		labelled(o, "", res->retry_advice);
	if (res->bounce == BOUNCE_HARD)
		labelled(o, "bounce:", "hard: the address is dead; remove it from your lists");
	else if (res->bounce == BOUNCE_SOFT)
		labelled(o, "bounce:", "soft: keep the address");
	else if (res->class == CLASS_PERMANENT)
		labelled(o, "bounce:", "unknown: the code alone cannot tell whether the address is dead");
	if (r && r->actor != ACTOR_NONE)
		labelled(o, "who acts:", actor_names[r->actor]);
	text_match(o, &res->matches[0], true);
	for (size_t i = 0; i < res->nnote; i++)
		labelled(o, "note:", res->notes[i]);
	for (size_t i = 1; i < res->nmatch; i++)
		text_match(o, &res->matches[i], false);
}

void
output_result(struct out *o, const struct input *in, const struct result *res)
{
	switch (o->format) {
	case FORMAT_JSON:
		json_result(o->fp, in, res);
		break;
	case FORMAT_CSV:
		csv_result(o, in, res);
		break;
	default:
		text_result(o, in, res);
	}
}

/* listings */

static size_t
table_size(int table)
{
	if (table == TABLE_REASONS)
		return reason_count;
	size_t n = 0;
	for (size_t i = 0; i < entry_count; i++)
		n += entries[i].table == table;
	return n;
}

void
output_tables(struct out *o)
{
	FILE *fp = o->fp;
	char num[32];
	if (o->format == FORMAT_CSV)
		csv_header(fp, csv_tables_header, countof(csv_tables_header));
	for (int t = 0; t <= TABLE_REASONS; t++) {
		snprintf(num, sizeof num, "%zu", table_size(t));
		if (o->format == FORMAT_JSON) {
			bool first = true;
			fputc('{', fp);
			json_str(fp, "table", table_names[t], &first);
			json_lit(fp, "entries", num, &first);
			json_str(fp, "files", table_sources[t], &first);
			fputs("}\n", fp);
		} else if (o->format == FORMAT_CSV) {
			bool first = true;
			csv_str(fp, table_names[t], &first);
			csv_str(fp, num, &first);
			csv_str(fp, table_sources[t], &first);
			fputs("\n", fp);
		} else {
			fprintf(fp, "%-12s %5s  %s\n", table_names[t], num, table_sources[t]);
		}
	}
}

static void
list_reason(struct out *o, const struct reason *r)
{
	FILE *fp = o->fp;
	const char *refines = r->refines >= 0 ? reasons[r->refines].name : NULL;
	const char *cols[] = {r->name, refines, bounce_names[r->bounce], retry_names[r->retry],
	                      actor_names[r->actor], r->summary, r->explanation,
	                      r->remediation, r->retry_advice, r->source};
	bool first = true;
	if (o->format == FORMAT_JSON) {
		fputc('{', fp);
		for (size_t i = 0; i < countof(cols); i++)
			json_str(fp, csv_reason_header[i], cols[i], &first);
		fputs("}\n", fp);
	} else if (o->format == FORMAT_CSV) {
		for (size_t i = 0; i < countof(cols); i++)
			csv_str(fp, cols[i], &first);
		fputs("\n", fp);
	} else {
		/* one line an entry, unwrapped, so that it can be searched with grep */
		fprintf(fp, "%s%-18s%s %-14s %-6s %-6s %-15s %s\n", esc(o, BOLD), r->name,
		        esc(o, RESET), refines ? refines : "-", bounce_names[r->bounce],
		        retry_names[r->retry], actor_names[r->actor], r->summary);
	}
}

static void
list_entry(struct out *o, const struct entry *e)
{
	FILE *fp = o->fp;
	struct match m = {e, NULL, false};
	struct facts f = facts(&m);
	const char *cols[] = {f.table, f.kind, f.key, f.text, f.class ? f.class : "-",
	                      e->standard ? "yes" : "no", f.reason, f.summary, f.explanation,
	                      f.remediation, f.admin, f.source};
	bool first = true;
	if (o->format == FORMAT_JSON) {
		fputc('{', fp);
		for (size_t i = 0; i < countof(cols); i++) {
			if (i == 5)
				json_lit(fp, "standard", e->standard ? "true" : "false", &first);
			else
				json_str(fp, csv_entry_header[i], cols[i], &first);
		}
		fputs("}\n", fp);
	} else if (o->format == FORMAT_CSV) {
		for (size_t i = 0; i < countof(cols); i++)
			csv_str(fp, cols[i], &first);
		fputs("\n", fp);
	} else {
		fprintf(fp, "%s%-10s%s %-12s %-17s %s\n", esc(o, BOLD), f.key, esc(o, RESET),
		        f.class ? f.class : "-", f.reason ? f.reason : "-", f.summary);
		if (f.text)
			fprintf(fp, "%11s\"%s\"\n", "", f.text);
	}
}

void
output_table(struct out *o, int table)
{
	if (o->format == FORMAT_CSV) {
		if (table == TABLE_REASONS)
			csv_header(o->fp, csv_reason_header, countof(csv_reason_header));
		else
			csv_header(o->fp, csv_entry_header, countof(csv_entry_header));
	}
	if (table == TABLE_REASONS) {
		if (o->format == FORMAT_TEXT)
			fprintf(o->fp, "%-18s %-14s %-6s %-6s %-15s %s\n", "REASON", "REFINES",
			        "BOUNCE", "RETRY", "ACTOR", "SUMMARY");
		for (size_t i = 0; i < reason_count; i++)
			list_reason(o, &reasons[i]);
		return;
	}
	if (o->format == FORMAT_TEXT)
		fprintf(o->fp, "%-10s %-12s %-17s %s\n", "KEY", "CLASS", "REASON", "SUMMARY");
	for (size_t i = 0; i < entry_count; i++)
		if (entries[i].table == table)
			list_entry(o, &entries[i]);
}
