/* template.c: a reply text with its variable parts replaced by placeholders */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "template.h"

/* the longest host name (RFC 1035: 253 bytes), IPv6 address (45 characters) and
 * e-mail address (RFC 5321 4.5.3.1: 64 + 1 + 255) there are: each scan for one
 * stops there, so that a text of near-misses is read in linear time */
#define HOST_MAX 255
#define IPV6_MAX 45
#define ADDR_MAX 320

static bool
isdig(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
isalpha_ascii(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
isalnum_ascii(unsigned char c)
{
	return isdig(c) || isalpha_ascii(c);
}

static const unsigned char spacebyte[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
};

static bool
isspace_ascii(unsigned char c)
{
	return spacebyte[c];
}

static bool
ishex(unsigned char c)
{
	return isdig(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* a byte that may stand in an address's local part or a host name */
static bool
isaddrbyte(unsigned char c)
{
	return isalnum_ascii(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '%' ||
	       c == '=' || c == '\'';
}

static bool
ishostbyte(unsigned char c)
{
	return isalnum_ascii(c) || c == '.' || c == '-' || c == '_';
}

/* the output, and whether a space is owed before the next byte */
struct out {
	char *buf;
	size_t len, cap;
	bool space;
	unsigned *map;   /* or NULL */
	unsigned from;   /* the input offset of what is put now */
	unsigned spaceat; /* the input offset of the space owed */
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->space && o->len > 0 && o->len + 1 < o->cap) {
		if (o->map)
			o->map[o->len] = o->spaceat;
		o->buf[o->len++] = ' ';
	}
	o->space = false;
	if (n > o->cap - 1 - o->len)
		n = o->cap - 1 - o->len;
	memcpy(o->buf + o->len, s, n);
	if (o->map)
		for (size_t i = 0; i < n; i++)
			o->map[o->len + i] = o->from;
	o->len += n;
}

/* the length of a host name at s[0..n): labels of letters, digits, '-' and '_'
 * joined by dots, at least two, the last of two or more letters; a final dot is
 * left out. 0 if there is none. */
/* a run of labels of letters, digits, '-' and '_' joined by dots: where it ends, and
 * whether its last label can be a top-level domain: two to six letters of one case (a
 * longer one, as in "resolver.adr.recipnotfound", or one in mixed case, as in
 * "STOREDRV.Submit", is a word of a provider's code) */
struct dotrun {
	size_t end;      /* the run is s[..end) */
	bool tld;
};

/* reads the run that starts at s[i] */
static struct dotrun
dotrun_at(const unsigned char *s, size_t n, size_t i)
{
	size_t lastletters = 0, last = i;
	while (i < n) {
		size_t start = i;
		bool letters = true;
		unsigned cases = 0; /* 1: a lowercase letter, 2: a capital */
		while (i < n && (isalnum_ascii(s[i]) || s[i] == '-' || s[i] == '_')) {
			letters &= isalpha_ascii(s[i]);
			cases |= s[i] >= 'a' && s[i] <= 'z' ? 1u : s[i] >= 'A' && s[i] <= 'Z' ? 2u : 0u;
			i++;
		}
		if (i == start)
			break;
		last = i;
		lastletters = letters && cases != 3 ? i - start : 0;
		if (i + 1 < n && s[i] == '.' && isalnum_ascii(s[i + 1]))
			i++;
		else
			break;
	}
	return (struct dotrun){last, lastletters >= 2 && lastletters <= 6};
}

/* the length of a host name at s[i], within the run r that holds it: two labels at
 * least, at most HOST_MAX bytes (no longer name exists), ending in a top-level
 * domain; 0 if there is none. A run is read once, whatever the starts in it. */
static size_t
hostlen(const unsigned char *s, size_t i, const struct dotrun *r)
{
	if (!r->tld || r->end - i > HOST_MAX || !memchr(s + i, '.', r->end - i))
		return 0;
	return r->end - i;
}

/* the length of an IPv4 address at s: four runs of 1 to 3 digits joined by dots */
static size_t
ipv4len(const unsigned char *s, size_t n)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		size_t d = 0;
		while (i < n && d < 4 && isdig(s[i]))
			i++, d++;
		if (d == 0 || d > 3)
			return 0;
		if (part < 3) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < n && (isdig(s[i]) || (s[i] == '.' && i + 1 < n && isdig(s[i + 1]))))
		return 0;
	return i;
}

/* the length of an IPv6 address at s: hex groups and colons, two colons at least,
 * maybe an "IPv6:" prefix */
static size_t
ipv6len(const unsigned char *s, size_t n)
{
	size_t i = 0, colons = 0, hex = 0;
	if (n > 5 + IPV6_MAX)
		n = 5 + IPV6_MAX;
	if (n >= 5 && strncmp((const char *)s, "IPv6:", 5) == 0)
		i = 5;
	size_t start = i;
	while (i < n && (ishex(s[i]) || s[i] == ':' || s[i] == '.')) {
		if (s[i] == ':')
			colons++;
		else if (s[i] != '.')
			hex++;
		i++;
	}
	if (colons < 2 || hex == 0 || i - start < 3)
		return 0;
	/* "12:34:56" is a time, not an address */
	if (colons == 2 && i - start <= 8)
		return 0;
	return i;
}

/* the length of an enhanced status code at s: [245].d{1,3}.d{1,3}, not followed by
 * another .digit (that would be an IP address or a version) */
static size_t
enhancedlen(const unsigned char *s, size_t n)
{
	if (n < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	size_t i = 2, d = 0;
	while (i < n && d < 4 && isdig(s[i]))
		i++, d++;
	if (d == 0 || d > 3 || i >= n || s[i] != '.')
		return 0;
	i++;
	d = 0;
	while (i < n && d < 4 && isdig(s[i]))
		i++, d++;
	if (d == 0 || d > 3)
		return 0;
	if (i < n && s[i] == '.' && i + 1 < n && isdig(s[i + 1]))
		return 0;
	return i;
}

/* the length of an e-mail address at s, which starts a token: local@domain */
static size_t
addrlen(const unsigned char *s, size_t n)
{
	size_t i = 0;
	if (n > ADDR_MAX)
		n = ADDR_MAX;
	if (i < n && s[i] == '"') { /* a quoted local part */
		i++;
		while (i < n && s[i] != '"' && !isspace_ascii(s[i]))
			i++;
		if (i >= n || s[i] != '"')
			return 0;
		i++;
	} else {
		while (i < n && isaddrbyte(s[i]))
			i++;
	}
	if (i == 0 || i >= n || s[i] != '@')
		return 0;
	i++;
	size_t h = 0;
	if (i < n && s[i] == '[') { /* a domain literal */
		size_t j = i + 1;
		while (j < n && s[j] != ']' && !isspace_ascii(s[j]))
			j++;
		if (j >= n || s[j] != ']')
			return 0;
		return j + 1;
	}
	while (i + h < n && ishostbyte(s[i + h]))
		h++;
	while (h > 0 && s[i + h - 1] == '.')
		h--;
	if (h == 0)
		return 0;
	return i + h;
}

/* the bytes that end a URL: white space, '>', '"', ')' and ']' */
static const unsigned char urlend[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	['>'] = 1, ['"'] = 1, [')'] = 1, [']'] = 1,
};

/* the length of a URL at s */
static size_t
urllen(const unsigned char *s, size_t n)
{
	static const char *const schemes[] = {"http://", "https://", "www."};
	static const size_t lens[] = {7, 8, 4};
	if ((s[0] | 0x20) != 'h' && (s[0] | 0x20) != 'w')
		return 0;
	for (size_t k = 0; k < 3; k++) {
		size_t m = lens[k];
		if (n < m)
			continue;
		size_t j = 0;
		while (j < m && (s[j] | 0x20) == (unsigned char)schemes[k][j])
			j++;
		if (j < m)
			continue;
		size_t i = m;
		while (i < n && !urlend[s[i]])
			i++;
		while (i > m && strchr(".,;:'", s[i - 1]))
			i--;
		return i;
	}
	return 0;
}

/* lowercases the UTF-8 character at s (len bytes) into o: Latin-1 and Cyrillic
 * capitals; everything else as it is */
static void
putchar_folded(struct out *o, const unsigned char *s, size_t len)
{
	unsigned char b[2];
	if (len == 2 && s[0] == 0xc3 && s[1] >= 0x80 && s[1] <= 0x9e && s[1] != 0x97) {
		b[0] = 0xc3, b[1] = (unsigned char)(s[1] + 0x20); /* À-Þ */
	} else if (len == 2 && s[0] == 0xd0 && s[1] >= 0x90 && s[1] <= 0x9f) {
		b[0] = 0xd0, b[1] = (unsigned char)(s[1] + 0x20); /* А-П */
	} else if (len == 2 && s[0] == 0xd0 && s[1] >= 0xa0 && s[1] <= 0xaf) {
		b[0] = 0xd1, b[1] = (unsigned char)(s[1] - 0x20); /* Р-Я */
	} else if (len == 2 && s[0] == 0xd0 && s[1] >= 0x80 && s[1] <= 0x8f) {
		b[0] = 0xd1, b[1] = (unsigned char)(s[1] + 0x10); /* Ѐ-Џ */
	} else {
		put(o, (const char *)s, len);
		return;
	}
	put(o, (const char *)b, 2);
}

/* the length of the UTF-8 sequence that starts with c (1 for a stray byte) */
static size_t
seqlen(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0xc0 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (len > n)
		return 1;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return len;
}

/* the length of the word at s when it needs no placeholder and is written as it is,
 * lowercased: no digit, '@', ':' or '<', and no '.' but at its end; else 0 */
enum { P_END = 1, P_STOP = 2, P_TAIL = 4, P_DASH = 8 };

/* for plainword: white space ends a word; digits, '@' and '<' make it not plain;
 * '.' and ':' do unless they end it; so does the '-' of "e-mail" */
static const unsigned char plain[256] = {
	[' '] = P_END, ['\t'] = P_END, ['\n'] = P_END, ['\r'] = P_END, ['\f'] = P_END,
	['\v'] = P_END, ['0'] = P_STOP, ['1'] = P_STOP, ['2'] = P_STOP, ['3'] = P_STOP,
	['4'] = P_STOP, ['5'] = P_STOP, ['6'] = P_STOP, ['7'] = P_STOP, ['8'] = P_STOP,
	['9'] = P_STOP, ['@'] = P_STOP, ['<'] = P_STOP, ['.'] = P_TAIL, [':'] = P_TAIL,
	['-'] = P_DASH,
};

/* tells whether the '-' at s[j] is that of a word "e-mail" (E-Mail, e-mails, "(e-mail")
 * in the word that starts at s[w]: the template writes it "email", as the tables do */
static bool
emaildash(const unsigned char *s, size_t w, size_t j, size_t n)
{
	return j > w && (s[j - 1] | 0x20) == 'e' && (j - 1 == w || !isalnum_ascii(s[j - 2])) &&
	       j + 4 < n && (s[j + 1] | 0x20) == 'm' && (s[j + 2] | 0x20) == 'a' &&
	       (s[j + 3] | 0x20) == 'i' && (s[j + 4] | 0x20) == 'l';
}

static size_t
plainword(const unsigned char *s, size_t n)
{
	size_t j = 0;
	for (; j < n; j++) {
		unsigned char p = plain[s[j]];
		if (!p)
			continue;
		if (p & P_DASH) {
			if (emaildash(s, 0, j, n))
				return 0;
			continue;
		}
		if (p & P_END)
			break;
		if (p & P_STOP)
			return 0;
		if (j + 1 < n && !(plain[s[j + 1]] & (P_END | P_TAIL)))
			return 0; /* a '.' or ':' inside the word: a host, a time, an address */
	}
	return j;
}

/* writes the plain word s[i..i+len), lowercased */
static void
putplain(struct out *o, const unsigned char *s, size_t i, size_t len)
{
	if (o->space && o->len > 0 && o->len + 1 < o->cap) {
		if (o->map)
			o->map[o->len] = o->spaceat;
		o->buf[o->len++] = ' ';
	}
	o->space = false;
	for (size_t k = 0; k < len && o->len + 1 < o->cap;) {
		unsigned char c = s[i + k];
		if (c < 0x80) {
			/* a run of ASCII at once */
			size_t e = k;
			while (e < len && s[i + e] < 0x80)
				e++;
			if (e - k > o->cap - 1 - o->len)
				e = k + (o->cap - 1 - o->len);
			char *b = o->buf + o->len;
			for (size_t q = k; q < e; q++) {
				unsigned char d = s[i + q];
				*b++ = (char)((unsigned)(d - 'A') < 26u ? d + 32 : d);
			}
			if (o->map)
				for (size_t q = k; q < e; q++)
					o->map[o->len + q - k] = (unsigned)(i + q);
			o->len += e - k;
			k = e;
			continue;
		}
		size_t m = seqlen(s + i + k, len - k);
		o->from = (unsigned)(i + k);
		putchar_folded(o, s + i + k, m);
		k += m;
	}
}

/* writes the words at s[i] lowercased while they need no placeholder (as plainword
 * tells), with the single spaces between them, reading them once: bytes are copied as
 * they are classified, and the copy of a word is taken back when it turns out not to
 * be plain. Returns how many bytes were read, and sets *notplain to where a word
 * that is not plain starts when it stopped there */
/* plain's classes, and what plaincopy does with the other bytes: an ASCII capital is
 * lowercased; a byte of UTF-8 is left to putplain */
enum { C_UPPER = 0x20, C_HIGH = 0x40 }; /* (C_UPPER is what lowercases a capital) */
#define E P_END
#define S P_STOP
#define T P_TAIL
#define U C_UPPER
#define H C_HIGH
#define D P_DASH
static const unsigned char copyclass[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, E, E, E, E, E, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	E, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, D, T, 0,
	S, S, S, S, S, S, S, S, S, S, T, 0, S, 0, 0, 0,
	S, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef E
#undef S
#undef T
#undef U
#undef H
#undef D

static size_t
plaincopy(struct out *o, const unsigned char *s, size_t i, size_t n, size_t *notplain)
{
	size_t len0 = o->len;
	bool space0 = o->space;
	if (o->space && o->len > 0 && o->len + 1 < o->cap) {
		if (o->map)
			o->map[o->len] = o->spaceat;
		o->buf[o->len++] = ' ';
	}
	o->space = false;
	/* the bytes written are the input's from i on, one for one: plain words and the
	 * single spaces between them (most of a reply's text) are copied in one loop */
	size_t base = o->len, w = i; /* the word being copied starts at w */
	size_t j = i, lim = n - i < o->cap - 1 - o->len ? n : i + (o->cap - 1 - o->len);
	char *b = o->buf + base - i; /* b[j] is the output of s[j] */
	while (j < lim) {
		/* the bytes of a plain word, as they are or a capital lowercased: most bytes */
		unsigned char c = 0, p = 0;
		while (j < lim && !((p = copyclass[c = s[j]]) & ~C_UPPER)) {
			b[j] = (char)(c | p);
			j++;
		}
		if (j == lim)
			break;
		if (p & P_DASH) {
			if (emaildash(s, w, j, n))
				goto back; /* "e-mail": the slow way, which writes "email" */
			b[j++] = (char)c;
			continue;
		}
		if (p & P_END) {
			if (c != ' ' || j + 1 >= lim || spacebyte[s[j + 1]])
				break; /* white space of more than one space: the caller's */
			b[j++] = ' ';
			w = j;
			continue;
		}
		if (p & (P_STOP | C_HIGH))
			goto back; /* not plain, or not ASCII: plainword and putplain do it */
		if (j + 1 < n && !(plain[s[j + 1]] & (P_END | P_TAIL)))
			goto back; /* a '.' or ':' inside the word */
		b[j++] = (char)c;
	}
	if (o->map)
		for (size_t k = i; k < j; k++)
			o->map[base + k - i] = (unsigned)k;
	o->len = base + (j - i);
	if (j == i)
		goto back;
	return j - i;
back:
	if (w == i) {
		o->len = len0;
		o->space = space0;
	} else {
		/* the words before w stay, and the space before w is owed */
		if (o->map)
			for (size_t k = i; k < w - 1; k++)
				o->map[base + k - i] = (unsigned)k;
		o->len = base + (w - 1 - i);
		o->space = true;
		o->spaceat = (unsigned)(w - 1);
	}
	size_t k = plainword(s + w, n - w);
	if (k)
		putplain(o, s, w, k);
	else
		*notplain = w;
	return w - i + k;
}

size_t
template_make(const char *s, size_t n, char *buf, size_t cap)
{
	return template_map(s, n, buf, cap, NULL);
}

size_t
template_map(const char *str, size_t n, char *buf, size_t cap, unsigned *map)
{
	const unsigned char *s = (const unsigned char *)str;
	struct out o = {buf, 0, cap, false, map, 0, 0};
	size_t i = 0, nextat = 0, attok = 0, notplain = SIZE_MAX;
	struct dotrun run = {0, false}; /* the dotted run the bytes read are in */
	bool atknown = false;
	while (i < n && o.len + 1 < cap) {
		unsigned char c = s[i];
		if (isspace_ascii(c)) {
			if (!o.space)
				o.spaceat = (unsigned)i;
			o.space = o.len > 0;
			i++;
			continue;
		}
		if ((i == 0 || isspace_ascii(s[i - 1])) && i != notplain) {
			size_t j = plaincopy(&o, s, i, n, &notplain);
			if (j) {
				i += j;
				continue;
			}
		}
		o.from = (unsigned)i;
		/* does a token start here? (not in the middle of a word) */
		bool start = i == 0 || !isalnum_ascii(s[i - 1]);
		size_t k;
		/* an address needs an '@' in its token: the next '@' and where its token
		 * starts, found once per '@' */
		if (!atknown || nextat < i) {
			/* (back to the '@' before it at most: a token of many is read once) */
			size_t lo = atknown ? nextat + 1 : 0;
			const unsigned char *a = memchr(s + i, '@', n - i);
			nextat = a ? (size_t)(a - s) : n;
			size_t t = nextat;
			while (a && t > lo && !isspace_ascii(s[t - 1]))
				t--;
			if (!(atknown && t == lo && lo > 0))
				attok = t; /* (else the token of the '@' before it) */
			atknown = true;
		}
		bool maybeaddr = nextat < n && attok <= i;
		if (maybeaddr && start && c == '<' && (k = addrlen(s + i + 1, n - i - 1)) > 0 &&
		    i + 1 + k < n &&
		    s[i + 1 + k] == '>') {
			put(&o, "<addr>", 6);
			i += k + 2;
			continue;
		}
		if (start && (k = urllen(s + i, n - i)) > 0) {
			put(&o, "<url>", 5);
			i += k;
			continue;
		}
		if (maybeaddr && start && (k = addrlen(s + i, n - i)) > 0) {
			put(&o, "<addr>", 6);
			i += k;
			continue;
		}
		if (start && isdig(c)) {
			if ((k = ipv4len(s + i, n - i)) > 0) {
				put(&o, "<ip>", 4);
				i += k;
				continue;
			}
			if ((k = enhancedlen(s + i, n - i)) > 0 && (i + k >= n || !isalnum_ascii(s[i + k]))) {
				put(&o, str + i, k);
				i += k;
				continue;
			}
		}
		if (start && (ishex(c) || c == 'I') && (k = ipv6len(s + i, n - i)) > 0) {
			put(&o, "<ip>", 4);
			i += k;
			continue;
		}
		if (start && isalnum_ascii(c)) {
			if (i >= run.end)
				run = dotrun_at(s, n, i);
			if ((k = hostlen(s, i, &run)) > 0) {
				put(&o, "<host>", 6);
				i += k;
				continue;
			}
		}
		if (start && isdig(c)) {
			/* a number, or an id that starts with a digit: up to the word's end */
			k = 0;
			while (i + k < n && (isalnum_ascii(s[i + k])))
				k++;
			put(&o, "<n>", 3);
			i += k;
			continue;
		}
		if (start && isalpha_ascii(c)) {
			/* a word: kept (lowercased) when it is letters, or letters then digits
			 * (a provider's code: TSS04), and so is such a code with a number after
			 * an underscore (OFR_506, LPN007_510); an id that mixes them otherwise
			 * is "<n>" */
			size_t digits = 0, mixed = 0;
			k = 0;
			while (i + k < n && isalnum_ascii(s[i + k])) {
				if (isdig(s[i + k]))
					digits++;
				else if (digits)
					mixed = 1;
				k++;
				if (!mixed && i + k + 1 < n && s[i + k] == '_' && isdig(s[i + k + 1])) {
					size_t d = k + 1;
					while (i + d < n && isdig(s[i + d]))
						d++;
					if (i + d >= n || !isalnum_ascii(s[i + d]))
						k = d; /* the number after the underscore ends the code */
					break;
				}
			}
			/* such a code joined by '-' or '.' to a number is an id ("id197-1234.5"):
			 * one placeholder, up to the id's end */
			if (!mixed && digits && i + k + 1 < n && (s[i + k] == '-' || s[i + k] == '.') &&
			    isdig(s[i + k + 1])) {
				mixed = 1;
				while (i + k < n && (isalnum_ascii(s[i + k]) ||
				                     ((s[i + k] == '-' || s[i + k] == '.') && i + k + 1 < n &&
				                      isalnum_ascii(s[i + k + 1]))))
					k++;
			}
			if (mixed) {
				put(&o, "<n>", 3);
			} else {
				for (size_t j = 0; j < k; j++) {
					char ch = (char)(s[i + j] | (isalpha_ascii(s[i + j]) ? 0x20 : 0));
					o.from = (unsigned)(i + j);
					put(&o, &ch, 1);
				}
			}
			i += k;
			continue;
		}
		if (c >= 0x80) {
			k = seqlen(s + i, n - i);
			putchar_folded(&o, s + i, k);
			i += k;
			continue;
		}
		/* "e-mail" is "email", as the tables write it ("E-Mail-Adresse", "e-mails") */
		if (c == '-' && emaildash(s, 0, i, n)) {
			i++;
			continue;
		}
		char ch = (char)c;
		put(&o, &ch, 1);
		i++;
	}
	buf[o.len] = '\0';
	return o.len;
}
