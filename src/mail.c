/* mail.c: e-mails and the recipients they report (mail.h). One pass over the lines:
 * header fields are unfolded into one buffer, each body line is decoded as its part's
 * transfer encoding says and handed to its part's reader, and a boundary line ends a
 * part. The prose of a bounce without a delivery report is read at the end. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "mail.h"
#include "match.h"

/* the kinds of parts, by what their bodies are read for */
enum { K_NONE, K_TEXT, K_HTML, K_DSN, K_FEEDBACK, K_INNER };
enum { ENC_PLAIN, ENC_QP, ENC_BASE64 };

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
isequal(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && match_starts(s, n, w);
}

static bool
isspc(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* s[0..*n) without the white space around it */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && isspc(*s))
		s++, (*n)--;
	while (*n > 0 && isspc(s[*n - 1]))
		(*n)--;
	return s;
}

/* sets a bounded string: the text cut at its capacity, less one for a NUL */
static void
set(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	s = trim(s, &n);
	if (n > cap - 1)
		n = cap - 1;
	memmove(dst, s, n); /* (s may be dst, trimmed) */
	dst[n] = '\0';
	*len = n;
}
#define SET(m, name, s, n) set((m)->name, sizeof (m)->name, &(m)->name##len, (s), (n))

/* an address as fields write it: "rfc822; a@b", "<a@b>", "Name <a@b>" */
static void
setaddr(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	const char *semi = memchr(s, ';', n);
	if (semi && semi - s < 16) {
		n -= (size_t)(semi + 1 - s);
		s = semi + 1;
	}
	const char *lt = memchr(s, '<', n);
	if (lt) {
		const char *gt = memchr(lt, '>', n - (size_t)(lt - s));
		if (gt) {
			s = lt + 1;
			n = (size_t)(gt - lt - 1);
		}
	} else {
		/* "a@b (Name)": the comment is no part of it */
		const char *par = memchr(s, '(', n);
		if (par)
			n = (size_t)(par - s);
	}
	set(dst, cap, len, s, n);
}
#define SETADDR(m, name, s, n) setaddr((m)->name, sizeof (m)->name, &(m)->name##len, (s), (n))

/* a "type; value" field's value: "dns; mx.example.org" */
static const char *
after_type(const char *s, size_t *n)
{
	const char *semi = memchr(s, ';', *n);
	if (semi && semi - s < 16) {
		*n -= (size_t)(semi + 1 - s);
		return semi + 1;
	}
	return s;
}

/* an RFC 5322 date ("Thu, 29 Apr 2010 23:34:45 +0900") as ISO 8601
 * ("2010-04-29T23:34:45+09:00"), or as given when it is not one */
static void
setdate(char *dst, size_t cap, size_t *len, const char *s, size_t n)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	set(dst, cap, len, s, n);
	const char *p = dst, *end = dst + *len;
	const char *comma = memchr(p, ',', (size_t)(end - p));
	if (comma)
		p = comma + 1;
	while (p < end && *p == ' ')
		p++;
	int day = 0, mon = -1, year = 0, hh = 0, mi = 0, ss = 0;
	for (int k = 0; k < 2 && p < end && *p >= '0' && *p <= '9'; k++)
		day = day * 10 + (*p++ - '0');
	while (p < end && *p == ' ')
		p++;
	for (int k = 0; k < 12 && end - p >= 3; k++)
		if (match_starts(p, 3, (const char[]){months[3 * k], months[3 * k + 1], months[3 * k + 2], 0}))
			mon = k;
	if (mon < 0)
		return;
	p += 3;
	while (p < end && *p == ' ')
		p++;
	const char *y = p;
	for (int k = 0; k < 4 && p < end && *p >= '0' && *p <= '9'; k++)
		year = year * 10 + (*p++ - '0');
	if (p - y == 2)
		year += year < 50 ? 2000 : 1900;
	while (p < end && *p == ' ')
		p++;
	if (end - p < 5 || !day || day > 31 || year < 1970)
		return;
	for (int k = 0; k < 5; k++)
		if (k != 2 && !(p[k] >= '0' && p[k] <= '9'))
			return;
	if (p[2] != ':')
		return;
	hh = (p[0] - '0') * 10 + (p[1] - '0');
	mi = (p[3] - '0') * 10 + (p[4] - '0');
	p += 5;
	if (end - p >= 3 && p[0] == ':' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9') {
		ss = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	}
	while (p < end && *p == ' ')
		p++;
	char zone[8] = "";
	if (end - p >= 5 && (*p == '+' || *p == '-'))
		memcpy(zone, (const char[]){p[0], p[1], p[2], ':', p[3], p[4], 0}, 7);
	else if (end - p >= 2 && (match_starts(p, (size_t)(end - p), "gmt") || match_starts(p, (size_t)(end - p), "ut")))
		memcpy(zone, "Z", 2);
	char out[40];
	int k = snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%s", year, mon + 1, day,
	                 hh % 100, mi % 100, ss % 100, zone);
	if (k > 0 && (size_t)k < cap)
		set(dst, cap, len, out, (size_t)k);
}

bool
mail_mbox_from(const char *s, size_t n)
{
	/* "From MAILER-DAEMON Thu Apr 29 23:34:45 2010", "From a@b.example Mon ..." */
	return n > 10 && memcmp(s, "From ", 5) == 0 && s[5] != ' ' && memchr(s + 5, ' ', n - 5);
}

