/* html.c: the text of HTML (html.h). Each byte is read once; what is written never
 * outruns what was read: a tag is at least as long as its line breaks, and a
 * character reference as its UTF-8, except a tag begun on an earlier line, whose
 * breaks are cut to the bytes read on this one. */
#include <string.h>

#include "html.h"

enum { H_TEXT, H_TAG, H_QUOTE, H_COMMENT };
enum { SKIP_NONE, SKIP_HEAD, SKIP_STYLE, SKIP_SCRIPT };

void
html_begin(struct html *h)
{
	memset(h, 0, sizeof *h);
	h->breaks = 2; /* nothing yet: no break or space opens the text */
}

static bool
isname(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* the line breaks a tag makes: 2 ends a paragraph */
static int
breaks_of(const char *t)
{
	static const char *const para[] = {"p", "table", "h1", "h2", "h3", "h4", "h5", "h6",
	                                   "hr", "blockquote", "pre", "ul", "ol", "body"};
	static const char *const line[] = {"br", "div", "tr", "li", "dt", "dd", "center",
	                                   "section", "article", "header", "footer"};
	for (size_t i = 0; i < sizeof para / sizeof para[0]; i++)
		if (strcmp(t, para[i]) == 0)
			return 2;
	for (size_t i = 0; i < sizeof line / sizeof line[0]; i++)
		if (strcmp(t, line[i]) == 0)
			return 1;
	return 0;
}

static int
skip_of(const char *t)
{
	return strcmp(t, "head") == 0    ? SKIP_HEAD
	       : strcmp(t, "style") == 0  ? SKIP_STYLE
	       : strcmp(t, "script") == 0 ? SKIP_SCRIPT
	                                  : SKIP_NONE;
}

/* writes k line breaks at most, as room allows */
static size_t
put_breaks(struct html *h, char *s, size_t w, size_t room, int k)
{
	if (h->space && w > 0 && s[w - 1] == ' ')
		w--, room++; /* (a space before a break is none) */
	while (h->breaks < k && room > 0) {
		s[w++] = '\n';
		h->breaks++;
		room--;
	}
	h->space = false;
	return w;
}

/* writes one byte of text, white space collapsed */
static size_t
put(struct html *h, char *s, size_t w, char c)
{
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		if (!h->space && h->breaks == 0) {
			s[w++] = ' ';
			h->space = true;
		}
		return w;
	}
	s[w++] = c;
	h->space = false;
	h->breaks = 0;
	return w;
}

/* a tag has ended: what it does */
static size_t
tag_end(struct html *h, char *s, size_t w, size_t room)
{
	h->name[h->namelen] = '\0';
	int k = skip_of(h->name);
	if (h->skip) {
		/* (a head left open ends where the body starts) */
		bool body = h->skip == SKIP_HEAD && !h->closing && strcmp(h->name, "body") == 0;
		if (!body && !(h->closing && k == h->skip))
			return w;
		h->skip = SKIP_NONE;
		if (!body)
			return w;
	}
	if (k) {
		if (!h->closing)
			h->skip = (unsigned char)k;
		return w;
	}
	int b = breaks_of(h->name);
	if (b)
		w = put_breaks(h, s, w, room, b);
	else if (strcmp(h->name, "td") == 0 || strcmp(h->name, "th") == 0)
		w = put(h, s, w, ' '); /* (room is at least the '>') */
	return w;
}

/* the code point of a character reference s[0..n) ("amp", "#60", "#x3c"), or -1 */
static long
reference(const char *s, size_t n)
{
	static const struct {
		const char *name;
		long c;
	} names[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	             {"nbsp", ' '}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"rsquo", 0x2019},
	             {"lsquo", 0x2018}, {"ldquo", 0x201c}, {"rdquo", 0x201d}, {"hellip", 0x2026}};
	if (n >= 2 && s[0] == '#') {
		long c = 0;
		bool hex = s[1] == 'x' || s[1] == 'X';
		size_t i = hex ? 2 : 1;
		if (i == n)
			return -1;
		for (; i < n; i++) {
			char d = s[i];
			int v = d >= '0' && d <= '9'           ? d - '0'
			        : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
			        : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
			                                      : -1;
			if (v < 0 || c > 0x10ffff)
				return -1;
			c = c * (hex ? 16 : 10) + v;
		}
		if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		return c;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0)
			return names[i].c;
	return -1;
}

/* c as UTF-8 at out; returns its length */
static size_t
utf8(long c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

size_t
html_text(struct html *h, char *s, size_t n, size_t cap)
{
	size_t w = 0;
	for (size_t r = 0; r < n; r++) {
		char c = s[r];
		switch (h->state) {
		case H_COMMENT:
			if (c == '>' && h->dashes >= 2)
				h->state = H_TEXT;
			h->dashes = c == '-' ? (unsigned char)(h->dashes < 2 ? h->dashes + 1 : 2) : 0;
			continue;
		case H_QUOTE:
			if (c == h->quote)
				h->state = H_TAG;
			continue;
		case H_TAG:
			if (c == '>') {
				h->state = H_TEXT;
				w = tag_end(h, s, w, r + 1 - w);
			} else if (c == '"' || c == '\'') {
				h->named = true;
				h->state = H_QUOTE;
				h->quote = c;
			} else if (!h->named && h->namelen == 0 && c == '/' && !h->closing) {
				h->closing = true;
			} else if (!h->named && h->namelen == 0 && c == '!' && r + 2 < n &&
			           s[r + 1] == '-' && s[r + 2] == '-') {
				h->state = H_COMMENT;
				h->dashes = 0;
				r += 2;
			} else if (!h->named && isname(c) && h->namelen < sizeof h->name - 1) {
				h->name[h->namelen++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			} else {
				h->named = true;
			}
			continue;
		}
		/* (in a style or a script, only its end tag is a tag: "if (a<b)") */
		if (c == '<' && r + 1 < n &&
		    (h->skip == SKIP_STYLE || h->skip == SKIP_SCRIPT
		         ? s[r + 1] == '/'
		         : isname(s[r + 1]) || s[r + 1] == '/' || s[r + 1] == '!')) {
			h->state = H_TAG;
			h->namelen = 0;
			h->closing = h->named = false;
			continue;
		}
		if (h->skip)
			continue;
		if (c == '&') {
			const char *semi = memchr(s + r + 1, ';', n - r - 1 < 10 ? n - r - 1 : 10);
			long cp = semi ? reference(s + r + 1, (size_t)(semi - s - r - 1)) : -1;
			if (cp >= 0) {
				r = (size_t)(semi - s);
				if (cp < 0x80) {
					w = put(h, s, w, (char)cp);
				} else {
					w += utf8(cp, s + w);
					h->space = false;
					h->breaks = 0;
				}
				continue;
			}
		}
		w = put(h, s, w, c);
	}
	/* the line's end is white space */
	if (!h->skip && h->state == H_TEXT && !h->space && h->breaks == 0 && w < cap)
		s[w++] = ' ', h->space = true;
	return w;
}
