/* fuzz_lines.c: a libFuzzer target for the line reader: the input, less its first
 * byte, is written to a pipe in chunks whose sizes come from that byte, as a slow
 * writer would, and the lines read are compared with those of a reference splitter
 * that follows the man page: a line ends at "\n", a "\r" before it is dropped, a line
 * longer than LIMIT_LINE bytes is cut there and the rest of it skipped, and a UTF-8
 * byte-order mark before the first line is not part of it. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "check.h"

struct feed {
	int fd;
	const uint8_t *data;
	size_t size;
	unsigned chunk;
};

static void *
writer(void *arg)
{
	struct feed *f = arg;
	size_t off = 0, k = 0;
	while (off < f->size) {
		size_t n = 1 + (f->chunk * 7919u + k++ * 104729u) % 8192u;
		if (n > f->size - off)
			n = f->size - off;
		ssize_t w = write(f->fd, f->data + off, n);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

static struct lines reader;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int fds[2];
	if (pipe(fds) != 0)
		abort();
	struct feed f = {fds[1], data + 1, size - 1, data[0]};
	pthread_t t;
	if (pthread_create(&t, NULL, writer, &f) != 0)
		abort();
	lines_init(&reader, fds[0]);
	/* the reference: lines of data[1..size) */
	const char *s = (const char *)data + 1, *end = (const char *)data + size;
	unsigned long want = 0;
	const char *line;
	size_t len;
	bool cut;
	int r;
	while ((r = lines_next(&reader, &line, &len, &cut)) > 0) {
		if (s >= end)
			check_fail("lines: a line the input does not have", line, len);
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		const char *w = s;
		if (want == 0 && n >= 3 && memcmp(w, "\xef\xbb\xbf", 3) == 0)
			w += 3, n -= 3;
		bool wantcut = (size_t)(w - s) + n > LIMIT_LINE;
		if (n > LIMIT_LINE - (size_t)(w - s))
			n = LIMIT_LINE - (size_t)(w - s);
		if (len != n || memcmp(line, w, n) != 0 || cut != wantcut)
			check_fail("lines: a line differs from the reference", line, len);
		want++;
		s = nl ? nl + 1 : end;
	}
	if (r < 0)
		abort();
	if (s < end)
		check_fail("lines: a line of the input was not read", s, (size_t)(end - s));
	pthread_join(t, NULL);
	close(fds[0]);
	return 0;
}