bool
mail_starts(const char *s, size_t n)
{
	static const char *const names[] = {
		"return-path:", "received:", "delivered-to:", "from:", "to:", "date:",
		"subject:", "message-id:", "mime-version:", "content-type:", "x-", "dkim-signature:",
		"authentication-results:", "arc-", "reply-to:", "sender:", "envelope-to:",
		"x-original-to:", "auto-submitted:", "precedence:", "errors-to:", "thread-",
		"in-reply-to:", "references:", "cc:", "resent-", "list-", "organization:",
		"newsgroups:", "path:", /* a message through a Usenet gateway (RFC 5536) */
	};
	if (mail_mbox_from(s, n))
		return true;
	const char *colon = memchr(s, ':', n < 64 ? n : 64);
	if (!colon || colon == s)
		return false;
	for (const char *p = s; p < colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (match_starts(s, n, names[i]))
			return true;
	return false;
}

void
mail_begin(struct mail *m)
{
	memset(&m->msg, 0, sizeof m->msg);
	m->nrcpt = 0;
	m->dropped = 0;
	m->anything = false;
	m->depth = 0;
	m->state = MAIL_HEADERS;
	m->kind = K_NONE;
	m->nextkind = K_TEXT; /* an e-mail without Content-Type is text/plain */
	m->enc = m->nextenc = ENC_PLAIN;
	m->nextmulti = false;
	m->charset[0] = m->nextcharset[0] = '\0';
	if (m->conv)
		iconv_close((iconv_t)m->conv); /* (of an e-mail not ended) */
	m->conv = NULL;
	m->inner = 0;
	m->innerreport = false;
	m->fieldlen = 0;
	m->declen = 0;
	m->b64 = m->b64bits = 0;
	m->curused = false;
	memset(&m->cur, 0, sizeof m->cur);
	m->textlen = 0;
	m->textseen = m->textdone = m->texthtml = m->preamble = false;
}

/* the recipient of the DSN group read, kept */
static void
group_end(struct mail *m)
{
	struct mailrcpt *c = &m->cur;
	if (m->curused && (c->recipientlen || c->origlen)) {
		if (!c->recipientlen)
			SET(c, recipient, c->orig, c->origlen);
		if (m->nrcpt < LIMIT_RECIPIENTS)
			m->rcpt[m->nrcpt++] = *c;
		else
			m->dropped++;
	}
	memset(c, 0, sizeof *c);
	m->curused = false;
}

/* a field of a delivery report (RFC 3464 2.2, 2.3) or of a feedback report (RFC 5965) */
static void
report_field(struct mail *m, const char *name, size_t nn, const char *v, size_t vn)
{
	struct mailrcpt *c = &m->cur;
	if (isequal(name, nn, "reporting-mta")) {
		v = after_type(v, &vn);
		SET(&m->msg, reporting_mta, v, vn);
		return;
	}
	if (isequal(name, nn, "feedback-type")) {
		SET(&m->msg, feedback_type, v, vn);
		m->msg.format = "feedback";
		return;
	}
	if (isequal(name, nn, "original-mail-from")) {
		SETADDR(&m->msg, sender, v, vn);
		return;
	}
	m->curused = true;
	if (isequal(name, nn, "final-recipient") || isequal(name, nn, "original-rcpt-to") ||
	    isequal(name, nn, "removal-recipient")) {
		/* a feedback report names each recipient of the message in a field */
		if (c->recipientlen && !isequal(name, nn, "final-recipient")) {
			struct mailrcpt keep = *c;
			group_end(m);
			*c = keep;
			m->curused = true;
		}
		SETADDR(c, recipient, v, vn);
	}
	else if (isequal(name, nn, "original-recipient"))
		SETADDR(c, orig, v, vn);
	else if (isequal(name, nn, "action"))
		SET(c, action, v, vn);
	else if (isequal(name, nn, "status")) {
		size_t k = 0;
		v = trim(v, &vn);
		while (k < vn && v[k] != ' ' && v[k] != '(')
			k++;
		SET(c, status, v, k);
	} else if (isequal(name, nn, "remote-mta")) {
		v = after_type(v, &vn);
		SET(c, remote_mta, v, vn);
	} else if (isequal(name, nn, "diagnostic-code"))
		SET(c, diagnostic, v, vn);
	else if (isequal(name, nn, "last-attempt-date"))
		setdate(c->last_attempt, sizeof c->last_attempt, &c->last_attemptlen, v, vn);
	else
		m->curused = c->recipientlen || c->origlen || c->statuslen || c->diagnosticlen;
}

/* parses a header field's parameters: the value of name= (quoted or not) */
static size_t
param(const char *v, size_t n, const char *name, const char **out)
{
	size_t k = strlen(name);
	for (size_t i = 0; i + k < n; i++) {
		if ((i == 0 || v[i - 1] == ';' || isspc(v[i - 1])) && match_starts(v + i, n - i, name) &&
		    v[i + k] == '=') {
			const char *p = v + i + k + 1, *end = v + n, *e;
			if (p < end && *p == '"') {
				p++;
				e = memchr(p, '"', (size_t)(end - p));
				if (!e)
					e = end;
			} else {
				for (e = p; e < end && *e != ';' && !isspc(*e); e++)
					;
			}
			*out = p;
			return (size_t)(e - p);
		}
	}
	return 0;
}

static int
b64value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static int
hexvalue(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* decodes base64 from s[*i..n) into out, at most cap bytes, the bits of an unfinished
 * byte carried in *acc and *bits from call to call; returns the bytes written, and
 * *i is where it stopped */
static size_t
unbase64(const char *s, size_t n, size_t *i, unsigned *acc, unsigned *bits, char *out,
         size_t cap)
{
	size_t o = 0;
	for (; *i < n && o < cap; (*i)++) {
		int v = b64value((unsigned char)s[*i]);
		if (v < 0)
			continue;
		*acc = (*acc << 6) | (unsigned)v;
		*bits += 6;
		if (*bits >= 8) {
			*bits -= 8;
			out[o++] = (char)((*acc >> *bits) & 0xff);
		}
	}
	return o;
}

/* decodes quoted-printable from s[*i..n) the same way; with underscore, '_' is a space
 * (RFC 2047's Q encoding) */
static size_t
unqp(const char *s, size_t n, size_t *i, bool underscore, char *out, size_t cap)
{
	size_t o = 0, j = *i;
	while (j < n && o < cap) {
		if (!underscore) {
			/* the bytes up to the next '=' as they are, at once */
			const char *eq = memchr(s + j, '=', n - j);
			size_t k = (size_t)((eq ? eq : s + n) - (s + j));
			if (k > cap - o)
				k = cap - o;
			memcpy(out + o, s + j, k);
			o += k;
			j += k;
			if (j >= n || o >= cap)
				break;
		}
		int h, l;
		if (s[j] == '=' && j + 2 < n && (h = hexvalue((unsigned char)s[j + 1])) >= 0 &&
		    (l = hexvalue((unsigned char)s[j + 2])) >= 0) {
			out[o++] = (char)(h * 16 + l);
			j += 3;
		} else {
			out[o++] = underscore && s[j] == '_' ? ' ' : s[j];
			j++;
		}
	}
	*i = j;
	return o;
}

/* a converter from charset cs[0..csn) to UTF-8, or NULL: for none, an unknown one, or
 * one that is UTF-8 already (ASCII) */
static void *
converter(const char *cs, size_t csn)
{
	char name[40];
	if (csn == 0 || csn >= sizeof name || match_starts(cs, csn, "utf-8") || match_starts(cs, csn, "us-ascii"))
		return NULL;
	memcpy(name, cs, csn);
	name[csn] = '\0';
	iconv_t cd = iconv_open("UTF-8", name);
	return cd == (iconv_t)-1 ? NULL : (void *)cd;
}

/* text converted to UTF-8 by conv, appended to out[*o..cap); as it is without conv
 * (it is then ASCII or UTF-8, or shown escaped); a byte not of the charset as it is */
static void
to_utf8(void *conv, const char *s, size_t n, char *out, size_t *o, size_t cap)
{
	iconv_t cd = (iconv_t)conv;
	if (!conv) {
		size_t k = n < cap - *o ? n : cap - *o;
		memcpy(out + *o, s, k);
		*o += k;
		return;
	}
	char *in = (char *)s, *to = out + *o;
	size_t inleft = n, outleft = cap - *o;
	while (inleft > 0 && outleft > 0) {
		if (iconv(cd, &in, &inleft, &to, &outleft) != (size_t)-1)
			break;
		if ((errno != EILSEQ && errno != EINVAL) || outleft == 0)
			break; /* the output is full */
		/* a byte not of the charset: as it is, and on */
		*to++ = *in++;
		inleft--, outleft--;
	}
	iconv(cd, NULL, NULL, &to, &outleft); /* the shift back, for ISO-2022-JP */
	*o = (size_t)(to - out);
}

/* a header field's value with its encoded words (RFC 2047: "=?ISO-2022-JP?B?...?=",
 * "=?utf-8?Q?...?=") decoded to UTF-8, into out of cap bytes; returns its length */
static size_t
decode_words(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool lastword = false;
	for (size_t i = 0; i < n && o < cap;) {
		const char *q1, *q2, *q3;
		if (s[i] == '=' && i + 1 < n && s[i + 1] == '?' &&
		    (q1 = memchr(s + i + 2, '?', n - i - 2)) != NULL && q1 + 3 < s + n &&
		    q1[2] == '?' && (q2 = q1 + 2) && (q3 = memmem(q2 + 1, (size_t)(s + n - q2 - 1), "?=", 2)) != NULL) {
			const char *cs = s + i + 2, *t = q2 + 1;
			size_t csn = (size_t)(q1 - cs), tn = (size_t)(q3 - t);
			const char *star = memchr(cs, '*', csn); /* RFC 2231's language */
			if (star)
				csn = (size_t)(star - cs);
			char raw[256];
			size_t k = 0;
			unsigned acc = 0, bits = 0;
			size_t r = lower((unsigned char)q1[1]) == 'b'
			                   ? unbase64(t, tn, &k, &acc, &bits, raw, sizeof raw)
			                   : unqp(t, tn, &k, true, raw, sizeof raw);
			/* white space between two encoded words is not part of the text */
			if (lastword)
				while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t'))
					o--;
			void *conv = converter(cs, csn);
			to_utf8(conv, raw, r, out, &o, cap);
			if (conv)
				iconv_close((iconv_t)conv);
			i = (size_t)(q3 + 2 - s);
			lastword = true;
			continue;
		}
		if (s[i] != ' ' && s[i] != '\t')
			lastword = false;
		out[o++] = s[i++];
	}
	return o;
}

/* a part's header field: its type and encoding; the e-mail's own From, Subject,
 * Return-Path and Auto-Submitted; the returned message's From, Subject and
 * Message-ID */
static void
part_field(struct mail *m, const char *name, size_t nn, const char *v, size_t vn)
{
	/* most fields (Received:, X-...:, DKIM-Signature:) are none of these */
	unsigned char c = nn ? lower((unsigned char)name[0]) : 0;
	if (c != 'c' && c != 'f' && c != 's' && c != 'm' && c != 't' && c != 'x' && c != 'a' &&
	    c != 'r')
		return;
	v = trim(v, &vn);
	if (m->inner == 1) {
		if (isequal(name, nn, "content-type")) {
			const char *b = NULL;
			size_t bn = param(v, vn, "boundary", &b);
			m->innerreport = match_starts(v, vn, "multipart/report") && bn > 0 &&
			                 bn < sizeof m->nextboundary;
			if (m->innerreport) {
				memcpy(m->nextboundary, b, bn);
				m->nextblen = bn;
			}
		}
		else if (isequal(name, nn, "from"))
			SETADDR(&m->msg, sender, v, vn);
		else if (isequal(name, nn, "subject")) {
			char d[sizeof m->msg.subject];
			SET(&m->msg, subject, d, decode_words(v, vn, d, sizeof d - 1));
		}
		else if (isequal(name, nn, "message-id"))
			SETADDR(&m->msg, message_id, v, vn);
		else if (isequal(name, nn, "x-hmxmroriginalrecipient")) {
			/* the recipient who complained, in a Hotmail complaint (JMRP) */
			SETADDR(&m->msg, to, v, vn);
			m->msg.tomany = false;
			m->msg.complaint = true;
		}
		else if (isequal(name, nn, "to") && !m->msg.tolen) {
			SETADDR(&m->msg, to, v, vn);
			const char *at = memchr(v, '@', vn);
			m->msg.tomany = at && memchr(at + 1, '@', (size_t)(v + vn - at - 1));
		}
		return;
	}
	if (isequal(name, nn, "content-type")) {
		const char *b = NULL;
		size_t bn = param(v, vn, "boundary", &b);
		m->nextmulti = match_starts(v, vn, "multipart/") && bn > 0 && bn < sizeof m->nextboundary;
		const char *cs = NULL;
		size_t csn = param(v, vn, "charset", &cs);
		if (csn < sizeof m->nextcharset) {
			memcpy(m->nextcharset, cs ? cs : "", csn);
			m->nextcharset[csn] = '\0';
		}
		if (m->nextmulti) {
			memcpy(m->nextboundary, b, bn);
			m->nextblen = bn;
		}
		m->nextkind = match_starts(v, vn, "message/delivery-status") ||
		                      match_starts(v, vn, "message/global-delivery-status")
		                  ? K_DSN
		              : match_starts(v, vn, "message/feedback-report") ? K_FEEDBACK
		              : match_starts(v, vn, "message/rfc822") || match_starts(v, vn, "message/global") ||
		                      match_starts(v, vn, "text/rfc822-headers") ||
		                      match_starts(v, vn, "message/global-headers")
		                  ? K_INNER
		              : match_starts(v, vn, "text/plain") ? K_TEXT
		              : match_starts(v, vn, "text/html")  ? K_HTML
		                                                  : K_NONE;
	} else if (isequal(name, nn, "content-transfer-encoding")) {
		m->nextenc = match_starts(v, vn, "base64") ? ENC_BASE64
		             : match_starts(v, vn, "quoted-printable") ? ENC_QP : ENC_PLAIN;
	} else if (m->depth == 0 && m->kind == K_NONE && !m->msg.fromlen && isequal(name, nn, "from")) {
		SETADDR(&m->msg, from, v, vn);
	} else if (m->depth == 0 && isequal(name, nn, "subject") && !m->msg.own_subjectlen) {
		char d[sizeof m->msg.own_subject];
		SET(&m->msg, own_subject, d, decode_words(v, vn, d, sizeof d - 1));
	} else if (m->depth == 0 && isequal(name, nn, "return-path")) {
		m->msg.nullpath = vn == 2 && v[0] == '<' && v[1] == '>';
	} else if (m->depth == 0 && isequal(name, nn, "x-failed-recipients")) {
		SET(&m->msg, failed, v, vn);
	} else if (m->depth == 0 && isequal(name, nn, "x-spasign")) {
		m->msg.spasign = match_starts(v, vn, "ng");
	} else if (m->depth == 0 && isequal(name, nn, "x-apple-unsubscribe")) {
		m->msg.unsubscribe = match_starts(v, vn, "true");
	} else if (isequal(name, nn, "auto-submitted") && match_starts(v, vn, "auto-replied")) {
		m->msg.autoreply = true;
	}
}

/* the header field unfolded so far is complete */
static void
field_end(struct mail *m, bool report)
{
	if (!m->fieldlen)
		return;
	const char *f = m->field, *colon = memchr(f, ':', m->fieldlen);
	if (colon) {
		size_t nn = (size_t)(colon - f);
		const char *v = colon + 1;
		size_t vn = m->fieldlen - nn - 1;
		trim(f, &nn);
		if (report)
			report_field(m, f, nn, v, vn);
		else
			part_field(m, f, nn, v, vn);
	}
	m->fieldlen = 0;
}

/* adds a line to the field being unfolded: a continuation joins it with a space */
static void
field_add(struct mail *m, const char *s, size_t n, bool report)
{
	bool more = n > 0 && (s[0] == ' ' || s[0] == '\t');
	/* a parameter that lost its fold's white space ("boundary=..." under a
	 * Content-Type: ...;") still belongs to its field */
	if (!more && m->fieldlen && m->field[m->fieldlen - 1] == ';' &&
	    (match_starts(s, n, "boundary=") || match_starts(s, n, "charset=")))
		more = true;
	if (!more)
		field_end(m, report);
	else if (!m->fieldlen)
		return; /* a continuation of nothing */
	else
		s = trim(s, &n);
	if (more && m->fieldlen < sizeof m->field)
		m->field[m->fieldlen++] = ' ';
	if (n > sizeof m->field - m->fieldlen)
		n = sizeof m->field - m->fieldlen;
	memcpy(m->field + m->fieldlen, s, n);
	m->fieldlen += n;
}

/* the returned message is a delivery report itself, and the e-mail reported none
 * before it (a report forwarded as an attachment, as some gateways and users send
 * them): its parts are read as the e-mail's own, the headers read of it forgotten
 * (those of the message it returns in turn are the original's) */
static void
open_report(struct mail *m)
{
	memcpy(m->boundary[m->depth], m->nextboundary, m->nextblen);
	m->blen[m->depth++] = m->nextblen;
	m->kind = K_NONE; /* its preamble */
	m->inner = 0;
	m->innerreport = false;
	SET(&m->msg, sender, "", 0);
	SET(&m->msg, subject, "", 0);
	SET(&m->msg, message_id, "", 0);
	SET(&m->msg, to, "", 0);
	m->msg.tomany = false;
}

/* a decoded line of the part's body */
static void
body_line(struct mail *m, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\r')
		n--;
	switch (m->kind) {
	case K_DSN:
	case K_FEEDBACK:
		if (n == 0 || (n == 1 && s[0] == ' ')) {
			field_end(m, true);
			group_end(m);
		} else {
			field_add(m, s, n, true);
		}
		break;
	case K_INNER:
		if (m->inner != 1)
			break;
		if (n == 0) {
			field_end(m, false);
			m->inner = 2; /* its body is not read */
			if (m->innerreport && m->nrcpt == 0 && !m->curused && m->depth < LIMIT_MIMEDEPTH)
				open_report(m);
		} else {
			field_add(m, s, n, false);
		}
		break;
	case K_TEXT:
		if (m->textdone)
			break;
		/* in UTF-8, for the words to be matched */
		to_utf8(m->conv, s, n, m->text, &m->textlen, sizeof m->text - 1);
		if (m->textlen < sizeof m->text)
			m->text[m->textlen++] = '\n';
		break;
	case K_HTML: {
		if (m->textdone)
			break;
		size_t at = m->textlen;
		to_utf8(m->conv, s, n, m->text, &m->textlen, sizeof m->text - 1);
		m->textlen = at + html_text(&m->html, m->text + at, m->textlen - at,
		                            sizeof m->text - 1 - at);
		break;
	}
	}
}

/* appends decoded bytes, handing on each line they end */
static void
decoded(struct mail *m, const char *s, size_t n, bool eol)
{
	const char *end = s + n;
	while (s < end) {
		/* the bytes up to the line's end at once; what the buffer has no room for
		 * is dropped */
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t k = (size_t)((nl ? nl : end) - s), room = sizeof m->dec - m->declen;
		if (k > room)
			k = room;
		memcpy(m->dec + m->declen, s, k);
		m->declen += k;
		if (!nl)
			break;
		body_line(m, m->dec, m->declen);
		m->declen = 0;
		s = nl + 1;
	}
	if (eol) {
		body_line(m, m->dec, m->declen);
		m->declen = 0;
	}
}

/* a raw line of the part's body, decoded as its encoding says */
static void
raw_body(struct mail *m, const char *s, size_t n)
{
	if (m->kind == K_NONE || (m->kind == K_INNER && m->inner != 1) ||
	    ((m->kind == K_TEXT || m->kind == K_HTML) && m->textdone))
		return; /* not read: an attachment costs nothing */
	char buf[256];
	size_t i = 0, o;
	if (m->enc == ENC_BASE64) {
		while (i < n) {
			o = unbase64(s, n, &i, &m->b64, &m->b64bits, buf, sizeof buf);
			decoded(m, buf, o, false);
		}
		return;
	}
	if (m->enc == ENC_QP) {
		if (n > 0 && s[n - 1] == '\r')
			n--;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		bool soft = n > 0 && s[n - 1] == '=';
		if (soft)
			n--;
		do {
			o = unqp(s, n, &i, false, buf, sizeof buf);
			decoded(m, buf, o, i >= n && !soft); /* a soft break joins the next line */
		} while (i < n);
		return;
	}
	body_line(m, s, n);
}

/* the part being read ends (at a boundary, or at the end of the e-mail) */
static void
part_end(struct mail *m)
{
	if (m->declen)
		decoded(m, "", 0, true);
	if (m->kind == K_DSN || m->kind == K_FEEDBACK) {
		field_end(m, true);
		group_end(m);
		if (m->kind == K_DSN && !m->msg.format)
			m->msg.format = "dsn";
	}
	if (m->kind == K_INNER && m->inner == 1)
		field_end(m, false);
	if ((m->kind == K_TEXT || m->kind == K_HTML) && m->textseen)
		m->textdone = true;
	if (m->conv) {
		iconv_close((iconv_t)m->conv);
		m->conv = NULL;
	}
	m->b64 = m->b64bits = 0;
	m->kind = K_NONE;
	m->inner = 0;
	m->innerreport = false;
}

/* the headers of a part end: its body begins */
static void
headers_end(struct mail *m)
{
	field_end(m, false);
	m->state = MAIL_BODY;
	m->kind = m->nextkind;
	m->enc = m->nextenc;
	memcpy(m->charset, m->nextcharset, sizeof m->charset);
	if (m->kind == K_TEXT && m->texthtml) {
		/* a plain text after an HTML one (multipart/alternative in the wrong
		 * order): the plain one is read instead */
		m->textlen = 0;
		m->textseen = m->textdone = m->texthtml = false;
	}
	if (m->kind == K_TEXT || m->kind == K_HTML) {
		if (m->textseen) {
			m->kind = K_NONE; /* the first text part is the one read */
		} else {
			m->conv = converter(m->charset, strlen(m->charset));
			m->texthtml = m->kind == K_HTML;
			if (m->texthtml)
				html_begin(&m->html);
		}
		m->textseen = true;
	}
	if (m->kind == K_INNER)
		m->inner = 1;
	if (m->nextmulti && m->depth < LIMIT_MIMEDEPTH) {
		memcpy(m->boundary[m->depth], m->nextboundary, m->nextblen);
		m->blen[m->depth++] = m->nextblen;
		m->kind = K_NONE; /* the preamble */
		if (m->depth == 1 && !m->textseen) {
			/* read as the text, should no boundary follow (a multipart whose
			 * boundaries were lost) */
			m->kind = K_TEXT;
			m->enc = ENC_PLAIN;
			m->preamble = true;
		}
	}
	m->nextkind = K_TEXT;
	m->nextenc = ENC_PLAIN;
	m->nextmulti = false;
	m->nextcharset[0] = '\0';
}

/* which open boundary the line is, and whether it closes it; -1: none */
static int
boundary_at(const struct mail *m, const char *s, size_t n, bool *close)
{
	if (n < 3 || s[0] != '-' || s[1] != '-')
		return -1;
	while (n > 2 && isspc(s[n - 1]))
		n--;
	for (int k = m->depth - 1; k >= 0; k--) {
		size_t b = m->blen[k];
		if (n >= 2 + b && memcmp(s + 2, m->boundary[k], b) == 0) {
			if (n == 2 + b) {
				*close = false;
				return k;
			}
			if (n == 4 + b && s[2 + b] == '-' && s[3 + b] == '-') {
				*close = true;
				return k;
			}
		}
	}
	return -1;
}

void
mail_line(struct mail *m, const char *s, size_t n)
{
	m->anything = true;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	bool close;
	int k = m->depth ? boundary_at(m, s, n, &close) : -1;
	if (k >= 0) {
		if (m->state == MAIL_HEADERS)
			field_end(m, false);
		else
			part_end(m);
		if (m->preamble) {
			m->textlen = 0; /* a preamble, not the text */
			m->preamble = false;
		}
		m->depth = close ? k : k + 1;
		m->state = close ? MAIL_BODY : MAIL_HEADERS;
		m->kind = K_NONE;
		m->nextkind = K_TEXT;
		m->nextenc = ENC_PLAIN;
		m->nextmulti = false;
		m->nextcharset[0] = '\0';
		return;
	}
	if (m->state == MAIL_HEADERS) {
		if (n == 0)
			headers_end(m);
		else
			field_add(m, s, n, false);
		return;
	}
	raw_body(m, s, n);
}

/* the prose of a bounce without a report: each paragraph of the text that names an
 * address and holds a reply code, an enhanced code or "said:" is one recipient, its
 * words the diagnostic. Postfix's "<a@b>: host x said: 550 ...", qmail's "<a@b>:" then
 * "Remote host said: ...", Exim's "  a@b" then its indented reasons, Sendmail's
 * "<a@b>... User unknown" */
static bool
addr_at(const char *s, size_t n, size_t i, size_t *b, size_t *e)
{
	/* s[i] is '@': the address around it */
	size_t x = i, y = i + 1;
	while (x > 0 && !isspc(s[x - 1]) && s[x - 1] != '<' && s[x - 1] != '(' && s[x - 1] != '"' &&
	       s[x - 1] != ':' && s[x - 1] != '\n' && s[x - 1] != ',')
		x--;
	while (y < n && !isspc(s[y]) && s[y] != '>' && s[y] != '<' && s[y] != ')' && s[y] != '\n' &&
	       s[y] != ',' && s[y] != ';' && s[y] != '"')
		y++;
	while (y > i + 1 && (s[y - 1] == '.' || s[y - 1] == ':'))
		y--;
	if (x == i || y <= i + 2 || !memchr(s + i, '.', y - i))
		return false;
	*b = x;
	*e = y;
	return true;
}

/* a new recipient, of the address s[0..n) */
static struct mailrcpt *
newrcpt(struct mail *m, const char *s, size_t n)
{
	struct mailrcpt *c = &m->rcpt[m->nrcpt++];
	memset(c, 0, sizeof *c);
	SET(c, recipient, s, n);
	return c;
}

static bool
has_code(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++) {
		if ((s[i] == '4' || s[i] == '5') && s[i + 1] >= '0' && s[i + 1] <= '9' &&
		    s[i + 2] >= '0' && s[i + 2] <= '9' && (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9')) &&
		    (i + 3 == n || s[i + 3] == ' ' || s[i + 3] == '-' || s[i + 3] == '.'))
			return true;
	}
	return false;
}

/* where the returned message starts in a bounce's words: its copy is no recipient's */
static bool
copy_starts(const char *s, size_t n)
{
	static const char *const marks[] = {
		"original message", "copy of the message", "copy of your message",
		"below this line is a copy", "undelivered message follows", "returned message",
		"message headers follow", "original message follows", "original text follows",
		"message text follows", "unsent message follows",
	};
	if (n == 0)
		return false;
	/* (most lines are told by their first byte: the words start with one of six) */
	unsigned char c0 = lower((unsigned char)s[0]);
	if (c0 == 'r' && (match_starts(s, n, "return-path:") || match_starts(s, n, "received:")))
		return true;
	/* a short line that is the announcement ("Original message follows.") */
	if (n < 60 && match_first(s, n, marks, sizeof marks / sizeof marks[0]) >= 0)
		return true;
	/* else the announcing line is short, and starts with a dash, a star, a space ... */
	if (n < 8 || n > 160 || !(s[0] == '-' || s[0] == '=' || s[0] == '*' || s[0] == '[' ||
	                          s[0] == '>' || s[0] == ' ' || s[0] == '|'))
		return false;
	return match_anywhere(s, n, marks, sizeof marks / sizeof marks[0]);
}

/* where the copy of the returned message starts in the words t[0..end), or end */
static const char *
before_copy(const char *t, const char *end)
{
	for (const char *p = t; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (copy_starts(p, (size_t)((nl ? nl : end) - p)))
			return p;
		p = nl ? nl + 1 : end;
	}
	return end;
}

/* whether words hold a reply code or an enhanced code anywhere, however punctuated
 * (":550,", "5.2.1") */
static bool
some_code(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++) {
		bool digits = s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9';
		bool dotted = s[i + 1] == '.' && s[i + 2] >= '0' && s[i + 2] <= '9';
		if ((s[i] == '4' || s[i] == '5') && (digits || dotted) &&
		    (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9')) &&
		    (!digits || i + 3 == n || !(s[i + 3] >= '0' && s[i + 3] <= '9')))
			return true;
	}
	return false;
}

/* whether a line is Sendmail's own of a recipient refused: a code, then the address in
 * angle brackets ("554 <a@b>... 550 Host unknown") */
static bool
sendmail_line(const char *s, size_t n)
{
	return n > 6 && (s[0] == '4' || s[0] == '5') && s[1] >= '0' && s[1] <= '9' &&
	       s[2] >= '0' && s[2] <= '9' && s[3] == ' ' && s[4] == '<';
}

/* an address that starts a line, as bounces list the failed ones: "  a@b",
 * "<a@b>:", "<a@b>: host x said: ...", "<a@b>... User unknown", "a@b: reason" */
static bool
line_addr(const char *s, size_t n, size_t *b, size_t *e)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (sendmail_line(s + i, n - i))
		i += 4; /* "554 <a@b>... Remote protocol error" */
	if (i < n && s[i] == '<')
		i++;
	const char *at = memchr(s + i, '@', n - i);
	if (!at)
		return false;
	for (const char *p = s + i; p < at; p++)
		if (*p == ' ' || *p == '<' || *p == '>' || *p == ',')
			return false;
	if (!addr_at(s, n, (size_t)(at - s), b, e) || *b != i)
		return false;
	/* after it: nothing, ">", ":", "...", " (", " on <date>" (Exchange's), or words
	 * after a ':' */
	size_t k = *e;
	if (k < n && s[k] == '>')
		k++;
	size_t punct = k;
	while (k < n && (s[k] == ':' || s[k] == '.'))
		k++;
	punct = k - punct;
	while (k < n && s[k] == ' ')
		k++;
	return k == n || punct > 0 || s[k] == '(' || s[k] == '[' || match_starts(s + k, n - k, "on ") ||
	       (k > *e && some_code(s + k, n - k)); /* Zoho's "a@b Invalid Address, ERROR_CODE :550" */
}

/* tells whether s[0..n) is what a bounce writes before a failed address that ends
 * its line: one to six words of letters, ending in ':' ("Unknown user:") or in "to"
 * ("undeliverable to") */
static bool
label_before(const char *s, size_t n)
{
	size_t i = 0, words = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || isequal(s + i, n - i, "mail from:"))
		return false; /* the envelope sender, as Apache James lists it */
	for (; i < n; words++) {
		size_t b = i;
		while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		                 s[i] == '-' || s[i] == '\''))
			i++;
		if (i == b)
			return false;
		bool colon = i < n && s[i] == ':';
		if (colon)
			i++;
		/* a header field of a message quoted ("To: a@b", "CC: a@b", "Message-id:
		 * <a@b>") names no failure */
		static const char *const fields[] = {"to:", "cc:", "bcc:", "from:", "reply-to:",
		                                     "sender:", "message-id:", "in-reply-to:",
		                                     "references:", "return-path:", "subject:"};
		for (size_t k = 0; i == n && words == 0 && colon && k < sizeof fields / sizeof fields[0]; k++)
			if (isequal(s + b, i - b, fields[k]))
				return false;
		if (i == n)
			return words < 6 && (colon || (i - b == 2 && match_starts(s + b, 2, "to")));
		if (s[i] != ' ' || colon)
			return false;
		while (i < n && s[i] == ' ')
			i++;
	}
	return false;
}

