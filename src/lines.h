/* lines.h: a bounded line reader: constant memory whatever the line length */
#ifndef SMTPCODE_LINES_H
#define SMTPCODE_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "limit.h"

struct lines {
	int fd;
	size_t off, len;          /* unread bytes are buf[off..len) */
	bool eof, skipping;
	bool ahead;               /* lines_ready found the line end at buf[nl] */
	unsigned long long left;  /* the bytes still to come, if the file's size is
	                           * known (else ULLONG_MAX) */
	size_t nl;
	unsigned long lineno;     /* of the line last returned, 1-based */
	char buf[LIMIT_LINE + 2]; /* a line of LIMIT_LINE bytes and its "\r\n" */
};

/* starts reading fd */
void lines_init(struct lines *r, int fd);

/* says that fd is a file of size bytes: its end is told once they are read, without
 * a read(2) that returns nothing (--mail reads thousands of small files) */
void lines_size(struct lines *r, unsigned long long size);

/* reads the next line, without its "\n" or "\r\n" (nor, on the first line, a UTF-8
 * byte-order mark): returns 1 and sets *line, *len and
 * *cut (the line was longer than LIMIT_LINE bytes and is cut there); returns 0 at the end of
 * the input and -1 on a read error (errno set) */
int lines_next(struct lines *r, const char **line, size_t *len, bool *cut);

/* tells whether lines_next can return without reading: a line end is buffered, or
 * the input has ended */
bool lines_ready(struct lines *r);

#endif
