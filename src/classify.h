/* classify.h: an input looked up in the tables, and the verdict drawn from what
 * matched: class, reason, retry, bounce, and the evidence */
#ifndef SMTPCODE_CLASSIFY_H
#define SMTPCODE_CLASSIFY_H

#include <stdbool.h>

#include "recognize.h"
#include "table.h"

#define CLASSIFY_MAXMATCH 32
#define CLASSIFY_MAXNOTE 4
#define CLASSIFY_TEXTMAX 65536

/* a table row that applied: an entry, or a reason named as input */
struct match {
	const struct entry *entry;
	const struct reason *reason;
	bool fallback; /* explains the code's class or subject only, not the code */
};

/* what a script acts on; the exit status of -q follows the worst one */
enum verdict {
	VERDICT_OK,          /* success, or nothing to act on */
	VERDICT_RETRY,       /* try again later */
	VERDICT_FAIL,        /* do not retry as is */
	VERDICT_UNKNOWN,     /* not recognized */
};

struct result {
	bool recognized;
	const char *error;         /* why not recognized */
	int code;                  /* reply code or -1 */
	char enhanced[32];         /* as typed, normalized, or "" */
	enum class class;          /* CLASS_NONE: no class */
	bool standard;
	const struct reason *reason;
	int retry;                 /* 1, 0, or -1 for null */
	const char *retry_advice;  /* the reason's, where it applies to this reply, or NULL */
	enum bounce bounce;        /* BOUNCE_NONE: null */
	enum verdict verdict;
	struct match matches[CLASSIFY_MAXMATCH];
	size_t nmatch;             /* matches[0] decided the verdict */
	const char *notes[CLASSIFY_MAXNOTE];
	size_t nnote;
	char fold[CLASSIFY_TEXTMAX]; /* the input's text, folded for matching */
};

/* looks in up the tables (only table number `only`, unless it is -1) and fills res */
void classify(const struct input *in, int only, struct result *res);

/* returns the reason of a match, or NULL */
const struct reason *classify_reason(const struct match *m);

#endif