/* tells whether the words of t that end at p say that a message went, or did not go,
 * to the address after them: "delivered to", "delivery to", "message to" */
static bool
delivered_to(const char *t, const char *p)
{
	static const char *const words[] = {"delivered to", "deliver to", "delivery to",
	                                    "message to"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t n = strlen(words[k]);
		if ((size_t)(p - t) >= n && match_starts(p - n, n, words[k]) &&
		    ((size_t)(p - t) == n || p[-(long)n - 1] == ' ' || p[-(long)n - 1] == '\n'))
			return true;
	}
	return false;
}

/* a mail system's own address */
static bool
mail_daemon(const char *a, size_t n)
{
	return match_starts(a, n, "mailer-daemon@") || match_starts(a, n, "postmaster@") ||
	       isequal(a, n, "mailer-daemon") || isequal(a, n, "postmaster");
}

/* a mailing list's address for its commands and its owner ("list-request@" (RFC
 * 2369), "owner-list@", Mailman's "list-bounces@", fml's "list-ctl@"): a notice
 * names it to say where to write, not who failed */
static bool
list_address(const char *a, size_t n)
{
	if (match_starts(a, n, "owner-"))
		return true;
	static const char *const tails[] = {"-request@", "-ctl@", "-bounces@", "-owner@"};
	const char *at = memchr(a, '@', n);
	for (size_t i = 0; at && i < sizeof tails / sizeof tails[0]; i++) {
		size_t k = strlen(tails[i]);
		if ((size_t)(at + 1 - a) >= k && match_starts(at + 1 - k, k, tails[i]))
			return true;
	}
	return false;
}

