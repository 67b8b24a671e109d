/* output.c: results and table listings as text, JSON Lines or CSV. One field list
 * makes the JSON object, the CSV header and the CSV row; a table of formats says
 * how each writes them. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <stdio_ext.h>
#endif

#include <csv.h>

#include "logline.h"
#include "mail.h"
#include "output.h"
#include "schema.h"
#include "util.h"

const char *const format_names[FORMAT_COUNT] = {FORMATS(NAMES_NAME)};

/* JSON is written through this buffer: a line is many small pieces, and a call into
 * stdio for each costs more than the copy */
static struct {
	FILE *fp;
	size_t n;
	char b[1 << 16];
} wb;

static void
wflush(void)
{
	if (wb.n && wb.fp)
		fwrite(wb.b, 1, wb.n, wb.fp);
	wb.n = 0;
}

/* makes fp the file the buffer goes to */
static void
wto(FILE *fp)
{
	if (wb.fp != fp)
		wflush();
	wb.fp = fp;
}

static void
wput(const char *s, size_t n)
{
	if (n > sizeof wb.b - wb.n) {
		wflush();
		if (n > sizeof wb.b) {
			fwrite(s, 1, n, wb.fp);
			return;
		}
	}
	memcpy(wb.b + wb.n, s, n);
	wb.n += n;
}

static void
wputs(const char *s)
{
	wput(s, strlen(s));
}

