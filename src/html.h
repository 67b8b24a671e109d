/* html.h: the text of an HTML body, for a bounce whose only text is HTML (an Exchange
 * or a service's notice): tags dropped, block tags made line breaks, the content of
 * head, style and script left out, character references decoded to UTF-8 and white
 * space collapsed. Line by line, in place, with its state carried between lines. */
#ifndef SMTPCODE_HTML_H
#define SMTPCODE_HTML_H

#include <stdbool.h>
#include <stddef.h>

struct html {
	unsigned char state; /* in the text, a tag, a quoted attribute or a comment */
	char quote;          /* the quote that ends the attribute */
	char name[12];       /* the tag's name so far, lowercase */
	unsigned char namelen;
	bool closing;        /* "</" */
	bool named;          /* its name has ended */
	unsigned char skip;  /* inside head, style or script: the tag that ends it */
	unsigned char dashes; /* in a comment: the '-' just read */
	unsigned char breaks; /* the line breaks written last (0, 1 or 2) */
	bool space;          /* a space was written last */
};

void html_begin(struct html *h);

/* rewrites s[0..n), a line of HTML in UTF-8, as its text, in place; returns the text's
 * length: at most n, or n + 1 for the space that the line's end is, when cap (the room
 * at s, at least n) allows */
size_t html_text(struct html *h, char *s, size_t n, size_t cap);

#endif