/* an address that no bounce reports as failed: the reporter's own, the sender's, a
 * list's own */
static bool
not_recipient(const struct mail *m, const char *a, size_t n)
{
	const struct mailmsg *g = &m->msg;
	if ((g->senderlen == n && memcmp(a, g->sender, n) == 0) ||
	    (g->fromlen == n && memcmp(a, g->from, n) == 0))
		return true;
	return mail_daemon(a, n) || list_address(a, n);
}

/* tells whether s[0..n) is a rule: '=' or '-' only */
static bool
rule(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '=' && s[i] != '-')
			return false;
	return true;
}

/* appends the line t[0..n) to a recipient's diagnostic o bytes long, after a space,
 * its tabs made spaces; the new length */
static size_t
add_line(struct mailrcpt *c, size_t o, const char *t, size_t n)
{
	if (o > 0 && c->diagnostic[o - 1] != ' ' && o < sizeof c->diagnostic - 1)
		c->diagnostic[o++] = ' ';
	for (size_t i = 0; i < n && o < sizeof c->diagnostic - 1; i++)
		c->diagnostic[o++] = t[i] == '\t' ? ' ' : t[i];
	return o;
}

/* the diagnostic o bytes long of a recipient, with no code: the lines under a later
 * line that names the recipient alone, before the returned message (Exchange's
 * "Diagnostic information for administrators:", then the address, then "Remote
 * Server returned '550 5.1.1 ...'"), when they hold one; its new length */
