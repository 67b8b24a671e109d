/* driver.c: runs a fuzz target without libFuzzer, on every file of its seed and found
 * folders (or on the files named), and on inputs made here around the longest line,
 * so that the seeds and every input a fuzzer once found run in the ordinary test
 * suite; prints its count as the unit tests do (tests/run.sh reads it) */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ran;

static int
runfile(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, n = 0, k;
	uint8_t *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += k;
		if (n == cap) {
			uint8_t *b = realloc(buf, cap *= 2);
			if (!b)
				free(buf);
			buf = b;
		}
	}
	fclose(fp);
	if (!buf)
		return -1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	ran++;
	return 0;
}

static int
rundir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* no inputs found yet */
	struct dirent *e;
	char path[4096];
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (runfile(path) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

/* lines of LIMIT_LINE - 1, LIMIT_LINE and LIMIT_LINE + 1 bytes, with "\n" and "\r\n" */
static void
runlong(void)
{
	size_t cap = 6 * (LIMIT_LINE + 8) + 1;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return;
	size_t n = 0;
	buf[n++] = 0;
	for (int crlf = 0; crlf < 2; crlf++) {
		for (size_t len = LIMIT_LINE - 1; len <= LIMIT_LINE + 1; len++) {
			memcpy(buf + n, "550 ", 4);
			memset(buf + n + 4, 'a', len - 4);
			n += len;
			if (crlf)
				buf[n++] = '\r';
			buf[n++] = '\n';
		}
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	ran++;
}

int
main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (runfile(argv[i]) < 0)
				return 1;
	} else if (rundir(SEEDS) < 0 || rundir(FOUND) < 0) {
		return 1;
	}
	runlong();
	printf("[==========] %s: %d input(s) run.\n[  PASSED  ] %d test(s).\n", argv[0], ran, ran);
	return 0;
}
