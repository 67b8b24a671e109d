/* logline.c: mail log lines (logline.h). A line is first tested by a few byte
 * comparisons for a header; only a Postfix line that holds "status=", "reject" or
 * "from=<" is read further, field by field, once. */
#define _GNU_SOURCE /* memmem: POSIX.1-2024, and in glibc, musl and the BSDs long before */
#include <stdint.h>
#include <string.h>

#include "limit.h"
#include "logline.h"
#include "logread.h"
#include "names.h"
#include "wrapper.h"

static bool
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* the bytes of a word (letters and digits), those that end a program's name in a
 * syslog header (':', ' ', '['), those that end a Postfix field's value (',', ' ',
 * ';'), and the punctuation of a service's name: a table, as every line's header is
 * read by it */
enum { B_WORD = 1, B_PROGEND = 2, B_VALEND = 4, B_NAMEPUNCT = 8 /* '-', '.', '_' */ };
#define W B_WORD
#define P B_PROGEND
#define V B_VALEND
#define N B_NAMEPUNCT
static const unsigned char bytes[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	P | V, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, V, N, N, 0,
	W, W, W, W, W, W, W, W, W, W, P, V, 0, 0, 0, 0,
	0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, P, 0, 0, 0, N,
	0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0,
};
#undef W
#undef P
#undef V
#undef N

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdig(s[i]))
			return false;
	return true;
}

/* tells whether s starts with two digits: every line's header is read by it */
static bool
two(const char *s)
{
	return (unsigned)(s[0] - '0') < 10u && (unsigned)(s[1] - '0') < 10u;
}

/* the length of "hh:mm:ss" and maybe a fraction at s, or 0 */
static size_t
clock_at(const char *s, size_t n)
{
	if (n < 8 || !two(s) || s[2] != ':' || !two(s + 3) || s[5] != ':' || !two(s + 6))
		return 0;
	size_t i = 8;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		size_t j = i + 1;
		while (j < n && isdig(s[j]))
			j++;
		if (j > i + 1)
			i = j;
	}
	return i;
}

/* tells whether a month's name and a space start s: its three letters, compared at once */
static bool
month_at(const char *s, size_t n)
{
	if (n < 4 || s[3] != ' ')
		return false;
#define M(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))
	switch (M((unsigned char)s[0], (unsigned char)s[1], (unsigned char)s[2])) {
	case M('J', 'a', 'n'): case M('F', 'e', 'b'): case M('M', 'a', 'r'):
	case M('A', 'p', 'r'): case M('M', 'a', 'y'): case M('J', 'u', 'n'):
	case M('J', 'u', 'l'): case M('A', 'u', 'g'): case M('S', 'e', 'p'):
	case M('O', 'c', 't'): case M('N', 'o', 'v'): case M('D', 'e', 'c'):
		return true;
	}
#undef M
	return false;
}

/* the length of a classic syslog time at s ("Nov  4 10:00:00", "Nov 14 10:00:00"), or 0 */
static size_t
classic_at(const char *s, size_t n)
{
	/* (14 bytes at least, "Nov 4 10:00:00": the day's bytes need no bounds) */
	if (n < 14 || !month_at(s, n))
		return 0;
	size_t i = s[4] == ' ' ? 5 : 4;
	if (!isdig(s[i]))
		return 0;
	i += isdig(s[i + 1]) ? 2 : 1;
	if (s[i] != ' ')
		return 0;
	size_t c = clock_at(s + i + 1, n - i - 1);
	return c ? i + 1 + c : 0;
}

/* the length of an RFC 3339 / ISO 8601 time at s ("2026-11-04T10:00:00.123+01:00",
 * "2026-11-04T10:00:00+0100", "...Z"), or 0 */
static size_t
iso_at(const char *s, size_t n)
{
	if (n < 19 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || (s[10] != 'T' && s[10] != ' '))
		return 0;
	size_t c = clock_at(s + 11, n - 11);
	if (!c)
		return 0;
	size_t i = 11 + c;
	if (i < n && s[i] == 'Z') {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-') && n - i >= 5 && digits(s + i + 1, 2)) {
		size_t j = i + 3;
		if (s[j] == ':')
			j++;
		if (j + 2 <= n && digits(s + j, 2))
			i = j + 2;
	}
	return i;
}

/* the length of rsyslog's "2026 Nov  4 10:00:00.123" at s, or 0 */
static size_t
yearfirst_at(const char *s, size_t n)
{
	if (n < 6 || !digits(s, 4) || s[4] != ' ')
		return 0;
	size_t c = classic_at(s + 5, n - 5);
	return c ? 5 + c : 0;
}

/* the length of what a container's log puts before a line of the program in it, or 0:
 * CRI's (Kubernetes' node logs) "2026-11-04T10:00:00.123456789Z stdout F ", docker logs
 * -t's "2026-11-04T10:00:00.123456789Z " before a line with its own header, kubectl
 * logs --prefix's "[pod/mail-0/postfix] ", docker compose's "mail-1  | " */