static size_t
again_later(struct mail *m, struct mailrcpt *c, const char *d, const char *end, size_t o)
{
	for (int lines = 0; d < end && lines < 100; lines++) {
		const char *nl = memchr(d, '\n', (size_t)(end - d));
		size_t ln = (size_t)((nl ? nl : end) - d), b, e;
		if (copy_starts(d, ln))
			break;
		const char *t = trim(d, &ln);
		d = nl ? nl + 1 : end;
		if (!line_addr(t, ln, &b, &e) || b > 1 || e + (b == 1) != ln ||
		    e - b != c->recipientlen || memcmp(t + b, c->recipient, e - b) != 0 ||
		    not_recipient(m, t + b, e - b))
			continue;
		/* the lines under it, up to an empty one */
		size_t k = o;
		while (d < end && k < sizeof c->diagnostic - 1) {
			nl = memchr(d, '\n', (size_t)(end - d));
			ln = (size_t)((nl ? nl : end) - d);
			t = trim(d, &ln);
			if (ln == 0)
				break;
			k = add_line(c, k, t, ln);
			d = nl ? nl + 1 : end;
		}
		return has_code(c->diagnostic + o, k - o) ? k : o;
	}
	return o;
}

/* the diagnostic of the recipient listed at text[at..): the rest of its line and the
 * lines after it, up to the next recipient or an empty line; when that holds no code
 * yet, the paragraph after it too (Gmail's "Technical details of ...") */
static void
diagnose(struct mail *m, struct mailrcpt *c, const char *d, const char *end)
{
	size_t o = 0, titleat = 0;
	int paragraphs = 0;
	while (d < end && o < sizeof c->diagnostic - 1) {
		const char *nl = memchr(d, '\n', (size_t)(end - d));
		const char *le = nl ? nl : end;
		size_t ln = (size_t)(le - d), b, e;
		const char *t = d;
		size_t tn = ln;
		t = trim(t, &tn);
		bool listed = o > 0 && line_addr(d, ln, &b, &e) && !not_recipient(m, d + b, e - b);
		if (listed && e - b == c->recipientlen && memcmp(d + b, c->recipient, e - b) == 0) {
			/* the same recipient again (Sendmail's transcript: "<a@b>... Deferred:
			 * Connection refused by mx.example.net."): what that line says */
			t = d + e, tn = ln - e;
			while (tn && (*t == '>' || *t == '.' || *t == ':' || *t == ' '))
				t++, tn--;
			t = trim(t, &tn);
			listed = false;
		}
		if (o > 0 && (copy_starts(d, ln) || listed))
			break;
		/* a title between rules of dashes ("----- Transcript of session follows
		 * -----") says nothing of the recipient */
		if (tn > 6 && memcmp(t, "---", 3) == 0 && memcmp(t + tn - 3, "---", 3) == 0) {
			d = nl ? nl + 1 : end;
			continue;
		}
		/* a rule under a title ("Additional Information", then "=====") starts
		 * another section: the title is none of the recipient's words */
		if (tn >= 3 && o > 0 && rule(t, tn)) {
			o = titleat;
			break;
		}
		if (tn == 0) {
			if (o > 0 && (has_code(c->diagnostic, o) || ++paragraphs > 1))
				break;
		} else {
			titleat = o;
			o = add_line(c, o, t, tn);
		}
		d = nl ? nl + 1 : end;
	}
	if (o > 0 && !has_code(c->diagnostic, o))
		o = again_later(m, c, d, end, o);
	set(c->diagnostic, sizeof c->diagnostic, &c->diagnosticlen, c->diagnostic, o);
}

/* whether a recipient's diagnostic names an address that is not the recipient's */
static bool
names_another(const struct mailrcpt *c)
{
	const char *s = c->diagnostic;
	size_t n = c->diagnosticlen, b, e;
	for (const char *at = memchr(s, '@', n); at; at = memchr(at + 1, '@', n - (size_t)(at + 1 - s))) {
		if (!addr_at(s, n, (size_t)(at - s), &b, &e))
			continue;
		bool same = e - b == c->recipientlen;
		for (size_t i = 0; same && i < e - b; i++)
			same = lower((unsigned char)s[b + i]) == lower((unsigned char)c->recipient[i]);
		if (!same)
			return true;
	}
	return false;
}

/* the diagnostic of a recipient whose line and the lines after it say nothing: the
 * lines of its paragraph before it, as Lotus Notes writes the reason first ("User
 * not listed in public Name & Address Book", then the address), up to a line of
 * dashes that heads the section or another recipient's line */
static void
diagnose_before(struct mailrcpt *c, const char *t, const char *line)
{
	const char *b = line;
	bool alone = true; /* the address is a paragraph of its own so far */
	bool labels = true;
	while (b > t) {
		const char *q = b - 1; /* the '\n' that ends the line before */
		const char *s = q;
		while (s > t && s[-1] != '\n')
			s--;
		size_t n = (size_t)(q - s), ab, ae;
		const char *v = trim(s, &n);
		if (n == 0 && alone && b == line) {
			/* the paragraph before it, then (EZweb's "The user(s) account is
			 * disabled.", a blank line, "<a@b>") */
			line = b = s;
			continue;
		}
		const char *z = line;
		while (z > b && (z[-1] == '\n' || z[-1] == '\r' || z[-1] == ' '))
			z--;
		if (n == 0 && !alone && labels && z > b && z[-1] == ':') {
			/* that paragraph only announces the list ("The following recipients did
			 * not receive this message:"): the one before it too */
			labels = false;
			line = b; /* (and not the words that announce it) */
			b = s;
			continue;
		}
		if (n == 0 || v[0] == '-' || v[0] == '=' || v[0] == '*' || line_addr(s, (size_t)(q - s), &ab, &ae))
			break; /* (another recipient's line is its own) */
		b = s;
		alone = false;
	}
	size_t o = 0;
	for (const char *d = b; d < line && o < sizeof c->diagnostic - 1; d++) {
		char ch = *d == '\n' || *d == '\t' || *d == '\r' ? ' ' : *d;
		if (ch != ' ' || (o && c->diagnostic[o - 1] != ' '))
			c->diagnostic[o++] = ch;
	}
	while (o && c->diagnostic[o - 1] == ' ')
		o--;
	set(c->diagnostic, sizeof c->diagnostic, &c->diagnosticlen, c->diagnostic, o);
}

/* the headers of the returned message copied into the words (from its first header
 * field to an empty line): its sender, subject and Message-ID, if no part gave them */
static void
copied(struct mail *m, const char *p, const char *end)
{
	if (m->msg.senderlen || m->msg.subjectlen)
		return;
	bool started = false;
	int saved = m->inner;
	m->inner = 1;
	m->fieldlen = 0;
	for (int lines = 0; p < end && lines < 200; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - p);
		const char *colon = memchr(p, ':', ln);
		bool field = colon && colon > p && !memchr(p, ' ', (size_t)(colon - p));
		started |= field; /* (the line that announces the copy holds no field) */
		if (started) {
			if (ln == 0)
				break;
			field_add(m, p, ln, false);
		}
		p = nl ? nl + 1 : end;
	}
	field_end(m, false);
	m->inner = saved;
}

/* a delivery report's fields written into the words (Amazon WorkMail's "Technical
 * report:", Exchange's and others' copies of them): read as a report */
static void
inline_report(struct mail *m, const char *t, const char *end)
{
	static const char *const names[] = {
		"final-recipient:", "original-recipient:", "action:", "status:", "remote-mta:",
		"diagnostic-code:", "last-attempt-date:", "reporting-mta:",
	};
	bool in = false;
	for (const char *p = t; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - p);
		size_t k = 0;
		while (k < ln && p[k] == ' ')
			k++;
		bool field = match_first(p + k, ln - k, names, sizeof names / sizeof names[0]) >= 0;
		if (field) {
			field_add(m, p + k, ln - k, true);
			in = true;
		} else if (in && ln > k && k > 0 && m->fieldlen) {
			field_add(m, p, ln, true); /* a folded line */
		} else if (in) {
			field_end(m, true);
			group_end(m);
			in = false;
		}
		p = nl ? nl + 1 : end;
	}
	field_end(m, true);
	group_end(m);
}

