/* recognize.h: what an input is: a reply code, an enhanced code, a class, a reply
 * line, or a word; and how command-line words group into inputs. Pure functions over
 * (pointer, length); no I/O, no allocation. */
#ifndef SMTPCODE_RECOGNIZE_H
#define SMTPCODE_RECOGNIZE_H

#include <stddef.h>

enum shape {
	SHAPE_EMPTY,    /* nothing but white space */
	SHAPE_CODE,     /* "550" */
	SHAPE_ENHANCED, /* "5.1.1", "X.1.1", "5.X.X" */
	SHAPE_CLASS,    /* "5xx" */
	SHAPE_REPLY,    /* codes followed by text: "550 5.1.1 User unknown", "5.7.1 Denied" */
	SHAPE_WORD,     /* anything else: "1001", "mailbox-full", "Dropped", free text */
};

struct input {
	const char *raw;    /* the input, trimmed of surrounding white space */
	size_t rawlen;
	enum shape shape;
	int code;           /* the 3-digit reply code, or -1 */
	char enhanced[32];  /* normalized enhanced code ("5.1.1", "X.1.1", "5.XXX.XXX",
	                     * "X.1.XXX"), or "" */
	const char *text;   /* the text after the codes (SHAPE_REPLY), or the word */
	size_t textlen;
};

/* recognizes the input s[0..n) */
void recognize(const char *s, size_t n, struct input *in);

/* groups command-line words into inputs (the rule is in smtpcode(1), INPUT): writes
 * the index of each group's first word to starts and returns the number of groups */
int recognize_group(int argc, char *const argv[], int *starts);

#endif
