/* lines.c: a bounded line reader over read(2), so a pipe is read as data arrives */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

void
lines_init(struct lines *r, int fd)
{
	r->fd = fd;
	r->off = r->len = 0;
	r->eof = r->skipping = r->ahead = false;
	r->left = ULLONG_MAX;
	r->lineno = 0;
}

void
lines_size(struct lines *r, unsigned long long size)
{
	r->left = size;
}

/* reads more bytes after the unread ones; returns -1 on error */
static int
fill(struct lines *r)
{
	if (r->off > 0) {
		memmove(r->buf, r->buf + r->off, r->len - r->off);
		r->len -= r->off;
		r->off = 0;
	}
	if (r->left == 0) {
		r->eof = true;
		return 0;
	}
	size_t want = sizeof r->buf - r->len;
	if (r->left < want)
		want = (size_t)r->left;
	for (;;) {
		ssize_t n = read(r->fd, r->buf + r->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
		r->left -= (unsigned long long)n; /* (n <= want <= left) */
		return 0;
	}
}

int
lines_next(struct lines *r, const char **line, size_t *len, bool *cut)
{
	for (;;) {
		char *start = r->buf + r->off;
		size_t avail = r->len - r->off;
		char *nl = r->ahead ? r->buf + r->nl : memchr(start, '\n', avail);
		r->ahead = false;
		if (r->skipping) {
			/* the rest of a line that was cut: dropped up to its end */
			if (nl) {
				r->off += (size_t)(nl - start) + 1;
				r->skipping = false;
				continue;
			}
			r->off = r->len;
		} else if (nl || (r->eof && avail > 0) || avail == sizeof r->buf) {
			/* a full buffer without a line end holds more than LIMIT_LINE bytes of
			 * line, whether or not a "\r" is among the last two */
			size_t n = nl ? (size_t)(nl - start) : avail;
			if (n > 0 && start[n - 1] == '\r')
				n--;
			*cut = n > LIMIT_LINE;
			r->off += nl ? (size_t)(nl - start) + 1 : avail;
			r->skipping = !nl && !r->eof;
			if (*cut)
				n = LIMIT_LINE;
			*line = start;
			*len = n;
			/* a UTF-8 byte-order mark that an editor put before the first line is
			 * not part of it */
			if (r->lineno == 0 && n >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0)
				*line += 3, *len -= 3;
			r->lineno++;
			return 1;
		}
		if (r->eof)
			return 0;
		if (fill(r) < 0)
			return -1;
	}
}

bool
lines_ready(struct lines *r)
{
	const char *nl = memchr(r->buf + r->off, '\n', r->len - r->off);
	if (nl) {
		r->ahead = true; /* (found once: lines_next takes it) */
		r->nl = (size_t)(nl - r->buf);
	}
	return r->eof || nl;
}