/* where the words about address a begin when they name it by its local part alone on
 * a line (Exim's "  kijitora", an address of the local domain as it was given): after
 * that line; else at t */
static const char *
local_line(const char *t, const char *end, const char *a, size_t n)
{
	const char *at = memchr(a, '@', n);
	size_t ln = at ? (size_t)(at - a) : n;
	for (const char *p = t; p < end && ln;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p);
		const char *w = trim(p, &k);
		if (k == ln && memcmp(w, a, ln) == 0)
			return nl ? nl + 1 : end;
		p = nl ? nl + 1 : end;
	}
	return t;
}

static bool transcript_words(const char *t, const char *end, struct mailrcpt *c, bool any);
static void human_words(struct mail *m);

/* a report's only recipient that is no address (Sendmail's "Final-Recipient: RFC822;
 * @mx.example.org", a route without its mailbox, or Sun's "@host:a@server"): its
 * Original-Recipient, or else the first address the human part lists at the start of
 * a line */
static void
listed_instead(const struct mail *m, struct mailrcpt *c, const char *t, const char *end)
{
	if (c->origlen) { /* the Original-Recipient, when the report gives it */
		SET(c, recipient, c->orig, c->origlen);
		return;
	}
	for (const char *p = t; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - p), b, e;
		if (line_addr(p, ln, &b, &e) && !not_recipient(m, p + b, e - b)) {
			SET(c, recipient, p + b, e - b);
			return;
		}
		p = nl ? nl + 1 : end;
	}
}

/* Postfix's notice to the postmaster of a session's errors ("Postfix SMTP server:
 * errors from ...", whose transcript writes " In:  RCPT TO:<a@b>" and " Out: 451 4.3.0
 * Error: queue file write error"): each recipient the client gave that the server
 * refused, at RCPT or after it, with that refusal and its command. Returns whether it
 * was one. */
static bool
inout_transcript(struct mail *m, const char *t, const char *end)
{
	if (!memmem(t, (size_t)(end - t), "\n In:  ", 7))
		return false;
	const char *cmd = NULL;
	size_t cmdn = 0, first = m->nrcpt, last = (size_t)-1;
	for (const char *p = t; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - p);
		const char *lt, *gt;
		bool in = ln > 6 && memcmp(p, " In:  ", 6) == 0;
		bool more = !in && cmd && ln > 5 && memcmp(p, "     ", 5) == 0;
		if (in)
			cmd = p + 6, cmdn = ln - 6;
		if ((in || more) && match_starts(cmd, cmdn, "rcpt") &&
		    (lt = memchr(p, '<', ln)) != NULL &&
		    (gt = memchr(lt, '>', (size_t)(p + ln - lt))) != NULL && gt - lt > 2 &&
		    m->nrcpt < LIMIT_RECIPIENTS) {
			last = m->nrcpt;
			newrcpt(m, lt + 1, (size_t)(gt - lt - 1));
		}
		if (cmd && ln > 9 && memcmp(p, " Out: ", 6) == 0 && (p[6] == '4' || p[6] == '5')) {
			/* a refusal: of the last recipient (RCPT), or of all so far */
			bool rcpt = match_starts(cmd, cmdn, "rcpt");
			for (size_t i = rcpt ? last : first; i < m->nrcpt && i != (size_t)-1; i++) {
				struct mailrcpt *c = &m->rcpt[i];
				if (c->diagnosticlen)
					continue;
				SET(c, diagnostic, p + 6, ln - 6);
				/* the command, as a transcript's words tell it */
				char w[sizeof c->words];
				size_t o = 4;
				memcpy(w, ">>> ", 4);
				for (size_t j = 0; j < cmdn && o < sizeof w - 1; j++)
					w[o++] = cmd[j];
				SET(c, words, w, o);
			}
		}
		p = nl ? nl + 1 : end;
	}
	/* the recipients it accepted and no refusal followed are no failures */
	size_t k = first;
	for (size_t i = first; i < m->nrcpt; i++)
		if (m->rcpt[i].diagnosticlen)
			m->rcpt[k++] = m->rcpt[i];
	m->nrcpt = k;
	return true;
}

/* the string value of a JSON key at or after p, whether the JSON stands alone or is
 * itself a string (an SNS notification's "Message", whose quotes are \"): where it
 * starts (*v, *vn), and where the search may go on; NULL when the key is not there */
static const char *
json_key(const char *p, const char *end, const char *key, const char **v, size_t *vn)
{
	size_t kn = strlen(key);
	const char *start = p;
	while (p < end) {
		const char *k = memmem(p, (size_t)(end - p), key, kn);
		if (!k)
			return NULL;
		const char *q = k + kn;
		p = q;
		if (k == start || k[-1] != '"' || q >= end || (*q != '"' && *q != '\\'))
			continue; /* not a whole key */
		while (q < end && (*q == '\\' || *q == '"' || *q == ' '))
			q++;
		if (q >= end || *q != ':')
			continue;
		q++;
		while (q < end && *q == ' ')
			q++;
		bool escaped = q < end && *q == '\\';
		if (escaped)
			q++;
		if (q >= end || *q != '"')
			continue;
		const char *b = ++q;
		while (q < end && *q != '"' && *q != '\n')
			q++;
		if (escaped && q > b && q[-1] == '\\')
			q--; /* the \ of the closing \" */
		*v = b;
		*vn = (size_t)(q - b);
		return q;
	}
	return NULL;
}

/* a notification of Amazon SES (JSON alone, or inside an SNS notification) of a bounce,
 * a complaint or a delivery: each recipient with its action, status and diagnostic
 * (Amazon SES Developer Guide, "Contents of notifications for Amazon SES"). Returns
 * whether it was one. */
static bool
ses_notification(struct mail *m, const char *t, const char *end)
{
	const char *v, *after;
	size_t vn;
	if (!json_key(t, end, "notificationType", &v, &vn) && !json_key(t, end, "eventType", &v, &vn))
		return false;
	bool bounce = isequal(v, vn, "bounce"), complaint = isequal(v, vn, "complaint");
	bool delivery = isequal(v, vn, "delivery");
	if (!bounce && !complaint && !delivery)
		return false;
	if (!m->msg.senderlen && json_key(t, end, "source", &v, &vn)) /* the message's sender */
		SETADDR(&m->msg, sender, v, vn);
	const char *list = memmem(t, (size_t)(end - t),
	                          bounce ? "bouncedRecipients" : complaint ? "complainedRecipients"
	                                                                   : "\"delivery\"",
	                          bounce ? 17 : complaint ? 20 : 10);
	if (!list && delivery) /* ("delivery\": inside an SNS notification) */
		list = memmem(t, (size_t)(end - t), "delivery\\\"", 10);
	if (!list)
		return false;
	if (delivery) {
		/* "recipients":["a@b", ...], "smtpResponse":"250 2.6.0 Message received" */
		const char *r = memmem(list, (size_t)(end - list), "recipients", 10), *rend;
		if (!r || (rend = memchr(r, ']', (size_t)(end - r))) == NULL)
			return false;
		const char *resp = NULL;
		size_t respn = 0;
		json_key(list, end, "smtpResponse", &resp, &respn);
		for (const char *p = r + 10; p < rend && m->nrcpt < LIMIT_RECIPIENTS;) {
			const char *at = memchr(p, '@', (size_t)(rend - p));
			size_t b, e;
			if (!at)
				break;
			const char *w = at;
			while (w > p && w[-1] != '"')
				w--;
			if (addr_at(w, (size_t)(rend - w), (size_t)(at - w), &b, &e) && b == 0) {
				while (e > 0 && w[e - 1] == '\\')
					e--; /* the \ of an escaped closing quote */
				struct mailrcpt *c = newrcpt(m, w, e);
				SET(c, action, "delivered", 9);
				if (resp)
					SET(c, diagnostic, resp, respn);
				p = w + e;
			} else {
				p = at + 1;
			}
		}
		return m->nrcpt > 0;
	}
	if (complaint) {
		const char *ft = "abuse";
		size_t ftn = 5;
		json_key(t, end, "complaintFeedbackType", &ft, &ftn);
		SET(&m->msg, feedback_type, ft, ftn);
		m->msg.format = "feedback";
	}
	/* each "emailAddress", and the fields after it up to the next one */
	for (const char *p = list; m->nrcpt < LIMIT_RECIPIENTS &&
	                           (after = json_key(p, end, "emailAddress", &v, &vn)) != NULL;) {
		const char *next = memmem(after, (size_t)(end - after), "emailAddress", 12);
		const char *stop = next ? next : end, *f;
		size_t fn;
		struct mailrcpt *c = newrcpt(m, v, vn);
		if (bounce) {
			if (json_key(after, stop, "action", &f, &fn))
				SET(c, action, f, fn);
			if (json_key(after, stop, "status", &f, &fn))
				SET(c, status, f, fn);
			if (json_key(after, stop, "diagnosticCode", &f, &fn))
				SET(c, diagnostic, f, fn);
		}
		p = after;
		/* the recipients' list ends at its ']' */
		const char *close = memchr(after, ']', (size_t)(stop - after));
		if (close && close < stop)
			break;
	}
	return m->nrcpt > 0;
}

/* the prose of a bounce without a report: the recipients it lists at the start of a
 * line (or that its X-Failed-Recipients header names), each with the words after it */
