/* recognize.h: what an input is: a reply code, an enhanced code, a class, a reply
 * line, or a word; and how command-line words group into inputs. Pure functions over
 * (pointer, length); no I/O, no allocation. */
#ifndef SMTPCODE_RECOGNIZE_H
#define SMTPCODE_RECOGNIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "limit.h"
#include "names.h"

enum shape {
	SHAPE_EMPTY,    /* nothing but white space */
	SHAPE_CODE,     /* "550" */
	SHAPE_ENHANCED, /* "5.1.1", "X.1.1", "5.X.X" */
	SHAPE_CLASS,    /* "5xx" */
	SHAPE_REPLY,    /* codes followed by text: "550 5.1.1 User unknown", "5.7.1 Denied" */
	SHAPE_WORD,     /* anything else: "1001", "mailbox-full", "Dropped", free text */
};

struct logline;
struct mail;
struct mailrcpt;

struct input {
	const char *raw;    /* the input, trimmed of surrounding white space */
	size_t rawlen;
	enum shape shape;
	int code;           /* the 3-digit reply code, or -1 */
	bool more;          /* the code is followed by '-': a reply line that is not the
	                     * last (RFC 5321 4.2.1) */
	bool unfinished;    /* set by reply: continuation lines whose last line is missing */
	bool cut;           /* set by reply: the reply was longer than LIMIT_REPLY */
	unsigned lines;     /* set by reply: how many lines it joined (0 or 1: one) */
	char enhanced[LIMIT_ENHANCED]; /* normalized enhanced code ("5.1.1", "X.1.1",
	                     * "5.XXX.XXX", "X.1.XXX"), or "" */
	bool badclass;      /* after the reply code stood an enhanced code whose class is
	                     * not 2, 4 or 5 ("550 3.1.1 ..."): ignored, left in the text */
	const char *text;   /* the text after the codes (SHAPE_REPLY), or the word; the
	                     * wrapper of the sending MTA left out */
	size_t textlen;
	/* what the wrapper around the reply said (wrapper.c) */
	unsigned char stage;        /* enum stage */
	const char *host;           /* the remote host named, or NULL */
	size_t hostlen;
	const char *ip;             /* its IP address, or NULL */
	size_t iplen;
	int inner;                  /* the code of a reply quoted inside this one, or -1 */
	size_t innerat;             /* where in text it starts */
	char inner_enhanced[LIMIT_ENHANCED];
	const char *reply;          /* the reply itself, from its first code to the end of
	                             * its text, without the sending MTA's words around it;
	                             * NULL when no code starts one */
	size_t replylen;
	bool flattened;             /* the text holds the codes of further lines of a
	                             * multi-line reply made one line ("550-5.7.1 a 550 b") */
	/* set by main for a mail log's line: what the log says around the reply */
	const struct logline *log;  /* or NULL */
	unsigned long line;         /* its line of standard input */
	/* and for a recipient of an e-mail: the e-mail, the recipient, the file's name */
	const struct mail *mail;    /* or NULL */
	const struct mailrcpt *rcpt;
	const char *email;
	/* the reason that the kind of bounce tells when its words tell none (a Google
	 * Groups bounce or its pasted notice, in any language: "rejected"), or NULL */
	const char *fallback;
	const char *fallback_note;  /* what tells that reason, or NULL for the kind of bounce */
	/* enum class: the class a log's outcome tells when no code does (a deferral, an
	 * attempt: the message stays queued, transient), or CLASS_NONE */
	unsigned char logclass;
};

/* recognizes the input s[0..n) */
void recognize(const char *s, size_t n, struct input *in);

/* groups command-line words into inputs (the rule is in smtpcode(1), INPUT): writes
 * the index of each group's first word to starts and returns the number of groups */
int recognize_group(int argc, char *const argv[], int *starts);

#endif
