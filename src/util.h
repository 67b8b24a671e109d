/* util.h: messages, exit statuses and small helpers */
#ifndef SMTPCODE_UTIL_H
#define SMTPCODE_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#define countof(a) (sizeof(a) / sizeof((a)[0]))

/* exit statuses, as sysexits(3) numbers them */
enum {
	EXIT_USAGE = 64,       /* EX_USAGE */
	EXIT_DATAERR = 65,     /* EX_DATAERR: an input was not recognized */
	EXIT_NOUSER = 67,      /* EX_NOUSER: the address is dead */
	EXIT_NOHOST = 68,      /* EX_NOHOST: the domain takes no mail */
	EXIT_UNAVAILABLE = 69, /* EX_UNAVAILABLE: do not retry as is */
	EXIT_OSERR = 71,       /* EX_OSERR: out of memory */
	EXIT_IOERR = 74,       /* EX_IOERR */
	EXIT_TEMPFAIL = 75,    /* EX_TEMPFAIL: retry later */
	EXIT_NOPERM = 77,      /* EX_NOPERM: refused by policy: fix the sending side */
};

/* tells util whether stdout and stderr share a terminal, so that stdout is flushed
 * before a message and the two keep their order; otherwise it never is */
void util_interleave(bool on);

/* starts a message: returns stderr, buffered, with "smtpcode: " written; the caller
 * writes the rest and ends it with msg_end, which writes it whole, once */
FILE *msg_begin(void);

/* ends a message begun with msg_begin: a newline, then one write */
void msg_end(void);

/* prints "smtpcode: " and the message to stderr; a format ending in ':' gets the
 * errno text appended */
void warn(const char *fmt, ...);

/* warns, then exits with status */
_Noreturn void fatal(int status, const char *fmt, ...);

/* malloc that exits with EXIT_OSERR when there is no memory */
void *xmalloc(size_t n);

#endif