static void
prose(struct mail *m)
{
	const char *t = m->text, *end = t + m->textlen;
	/* the words before the returned message, whose headers may follow them */
	const char *copy = before_copy(t, end);
	if (copy < end)
		copied(m, copy, end);
	end = copy;
	int sendmail = 0;
	if (ses_notification(m, t, m->text + m->textlen)) {
		if (!m->msg.format)
			m->msg.format = "dsn";
		return;
	}
	inline_report(m, t, m->text + m->textlen);
	if (m->nrcpt) {
		m->msg.format = "dsn";
		human_words(m);
		return;
	}
	if (inout_transcript(m, t, end) && m->nrcpt) {
		m->msg.format = "prose";
		return;
	}
	/* the recipients X-Failed-Recipients names, each with its words where the text
	 * lists it (or anywhere in the text) */
	const char *f = m->msg.failed, *fend = f + m->msg.failedlen;
	while (f < fend && m->nrcpt < LIMIT_RECIPIENTS) {
		while (f < fend && (*f == ',' || *f == ' '))
			f++;
		const char *fe = f;
		while (fe < fend && *fe != ',' && *fe != ' ')
			fe++;
		size_t fn = (size_t)(fe - f);
		if (fn && memchr(f, '@', fn)) {
			struct mailrcpt *c = newrcpt(m, f, fn);
			const char *d = NULL;
			for (const char *p = t; p < end && !d;) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t ln = (size_t)((nl ? nl : end) - p), b, e;
				if (line_addr(p, ln, &b, &e) && e - b == fn &&
				    memcmp(p + b, f, fn) == 0)
					d = p + e;
				p = nl ? nl + 1 : end;
			}
			if (!d && (d = memmem(t, (size_t)(end - t), f, fn)) != NULL)
				d += fn;
			if (!d) /* named by its local part alone, or nowhere in the words (Google
			         * Groups'): all of them */
				d = local_line(t, end, f, fn);
			if (d) {
				while (d < end && (*d == '>' || *d == ':' || *d == '.' || *d == ' '))
					d++;
				diagnose(m, c, d, end);
			}
		}
		f = fe;
	}
	for (const char *p = t; p < end && !m->msg.failedlen && m->nrcpt < LIMIT_RECIPIENTS;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ln = (size_t)(le - p), b, e;
		if (line_addr(p, ln, &b, &e) && !not_recipient(m, p + b, e - b)) {
			bool again = false;
			for (size_t i = 0; i < m->nrcpt && !again; i++)
				again = m->rcpt[i].recipientlen == e - b &&
				        memcmp(m->rcpt[i].recipient, p + b, e - b) == 0;
			if (!again) {
				struct mailrcpt *c = newrcpt(m, p + b, e - b);
				const char *d = p + e;
				while (d < le && (*d == '>' || *d == ':' || *d == '.' || *d == ' '))
					d++;
				if (sendmail_line(trim(p, &ln), ln)) {
					/* Sendmail's line of the recipient: the rest of it, or the
					 * transcript's reply that refused it */
					SET(c, diagnostic, d, (size_t)(le - d));
					sendmail++;
				} else {
					diagnose(m, c, d, end);
					/* an address alone on its line, the words after it only
					 * naming whom to write to ("Please reply to
					 * Postmaster@example.com if you feel this message to be in
					 * error.", as Netscape's and Sun's servers end): its reason
					 * is the paragraph before it */
					if (d == le && c->diagnosticlen &&
					    !some_code(c->diagnostic, c->diagnosticlen) &&
					    names_another(c)) {
						diagnose_before(c, t, p);
						if (!c->diagnosticlen)
							diagnose(m, c, d, end);
					}
				}
				if (!c->diagnosticlen)
					diagnose_before(c, t, p);
			}
		}
		p = nl ? nl + 1 : end;
	}
	/* the only recipient of Sendmail's lines: the reply the transcript shows, when it
	 * shows one (">>> MAIL From:<a@b>", "<<< 550 Insecure Mail Relay") */
	if (sendmail == 1 && m->nrcpt == 1 &&
	    transcript_words(t, end, &m->rcpt[0], true)) {
		struct mailrcpt *c = &m->rcpt[0];
		const char *r = memmem(c->words, c->wordslen, " <<< ", 5);
		if (r)
			SET(c, diagnostic, r + 5, (size_t)(c->words + c->wordslen - r - 5));
	}
	/* else an address that ends a line after a few words that say what befell it
	 * ("Unknown user: a@b", "Invalid final delivery userid: a@b", "undeliverable to
	 * a@b"), the line and the lines after it its diagnostic */
	for (const char *p = t; !m->nrcpt && p < end && !m->msg.failedlen;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		while (le > p && (le[-1] == ' ' || le[-1] == '\r' || le[-1] == '.'))
			le--;
		/* the address bare or in angle brackets ("User's mailbox is full: <a@b>") */
		bool angle = le > p && le[-1] == '>';
		const char *ae = angle ? le - 1 : le;
		size_t ln = (size_t)(ae - p), b, e;
		const char *sp = ae, *at;
		while (sp > p && sp[-1] != ' ')
			sp--;
		const char *as = sp + (angle && sp < ae && *sp == '<');
		if (sp > p + 1 && (!angle || as > sp) && (at = memchr(as, '@', (size_t)(ae - as))) != NULL &&
		    addr_at(p, ln, (size_t)(at - p), &b, &e) && p + e == ae &&
		    b == (size_t)(as - p) && !not_recipient(m, p + b, e - b) &&
		    label_before(p, (size_t)(sp - 1 - p))) {
			struct mailrcpt *c = newrcpt(m, p + b, e - b);
			diagnose(m, c, p, end);
			/* no reply there: the first line of the words that starts with one
			 * (Apache James writes "Error message below:", the reply, then the
			 * message's details with "RCPT TO: a@b") */
			for (const char *q = t; q < end && !has_code(c->diagnostic, c->diagnosticlen);) {
				const char *ql = memchr(q, '\n', (size_t)(end - q));
				size_t qn = (size_t)((ql ? ql : end) - q);
				const char *w = trim(q, &qn);
				if (qn > 4 && has_code(w, 4))
					diagnose(m, c, w, end);
				q = ql ? ql + 1 : end;
			}
		}
		p = nl ? nl + 1 : end;
	}
	/* else the first address in angle brackets in a sentence ("There was an error
	 * delivering your mail to <a@b>."), with the words after it */
	for (const char *p = t; !m->nrcpt && p < end;) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *gt;
		if (!lt || (gt = memchr(lt, '>', (size_t)(end - lt))) == NULL)
			break;
		const char *at = memchr(lt, '@', (size_t)(gt - lt));
		size_t b, e;
		/* (not the sender of a transcript's "MAIL FROM:<a@b>", or of "From: <a@b>") */
		const char *f = lt;
		while (f > t && f[-1] == ' ')
			f--;
		bool sender = f - t >= 5 && match_starts(f - 5, 5, "from:");
		if (at && gt - lt < 256 && !sender &&
		    addr_at(lt, (size_t)(gt - lt), (size_t)(at - lt), &b, &e) && b == 1 && lt + e == gt &&
		    !not_recipient(m, lt + 1, e - 1) && !m->msg.failedlen) {
			struct mailrcpt *c = newrcpt(m, lt + 1, e - 1);
			const char *d = gt + 1;
			while (d < end && (*d == '.' || *d == ':' || *d == ' ' || *d == '\r'))
				d++;
			/* nothing after it on its line: the sentence that names it says what
			 * befell it ("You are not a member of this mailing list <a@b>.") */
			if (d < end && *d == '\n')
				for (d = lt; d > t && d[-1] != '\n';)
					d--;
			diagnose(m, c, d, end);
		}
		p = gt + 1;
	}
	/* else, of a bounce (from the null sender or a mailer daemon), the first address
	 * after a colon in a sentence ("The following recipients returned permanent
	 * errors: a@b. Reason: ..."), or after the words that say it was not delivered
	 * to it ("Your message wasn't delivered to a@b because ...", "your message to
	 * a@b could not be delivered"), with the words after it */
	for (const char *p = t; !m->nrcpt && p + 2 < end &&
	                        (m->msg.nullpath || mail_daemon(m->msg.from, m->msg.fromlen));) {
		const char *at = memchr(p, '@', (size_t)(end - p));
		if (!at)
			break;
		const char *w = at;
		while (w > t && w[-1] != ' ' && w[-1] != '\n')
			w--;
		size_t b, e;
		if (w - t >= 2 && w[-1] == ' ' && (w[-2] == ':' || delivered_to(t, w - 1)) &&
		    addr_at(w, (size_t)(end - w), (size_t)(at - w), &b, &e) && b == 0 &&
		    !not_recipient(m, w, e)) {
			struct mailrcpt *c = newrcpt(m, w, e);
			const char *d = w + e;
			while (d < end && (*d == '.' || *d == ' '))
				d++;
			diagnose(m, c, d, end);
		}
		p = at + 1;
	}
	/* else, of a bounce (its Return-Path the null sender) that names no recipient in
	 * its words, the returned message's one To (Verizon's "Message could not be
	 * delivered to mobile."), its diagnostic the words */
	if (!m->nrcpt && m->msg.nullpath && m->msg.tolen && !m->msg.tomany &&
	    copy < m->text + m->textlen && !not_recipient(m, m->msg.to, m->msg.tolen)) {
		struct mailrcpt *c = newrcpt(m, m->msg.to, m->msg.tolen);
		diagnose(m, c, local_line(t, end, m->msg.to, m->msg.tolen), end);
	}
	if (m->nrcpt && !m->msg.format)
		m->msg.format = "prose";
}

/* the command and the reply of a Sendmail transcript that refused recipient c
 * (">>> DATA" and "<<< 550 Unknown user r@example.org"): the pair whose reply names c,
 * or when any may do, the first; written to c's words, since the command is the
 * stage (a DATA answered twice was a pipelined RCPT). Returns whether there was one. */
