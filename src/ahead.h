/* ahead.h: a mail log read and parsed ahead, in a thread of its own, while the lines
 * already parsed are explained: reading and parsing each line is about half of the
 * work on a log, and on a machine of two cores or more the two halves run at once */
#ifndef SMTPCODE_AHEAD_H
#define SMTPCODE_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "lines.h"
#include "logline.h"

/* a line read and parsed ahead: its bytes, and its log line's spans, point into a
 * batch of lines that is kept until the next call of ahead_next */
struct parsed {
	const char *s;
	size_t n;
	unsigned long lineno;
	bool cut;            /* the line was longer than LIMIT_LINE bytes and is cut there */
	unsigned long noise; /* lines before it that were the log's noise, skipped */
	struct logline l;
};

/* starts reading r in a thread of its own; logstream tells whether a line already
 * read was a log's, and pending whether the last line read was not (a reply that
 * may go on). False when no thread could be started: read the lines as usual then */
bool ahead_start(struct lines *r, bool logstream, bool pending);

/* the next line to explain (the caller's to change until the next call), or NULL
 * at the end of the input; *noise is set to the lines skipped as the log's noise
 * before it (or before the end) */
struct parsed *ahead_next(unsigned long *noise);

/* ends the thread; returns what lines_next last returned: 0 at the end, -1 on a
 * read error (errno set) */
int ahead_end(void);

#endif
