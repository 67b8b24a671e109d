/* util.h: messages, and small helpers */
#ifndef SMTPCODE_UTIL_H
#define SMTPCODE_UTIL_H

#define countof(a) (sizeof(a) / sizeof((a)[0]))

/* exit statuses, as sysexits(3) numbers them */
enum {
	EXIT_USAGE = 64,       /* EX_USAGE */
	EXIT_DATAERR = 65,     /* EX_DATAERR: an input was not recognized */
	EXIT_UNAVAILABLE = 69, /* EX_UNAVAILABLE: do not retry as is */
	EXIT_IOERR = 74,       /* EX_IOERR */
	EXIT_TEMPFAIL = 75,    /* EX_TEMPFAIL: retry later */
};

/* prints "smtpcode: " and the message to stderr; a format ending in ':' gets the
 * errno text appended */
void warn(const char *fmt, ...);

/* warns, then exits with status */
_Noreturn void fatal(int status, const char *fmt, ...);

#endif