static size_t
container_at(const char *s, size_t n)
{
	size_t t, i;
	if (n > 6 && month_at(s, n) && (isdig(s[4]) || isdig(s[5])))
		return 0; /* a classic syslog time: no service's name and bar */
	if (n > 24 && isdig(s[0]) && (t = iso_at(s, n)) && s[10] == 'T' && s[t - 1] == 'Z' &&
	    t + 1 < n && s[t] == ' ') {
		i = t + 1;
		if (n - i > 9 && (memcmp(s + i, "stdout ", 7) == 0 || memcmp(s + i, "stderr ", 7) == 0) &&
		    (s[i + 7] == 'F' || s[i + 7] == 'P') && s[i + 8] == ' ')
			return i + 9;
		if (classic_at(s + i, n - i) || iso_at(s + i, n - i) || yearfirst_at(s + i, n - i) ||
		    s[i] == '<')
			return i;
		return 0;
	}
	if (n > 6 && s[0] == '[' && memcmp(s, "[pod/", 5) == 0) {
		const char *c = memchr(s, ']', n < 256 ? n : 256);
		return c && (size_t)(c - s) + 2 < n && c[1] == ' ' ? (size_t)(c - s) + 2 : 0;
	}
	/* "name  | ": a service's name, spaces, a bar */
	for (i = 0; i < n && i < 64; i++)
		if (!(bytes[(unsigned char)s[i]] & (B_WORD | B_NAMEPUNCT)))
			break;
	if (i == 0 || i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i + 2 < n && s[i] == '|' && s[i + 1] == ' ' ? i + 2 : 0;
}

struct span
log_word(const char *s, size_t n, size_t *i)
{
	size_t b = *i, e = b;
	while (e < n && s[e] != ' ')
		e++;
	*i = e;
	while (*i < n && s[*i] == ' ')
		(*i)++;
	return (struct span){s + b, e - b};
}

/* where the program starts when " host prog[pid]: " follows at s[i], a syslog header
 * and not Exim's own line; 0 when it does not */
static size_t
syslog_after(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	size_t h = i;
	while (i < n && s[i] != ' ' && s[i] != '[' && s[i] != '=')
		i++; /* the host */
	if (i >= n || s[i] != ' ')
		return 0; /* (Exim's "U=CALLER Warning: ..." is no host) */
	/* nor is an Exim message id ("10HmaX-0005vi-00", "10HmaX-000000005vi-0000"):
	 * "id custom-message: ..." is Exim's own line */
	if ((i - h == 16 && s[h + 6] == '-' && s[h + 13] == '-') ||
	    (i - h == 23 && s[h + 6] == '-' && s[h + 18] == '-'))
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	size_t b = i;
	while (i < n && s[i] != ' ' && s[i] != ':' && s[i] != '[' && s[i] != '=')
		i++;
	if (i == b || (i < n && s[i] == '='))
		return 0; /* Exim's "H=[192.0.2.1]:" is no program */
	if (i < n && s[i] == '[') {
		/* a process id: digits */
		size_t d = ++i;
		while (i < n && isdig(s[i]))
			i++;
		if (i == d || i >= n || s[i] != ']')
			return 0;
		i++;
	}
	return i < n && s[i] == ':' ? b : 0;
}

/* tells whether a mail server's syslog header without its time follows at s[i]: a host,
 * then a program of Postfix, Exim, Sendmail, qmail, Courier or OpenSMTPD and its pid */
static bool
mailprog_after(const char *s, size_t n, size_t i)
{
	static const char *const progs[] = {"postfix", "exim", "sendmail", "sm-mta", "qmail",
	                                    "courier", "smtpd"};
	size_t p = syslog_after(s, n, i);
	for (size_t k = 0; p && k < sizeof progs / sizeof progs[0]; k++)
		if (log_starts((struct span){s + p, n - p}, progs[k]))
			return true;
	return false;
}

/* tells whether s[0..n) starts with a TAI64N time, as multilog writes it before each
 * line: "@4000000067291a2e1d2f3c44 " */
static bool
tai64n_at(const char *s, size_t n)
{
	if (n < 26 || s[0] != '@' || s[25] != ' ')
		return false;
	for (size_t i = 1; i < 25; i++)
		if (!isdig(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* the length of Kerio Connect's "[17/Jun/2026 17:00:45] " at s, or 0 */
static size_t
kerio_at(const char *s, size_t n)
{
	if (n < 23 || s[0] != '[' || !digits(s + 1, 2) || s[3] != '/' || s[7] != '/' ||
	    !digits(s + 8, 4) || s[12] != ' ' || s[21] != ']' || s[22] != ' ')
		return 0;
	char mon[4] = {s[4], s[5], s[6], ' '};
	return month_at(mon, 4) && clock_at(s + 13, 8) == 8 ? 23 : 0;
}

/* the length of ASSP's "Apr-07-26 07:08:36 " at s, or 0 */
static size_t
assp_at(const char *s, size_t n)
{
	if (n < 19 || s[3] != '-' || !digits(s + 4, 2) || s[6] != '-' || !digits(s + 7, 2) ||
	    s[9] != ' ' || s[18] != ' ')
		return 0;
	char mon[4] = {s[0], s[1], s[2], ' '};
	return month_at(mon, 4) && clock_at(s + 10, 8) == 8 ? 19 : 0;
}

/* the length of Domino's time and the spaces after it at s: "03-07-2026 23:07:20   ",
 * "2026-11-07 22:21:20   " (three spaces: Exim's own log has one), and a process's
 * "[28325:00010-3735542592] " before it; 0 if none */
static size_t
domino_at(const char *s, size_t n, struct logline *l)
{
	size_t i = 0;
	if (n > 2 && s[0] == '[' && isdig(s[1])) {
		const char *c = memchr(s, ']', n < 40 ? n : 40);
		if (!c || (size_t)(c - s) + 2 >= n || c[1] != ' ')
			return 0;
		i = (size_t)(c - s) + 2;
	}
	if (n - i < 22)
		return 0;
	const char *t = s + i;
	/* by the locale: "03-07-2026", "11/04/2026" */
	bool dmy = digits(t, 2) && (t[2] == '-' || t[2] == '/') && digits(t + 3, 2) &&
	           t[5] == t[2] && digits(t + 6, 4);
	bool ymd = digits(t, 4) && t[4] == '-' && digits(t + 5, 2) && t[7] == '-' && digits(t + 8, 2);
	if (!(dmy || ymd) || t[10] != ' ' || clock_at(t + 11, n - i - 11) != 8 ||
	    memcmp(t + 19, "   ", 3) != 0)
		return 0;
	l->time = (struct span){t, 19};
	i += 22;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* the length of FortiMail's time at s, when " log_id=" follows it: "2026-11-04
 * 10:00:00.041" (its own log, and FortiAnalyzer's), or its syslog's "date=2026-11-04
 * time=10:00:00"; 0 if none */
static size_t
fortimail_at(const char *s, size_t n)
{
	size_t t = 0;
	if (n > 30 && memcmp(s, "date=", 5) == 0 && iso_at(s + 5, n - 5) == 0 &&
	    digits(s + 5, 4) && n > 25 && memcmp(s + 15, " time=", 6) == 0)
		t = 21 + clock_at(s + 21, n - 21);
	else if (n > 30 && digits(s, 4) && s[4] == '-' && s[10] == ' ')
		t = iso_at(s, n);
	if (!t || t + 8 > n)
		return 0;
	/* the device's id may come first: "device_id=FE100C3909600504 log_id=" */
	const char *e = s + t, *lim = s + (n < t + 48 ? n : t + 48);
	return log_find(e, (size_t)(lim - e), " log_id=") ? t : 0;
}

/* tells whether Haraka's "[NOTICE] [" starts s[0..n): a level in capitals, a tag */
static size_t
haraka_at(const char *s, size_t n)
{
	if (n < 12 || s[0] != '[' || s[1] < 'A' || s[1] > 'Z')
		return 0;
	size_t i = 1;
	while (i < n && i < 10 && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	return i + 3 < n && s[i] == ']' && s[i + 1] == ' ' && s[i + 2] == '[' ? i : 0;
}

/* finds the header; returns where the message starts, or n + 1 when there is none.
 * classic is the length of the classic syslog time that starts s, or 0 */
static size_t
header(const char *s, size_t n, struct logline *l, size_t classic)
{
	size_t i = 0, t;
	/* the most common header first: a classic syslog time, which none of the
	 * headers below starts with */
	if ((t = classic) != 0) {
		l->time = (struct span){s, t};
		i = t;
		goto classic;
	}
	if (tai64n_at(s, n)) {
		/* multilog's: qmail's, and the programs daemontools runs beside it */
		l->time = (struct span){s, 25};
		l->format = logline_formats[LOGFMT_QMAIL];
		return 26;
	}
	/* the servers with headers of their own: the format is the header's */
	if ((t = kerio_at(s, n))) {
		l->time = (struct span){s + 1, 20};
		l->format = logline_formats[LOGFMT_KERIO];
		return t;
	}
	if ((t = assp_at(s, n))) {
		l->time = (struct span){s, 18};
		l->format = logline_formats[LOGFMT_ASSP];
		return t;
	}
	if ((t = fortimail_at(s, n))) {
		l->time = (struct span){s, t};
		l->format = logline_formats[LOGFMT_FORTIMAIL];
		return t + 1;
	}
	if ((t = haraka_at(s, n))) {
		l->format = logline_formats[LOGFMT_HARAKA];
		return 0;
	}
	if ((t = domino_at(s, n, l))) {
		l->format = logline_formats[LOGFMT_DOMINO];
		return t;
	}
	if (n > 8 && memcmp(s, "<co ts=\"", 8) == 0) {
		l->format = logline_formats[LOGFMT_IMS];
		return 0;
	}
	/* a priority, as a syslog daemon forwards it: "<22>" */
	if (n > 3 && s[0] == '<') {
		size_t j = 1;
		while (j < n && j < 5 && isdig(s[j]))
			j++;
		if (j > 1 && j < n && s[j] == '>')
			i = j + 1;
	}
	if (i && n - i > 2 && s[i] == '1' && s[i + 1] == ' ') {
		/* RFC 5424: VERSION TIMESTAMP HOST APP PROCID MSGID SD MSG */
		i += 2;
		l->time = log_word(s, n, &i);
		l->host = log_word(s, n, &i);
		struct span app = log_word(s, n, &i);
		log_word(s, n, &i); /* PROCID */
		log_word(s, n, &i); /* MSGID */
		if (i < n && s[i] == '[') {
			/* structured data: up to its last ']' before a space */
			while (i < n && !(s[i] == ']' && (i + 1 == n || s[i + 1] == ' ')))
				i++;
			i = i < n ? i + 1 : n;
		} else {
			log_word(s, n, &i); /* "-" */
		}
		while (i < n && s[i] == ' ')
			i++;
		/* a message in UTF-8 may start with its byte-order mark (RFC 5424 6.4) */
		if (n - i >= 3 && memcmp(s + i, "\xef\xbb\xbf", 3) == 0)
			i += 3;
		l->program = app;
		return i;
	}
	if ((t = classic_at(s + i, n - i)) || (t = iso_at(s + i, n - i)) ||
	    (t = yearfirst_at(s + i, n - i))) {
		l->time = (struct span){s + i, t};
		i += t;
	} else if (mailprog_after(s, n, i)) {
		goto host; /* no time: "mx postfix/smtp[123]: ...", as log shippers forward it */
	} else {
		return n + 1;
	}
	if (l->time.n >= 19 && l->time.s[10] == ' ' && !syslog_after(s, n, i)) {
		/* Exim's own log: "2026-11-04 10:00:00[.123] [+0100] message" */
		if (n - i > 6 && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-') &&
		    digits(s + i + 2, 4))
			i += 6;
		while (i < n && s[i] == ' ')
			i++;
		l->format = logline_formats[LOGFMT_EXIM]; /* no program: Exim's own log */
		return i;
	}
classic:
	if (i >= n || s[i] != ' ')
		return n + 1;
	while (i < n && s[i] == ' ')
		i++;
host:
	/* a facility and level, as some syslog daemons write them: "<mail.notice> " */
	if (i < n && s[i] == '<') {
		const char *c = memchr(s + i, '>', n - i < 32 ? n - i : 32);
		if (c && memchr(s + i, '.', (size_t)(c - (s + i)))) {
			i = (size_t)(c - s) + 1;
			while (i < n && s[i] == ' ')
				i++;
		}
	}
	l->host = log_word(s, n, &i);
	/* the program: "postfix/smtp[123]:", "postfix-out/smtp[1]:", "sendmail[2]:" */
	size_t b = i, e = i; /* (scanned in a variable of its own: i's address is taken) */
	if (n - i > 8 && memcmp(s + i, "postfix/", 8) == 0)
		e += 8; /* the most common name's first part at once: it ends none */
	while (e < n && !(bytes[(unsigned char)s[e]] & B_PROGEND))
		e++;
	i = e;
	if (i < n && s[i] == '[') {
		/* a process id's digits stepped over, as a call costs more than they do;
		 * anything else up to the ']' */
		size_t d = i + 1;
		while (d < n && isdig(s[d]))
			d++;
		const char *c = d < n && s[d] == ']' ? s + d : memchr(s + i, ']', n - i);
		i = c ? (size_t)(c - s) + 1 : n;
	}
	if (i >= n || s[i] != ':' || e == b)
		return n + 1;
	l->program = (struct span){s + b, e - b};
	i++;
	while (i < n && s[i] == ' ')
		i++;
	/* Solaris: "[ID 197553 mail.info] " */
	if (n - i > 4 && memcmp(s + i, "[ID ", 4) == 0) {
		const char *c = memchr(s + i, ']', n - i);
		if (c) {
			i = (size_t)(c - s) + 1;
			while (i < n && s[i] == ' ')
				i++;
		}
	}
	return i;
}

/* finds needle in s[0..n): by libc's memmem, which is many times faster on long
 * lines than a loop of memchr and memcmp */
const char *
log_find(const char *s, size_t n, const char *needle)
{
	return s ? memmem(s, n, needle, strlen(needle)) : NULL;
}

bool
log_starts(struct span sp, const char *w)
{
	size_t k = strlen(w);
	return sp.n >= k && memcmp(sp.s, w, k) == 0;
}

struct span
log_field(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);
	/* (the field that starts s, as callers often know, is found without a search) */
	const char *p = n >= k && memcmp(s, name, k) == 0 ? s : log_find(s, n, name);
	for (; p; p = log_find(p, (size_t)(s + n - p), name)) {
		if (p == s || p[-1] == ' ' || p[-1] == ',') {
			const char *v = p + k, *end = s + n;
			if (v < end && *v == '<') {
				const char *c = memchr(v, '>', (size_t)(end - v));
				if (c)
					return (struct span){v + 1, (size_t)(c - v - 1)};
			}
			const char *e = v;
			while (e < end && *e != ',' && *e != ' ' && *e != ';')
				e++;
			return (struct span){v, (size_t)(e - v)};
		}
		p += k;
	}
	return (struct span){NULL, 0};
}

struct span
log_upto_comma(const char *s, size_t n, const char *name)
{
	struct span v = log_field(s, n, name);
	if (!v.s || (v.s > s && v.s[-1] == '<'))
		return v;
	const char *end = s + n, *e = v.s;
	while (e < end && *e != ',')
		e++;
	return (struct span){v.s, (size_t)(e - v.s)};
}

/* a Postfix queue id and its ": " at s: short (hex capitals) or long ids; 0 if none */
static size_t
queueid_at(const char *s, size_t n)
{
	size_t i = 0, lim = n < 20 ? n : 20;
	while (i < lim && (bytes[(unsigned char)s[i]] & B_WORD))
		i++;
	if (i < 6 || i + 1 >= n || s[i] != ':' || s[i + 1] != ' ')
		return 0;
	return i;
}

/* a Postfix short queue id: 7 to 12 hexadecimal capitals and digits */
static bool
shortid(struct span id)
{
	if (id.n < 7 || id.n > 12)
		return false;
	for (size_t i = 0; i < id.n; i++)
		if (!((id.s[i] >= '0' && id.s[i] <= '9') || (id.s[i] >= 'A' && id.s[i] <= 'F')))
			return false;
	return true;
}

/* "reject: RCPT from host[ip]: 550 5.1.1 <a@b>: ...; from=<x> to=<y> proto=ESMTP
 * helo=<h>", postscreen's "RCPT from [ip]:port: ...", and the content checks' "reject:
 * header Subject: x from host[ip]; from=<x> to=<y> proto=ESMTP helo=<h>: 5.7.1 text" */
static void
postfix_reject(const char *s, size_t n, struct logline *l)
{
	const char *end = s + n;
	const char *colon = memchr(s, ':', n);
	l->outcome = (size_t)(colon - s) == 14 ? (struct span){"reject_warning", 14}
	                                       : (struct span){"rejected", 8};
	const char *p = colon + 1;
	while (p < end && *p == ' ')
		p++;
	const char *r, *f;
	if ((size_t)(end - p) > 7 && (memcmp(p, "header ", 7) == 0 || memcmp(p, "body ", 5) == 0)) {
		l->stage = STAGE_DATA;
		f = log_find(p, (size_t)(end - p), "; from=");
		/* the reply after the last field: helo=<h>, or to=<y> for mail submitted
		 * locally ("from local; from=<root> to=<r>: 5.7.1 text") */
		const char *h = f ? log_find(f, (size_t)(end - f), " helo=") : NULL;
		if (!h && f)
			h = log_find(f, (size_t)(end - f), " to=");
		r = h ? log_find(h, (size_t)(end - h), ": ") : NULL;
		if (!r)
			return;
		l->reply = (struct span){r + 2, (size_t)(end - r - 2)};
		end = r;
	} else {
		l->stage = wrapper_stage(p, (size_t)(end - p));
		/* the reply follows the client: "from host[ip]: " or "from [ip]:port: " */
		const char *b = log_find(p, (size_t)(end - p), "]:");
		if (!b)
			return;
		const char *from = log_find(p, (size_t)(b - p), " from ");
		if (from)
			l->client = (struct span){from + 6, (size_t)(b + 1 - from - 6)};
		r = b + 2;
		while (r < end && *r >= '0' && *r <= '9')
			r++;
		if (r < end && *r == ':')
			r++;
		while (r < end && *r == ' ')
			r++;
		f = log_find(r, (size_t)(end - r), "; from=");
		if (!f)
			f = log_find(r, (size_t)(end - r), "; to="); /* VRFY names no sender */
		/* and a refusal before MAIL FROM ends in the fields it has: "; proto=SMTP",
		 * "; proto=ESMTP helo=<h>" */
		const char *q = log_find(r, (size_t)((f ? f : end) - r), "; proto=");
		if (!q)
			q = log_find(r, (size_t)((f ? f : end) - r), "; helo=");
		l->reply = (struct span){r, (size_t)((q ? q : f ? f : end) - r)};
	}
	if (f) {
		const char *tail = f + 2;
		l->sender = log_field(tail, (size_t)(end - tail), "from=");
		l->recipient = log_field(tail, (size_t)(end - tail), "to=");
	}
	l->kind = LOG_REJECT;
}

static void
postfix(const char *s, size_t n, struct logline *l)
{
	l->format = "postfix";
	l->kind = LOG_OTHER;
	l->message = (struct span){s, n};
	size_t q = 0;
	if (n > 14 && memcmp(s, "proxy-", 6) == 0) {
		q = 0;
	} else if (n > 9 && memcmp(s, "NOQUEUE: ", 9) == 0) {
		q = 9;
	} else if (n > 8 && memcmp(s, "reject: ", 8) == 0) {
		q = 0; /* (Postfix before 2.1 wrote its smtpd's refusals without NOQUEUE) */
	} else if ((q = queueid_at(s, n)) != 0) {
		l->queue_id = (struct span){s, q};
		q += 2;
	} else {
		return;
	}
	const char *m = s + q, *end = s + n;
	size_t mn = n - q;
	/* a delivery: "to=<a>, orig_to=<b>, relay=x, delay=1, delays=..., dsn=5.1.1,
	 * status=bounced (host x[ip] said: ...)"; the queue manager: "from=<x>, size=1,
	 * nrcpt=1 (queue active)", or giving up: "from=<x>, status=expired, returned to
	 * sender". Their fields are read in one pass, up to status= */
	bool to = mn > 3 && memcmp(m, "to=", 3) == 0, from = mn > 6 && memcmp(m, "from=<", 6) == 0;
	const char *st = NULL;
	for (const char *p = m; (to || from) && p < end;) {
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (!eq)
			break;
		size_t k = (size_t)(eq - p);
		if (k == 6 && memcmp(p, "status", 6) == 0) {
			st = p;
			break;
		}
		const char *v = eq + 1, *e;
		struct span val;
		if (v < end && *v == '<' && (e = memchr(v, '>', (size_t)(end - v))) != NULL) {
			val = (struct span){v + 1, (size_t)(e - v - 1)};
			e++;
		} else {
			for (e = v; e < end && !(bytes[(unsigned char)*e] & B_VALEND); e++)
				;
			val = (struct span){v, (size_t)(e - v)};
		}
		if (k == 2 && memcmp(p, "to", 2) == 0 && !l->recipient.s)
			l->recipient = val;
		else if (k == 4 && memcmp(p, "from", 4) == 0 && !l->sender.s)
			l->sender = val;
		else if (k == 7 && memcmp(p, "orig_to", 7) == 0)
			l->orig_recipient = val;
		else if (k == 5 && memcmp(p, "relay", 5) == 0)
			l->relay = val;
		else if (k == 5 && memcmp(p, "delay", 5) == 0)
			l->delay = val;
		else if (k == 3 && memcmp(p, "dsn", 3) == 0)
			l->dsn = val;
		/* on to the next name, after ", "; the text in parentheses ends the fields */
		while (e < end && (*e == ',' || *e == ' '))
			e++;
		if (e < end && *e == '(')
			break;
		p = e;
	}
	if (st && from) {
		l->outcome = log_field(st, (size_t)(end - st), "status=");
		l->kind = LOG_DELIVERY;
		return;
	}
	if (from && l->queue_id.n) {
		l->kind = LOG_CONTEXT;
		return;
	}
	if (st && to) {
		const char *v = st + 7, *e = v;
		while (e < end && *e != ' ' && *e != ',')
			e++;
		l->outcome = (struct span){v, (size_t)(e - v)};
		l->success = (l->outcome.n == 4 && memcmp(v, "sent", 4) == 0) ||
		             (l->outcome.n == 11 && memcmp(v, "deliverable", 11) == 0);
		/* the text in parentheses: to the last ')' */
		const char *open = e < end ? memchr(e, '(', (size_t)(end - e)) : NULL;
		if (open) {
			const char *close = end;
			while (close > open && close[-1] != ')')
				close--;
			if (close > open + 1)
				l->reply = (struct span){open + 1, (size_t)(close - 1 - open - 1)};
		}
		l->kind = LOG_DELIVERY;
		return;
	}
	/* a proxy filter's verdict: "proxy-reject: END-OF-MESSAGE: 554 5.7.0 text; from=<>
	 * to=<y> ..." */
	if (mn > 14 && (memcmp(m, "proxy-reject: ", 14) == 0 || memcmp(m, "proxy-accept: ", 14) == 0)) {
		bool accept = m[6] == 'a';
		const char *c = log_find(m + 14, mn - 14, ": ");
		if (!c)
			return;
		l->stage = STAGE_DATA;
		const char *r = c + 2, *f = log_find(r, (size_t)(end - r), "; from=");
		l->reply = (struct span){r, (size_t)((f ? f : end) - r)};
		if (f) {
			l->sender = log_field(f + 2, (size_t)(end - f - 2), "from=");
			l->recipient = log_field(f + 2, (size_t)(end - f - 2), "to=");
		}
		l->outcome = accept ? (struct span){"accepted", 8} : (struct span){"rejected", 8};
		l->success = accept;
		l->kind = accept ? LOG_DELIVERY : LOG_REJECT;
		return;
	}
	/* a delivery attempt's reply, the message staying queued: "host x[ip] said: 450
	 * ...", "... refused to talk to me: ...", "SASL authentication failed; server x
	 * said: ..." (a lost connection or a time-out is told again by the status= line
	 * that follows it, and is not counted twice) */
	static const char *const attempts[] = {"host ", "SASL authentication failed"};
	for (size_t k = 0; l->queue_id.n && k < sizeof attempts / sizeof attempts[0]; k++) {
		size_t w = strlen(attempts[k]);
		if (mn > w && memcmp(m, attempts[k], w) == 0 && !log_find(m, mn, "status=")) {
			l->reply = (struct span){m, mn};
			if (k == 1)
				l->stage = STAGE_AUTH;
			l->outcome = (struct span){"attempt", 7};
			l->kind = LOG_DELIVERY;
			return;
		}
	}
	static const char *const rejects[] = {"reject: ", "reject_warning: ", "milter-reject: "};
	for (size_t k = 0; k < 3; k++) {
		size_t w = strlen(rejects[k]);
		if (mn > w && memcmp(m, rejects[k], w) == 0) {
			postfix_reject(m, mn, l);
			return;
		}
	}
	if (l->queue_id.n && mn > 7 && memcmp(m, "client=", 7) == 0) {
		/* the server taking the message in: "client=host[ip], sasl_method=..." */
		l->client = log_upto_comma(m, mn, "client=");
		l->kind = LOG_CONTEXT;
	}
}

/* the words Postfix's own messages start with, that no reply does: a line without a
 * header that starts so is Postfix's, as journalctl -o cat writes it */
static bool
postfix_words(const char *s, size_t n)
{
	static const char *const starts[] = {
		"connect from ", "disconnect from ", "lost connection after ", "timeout after ",
		"statistics: ", "warning: ", "fatal: ", "panic: ", "Anonymous TLS connection ",
		"Trusted TLS connection ", "Untrusted TLS connection ", "Verified TLS connection ",
		"SSL_accept error ", "improper command pipelining ", "too many errors after ",
		"daemon started", "terminating on signal", "reload -- version", "CONNECT from [",
		"PASS NEW [", "PASS OLD [", "DNSBL rank ", "HANGUP after ", "PREGREET ",
		"DISCONNECT [", "WHITELISTED [", "NON-SMTP COMMAND from ", "BARE NEWLINE from ",
		"BLACKLISTED [", "COMMAND PIPELINING from [", "COMMAND COUNT LIMIT from [",
		"SSL_connect error ", "setting up TLS connection ",
		"certificate verification failed for ", "server certificate verification failed ",
	};
	/* the first bytes of the words above: most lines go no further */
	if (n == 0 || !strchr("cdltswfpATUVSirCPDHWNB", s[0]))
		return false;
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		if (starts[i][0] != s[0])
			continue; /* the first byte tells most lines apart at once */
		size_t k = strlen(starts[i]);
		if (n >= k && memcmp(s, starts[i], k) == 0)
			return true;
	}
	return false;
}

/* Sendmail: "QID: to=<a>, delay=..., mailer=esmtp, relay=x [ip], dsn=5.1.1, stat=User
 * unknown", "QID: ruleset=check_rcpt, arg1=<a>, relay=x [ip], reject=550 5.7.1 ...",
 * "QID: <a>... No such user here", "QID: from=<a>, size=..." (the sender), "rejecting
 * commands from x [ip] due to pre-greeting traffic", "[ip]: EXPN root [rejected]" */
void
log_sendmail(const char *s, size_t n, struct logline *l)
{
	l->format = "sendmail";
	l->kind = LOG_OTHER;
	l->message = (struct span){s, n};
	size_t q = queueid_at(s, n);
	if (q) {
		l->queue_id = (struct span){s, q};
		s += q + 2, n -= q + 2;
	}
	const char *end = s + n;
	struct span m = {s, n};
	const char *rj = log_find(s, n, "reject=");
	if (rj && (rj == s || rj[-1] == ' ')) {
		l->reply = (struct span){rj + 7, (size_t)(end - rj - 7)};
		struct span rs = log_field(s, n, "ruleset=");
		struct span arg = log_field(s, n, "arg1=");
		l->stage = log_starts(rs, "check_rcpt") ? STAGE_RCPT
		           : log_starts(rs, "check_mail") ? STAGE_MAIL
		           : log_starts(rs, "check_relay") ? STAGE_CONNECT : STAGE_NONE;
		if (l->stage == STAGE_RCPT)
			l->recipient = arg;
		else if (l->stage == STAGE_MAIL)
			l->sender = arg;
		/* a milter's: "Milter: to=<a>, reject=451 ...", "Milter: data, reject=...",
		 * "milter=clamav-milter, action=data, reject=..." */
		struct span act = log_field(s, n, "action=");
		if (!l->stage && (log_starts(m, "Milter: ") || log_starts(m, "milter="))) {
			const char *w = log_starts(m, "Milter: ") ? s + 8 : act.s;
			size_t wn = w ? (size_t)(end - w) : 0;
			if (wn > 3 && memcmp(w, "to=", 3) == 0) {
				l->stage = STAGE_RCPT;
				l->recipient = log_field(w, wn, "to=");
			} else if (wn > 5 && memcmp(w, "from=", 5) == 0) {
				l->stage = STAGE_MAIL;
				l->sender = log_field(w, wn, "from=");
			} else if (w) {
				l->stage = wrapper_stage(w, wn);
			}
		}
		l->relay = log_upto_comma(s, n, "relay=");
		l->client = l->relay; /* of a refusal, the client refused */
		l->outcome = (struct span){"rejected", 8};
		l->kind = LOG_REJECT;
		return;
	}
	const char *st = log_find(s, n, "stat=");
	if (st && log_starts(m, "to=")) {
		l->recipient = log_field(s, n, "to=");
		l->delay = log_field(s, n, "delay=");
		l->dsn = log_field(s, n, "dsn=");
		l->relay = log_upto_comma(s, n, "relay=");
		l->reply = (struct span){st + 5, (size_t)(end - st - 5)};
		/* "stat=queued": taken in to be sent later, no attempt yet */
		if (log_starts(l->reply, "queued"))
			return;
		l->success = log_starts(l->reply, "Sent");
		l->outcome = l->success ? (struct span){"sent", 4}
		             : log_starts(l->reply, "Deferred") ? (struct span){"deferred", 8}
		                                             : (struct span){"bounced", 7};
		l->kind = LOG_DELIVERY;
		return;
	}
	if (log_starts(m, "from=")) {
		l->sender = log_field(s, n, "from=");
		l->client = log_upto_comma(s, n, "relay=");
		l->kind = l->queue_id.n ? LOG_CONTEXT : LOG_OTHER;
		return;
	}
	/* the queue gave up and sent a DSN back: "<id>: <dsn id>: DSN: Cannot send message
	 * for 5 days" (Timeout.queuereturn); its other DSNs ("DSN: User unknown", a
	 * delay's warning) repeat what a to= line told */
	size_t q2 = queueid_at(s, n);
	if (q2 && n - q2 > 7 && memcmp(s + q2 + 2, "DSN: ", 5) == 0) {
		struct span t = {s + q2 + 7, n - q2 - 7};
		if (log_starts(t, "Cannot send message for")) {
			l->reply = t;
			l->outcome = (struct span){"expired", 7};
			l->kind = LOG_DELIVERY;
		}
		return;
	}
	const char *dots = log_find(s, n, ">... ");
	if (log_starts(m, "<") && dots) {
		/* a recipient refused at RCPT: "<a>... No such user here" */
		l->recipient = (struct span){s + 1, (size_t)(dots - s - 1)};
		l->reply = (struct span){dots + 5, (size_t)(end - dots - 5)};
		l->stage = STAGE_RCPT;
		l->outcome = (struct span){"rejected", 8};
		l->kind = LOG_REJECT;
		return;
	}
	if (log_starts(m, "rejecting commands from ") ||
	    (n > 11 && memcmp(end - 10, "[rejected]", 10) == 0)) {
		l->reply = m;
		/* "[ip]: VRFY root [rejected]": the command after the client */
		const char *c = log_find(s, n, "]: ");
		l->stage = log_starts(m, "rejecting") ? STAGE_CONNECT
		           : c ? wrapper_stage(c + 3, (size_t)(end - c - 3)) : STAGE_NONE;
		l->outcome = (struct span){"rejected", 8};
		l->kind = LOG_REJECT;
	}
}

/* an Exim message id: "10HmaX-000000005vi-0000", "1ahr79-0006jK-G9" */
static size_t
eximid_at(const char *s, size_t n)
{
	size_t i = 0, part = 0, len = 0;
	for (; i < n && s[i] != ' '; i++) {
		char c = s[i];
		if (c == '-') {
			if (len < 2 || ++part > 2)
				return 0;
			len = 0;
		} else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
			len++;
		} else {
			return 0;
		}
	}
	return part == 2 && len >= 2 && i >= 16 ? i : 0;
}

/* an address as Exim writes it: "<a@b>", or a word up to a space, less a ':' that
 * ends it ("a@b:", but ":blackhole:" is a word) */
static struct span
eximaddr(const char *s, const char *end)
{
	if (s < end && *s == '<') {
		const char *c = memchr(s, '>', (size_t)(end - s));
		if (c)
			return (struct span){s + 1, (size_t)(c - s - 1)};
	}
	const char *e = s;
	while (e < end && *e != ' ')
		e++;
	if (e > s + 1 && e[-1] == ':' && *s != ':')
		e--;
	return (struct span){s, (size_t)(e - s)};
}

/* Exim's H= of a client: "H=host [ip]", "H=(helo) [ip]:port", "H=host (helo) [ip]",
 * "H=[ip]": up to its ']', or to the next field (" P=", " CV=") */
static struct span
eximhost(const char *s, size_t n)
{
	struct span v = log_field(s, n, "H=");
	if (!v.s)
		return v;
	const char *end = s + n, *e = v.s;
	for (; e < end && e - v.s < 300; e++) {
		if (*e == ']') {
			e++;
			break;
		}
		if (*e == ' ' && end - e > 3 && e[1] >= 'A' && e[1] <= 'Z' &&
		    (e[2] == '=' || (e[2] >= 'A' && e[2] <= 'Z' && e[3] == '=')))
			break;
	}
	return (struct span){v.s, (size_t)(e - v.s)};
}

/* the reply of an Exim line: the text after the first ": " from p on (what follows an
 * address's router, transport and host), or an empty span */
static struct span
after_colon(const char *p, const char *end)
{
	const char *c = log_find(p, (size_t)(end - p), ": ");
	return c ? (struct span){c + 2, (size_t)(end - c - 2)} : (struct span){NULL, 0};
}

/* the text after a colon, past the router and transport that Exim may name after the
 * address's colon ("<d@b>: R=localuser T=local_delivery: mailbox is full") */
static struct span
after_fields(const char *p, const char *end)
{
	struct span r = after_colon(p, end);
	while (r.n > 2 && r.s[0] >= 'A' && r.s[0] <= 'Z' && r.s[1] == '=') {
		struct span c = after_colon(r.s, end);
		if (!c.s)
			break;
		r = c;
	}
	return r;
}

/* Exim's main log: deliveries ("=>", "->", "*>", "**", "==") and arrivals ("<=") by
 * message id, the replies of attempts, and its own server's rejections */
static void
exim(const char *s, size_t n, struct logline *l)
{
	l->format = "exim";
	l->kind = LOG_OTHER;
	l->message = (struct span){s, n};
	const char *end = s + n;
	/* a process id: "[1234] " */
	if (n > 2 && s[0] == '[') {
		const char *c = memchr(s, ']', n);
		if (c && c + 1 < end && c[1] == ' ') {
			n -= (size_t)(c + 2 - s);
			s = c + 2;
		}
	}
	size_t q = eximid_at(s, n);
	if (q && q < n) {
		l->queue_id = (struct span){s, q};
		s += q + 1, n -= q + 1;
	}
	struct span m = {s, n};
	if (n > 3 && s[2] == ' ' && memchr("=-*<", s[0], 4) && memchr(">*=", s[1], 3)) {
		const char *a = s + 3;
		if (s[0] == '<' && s[1] == '=') {
			struct span f = eximaddr(a, end);
			l->sender = f;
			l->client = eximhost(s, n);
			l->kind = l->queue_id.n ? LOG_CONTEXT : LOG_OTHER;
			return;
		}
		l->recipient = eximaddr(a, end);
		if (a < end && (*a == '|' || *a == '/' || *a == '>')) {
			/* a pipe, a file or an autoreply, whose command may hold spaces: up to
			 * the parent that follows it, before the router and transport */
			const char *p = log_find(a, (size_t)(end - a), " <");
			const char *r = log_find(a, (size_t)(end - a), " R=");
			const char *t = log_find(a, (size_t)(end - a), " T=");
			if (p && (!r || p < r) && (!t || p < t))
				l->recipient = (struct span){a, (size_t)(p - a)};
		}
		/* "userx@a.ex <orig@b.ex>": the address it was sent to first, its parent;
		 * ":blackhole: <b@x>", "|pipe <b@x>", "userx <b@x>": the parent is the address
		 * (not "<system-filter>", which is none) */
		const char *after = l->recipient.s + l->recipient.n;
		if (after < end && *after == '>')
			after++;
		if (after + 2 < end && after[0] == ' ' && after[1] == '<') {
			struct span o = eximaddr(after + 1, end);
			if (memchr(l->recipient.s, '@', l->recipient.n))
				l->orig_recipient = o;
			else if (memchr(o.s, '@', o.n))
				l->recipient = o;
			after = o.s + o.n;
			if (after < end && *after == '>')
				after++;
		}
		l->relay = log_field(s, n, "H=");
		if (s[0] == '*' && s[1] == '*') {
			l->outcome = (struct span){"bounced", 7};
			l->reply = after_fields(after, end);
		} else if (s[0] == '=' && s[1] == '=') {
			if (log_find(s, n, "retry time not reached"))
				return; /* not an attempt: the log's */
			l->outcome = (struct span){"deferred", 8};
			const char *d = log_find(s, n, "defer (");
			l->reply = d ? after_colon(d, end) : after_fields(after, end);
		} else {
			l->success = true;
			l->outcome = s[0] == '*' ? (struct span){"suppressed", 10} : (struct span){"sent", 4};
			const char *c = log_find(s, n, "C=\"");
			if (c) {
				const char *q2 = memchr(c + 3, '"', (size_t)(end - c - 3));
				l->reply = (struct span){c + 3, (size_t)((q2 ? q2 : end) - c - 3)};
			}
		}
		l->kind = LOG_DELIVERY;
		return;
	}
	/* the reply of an attempt: "H=x [ip]: SMTP error from remote mail server after
	 * ...: 450 ..." */
	const char *se = log_find(s, n, "SMTP error from remote mail server after ");
	/* (or of a callout that verified an address: "sender verify fail for <a>: ...") */
	if (se && (l->queue_id.n || log_find(s, n, "verify fail") || log_find(s, n, "verify defer")) &&
	    !log_starts(m, "event ")) {
		l->reply = (struct span){se, (size_t)(end - se)};
		l->outcome = (struct span){"attempt", 7};
		l->kind = LOG_DELIVERY;
		return;
	}
	/* our server's refusals */
	struct span f = log_field(s, n, "F=");
	const char *r = log_find(s, n, " rejected ");
	if (!r && log_starts(m, "rejected "))
		r = s - 1;
	const char *af = log_find(s, n, " authenticator failed for ");
	if (!af) /* Exim 4.94 on: "plain authenticator failed H=host [ip] 535 ..." */
		af = log_find(s, n, " authenticator failed H=");
	const char *dr = log_find(s, n, " dropped");
	l->client = eximhost(s, n);
	if (r) {
		const char *w = r + 10;
		size_t wn = (size_t)(end - w);
		l->sender = f;
		if (wn > 5 && memcmp(w, "RCPT ", 5) == 0) {
			l->stage = STAGE_RCPT;
			l->recipient = eximaddr(w + 5, end);
			l->reply = after_colon(l->recipient.s + l->recipient.n, end);
		} else if (wn > 5 && memcmp(w, "MAIL ", 5) == 0) {
			l->stage = STAGE_MAIL;
			l->sender = eximaddr(w + 5, end);
			l->reply = after_colon(l->sender.s + l->sender.n, end);
		} else if (wn > 11 && memcmp(w, "after DATA", 10) == 0) {
			l->stage = STAGE_DATA;
			l->reply = after_colon(w, end);
		} else if (wn > 3 && (memcmp(w, "EHLO", 4) == 0 || memcmp(w, "HELO", 4) == 0)) {
			l->stage = STAGE_HELO;
			l->reply = after_colon(w, end);
		} else if (wn > 10 && memcmp(w, "connection", 10) == 0) {
			l->stage = STAGE_CONNECT;
		} else if (wn > 8 && memcmp(w, "by local", 8) == 0) {
			l->stage = STAGE_DATA;
			l->reply = after_colon(w, end);
		}
		if (!l->reply.n)
			l->reply = m;
	} else if (af) {
		l->stage = STAGE_AUTH;
		/* the reply from its code: "...]: 535 Incorrect authentication data" */
		const char *c = log_find(af, (size_t)(end - af), ": 5");
		if (!c)
			c = log_find(af, (size_t)(end - af), ": 4");
		for (const char *b = af; !c && (b = log_find(b, (size_t)(end - b), "] ")) != NULL; b += 2)
			if (b + 3 < end && (b[2] == '4' || b[2] == '5') && isdig(b[3]))
				c = b; /* "...] 535 Incorrect authentication data" */
		l->reply = c ? (struct span){c + 2, (size_t)(end - c - 2)} : m;
	} else if (dr && (log_find(s, n, "SMTP call from ") == s || log_find(s, n, " ACL") || log_starts(m, "H="))) {
		l->stage = STAGE_CONNECT;
		l->reply = m;
	} else {
		return;
	}
	l->outcome = (struct span){"rejected", 8};
	l->kind = LOG_REJECT;
}

const char *const logline_formats[LOGFMT_COUNT] = {
	[LOGFMT_AUTO] = "auto", [LOGFMT_NONE] = "none", [LOGFMT_POSTFIX] = "postfix",
	[LOGFMT_SENDMAIL] = "sendmail", [LOGFMT_EXIM] = "exim", [LOGFMT_QMAIL] = "qmail",
	[LOGFMT_COURIER] = "courier", [LOGFMT_OPENSMTPD] = "opensmtpd",
	[LOGFMT_KERIO] = "kerio", [LOGFMT_DOMINO] = "domino", [LOGFMT_ASSP] = "assp",
	[LOGFMT_IMS] = "oracle-ims", [LOGFMT_EXCHANGE] = "exchange",
	[LOGFMT_MAILENABLE] = "mailenable", [LOGFMT_HMAILSERVER] = "hmailserver",
	[LOGFMT_HARAKA] = "haraka", [LOGFMT_FORTIMAIL] = "fortimail"};

static enum logformat forced = LOGFMT_AUTO;

void
logline_force(enum logformat f)
{
	forced = f;
}

/* Exim's line, inside a syslog header (its time again) or its own */
static void
exim_read(const char *s, size_t n, struct logline *l)
{
	size_t t = iso_at(s, n);
	if (t && t < n && s[t] == ' ' && l->program.s)
		s += t + 1, n -= t + 1;
	exim(s, n, l);
}

/* a forced log of columns: a line that is none of its rows is the log's */
static void
columns(bool (*read)(const char *, size_t, struct logline *), enum logformat f,
        const char *s, size_t n, struct logline *l)
{
	struct logline h = *l;
	if (!read(s, n, l)) {
		*l = h;
		l->kind = LOG_OTHER;
		l->format = logline_formats[f];
	}
}

static void
exchange_read(const char *s, size_t n, struct logline *l)
{
	columns(log_cols, LOGFMT_EXCHANGE, s, n, l);
}

static void
mailenable_read(const char *s, size_t n, struct logline *l)
{
	columns(log_mailenable, LOGFMT_MAILENABLE, s, n, l);
}

static void
hmailserver_read(const char *s, size_t n, struct logline *l)
{
	columns(log_hmailserver, LOGFMT_HMAILSERVER, s, n, l);
}

/* each format's reader of a message, for --log-format and for the headers that
 * name their server */
static void (*const readers[LOGFMT_COUNT])(const char *, size_t, struct logline *) = {
	[LOGFMT_POSTFIX] = postfix, [LOGFMT_SENDMAIL] = log_sendmail, [LOGFMT_EXIM] = exim_read,
	[LOGFMT_QMAIL] = log_qmail, [LOGFMT_COURIER] = log_courier,
	[LOGFMT_OPENSMTPD] = log_opensmtpd, [LOGFMT_KERIO] = log_kerio,
	[LOGFMT_DOMINO] = log_domino, [LOGFMT_ASSP] = log_assp, [LOGFMT_IMS] = log_ims,
	[LOGFMT_EXCHANGE] = exchange_read, [LOGFMT_MAILENABLE] = mailenable_read,
	[LOGFMT_HMAILSERVER] = hmailserver_read, [LOGFMT_HARAKA] = log_haraka,
	[LOGFMT_FORTIMAIL] = log_fortimail,
};

/* a line whose header is its server's own (header() set its format to one of
 * logline_formats): read by that server's reader */
static void
own(const char *s, size_t n, struct logline *l)
{
	for (int f = LOGFMT_POSTFIX; f < LOGFMT_COUNT; f++)
		if (l->format == logline_formats[f]) {
			readers[f](s, n, l);
			return;
		}
}

/* reads a line without a container's prefix; classic as header() takes it */
static void
parse(const char *s, size_t n, struct logline *l, size_t classic)
{
	/* Exchange's logs of columns: a header line, or a row that starts with its time
	 * and a comma */
	size_t t;
	if (forced == LOGFMT_AUTO && n > 20 &&
	    (s[0] == '#' || (isdig(s[0]) && (t = iso_at(s, n)) && t < n && s[t] == ',')) &&
	    log_cols(s, n, l))
		return;
	/* hMailServer's: a quoted kind, a tab */
	if (forced == LOGFMT_AUTO && n > 12 && s[0] == '"' && memchr(s, '\t', n < 16 ? n : 16) &&
	    log_hmailserver(s, n, l))
		return;
	/* MailEnable's: a date of its own, a tab, SMTP-IN or SMTP-OU */
	if (forced == LOGFMT_AUTO && n > 30 && isdig(s[0]) && s[2] == '/' &&
	    memchr(s, '\t', 24) && log_mailenable(s, n, l))
		return;
	size_t i = header(s, n, l, classic);
	if (forced != LOGFMT_AUTO) {
		/* every line is the log's: its message, after a header if there is one */
		if (i > n) {
			*l = (struct logline){.kind = LOG_NONE};
			i = 0;
		}
		readers[forced](s + i, n - i, l);
		return;
	}
	if (i > n) {
		/* no header: a Postfix message as journalctl -o cat writes it, when it has
		 * the shape of a delivery or a rejection */
		struct logline m = {.kind = LOG_NONE};
		if (postfix_words(s, n)) {
			*l = (struct logline){.kind = LOG_OTHER, .format = "postfix"};
		} else if ((n > 9 && memcmp(s, "NOQUEUE: ", 9) == 0) || queueid_at(s, n) ||
		    (n > 14 && memcmp(s, "proxy-", 6) == 0)) {
			postfix(s, n, &m);
			/* a queue id of capitals and digits (Postfix's short ones) says the
			 * rest of its lines are Postfix's too */
			if (m.kind != LOG_OTHER || shortid(m.queue_id))
				*l = m;
		}
		return;
	}
	l->kind = LOG_OTHER;
	const struct span p = l->program;
	if (!p.s && l->format)
		own(s + i, n - i, l);
	else if (log_starts(p, "postfix"))
		postfix(s + i, n - i, l);
	else if (log_starts(p, "sendmail") || log_starts(p, "sm-"))
		log_sendmail(s + i, n - i, l);
	else if (log_starts(p, "exim"))
		exim_read(s + i, n - i, l); /* syslog around Exim's own line */
	else if (log_starts(p, "qmail") || log_starts(p, "rblsmtpd") ||
	           log_starts(p, "tcpserver") || log_starts(p, "vchkpw") ||
	           log_starts(p, "spamdyke")) {
		log_qmail(s + i, n - i, l);
	} else if (log_starts(p, "haraka")) {
		log_haraka(s + i, n - i, l);
	} else if (log_starts(p, "courier")) {
		log_courier(s + i, n - i, l);
	} else if (log_starts(p, "smtpd") && !log_starts(p, "smtpd/")) {
		log_opensmtpd(s + i, n - i, l);
	} else if (log_find(p.s, p.n, "postfix")) {
		postfix(s + i, n - i, l); /* "mail/postfix/smtp", "zimbra-postfix/smtp" */
	}
}

/* writes the k digits of v at p */
static void
putdigits(char *p, unsigned long v, int k)
{
	while (k-- > 0) {
		p[k] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* a time in seconds since the epoch (and nanoseconds), written as ISO 8601 into
 * l->timebuf, to which l->time then points: the civil date of the days since the
 * epoch by Howard Hinnant's algorithm, with no call to libc's formatting */
static void
settime(struct logline *l, long long secs, long nanos)
{
	if (secs < 0 || secs > 253402300799LL)
		return;
	long long days = secs / 86400, sod = secs % 86400;
	long long z = days + 719468, era = z / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	long long y = yoe + era * 400 + (m <= 2);
	char *b = l->timebuf;
	putdigits(b, (unsigned long)y, 4);
	b[4] = '-';
	putdigits(b + 5, (unsigned long)m, 2);
	b[7] = '-';
	putdigits(b + 8, (unsigned long)d, 2);
	b[10] = 'T';
	putdigits(b + 11, (unsigned long)(sod / 3600), 2);
	b[13] = ':';
	putdigits(b + 14, (unsigned long)(sod / 60 % 60), 2);
	b[16] = ':';
	putdigits(b + 17, (unsigned long)(sod % 60), 2);
	b[19] = '.';
	putdigits(b + 20, (unsigned long)(nanos / 1000), 6);
	b[26] = 'Z';
	l->time = (struct span){b, 27};
}

/* qmail's times, written as ISO 8601: multilog's TAI64N ("@4000000067291a2e1d2f3c44":
 * 2^62 + 10 + seconds since the epoch, then nanoseconds, as tai64nlocal reads it) and
 * splogger's "1157520813.485077" */
static void
qmailtime(struct logline *l)
{
	struct span t = l->time;
	long long secs = 0;
	long frac = 0;
	if (t.n == 25 && t.s[0] == '@') {
		unsigned long long v = 0;
		for (size_t i = 1; i < 25; i++) {
			unsigned d = isdig(t.s[i]) ? (unsigned)(t.s[i] - '0') : (unsigned)(t.s[i] - 'a' + 10);
			if (i <= 16)
				v = v << 4 | d;
			else
				frac = frac << 4 | (long)d;
		}
		if (v < 4611686018427387914ULL || frac > 999999999)
			return;
		secs = (long long)(v - 4611686018427387914ULL);
	} else if (t.n > 10 && isdig(t.s[0])) {
		size_t i = 0;
		for (; i < t.n && isdig(t.s[i]) && i < 12; i++)
			secs = secs * 10 + (t.s[i] - '0');
		if (i >= t.n || t.s[i] != '.')
			return;
		long scale = 100000000;
		for (i++; i < t.n && isdig(t.s[i]) && scale; i++, scale /= 10)
			frac += (t.s[i] - '0') * scale;
	} else {
		return;
	}
	settime(l, secs, frac);
}

void
logline_parse(const char *s, size_t n, struct logline *l)
{
	memset(l, 0, sizeof *l); /* (kind LOG_NONE) */
	if (forced == LOGFMT_NONE)
		return;
	/* a classic syslog time, the most common header, is read once: no container's
	 * prefix starts so */
	size_t t = classic_at(s, n), c = t ? 0 : container_at(s, n);
	parse(s + c, n - c, l, t ? t : classic_at(s + c, n - c));
	/* a container's time has the year that a classic syslog time lacks */
	if (l->kind != LOG_NONE && c > 20 && isdig(s[0]) && (!l->time.s || !isdig(l->time.s[0])))
		l->time = (struct span){s, iso_at(s, c)};
	/* qmail's times, only of the lines that are shown */
	if ((l->kind == LOG_DELIVERY || l->kind == LOG_REJECT) && l->format &&
	    l->format[0] == 'q' && l->time.n && iso_at(l->time.s, l->time.n) == 0)
		qmailtime(l);
}

bool
logline_copy(const struct logline *l, const char *p)
{
	return (p >= l->timebuf && p < l->timebuf + sizeof l->timebuf) || log_cols_copy(p);
}

void
logline_move(struct logline *to, const struct logline *from)
{
	*to = *from;
	uintptr_t t = (uintptr_t)from->time.s, own = (uintptr_t)from->timebuf;
	if (t - own < sizeof from->timebuf)
		to->time.s = to->timebuf + (t - own);
}

size_t
logline_settle(struct logline *l, char *buf)
{
	/* (the line and l's own time stay where they are: only the row of fields moves,
	 * and a log that has none, as most have not, needs nothing) */
	struct span row = log_cols_row();
	if (!row.n)
		return 0;
	struct span *const spans[] = {
		&l->time, &l->host, &l->program, &l->queue_id, &l->sender, &l->recipient,
		&l->orig_recipient, &l->relay, &l->delay, &l->dsn, &l->outcome, &l->reply,
		&l->message, &l->client, &l->link,
	};
	_Static_assert(sizeof spans / sizeof spans[0] * sizeof(struct span) ==
	                       offsetof(struct logline, link) + sizeof(struct span) -
	                               offsetof(struct logline, time),
	               "every span of struct logline is settled");
	bool copied = false;
	for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) {
		uintptr_t p = (uintptr_t)spans[k]->s;
		if (p && p - (uintptr_t)row.s <= row.n) {
			if (!copied)
				memcpy(buf, row.s, row.n);
			copied = true;
			spans[k]->s = buf + (p - (uintptr_t)row.s);
		}
	}
	return copied ? row.n : 0;
}

bool
logline_escaped(const struct logline *l)
{
	if (!l->format || l->reply.n < 2)
		return false;
	if (strcmp(l->format, "exim") == 0)
		return log_find(l->reply.s, l->reply.n, "\\n") != NULL;
	/* qmail-send writes a reply's spaces as '_' and its line ends as '/' */
	return strcmp(l->format, "qmail") == 0 && l->kind == LOG_DELIVERY &&
	       memchr(l->reply.s, '_', l->reply.n) && !memchr(l->reply.s, ' ', l->reply.n);
}

size_t
logline_unescape(const struct logline *l, char *out)
{
	struct span r = l->reply;
	bool qmail = strcmp(l->format, "qmail") == 0;
	size_t o = 0, w = 0;
	for (size_t i = 0; i < r.n; i++) {
		char c = r.s[i];
		if (qmail) {
			/* "_" a space, "/" a line end, but not in a link ("http://x/y") */
			if (c == '/' && !(i + 1 < r.n && r.s[i + 1] == '/') &&
			    !log_find(out + w, o - w, ":/"))
				c = ' ';
			else if (c == '_')
				c = ' ';
			if (c == ' ')
				w = o + 1;
			out[o++] = c;
		} else if (c == '\\' && i + 1 < r.n && r.s[i + 1] == 'n') {
			out[o++] = ' ';
			i++;
		} else {
			out[o++] = c;
		}
	}
	while (qmail && o && out[o - 1] == ' ')
		o--;
	return o;
}

/* the context by queue id: one slot per hash of the id (with what it names, and for
 * LOGID_RECIPIENT the recipient), overwritten by a newer one */
static struct {
	unsigned char idlen, senderlen;
	bool known;             /* its sender is known (and may be empty: from=<>) */
	bool told;              /* its delivery was told (LOGID_RECIPIENT) */
	unsigned char clientlen, recipientlen, id_of;
	unsigned char stage;    /* of a session: the command of its last context line */
	unsigned rcpthash;      /* of LOGID_RECIPIENT: the recipient's hash */
	char id[40];
	char sender[255];
	char client[128];
	char recipient[255];    /* a qmail delivery's recipient */
	unsigned long deferred; /* the line of its first deferral not yet followed by a
	                         * final outcome, or 0 */
} queue[LIMIT_QUEUE];
/* each slot's hash, or 0 for an empty one: an id that is not kept is told by this
 * small table alone, without a miss of the cache in the large one */
static unsigned tags[LIMIT_QUEUE];
static unsigned long forgotten;

/* the slot of an id of a kind (and recipient hash), made its own (an older message's
 * forgotten) when take */
static long
slot_of(const struct span *id, unsigned char of, unsigned rh, bool take)
{
	if (!id->n || id->n > sizeof queue[0].id)
		return -1;
	unsigned h = names_hash(of, id->s, id->n) ^ rh * 2654435761u;
	size_t k = h % LIMIT_QUEUE;
	h |= 1u; /* (never 0) */
	if (tags[k] == h && queue[k].idlen == id->n && queue[k].id_of == of &&
	    queue[k].rcpthash == rh && memcmp(queue[k].id, id->s, id->n) == 0)
		return (long)k;
	if (!take)
		return -1;
	if (tags[k])
		forgotten++;
	tags[k] = h;
	queue[k].idlen = (unsigned char)id->n;
	queue[k].id_of = of;
	queue[k].rcpthash = rh;
	memcpy(queue[k].id, id->s, id->n);
	queue[k].senderlen = queue[k].clientlen = queue[k].recipientlen = queue[k].stage = 0;
	queue[k].known = queue[k].told = false;
	queue[k].deferred = 0;
	return (long)k;
}

/* the host that wrote a line, as part of its ids' keys: on a log server that gathers
 * many, two hosts may use one queue id */
static unsigned
hostkey(const struct logline *l)
{
	return l->host.n ? names_hash(1, l->host.s, l->host.n) * 40503u : 0;
}

static long
queue_slot(const struct logline *l, bool take)
{
	unsigned rh = l->id == LOGID_RECIPIENT && l->recipient.n
	                      ? names_hash(0, l->recipient.s, l->recipient.n) | 1u
	                      : 0;
	return slot_of(&l->queue_id, l->id, rh ^ hostkey(l), take);
}

/* copies the span v to a slot's buffer of cap bytes, cut there; its length */
static unsigned char
keep(char *buf, size_t cap, struct span v)
{
	size_t n = v.n < cap ? v.n : cap;
	memcpy(buf, v.s, n);
	return (unsigned char)n;
}

void
logline_remember(const struct logline *l)
{
	/* a qmail delivery takes its message's sender: found before the slot is taken,
	 * which may be the message's own */
	char sender[255];
	unsigned char senderlen = 0;
	bool known = false;
	if (l->link.n) {
		long m = slot_of(&l->link, LOGID_MESSAGE, hostkey(l), false);
		if (m >= 0 && queue[m].known) {
			known = true;
			senderlen = queue[m].senderlen;
			memcpy(sender, queue[m].sender, senderlen);
		}
	}
	long k = queue_slot(l, true);
	if (k < 0)
		return;
	if (l->sender.s) {
		queue[k].senderlen = keep(queue[k].sender, sizeof queue[k].sender, l->sender);
		queue[k].known = true;
	} else if (known) {
		memcpy(queue[k].sender, sender, senderlen);
		queue[k].senderlen = senderlen;
		queue[k].known = true;
	}
	if (l->client.n)
		queue[k].clientlen = keep(queue[k].client, sizeof queue[k].client, l->client);
	if (l->recipient.n && l->id != LOGID_RECIPIENT)
		queue[k].recipientlen =
			keep(queue[k].recipient, sizeof queue[k].recipient, l->recipient);
	if (l->stage)
		queue[k].stage = l->stage;
}

void
logline_recall(struct logline *l)
{
	long k = queue_slot(l, false);
	if (k < 0)
		return;
	if (!l->sender.s && queue[k].known)
		l->sender = (struct span){queue[k].sender, queue[k].senderlen};
	if (!l->client.s && queue[k].clientlen)
		l->client = (struct span){queue[k].client, queue[k].clientlen};
	if (!l->recipient.s && queue[k].recipientlen)
		l->recipient = (struct span){queue[k].recipient, queue[k].recipientlen};
	if (!l->stage)
		l->stage = queue[k].stage;
}

bool
logline_outcome_is(const struct logline *l, const char *w)
{
	size_t n = strlen(w);
	return l->outcome.n == n && memcmp(l->outcome.s, w, n) == 0;
}

unsigned long
logline_track(const struct logline *l, unsigned long line)
{
	if (l->kind != LOG_DELIVERY)
		return 0;
	bool deferred = logline_outcome_is(l, "deferred");
	long k = queue_slot(l, deferred);
	if (k < 0)
		return 0;
	if (deferred) {
		if (!queue[k].deferred)
			queue[k].deferred = line;
		return 0;
	}
	unsigned long d = queue[k].deferred;
	if (l->success || logline_outcome_is(l, "bounced") ||
	    logline_outcome_is(l, "expired")) {
		queue[k].deferred = 0; /* told once */
		return l->success ? 0 : d;
	}
	return 0;
}

unsigned long
logline_context(struct logline *l, unsigned long line)
{
	if (l->kind == LOG_CONTEXT) {
		logline_remember(l);
		return 0;
	}
	if (l->kind != LOG_DELIVERY && l->kind != LOG_REJECT)
		return 0;
	if (l->id == LOGID_RECIPIENT) {
		/* Courier: a reply, then the status of the same delivery */
		long k = queue_slot(l, l->reply.n > 0);
		if (l->reply.n) {
			if (k >= 0)
				queue[k].told = true;
		} else if (k >= 0 && queue[k].told) {
			queue[k].told = false;
			l->told = true;
			return 0;
		}
	}
	unsigned long d = logline_track(l, line);
	logline_recall(l);
	return d;
}

unsigned long
logline_forgotten(void)
{
	return forgotten;
}

bool
logline_note(const char *s, size_t n)
{
	return n > 11 && memcmp(s, "connect to ", 11) == 0;
}
