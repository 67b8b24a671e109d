/* summary.h: --summary: what a stream of inputs adds up to. Every line read is counted
 * once, by what it was; every result explained is counted by its outcome, reason,
 * codes, recipient domain, remote host, provider and template, each in a bounded table
 * (Space-Saving: exact while the keys are fewer than its slots, else each count is
 * at most its error too high). */
#ifndef SMTPCODE_SUMMARY_H
#define SMTPCODE_SUMMARY_H

#include <stdio.h>

#include "classify.h"
#include "logline.h"
#include "output.h"

enum sumline {
	SUM_DELIVERY,  /* a log's delivery or attempt (explained, or a success skipped) */
	SUM_REJECT,    /* a log's rejection */
	SUM_CONTEXT,   /* a log's line that names a message's sender */
	SUM_OTHER,     /* a log's line that records no delivery */
	SUM_REPLY,     /* a line read as a reply (or a line of one) */
	SUM_BLANK,     /* an empty line */
	SUM_MAIL,      /* a line of an e-mail */
	SUM_SKIPPED,   /* of the deliveries: successes left out without --all */
	SUM_KINDS
};

/* counts one line of the input */
void summary_line(enum sumline kind);

/* counts n lines of a kind */
void summary_lines(enum sumline kind, unsigned long n);

/* counts one result explained, with its template (or NULL) */
void summary_add(const struct input *in, const struct result *res, const char *tmpl,
                 size_t tlen);

/* counts a message deferred (first at line deferred) that then bounced or expired (at
 * line failed, of log line l); the first LIMIT_EXAMPLES are kept as examples */
void summary_deferred(const struct logline *l, unsigned long deferred, unsigned long failed);

/* writes the summary in a format to fp */
void summary_write(FILE *fp, enum format format, unsigned long lines);

#endif
