/* reply.h: one reply assembled from what the user gave. Consecutive lines "550-..."
 * ... "550 ..." are one reply, their texts joined and the last line's codes counting
 * (RFC 5321 4.2.1); any other line is an input by itself, recognized in place. */
#ifndef SMTPCODE_REPLY_H
#define SMTPCODE_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "limit.h"
#include "recognize.h"

struct reply {
	struct input in;          /* the input made, when reply_add says so */
	unsigned long lineno;     /* the line it started on */
	bool pending;             /* continuation lines are kept, their reply not done */
	int code;                 /* the pending reply's code */
	char enhanced[LIMIT_ENHANCED];
	size_t rawlen, textlen;
	unsigned lines;
	bool cut;
	unsigned char stage;      /* the stage a line of it named */
	char raw[LIMIT_REPLY];    /* the lines joined with "\n" */
	char text[LIMIT_REPLY];   /* their texts joined with " " */
};

enum reply_status {
	REPLY_MORE,        /* the line was kept: a reply goes on */
	REPLY_READY,       /* r->in is an input: this line, or the reply it ended */
	REPLY_READY_AGAIN, /* r->in is the reply pending before this line, which is not
	                    * part of it: use r->in, then add the same line again */
};

/* starts assembling */
void reply_init(struct reply *r);

/* adds line s[0..n), line number lineno (0: not from a file) */
enum reply_status reply_add(struct reply *r, const char *s, size_t n,
                            unsigned long lineno);

/* ends the input: returns REPLY_READY when a reply was pending (r->in is it, with
 * its last line missing), else REPLY_MORE */
enum reply_status reply_end(struct reply *r);

#endif