static bool
transcript_words(const char *t, const char *end, struct mailrcpt *c, bool any)
{
	const char *cmd = NULL, *got = NULL, *reply = NULL;
	size_t cmdn = 0, gotn = 0, replyn = 0;
	for (const char *p = t; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = (size_t)((nl ? nl : end) - p);
		if (ln > 4 && memcmp(p, ">>> ", 4) == 0) {
			cmd = p, cmdn = ln;
		} else if (cmd && ln > 7 && memcmp(p, "<<< ", 4) == 0 && (p[4] == '4' || p[4] == '5')) {
			bool names = c->recipientlen && memmem(p, ln, c->recipient, c->recipientlen);
			if (names || (any && !got)) {
				got = cmd, gotn = cmdn, reply = p, replyn = ln;
				if (names)
					break;
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (!got)
		return false;
	/* another reply after it to the same command: the server answered a pipelined
	 * RCPT, then refused DATA for want of recipients ("<<< 554 Error: no valid
	 * recipients", "<<< 503 5.0.0 Need RCPT") */
	bool pipelined = false;
	if (gotn >= 8 && match_starts(got + 4, gotn - 4, "data")) {
		bool final = false;
		for (const char *p = reply; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t ln = (size_t)((nl ? nl : end) - p);
			if (ln > 4 && memcmp(p, ">>> ", 4) == 0)
				break;
			if (ln > 7 && memcmp(p, "<<< ", 4) == 0) {
				if (final) {
					pipelined = true;
					break;
				}
				final = p[7] != '-'; /* the reply's last line */
			}
			p = nl ? nl + 1 : end;
		}
	}
	char buf[sizeof c->words];
	size_t o = 0;
	if (pipelined)
		got = ">>> pipelined RCPT", gotn = 18;
	for (size_t k = 0; k < gotn && o < sizeof buf - 1; k++)
		buf[o++] = got[k] == '\t' || got[k] == '\r' ? ' ' : got[k];
	if (o < sizeof buf - 1)
		buf[o++] = ' ';
	for (size_t k = 0; k < replyn && o < sizeof buf - 1; k++)
		buf[o++] = reply[k] == '\t' || reply[k] == '\r' ? ' ' : reply[k];
	set(c->words, sizeof c->words, &c->wordslen, buf, o);
	return true;
}

/* a report's recipient that is a pipe or a file ("|/usr/bin/prog", "/var/mail/x"), as
 * Exim writes an alias's or a filter's delivery: the address that "generated" it, as
 * its human part says ("  save to /var/mail/x\n    generated by a@b"), and the words
 * after that as its diagnostic when the report gives none */
static void
generated_by(struct mail *m, struct mailrcpt *c, const char *t, const char *end)
{
	if (!c->recipientlen || (c->recipient[0] != '|' && c->recipient[0] != '/'))
		return;
	const char *from = memmem(t, (size_t)(end - t), c->recipient,
	                          c->recipientlen < 40 ? c->recipientlen : 40);
	if (!from && m->nrcpt > 1)
		return;
	const char *g = memmem(from ? from : t, (size_t)(end - (from ? from : t)), "generated by ", 13);
	if (!g || (from && g - from > 400))
		return;
	const char *a = g + 13, *le = memchr(a, '\n', (size_t)(end - a));
	const char *at = memchr(a, '@', (size_t)((le ? le : end) - a));
	size_t b, e;
	if (!at || !addr_at(a, (size_t)((le ? le : end) - a), (size_t)(at - a), &b, &e) || b != 0)
		return;
	SET(c, recipient, a, e);
	if (!c->diagnosticlen && le)
		diagnose(m, c, le + 1, end);
}

/* the human part's words on each recipient of a report: the command of a Sendmail
 * transcript that refused it, the paragraph that lists it, or for the only
 * recipient, all the words before the returned message */
static void
human_words(struct mail *m)
{
	const char *t = m->text, *end = before_copy(t, t + m->textlen);
	for (size_t i = 0; i < m->nrcpt; i++) {
		struct mailrcpt *c = &m->rcpt[i];
		struct mailrcpt w;
		const char *d = NULL;
		generated_by(m, c, t, end);
		if (c->recipientlen && c->recipient[0] == '@' && (c->origlen || m->nrcpt == 1))
			listed_instead(m, c, t, end);
		if (transcript_words(t, end, c, m->nrcpt == 1))
			continue;
		for (const char *p = t; p < end && !d && c->recipientlen;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t ln = (size_t)((nl ? nl : end) - p), b, e;
			if (line_addr(p, ln, &b, &e) && e - b == c->recipientlen &&
			    memcmp(p + b, c->recipient, e - b) == 0)
				d = p + e;
			p = nl ? nl + 1 : end;
		}
		while (d && d < end && (*d == '>' || *d == ':' || *d == ' '))
			d++;
		/* named in a sentence ("Your message wasn't delivered to a@b because ..."): the
		 * words from the start of its line */
		const char *in;
		if (!d && m->nrcpt == 1 && c->recipientlen &&
		    (in = memmem(t, (size_t)(end - t), c->recipient, c->recipientlen)) != NULL) {
			while (in > t && in[-1] != '\n')
				in--;
			d = in;
		}
		if (!d && m->nrcpt == 1) {
			/* not listed: the last of the words (a transcript's end), lines joined */
			d = end - t > (long)sizeof c->words - 1 ? end - (sizeof c->words - 1) : t;
			size_t o = 0;
			for (; d < end; d++)
				c->words[o++] = *d == '\n' || *d == '\t' ? ' ' : *d;
			set(c->words, sizeof c->words, &c->wordslen, c->words, o);
			continue;
		}
		if (!d)
			continue;
		SET(&w, recipient, c->recipient, c->recipientlen);
		diagnose(m, &w, d, end);
		SET(c, words, w.diagnostic, w.diagnosticlen);
		c->listed = true;
	}
}

/* an automatic reply by its subject's words, as vacation programs write them */
static bool
vacation_subject(const char *s, size_t n)
{
	static const char *const words[] = {"out of office", "out of the office", "automatic reply",
	                                    "auto reply", "autoreply", "auto-reply", "vacation",
	                                    "abwesenheit", "absence", "away from"};
	if (match_starts(s, n, "auto:") || match_starts(s, n, "automatische antwort"))
		return true;
	return match_anywhere(s, n, words, sizeof words / sizeof words[0]);
}

void
mail_end(struct mail *m)
{
	if (m->state == MAIL_HEADERS)
		headers_end(m);
	part_end(m);
	if (m->nrcpt == 0 && !m->msg.format &&
	    vacation_subject(m->msg.own_subject, m->msg.own_subjectlen))
		m->msg.autoreply = true;
	/* a complaint of Microsoft's Junk Mail Reporting Program in its "RFC822 attachment"
	 * format: the message from staff@hotmail.com, with the recipient who complained
	 * (MSN Hotmail JMRP partner FAQ) */
	if (m->nrcpt == 0 && m->msg.feedback_type[0] == '\0' && m->msg.complaint &&
	    isequal(m->msg.from, m->msg.fromlen, "staff@hotmail.com")) {
		SET(&m->msg, feedback_type, "abuse", 5);
		m->msg.format = "feedback";
	}
	/* Apple Mail's request to unsubscribe (Spam Resource, "FAQ: List Unsubscribe on Apple
	 * Mail on iOS", 2023), sent for its user to the address of the
	 * message's List-Unsubscribe (RFC 2369): a complaint of the kind "opt-out" from the
	 * recipient who sends it */
	if (m->nrcpt == 0 && m->msg.feedback_type[0] == '\0' && m->msg.unsubscribe &&
	    m->msg.fromlen) {
		SET(&m->msg, feedback_type, "opt-out", 7);
		m->msg.format = "feedback";
		newrcpt(m, m->msg.from, m->msg.fromlen);
	}
	/* Google Groups' refusal of a post, in the language of the group: from Google's
	 * mailer daemon, for an address of googlegroups.com that X-Failed-Recipients names,
	 * linking to the groups' help ("the group you tried to contact may not exist, or
	 * you may not have permission to post messages to the group") */
	if (mail_daemon(m->msg.from, m->msg.fromlen) &&
	    memmem(m->msg.failed, m->msg.failedlen, "@googlegroups.com", 17) &&
	    memmem(m->text, m->textlen, "groups.google.com/", 18))
		m->msg.fallback = "rejected";
	/* au's (KDDI's, EZweb's) bounce of a message that its filter of unwanted mail
	 * refused carries X-SPASIGN: NG (sisimai Lhost::EZweb); its words ("Each of the
	 * following recipients was rejected by a remote mail server") do not say why */
	if (m->msg.spasign) {
		m->msg.fallback = "filtered";
		m->msg.fallback_note = "nothing in the words was read: the bounce's X-SPASIGN: NG "
		                       "header is au's (KDDI's) mark of mail that its filter refused";
	}
	/* a bounce in words, though it says it was "auto-replied" (Postfix's do) */
	if (m->nrcpt == 0 && m->msg.feedback_type[0] == '\0')
		prose(m);
	else if (m->msg.format && strcmp(m->msg.format, "dsn") == 0)
		human_words(m);
	if (m->nrcpt)
		m->msg.autoreply = false;
	/* (an "auto-reply" of a mailer daemon is a bounce not read, not an absence) */
	if (m->nrcpt == 0 && m->msg.autoreply && !mail_daemon(m->msg.from, m->msg.fromlen)) {
		/* an auto-reply: its sender is the recipient who is away */
		struct mailrcpt *c = newrcpt(m, m->msg.from, m->msg.fromlen);
		SET(c, diagnostic, m->msg.own_subject, m->msg.own_subjectlen);
		m->msg.format = "autoreply";
	}
	/* a feedback report without Original-Rcpt-To: the returned message's To */
	if (m->nrcpt == 0 && m->msg.feedback_type[0])
		newrcpt(m, m->msg.to, m->msg.tolen);
}