static void
wputc(char c)
{
	if (wb.n == sizeof wb.b)
		wflush();
	wb.b[wb.n++] = c;
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

/* tells whether a code point reorders text on a terminal, or shows as nothing: the
 * bidirectional controls, the zero-width characters, the word joiner and its kin, the
 * soft hyphen and the byte-order mark */
static bool
bidi(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2060 && cp <= 0x2064) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x061c || cp == 0x00ad || cp == 0x180e ||
	       cp == 0xfeff;
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

/* the bytes that stand for themselves in a JSON string: printable ASCII but " and \ */
static const unsigned char plainbyte[256] = {
	/* 0x20: '"' is not */
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0x50: '\\' is not */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0x70: DEL is not */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

static bool
jsonplain(unsigned char c)
{
	return plainbyte[c];
}

static void
json_string(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	wputc('"');
	while (i < n) {
		/* runs of plain bytes are written whole: table text is nearly all plain */
		size_t run = i;
		while (run < n && jsonplain(s[run]))
			run++;
		if (run > i) {
			wput((const char *)s + i, run - i);
			i = run;
			continue;
		}
		unsigned cp;
		size_t len = utf8(s + i, n - i, &cp);
		if (len == 0) {
			wputs("\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"':
			wputs("\\\"");
			break;
		case '\\':
			wputs("\\\\");
			break;
		case '\n':
			wputs("\\n");
			break;
		case '\r':
			wputs("\\r");
			break;
		case '\t':
			wputs("\\t");
			break;
		default:
			if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || bidi(cp)) {
				char u[8];
				snprintf(u, sizeof u, "\\u%04x", cp);
				wput(u, 6);
			} else {
				wput((const char *)s + i, len);
			}
		}
		i += len;
	}
	wputc('"');
}

void
output_json_string(FILE *fp, const char *s, size_t n)
{
	wto(fp);
	json_string(s, n);
	wflush();
}

void
output_csv_cell(FILE *fp, const char *s, size_t n)
{
	/* a lone = + - or @ is no formula: "-", the class of X. rows, stays itself */
	bool formula = n > 0 && memchr("=+-@\t\r", s[0], 6) != NULL &&
	               (n > 1 || s[0] == '\t' || s[0] == '\r');
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

/* values: what a field holds, for every format */

enum vtype { V_NULL, V_STR, V_NUM, V_BOOL, V_SPAN, V_NOTES, V_MATCHES };

struct value {
	enum vtype type;
	const char *s;   /* V_STR */
	size_t n;        /* V_STR; V_SPAN: its length */
	long num;        /* V_NUM; V_BOOL: 0 or 1; V_SPAN: its offset */
};

static struct value
str(const char *s)
{
	return s && *s ? (struct value){V_STR, s, strlen(s), 0} : (struct value){.type = V_NULL};
}

static struct value
boolean(bool b)
{
	return (struct value){.type = V_BOOL, .num = b};
}

/* writes the decimal digits of v to out, returns their count (at most 20) */
static size_t
digits(char *out, unsigned long v)
{
	char r[24];
	size_t n = 0;
	do
		r[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	for (size_t i = 0; i < n; i++)
		out[i] = r[n - 1 - i];
	return n;
}

/* joins a, sep and b into buf (cap bytes, NUL-terminated, cut to fit) */
static const char *
join(char *buf, size_t cap, const char *a, size_t an, char sep, const char *b, size_t bn)
{
	size_t o = 0;
	if (an > cap - 1)
		an = cap - 1;
	memcpy(buf, a, an);
	o = an;
	if (o + 1 < cap)
		buf[o++] = sep;
	if (bn > cap - 1 - o)
		bn = cap - 1 - o;
	memcpy(buf + o, b, bn);
	buf[o + bn] = '\0';
	return buf;
}

/* the facts of a match, whether it is an entry or a reason */
struct facts {
	const char *table, *key, *text, *class, *reason;
	const char *summary, *explanation, *remediation, *admin, *source;
	const char *file;
	unsigned line;
};

static const char *
classname(enum class c)
{
	return c == CLASS_NONE || c == CLASS_FROM_CODE ? NULL : class_names[c];
}

static struct facts
facts(const struct match *m)
{
	if (m->rule) {
		const struct provider_rule *p = m->rule;
		return (struct facts){tables[p->table].name, p->pattern, NULL, NULL, NULL, p->name,
		                      NULL, NULL, NULL, p->source, table_files[p->file], p->line};
	}
	if (m->phrase) {
		const struct phrase *p = m->phrase;
		const struct reason *r = &reasons[p->reason];
		return (struct facts){tables[p->table].name, p->pattern, NULL, NULL, r->name,
		                      r->summary, r->explanation, r->remediation, NULL,
		                      p->source, table_files[p->file], p->line};
	}
	if (m->reason) {
		const struct reason *r = m->reason;
		return (struct facts){tables[table_reasons].name, r->name, NULL, NULL, r->name,
		                      r->summary, r->explanation, r->remediation, NULL,
		                      r->source, table_files[r->file], r->line};
	}
	const struct entry *e = m->entry;
	return (struct facts){tables[e->table].name, e->key, e->text, classname(e->class),
	                      e->reason >= 0 ? reasons[e->reason].name : NULL, e->summary,
	                      e->explanation, e->remediation, e->admin, e->source,
	                      table_files[e->file], e->line};
}

/* the facts of the deciding match; where a stage rule gave the reason, what happened
 * and what to do are the reason's words, not the row's */
static struct facts
topfacts(const struct result *res)
{
	struct facts f = facts(&res->matches[0]);
	if (res->ruled && res->reason) {
		f.summary = res->reason->summary;
		f.explanation = res->reason->explanation;
		f.remediation = res->reason->remediation;
	}
	return f;
}

/* the fields of a result: X(name, with -v only) */
#define RESULT_FIELDS(X) \
	X(input, 0) X(recognized, 0) X(error, 0) X(code, 0) X(enhanced, 0) X(text, 0) \
	X(stage, 0) X(remote_host, 0) X(remote_ip, 0) X(provider, 0) X(class, 0) \
	X(standard, 0) \
	X(reason, 0) X(refines, 0) X(retry, 0) X(bounce, 0) X(actor, 0) X(summary, 0) \
	X(explanation, 1) X(remediation, 0) X(admin, 1) X(retry_advice, 0) \
	X(mismatch, 0) X(decided_by, 0) X(source, 1) X(template, 0) X(notes, 0) \
	X(matches, 0) \
	LOG_FIELDS(X)
/* and last, what a mail log says around the reply: in JSON, only for a log's line */
#define LOG_FIELDS(X) \
	X(line, 0) X(format, 0) X(time, 0) X(host, 0) X(program, 0) X(queue_id, 0) \
	X(sender, 0) X(recipient, 0) X(orig_recipient, 0) X(relay, 0) X(delay, 0) \
	X(dsn, 0) X(outcome, 0) X(reply, 0) X(client, 0) \
	MAIL_FIELDS(X)
/* and after them, what an e-mail reports of a recipient: in JSON, only for an e-mail's */
#define MAIL_FIELDS(X) \
	X(email, 0) X(action, 0) X(status, 0) X(diagnostic, 0) X(reporting_mta, 0) \
	X(remote_mta, 0) X(last_attempt, 0) X(subject, 0) X(message_id, 0) \
	X(feedback_type, 0)

/* what a field is made from */
struct ctx {
	const struct input *in;
	const struct result *res;
	const char *tmpl;        /* the input's template, or NULL */
	size_t tmpllen;
	const struct match *m;   /* the match a match field is of */
	struct facts top;        /* the deciding row's */
	char decided[LIMIT_TABLENAME + LIMIT_PATTERN + 2];
	char buf[256];            /* a match field's, written at once */
};

#define GETTER(name) static struct value get_##name(struct ctx *c)

GETTER(input) { return (struct value){V_STR, c->in->raw, c->in->rawlen, 0}; }
GETTER(recognized) { return boolean(c->res->recognized); }
GETTER(error) { return str(c->res->error); }
GETTER(code)
{
	return c->res->code < 0 ? (struct value){.type = V_NULL}
	                        : (struct value){.type = V_NUM, .num = c->res->code};
}
GETTER(enhanced) { return str(c->res->enhanced); }
static struct value
span(const char *s, size_t n)
{
	return s && n ? (struct value){V_STR, s, n, 0} : (struct value){.type = V_NULL};
}
GETTER(text) { return span(c->in->text, c->in->textlen); }
GETTER(stage) { return str(stage_names[c->in->stage]); }
GETTER(remote_host) { return span(c->in->host, c->in->hostlen); }
GETTER(remote_ip) { return span(c->in->ip, c->in->iplen); }
GETTER(mismatch) { return str(c->res->mismatch); }
GETTER(provider) { return str(c->res->provider); }
GETTER(template) { return span(c->tmpl, c->tmpllen); }
GETTER(class) { return str(c->res->recognized ? classname(c->res->class) : NULL); }
GETTER(standard)
{
	return c->res->recognized ? boolean(c->res->standard) : (struct value){.type = V_NULL};
}
GETTER(reason) { return str(c->res->reason ? c->res->reason->name : NULL); }
GETTER(refines)
{
	const struct reason *r = c->res->reason;
	return str(r && r->refines >= 0 ? reasons[r->refines].name : NULL);
}
GETTER(retry)
{
	if (c->res->retry == RETRY_NULL)
		return (struct value){.type = V_NULL};
	return boolean(c->res->retry == RETRY_YES);
}
GETTER(bounce)
{
	return str(c->res->bounce == BOUNCE_NONE ? NULL : bounce_names[c->res->bounce]);
}
GETTER(actor) { return str(c->res->reason ? actor_names[c->res->reason->actor] : NULL); }
GETTER(summary) { return str(c->top.summary); }
GETTER(explanation) { return str(c->top.explanation); }
GETTER(remediation) { return str(c->top.remediation); }
GETTER(admin) { return str(c->top.admin); }
GETTER(retry_advice) { return str(c->res->retry_advice); }
GETTER(decided_by)
{
	if (!c->res->nmatch)
		return (struct value){.type = V_NULL};
	join(c->decided, sizeof c->decided, c->top.table, strlen(c->top.table), ':', c->top.key,
	     strlen(c->top.key));
	return str(c->decided);
}
GETTER(source) { return str(c->top.source); }
/* what a mail log says around the reply: null for any other input */
#define LOGSPAN(name) \
	GETTER(name) { return c->in->log ? span(c->in->log->name.s, c->in->log->name.n) \
	                                 : (struct value){.type = V_NULL}; }
LOGSPAN(time)
LOGSPAN(host)
LOGSPAN(program)
LOGSPAN(queue_id)
/* the null sender ("from=<>", a bounce's) is "", not unknown */
GETTER(sender)
{
	const struct logline *l = c->in->log;
	return l && l->sender.s ? (struct value){V_STR, l->sender.s, l->sender.n, 0}
	                        : (struct value){.type = V_NULL};
}
LOGSPAN(recipient)
LOGSPAN(orig_recipient)
LOGSPAN(relay)
LOGSPAN(delay)
LOGSPAN(dsn)
LOGSPAN(outcome)
/* the reply itself, without the sending MTA's words around it */
GETTER(reply)
{
	return c->in->log ? span(c->in->reply, c->in->replylen) : (struct value){.type = V_NULL};
}
LOGSPAN(client)
GETTER(format) { return str(c->in->log ? c->in->log->format : NULL); }
GETTER(line)
{
	return c->in->log ? (struct value){.type = V_NUM, .num = (long)c->in->line}
	                  : (struct value){.type = V_NULL};
}
/* what an e-mail reports: null for any other input */
#define RCPTSTR(name, field) \
	GETTER(name) { return c->in->rcpt ? span(c->in->rcpt->field, c->in->rcpt->field##len) \
	                                  : (struct value){.type = V_NULL}; }
#define MSGSTR(name) \
	GETTER(name) { return c->in->mail ? span(c->in->mail->msg.name, c->in->mail->msg.name##len) \
	                                  : (struct value){.type = V_NULL}; }
RCPTSTR(action, action)
RCPTSTR(status, status)
RCPTSTR(diagnostic, diagnostic)
RCPTSTR(remote_mta, remote_mta)
RCPTSTR(last_attempt, last_attempt)
MSGSTR(reporting_mta)
MSGSTR(subject)
MSGSTR(message_id)
MSGSTR(feedback_type)
GETTER(email) { return str(c->in->mail ? c->in->email : NULL); }
GETTER(notes) { (void)c; return (struct value){.type = V_NOTES}; }
GETTER(matches) { (void)c; return (struct value){.type = V_MATCHES}; }

#define FIELD_NAME(name, v) #name,
#define FIELD_GET(name, v) get_##name,
#define FIELD_VERBOSE(name, v) v,
static const char *const result_names[] = {RESULT_FIELDS(FIELD_NAME)};
static struct value (*const result_get[])(struct ctx *) = {RESULT_FIELDS(FIELD_GET)};
static const bool result_verbose[] = {RESULT_FIELDS(FIELD_VERBOSE)};
#define FIELD_ONE(name, v) +1
static const size_t log_first = countof(result_names) - (0 LOG_FIELDS(FIELD_ONE));
static const size_t mail_first = countof(result_names) - (0 MAIL_FIELDS(FIELD_ONE));

/* the names of the fields written: -v adds some */
static size_t
result_fields(const struct out *o, const char **names)
{
	size_t n = 0;
	for (size_t i = 0; i < countof(result_names); i++)
		if (o->verbose || !result_verbose[i])
			names[n++] = result_names[i];
	return n;
}

/* the fields of a match: X(name, verbose only) */
#define MATCH_FIELDS(X) \
	X(table, 0) X(key, 0) X(kind, 0) X(row, 0) X(matched, 0) X(span, 0) X(text, 1) \
	X(class, 1) X(reason, 1) X(summary, 1) X(explanation, 1) X(remediation, 1) \
	X(admin, 1) X(source, 1)

#define MGETTER(name) static struct value mget_##name(struct ctx *c, const struct facts *f)

MGETTER(table) { (void)c; return str(f->table); }
MGETTER(key) { (void)c; return str(f->key); }
MGETTER(kind) { (void)f; return str(evidence_names[c->m->evidence]); }
MGETTER(row)
{
	size_t n = strlen(f->file);
	if (n > 4 && strcmp(f->file + n - 4, ".csv") == 0)
		n -= 4;
	char line[24];
	join(c->buf, sizeof c->buf, f->file, n, ':', line, digits(line, f->line));
	return str(c->buf);
}
/* what in the input matched the row */
MGETTER(matched)
{
	(void)f;
	const struct entry *e = c->m->entry;
	if (c->m->phrase)
		return (struct value){V_STR, c->in->text + c->m->at, c->m->len, 0};
	if (c->m->rule)
		return c->m->rule->kind == PKIND_HOST ? span(c->in->host, c->in->hostlen)
		                                      : str(c->m->rule->pattern);
	if (c->m->inner) {
		/* of the reply quoted inside */
		if (e->kind == KIND_ENHANCED)
			return str(c->in->inner_enhanced);
		digits(c->buf, (unsigned long)c->in->inner % 1000);
		c->buf[3] = '\0';
		return str(c->buf);
	}
	if (!e || e->kind >= KIND_CODE)
		return (struct value){V_STR, c->in->text, c->in->textlen, 0};
	if (e->text)
		return str(e->text);
	if (e->kind == KIND_ENHANCED && c->res->enhanced[0])
		return str(c->res->enhanced);
	if (c->res->code >= 0) {
		digits(c->buf, (unsigned long)c->res->code % 1000);
		c->buf[3] = '\0';
		return str(c->buf);
	}
	return (struct value){V_STR, c->in->raw, c->in->rawlen, 0};
}
/* a phrase: where it matched in the text, [offset, length] */
MGETTER(span)
{
	(void)f;
	return (struct value){.type = V_SPAN, .num = c->m->at, .n = c->m->len};
}
MGETTER(text) { (void)c; return str(f->text); }
MGETTER(class) { (void)c; return str(f->class); }
MGETTER(reason) { (void)c; return str(f->reason); }
MGETTER(summary) { (void)c; return str(f->summary); }
MGETTER(explanation) { (void)c; return str(f->explanation); }
MGETTER(remediation) { (void)c; return str(f->remediation); }
MGETTER(admin) { (void)c; return str(f->admin); }
MGETTER(source) { (void)c; return str(f->source); }

#define MFIELD_NAME(name, v) #name,
#define MFIELD_GET(name, v) mget_##name,
#define MFIELD_VERBOSE(name, v) v,
static const char *const match_names[] = {MATCH_FIELDS(MFIELD_NAME)};
static struct value (*const match_get[])(struct ctx *, const struct facts *) = {
	MATCH_FIELDS(MFIELD_GET)};
static const bool match_verbose[] = {MATCH_FIELDS(MFIELD_VERBOSE)};

/* JSON */

static void
json_key(const char *key, bool first)
{
	if (!first)
		wputc(',');
	wputc('"');
	wputs(key);
	wput("\":", 2);
}

static void json_matches(struct out *o, struct ctx *c);

static void
json_value(struct out *o, struct ctx *c, const struct value *v)
{
	char num[48];
	switch (v->type) {
	case V_NULL:
		wput("null", 4);
		break;
	case V_STR:
		json_string(v->s, v->n);
		break;
	case V_NUM:
		if (v->num < 0) {
			wputc('-');
			wput(num, digits(num, (unsigned long)-v->num));
		} else {
			wput(num, digits(num, (unsigned long)v->num));
		}
		break;
	case V_BOOL:
		wputs(v->num ? "true" : "false");
		break;
	case V_SPAN:
		wputc('[');
		wput(num, digits(num, (unsigned long)v->num));
		wputc(',');
		wput(num, digits(num, v->n));
		wputc(']');
		break;
	case V_NOTES:
		wputc('[');
		for (size_t i = 0; i < c->res->nnote; i++) {
			if (i)
				wputc(',');
			json_string(c->res->notes[i], strlen(c->res->notes[i]));
		}
		wputc(']');
		break;
	case V_MATCHES:
		json_matches(o, c);
		break;
	}
}

static void
json_matches(struct out *o, struct ctx *c)
{
	wputc('[');
	for (size_t i = 0; i < c->res->nmatch; i++) {
		c->m = &c->res->matches[i];
		struct facts f = facts(c->m);
		wputs(i ? ",{" : "{");
		for (size_t k = 0; k < countof(match_names); k++) {
			if (match_verbose[k] && !o->verbose)
				continue;
			struct value v = match_get[k](c, &f);
			if (v.type == V_SPAN && !c->m->phrase)
				continue; /* only phrases have a span */
			json_key(match_names[k], k == 0);
			json_value(o, c, &v);
		}
		wputc('}');
	}
	wputc(']');
}

static void
json_record(struct out *o, struct ctx *c, const char *const *names,
            const struct value *v, size_t n)
{
	wto(o->fp);
	wputc('{');
	for (size_t i = 0; i < n; i++) {
		json_key(names[i], i == 0);
		json_value(o, c, &v[i]);
	}
	wput("}\n", 2);
}

/* CSV */

static void
csv_header(struct out *o, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', o->fp);
		fputs(names[i], o->fp);
	}
	fputc('\n', o->fp);
}

/* writes a list as one cell, its items joined with " | " */
static void
csv_list(struct out *o, struct ctx *c, bool matches)
{
	char cell[(LIMIT_TABLENAME + LIMIT_KEY + 4) * LIMIT_MATCH + 1024];
	size_t used = 0, n = matches ? c->res->nmatch : c->res->nnote;
	cell[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof cell; i++) {
		const char *sep = i ? " | " : "";
		if (matches) {
			struct facts f = facts(&c->res->matches[i]);
			used += (size_t)snprintf(cell + used, sizeof cell - used, "%s%s:%s", sep,
			                         f.table, f.key);
		} else {
			used += (size_t)snprintf(cell + used, sizeof cell - used, "%s%s", sep,
			                         c->res->notes[i]);
		}
	}
	output_csv_cell(o->fp, cell, used < sizeof cell ? used : sizeof cell - 1);
}

static void
csv_record(struct out *o, struct ctx *c, const char *const *names,
           const struct value *v, size_t n)
{
	(void)names;
	FILE *fp = o->fp;
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', fp);
		switch (v[i].type) {
		case V_NULL:
			break;
		case V_STR:
			output_csv_cell(fp, v[i].s, v[i].n);
			break;
		case V_NUM:
			fprintf(fp, "%ld", v[i].num);
			break;
		case V_BOOL:
			fputs(v[i].num ? "true" : "false", fp);
			break;
		case V_SPAN:
			fprintf(fp, "%ld+%zu", v[i].num, v[i].n);
			break;
		case V_NOTES:
		case V_MATCHES:
			csv_list(o, c, v[i].type == V_MATCHES);
			break;
		}
	}
	fputc('\n', fp);
}

/* text */

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

#define LABEL 14 /* the column where a labelled value starts */

static const char *
esc(const struct out *o, const char *seq)
{
	return o->color ? seq : "";
}

/* counts the columns of a UTF-8 string: one per character */
static size_t
columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* writes trusted table text word-wrapped to the width, the first line from column
 * `col`, the rest indented by `indent` */
static void
wrap(const struct out *o, const char *s, size_t col, size_t indent)
{
	FILE *fp = o->fp;
	size_t width = o->width > indent + 20 ? o->width - 1 : indent + 20;
	bool linestart = true;
	while (*s) {
		while (*s == ' ')
			s++;
		size_t w = strcspn(s, " ");
		if (w == 0)
			break;
		size_t cols = columns(s, w);
		if (!linestart && col + 1 + cols > width) {
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
label(const struct out *o, const char *name)
{
	fprintf(o->fp, "  %s%-*s%s", esc(o, DIM), LABEL - 2, name, esc(o, RESET));
}

static void
labelled(const struct out *o, const char *name, const char *text)
{
	if (!text)
		return;
	label(o, name);
	wrap(o, text, LABEL, LABEL);
}

/* a second line under a label */
static void
continued(const struct out *o, const char *text)
{
	if (!text)
		return;
	fprintf(o->fp, "%*s", LABEL, "");
	wrap(o, text, LABEL, LABEL);
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

/* "table key (kind of evidence), file:line", and the vendor's text under it */
static void
rowname(const struct out *o, const struct match *m, const struct facts *f)
{
	fprintf(o->fp, "%s %s (%s%s), %s:%u\n", f->table, f->key, evidence_names[m->evidence],
	        m->fallback ? ", not the code itself" : "", f->file, f->line);
	if (f->text) {
		char quoted[LIMIT_PATTERN + 3];
		snprintf(quoted, sizeof quoted, "\"%s\"", f->text);
		continued(o, quoted);
	}
}

/* another row that applied: one line, cut to the width; -v: in full */
static void
text_other(const struct out *o, const struct match *m, bool first)
{
	FILE *fp = o->fp;
	struct facts f = facts(m);
	if (o->verbose) {
		fputs("\n", fp);
		label(o, "row:");
		fputs(esc(o, BOLD), fp);
		rowname(o, m, &f);
		fputs(esc(o, RESET), fp);
		labelled(o, "meaning:", f.summary);
		continued(o, f.explanation);
		labelled(o, "to do:", f.remediation);
		labelled(o, "admin:", f.admin);
		labelled(o, "source:", f.source);
		return;
	}
	if (first)
		label(o, "also:");
	else
		fprintf(fp, "%*s", LABEL, "");
	char line[LIMIT_TABLENAME + LIMIT_KEY + LIMIT_SUMMARY + 8];
	int n = snprintf(line, sizeof line, "%s %s: %s", f.table, f.key, f.summary);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	size_t room = o->width > LABEL + 10 ? o->width - 1 - LABEL : 10;
	if (columns(line, len) > room) {
		/* cut at a character boundary, and say so */
		size_t cols = 0, i = 0;
		for (; i < len && cols < room - 1; i++)
			cols += ((unsigned char)line[i] & 0xc0) != 0x80;
		while (i < len && ((unsigned char)line[i] & 0xc0) == 0x80)
			i++;
		fwrite(line, 1, i, fp);
		fputs("\xe2\x80\xa6\n", fp); /* … */
		return;
	}
	fwrite(line, 1, len, fp);
	fputc('\n', fp);
}

/* the input as given: each of its lines, made safe for a terminal */
static void
text_input(const struct out *o, const struct input *in)
{
	const char *s = in->raw, *end = in->raw + in->rawlen;
	fputs(esc(o, BOLD), o->fp);
	for (;;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		output_safe(o->fp, s, (size_t)((nl ? nl : end) - s));
		if (!nl)
			break;
		fputc('\n', o->fp);
		s = nl + 1;
	}
	fprintf(o->fp, "%s\n", esc(o, RESET));
}

/* the log line around the reply: who logged it, what became of the delivery, and to
 * whom */
static void
logline_text(const struct out *o, const struct input *in)
{
	const struct logline *l = in->log;
	FILE *fp = o->fp;
	label(o, in->mail ? "e-mail:" : "log:");
	if (in->mail) {
		output_safe(fp, in->email, strlen(in->email));
		fputs(", ", fp);
	}
	fprintf(fp, "line %lu, %s", in->line, l->format ? l->format : "log");
	static const struct {
		const char *name;
		size_t off;
	} parts[] = {
		{" ", offsetof(struct logline, outcome)},
		{", queue ", offsetof(struct logline, queue_id)},
		{", from ", offsetof(struct logline, sender)},
		{", client ", offsetof(struct logline, client)},
		{", to ", offsetof(struct logline, recipient)},
		{", relay ", offsetof(struct logline, relay)},
		{", delay ", offsetof(struct logline, delay)},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const struct span *sp = (const struct span *)((const char *)l + parts[i].off);
		if (!sp->s)
			continue;
		fputs(parts[i].name, fp);
		if (sp->n == 0 && parts[i].off == offsetof(struct logline, sender))
			fputs("<>", fp); /* the null sender */
		output_safe(fp, sp->s, sp->n);
	}
	fputc('\n', fp);
}

/* the retry line: whether to send again, and whether the address lives */
static const char *
retryline(const struct result *res)
{
	switch (res->retry) {
	case RETRY_YES:
		return res->bounce == BOUNCE_HARD
		           ? "yes, later, though the address looks dead: remove it if it fails again"
		           : "yes, later: it is likely to work; keep the address (soft bounce)";
	case RETRY_NO:
		if (res->bounce == BOUNCE_HARD)
			return "no: the address is dead; remove it from your lists (hard bounce)";
		if (res->bounce == BOUNCE_SOFT)
			return "no, not as it is: fix the cause first; keep the address (soft bounce)";
		return "no, not as it is (whether the address is dead, the code alone cannot "
		       "tell)";
	default:
		return NULL;
	}
}

/* the class line: the class, the codes, the stage and who answered */
static void
classline(const struct out *o, const struct input *in, const struct result *res)
{
	FILE *fp = o->fp;
	label(o, "class:");
	if (res->class == CLASS_NONE)
		fputs("none (no reply code)", fp);
	else
		fprintf(fp, "%s%s%s", esc(o, classcolor(res->class)), class_names[res->class],
		        esc(o, RESET));
	if (res->code >= 0 || res->enhanced[0]) {
		fputs(": ", fp);
		if (res->code >= 0)
			fprintf(fp, "%03d%s", res->code, res->enhanced[0] ? " " : "");
		fputs(res->enhanced, fp);
	}
	if (!res->standard && res->code >= 0)
		fputs(" (not a standard SMTP code)", fp);
	if (in->stage)
		fprintf(fp, ", at %s", stage_names[in->stage]);
	if (res->provider)
		fprintf(fp, ", provider %s", res->provider);
	if (in->host || in->ip) {
		fputs(", from ", fp);
		if (in->host)
			output_safe(fp, in->host, in->hostlen);
		if (in->ip) {
			fputs(in->host ? " [" : "[", fp);
			output_safe(fp, in->ip, in->iplen);
			fputc(']', fp);
		}
	}
	fputc('\n', fp);
}

static void
text_result(struct out *o, const struct input *in, const struct result *res)
{
	FILE *fp = o->fp;
	const struct reason *r = res->reason;
	bool success = res->class == CLASS_SUCCESS || res->class == CLASS_INTERMEDIATE;

	if (!res->recognized)
		return;
	struct facts top = topfacts(res);
	if (o->started)
		fputc('\n', fp);
	o->started = true;
	text_input(o, in);
	if (in->log)
		logline_text(o, in);

	/* the answer first: what happened, whether to retry, who acts and what to do */
	if (r) {
		int n;
		label(o, "happened:");
		if (r->refines >= 0)
			n = fprintf(fp, "%s (refines %s): ", r->name, reasons[r->refines].name);
		else
			n = fprintf(fp, "%s: ", r->name);
		wrap(o, r->summary, LABEL + (n > 0 ? (size_t)n : 0), LABEL);
	} else {
		labelled(o, "happened:", top.summary);
		if (!success && res->class != CLASS_NONE)
			continued(o, "(the reason is not known: the code alone cannot tell; the "
			             "reply text would)");
	}
	labelled(o, "retry:", retryline(res));
	if (top.remediation) {
		int n = 0;
		label(o, "to do:");
		if (r && r->actor != ACTOR_NONE)
			n = fprintf(fp, "(%s) ", actor_names[r->actor]);
		wrap(o, top.remediation, LABEL + (n > 0 ? (size_t)n : 0), LABEL);
	}
	labelled(o, "retrying:", res->retry_advice);
	labelled(o, "admin:", top.admin);

	/* then the evidence */
	classline(o, in, res);
	if (r && top.summary && strcmp(top.summary, r->summary) != 0)
		labelled(o, "meaning:", top.summary);
	if (o->verbose)
		labelled(o, "why:", top.explanation);
	labelled(o, "mismatch:", res->mismatch);
	label(o, "decided by:");
	rowname(o, &res->matches[0], &top);
	labelled(o, "source:", top.source);
	for (size_t i = 0; i < res->nnote; i++)
		labelled(o, "note:", res->notes[i]);
	for (size_t i = 1; i < res->nmatch; i++)
		text_other(o, &res->matches[i], i == 1);
}

/* the formats */

struct outformat {
	/* a header row of column names (CSV), or NULL */
	void (*header)(struct out *, const char *const *names, size_t n);
	/* one record of named values */
	void (*record)(struct out *, struct ctx *, const char *const *names,
	               const struct value *v, size_t n);
	/* one result, when the format does not write it as a record (text) */
	void (*result)(struct out *, const struct input *, const struct result *);
	/* a record names its fields, so those of a mail log's line are left out of the
	 * other inputs' (JSON); else every record has every column (CSV) */
	bool named;
};

static const struct outformat formats[FORMAT_COUNT] = {
	[FORMAT_TEXT] = {NULL, NULL, text_result, false},
	[FORMAT_JSON] = {NULL, json_record, NULL, true},
	[FORMAT_CSV] = {csv_header, csv_record, NULL, false},
};

void
output_init(struct out *o, FILE *fp, enum format format, bool color, bool verbose,
            size_t width)
{
	*o = (struct out){.fp = fp, .f = &formats[format], .color = color,
	                  .verbose = verbose, .width = width ? width : 80};
#ifdef FSETLOCKING_BYCALLER
	/* one thread writes: no lock taken for each of the many small writes */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
#endif
}

void
output_flush(struct out *o)
{
	(void)o;
	wflush();
}

void
output_begin(struct out *o)
{
	if (o->f->header && !o->started) {
		const char *names[countof(result_names)];
		o->f->header(o, names, result_fields(o, names));
		o->started = true;
	}
}

void
output_result(struct out *o, const struct input *in, const struct result *res,
              const char *tmpl, size_t tmpllen)
{
	if (o->f->result) {
		o->f->result(o, in, res);
		return;
	}
	struct ctx c = {.in = in, .res = res, .tmpl = tmpl, .tmpllen = tmpllen};
	const char *names[countof(result_names)];
	struct value v[countof(result_names)];
	size_t n = 0;
	if (res->nmatch)
		c.top = topfacts(res);
	for (size_t i = 0; i < countof(result_names); i++) {
		if ((o->verbose || !result_verbose[i]) &&
		    (!o->f->named || i < log_first || (in->mail ? true : in->log && i < mail_first))) {
			names[n] = result_names[i];
			v[n++] = result_get[i](&c);
		}
	}
	o->f->record(o, &c, names, v, n);
}

/* listings */

static const char *const entry_columns[] = {ENTRY_COLUMNS(SCHEMA_NAME)};
static const char *const reason_columns[] = {REASON_COLUMNS(SCHEMA_NAME)};
static const char *const phrase_columns[] = {PHRASE_COLUMNS(SCHEMA_NAME)};
static const char *const provider_columns[] = {PROVIDER_COLUMNS(SCHEMA_NAME)};
static const char *const tables_columns[] = {"table", "role", "entries", "files", "title"};

/* a listing: which rows, in which columns, and which of them text shows */
struct listing {
	const char *const *columns;  /* as in the table's files */
	size_t ncolumns;
	const char *const *heads;    /* text: the headings of the columns shown */
	const int *shown;            /* text: the indexes of the columns shown */
	size_t nshown;
	size_t count;                /* rows to try */
	/* fills v with the cells of row i, and *under with a line that text shows under
	 * it (or NULL); returns false for a row not in the listing */
	bool (*cells)(size_t i, int table, struct value *v, const char **under);
};

/* the cells of an entry of the table, in the columns of its file */
static bool
entry_cells(size_t i, int table, struct value *v, const char **under)
{
	const struct entry *e = &entries[i];
	if (e->table != table)
		return false;
	v[E_KEY] = str(e->key);
	v[E_KIND] = str(kind_names[e->kind]);
	v[E_CLASS] = str(class_names[e->class]);
	v[E_STANDARD] = boolean(e->standard);
	v[E_REASON] = str(e->reason >= 0 ? reasons[e->reason].name : NULL);
	v[E_TEXT] = str(e->text);
	v[E_SUMMARY] = str(e->summary);
	v[E_EXPLANATION] = str(e->explanation);
	v[E_REMEDIATION] = str(e->remediation);
	v[E_ADMIN] = str(e->admin);
	v[E_SOURCE] = str(e->source);
	v[E_WORDING] = str(e->rfcwording ? "rfc" : NULL);
	*under = e->text;
	return true;
}

static bool
reason_cells(size_t i, int table, struct value *v, const char **under)
{
	const struct reason *r = &reasons[i];
	(void)table;
	v[R_NAME] = str(r->name);
	v[R_REFINES] = str(r->refines >= 0 ? reasons[r->refines].name : NULL);
	v[R_BOUNCE] = str(bounce_names[r->bounce]);
	v[R_RETRY] = str(rule_names[r->retry]);
	v[R_ACTOR] = str(actor_names[r->actor]);
	v[R_SUMMARY] = str(r->summary);
	v[R_EXPLANATION] = str(r->explanation);
	v[R_REMEDIATION] = str(r->remediation);
	v[R_RETRY_ADVICE] = str(r->retry_advice);
	v[R_SOURCE] = str(r->source);
	v[R_PRECEDENCE] = (struct value){.type = V_NUM, .num = r->precedence};
	v[R_EXIT] = str(exitas_names[r->exitas]);
	*under = NULL;
	return true;
}

static bool
phrase_cells(size_t i, int table, struct value *v, const char **under)
{
	const struct phrase *p = &phrases[i];
	if (p->table != table)
		return false;
	static char stages[64]; /* the cell is written before the next row is made */
	size_t o = 0;
	stages[0] = '\0';
	for (int k = 1; k < STAGE_COUNT; k++)
		if (p->stages & 1u << k)
			o += (size_t)snprintf(stages + o, sizeof stages - o, "%s%s", o ? " " : "",
			                      stage_names[k]);
	v[P_PATTERN] = str(p->pattern);
	v[P_REASON] = str(reasons[p->reason].name);
	v[P_STAGE] = str(stages);
	v[P_PROVIDER] = str(p->provider);
	v[P_SOURCE] = str(p->source);
	*under = NULL;
	return true;
}

static bool
provider_cells(size_t i, int table, struct value *v, const char **under)
{
	const struct provider_rule *p = &provider_rules[i];
	if (p->table != table)
		return false;
	v[V_PROVIDER] = str(p->provider);
	v[V_KIND] = str(pkind_names[p->kind]);
	v[V_PATTERN] = str(p->pattern);
	v[V_NAME] = str(p->name);
	v[V_SOURCE] = str(p->source);
	*under = NULL;
	return true;
}

static bool
table_cells(size_t i, int table, struct value *v, const char **under)
{
	(void)table;
	v[0] = str(tables[i].name);
	v[1] = str(role_names[tables[i].role]);
	v[2] = (struct value){.type = V_NUM, .num = tables[i].rows};
	v[3] = str(tables[i].files);
	v[4] = str(tables[i].title);
	*under = NULL;
	return true;
}

/* text listings: the shown columns, each as wide as its widest cell, the last one
 * unpadded; one line a row, so that it can be searched with grep */

/* writes a cell as text into buf when it is not a string; returns its text */
static const char *
celltext(const struct value *v, char *buf, size_t n, size_t *len)
{
	const char *s = "-";
	if (v->type == V_STR) {
		*len = v->n;
		return v->s;
	}
	if (v->type == V_BOOL)
		s = v->num ? "true" : "false";
	if (v->type == V_NUM) {
		snprintf(buf, n, "%ld", v->num);
		s = buf;
	}
	*len = strlen(s);
	return s;
}

static void
textlist_row(const struct out *o, const struct listing *l, const size_t *width,
             const struct value *v)
{
	for (size_t i = 0; i < l->nshown; i++) {
		char buf[32];
		size_t n;
		const char *s = v ? celltext(&v[l->shown[i]], buf, sizeof buf, &n) : l->heads[i];
		if (!v)
			n = strlen(s);
		fputs(i == 0 ? esc(o, BOLD) : "", o->fp);
		fwrite(s, 1, n, o->fp);
		fputs(i == 0 ? esc(o, RESET) : "", o->fp);
		if (i + 1 < l->nshown)
			fprintf(o->fp, "%*s", (int)(width[i] - columns(s, n) + 1), "");
	}
	fputc('\n', o->fp);
}

_Static_assert(E_COUNT <= 16 && R_COUNT <= 16 && P_COUNT <= 16 && V_COUNT <= 16,
               "list_rows holds a row of any schema");

/* writes a listing: CSV and JSON as records of every column; text in two passes,
 * the first measuring the shown columns */
static void
list_rows(struct out *o, const struct listing *l, int table)
{
	struct value v[16];
	size_t width[8] = {0};
	const char *under;
	if (o->f->header)
		o->f->header(o, l->columns, l->ncolumns);
	if (o->f->record) {
		struct ctx c = {0};
		for (size_t i = 0; i < l->count; i++)
			if (l->cells(i, table, v, &under))
				o->f->record(o, &c, l->columns, v, l->ncolumns);
		return;
	}
	for (size_t k = 0; k < l->nshown; k++)
		width[k] = strlen(l->heads[k]);
	for (size_t i = 0; i < l->count; i++) {
		if (!l->cells(i, table, v, &under))
			continue;
		for (size_t k = 0; k < l->nshown; k++) {
			char buf[32];
			size_t n;
			const char *s = celltext(&v[l->shown[k]], buf, sizeof buf, &n);
			if (columns(s, n) > width[k])
				width[k] = columns(s, n);
		}
	}
	textlist_row(o, l, width, NULL);
	for (size_t i = 0; i < l->count; i++) {
		if (!l->cells(i, table, v, &under))
			continue;
		textlist_row(o, l, width, v);
		if (under)
			fprintf(o->fp, "%*s\"%s\"\n", (int)width[0] + 1, "", under);
	}
}

void
output_tables(struct out *o)
{
	static const char *const heads[] = {"TABLE", "ROLE", "ENTRIES", "TITLE"};
	static const int shown[] = {0, 1, 2, 4};
	const struct listing l = {tables_columns, countof(tables_columns), heads, shown,
	                          countof(shown), table_count, table_cells};
	list_rows(o, &l, -1);
}

void
output_table(struct out *o, int table)
{
	static const char *const eheads[] = {"KEY", "KIND", "CLASS", "REASON", "SUMMARY"};
	static const int eshown[] = {E_KEY, E_KIND, E_CLASS, E_REASON, E_SUMMARY};
	static const char *const rheads[] = {"REASON", "REFINES", "BOUNCE", "RETRY", "ACTOR",
	                                     "SUMMARY"};
	static const int rshown[] = {R_NAME, R_REFINES, R_BOUNCE, R_RETRY, R_ACTOR, R_SUMMARY};
	const struct listing entry = {entry_columns, E_COUNT, eheads, eshown, countof(eshown),
	                              entry_count, entry_cells};
	static const char *const pheads[] = {"REASON", "STAGE", "PROVIDER", "PATTERN"};
	static const int pshown[] = {P_REASON, P_STAGE, P_PROVIDER, P_PATTERN};
	const struct listing reason = {reason_columns, R_COUNT, rheads, rshown,
	                               countof(rshown), reason_count, reason_cells};
	const struct listing phrase = {phrase_columns, P_COUNT, pheads, pshown,
	                               countof(pshown), phrase_count, phrase_cells};
	static const char *const vheads[] = {"PROVIDER", "KIND", "PATTERN", "NAME"};
	static const int vshown[] = {V_PROVIDER, V_KIND, V_PATTERN, V_NAME};
	const struct listing provider = {provider_columns, V_COUNT, vheads, vshown,
	                                 countof(vshown), provider_rule_count, provider_cells};
	if (tables[table].role == ROLE_PHRASES)
		list_rows(o, &phrase, table);
	else if (tables[table].role == ROLE_PROVIDERS)
		list_rows(o, &provider, table);
	else
		list_rows(o, table == table_reasons ? &reason : &entry, table);
}
