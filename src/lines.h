/* lines.h: a bounded line reader: constant memory whatever the line length */
#ifndef SMTPCODE_LINES_H
#define SMTPCODE_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* the longest line kept; the rest of a longer line is read on and dropped */
#define LINES_MAX 65536

struct lines {
	int fd;
	size_t off, len;          /* unread bytes are buf[off..len) */
	bool eof, skipping;
	unsigned long lineno;     /* of the line last returned, 1-based */
	char buf[LINES_MAX];
};

/* starts reading fd */
void lines_init(struct lines *r, int fd);

/* reads the next line, without its "\n" or "\r\n": returns 1 and sets *line, *len and
 * *cut (the line was longer than LINES_MAX and is cut there); returns 0 at the end of
 * the input and -1 on a read error (errno set) */
int lines_next(struct lines *r, const char **line, size_t *len, bool *cut);

#endif
