/* fuzz_gen.c: a libFuzzer target for the table generator's row checks. The input,
 * less its first byte, is one table file; the first byte gives its role (r reasons,
 * g generic, v vendor, p phrases, P providers, o provider, any other byte by its value).
 * A manifest names it, beside codes/reasons.csv unless it is the reasons table itself,
 * and the generator runs on it as make runs it. Checked: no crash, no leak, no
 * undefined behaviour (the sanitizers), and the generator's promise to the build: it
 * succeeds exactly when it writes its output, and a failed run leaves no file behind,
 * not even its temporary one. The generator is tools/gentables.c with main renamed. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>


int gentables_main(int argc, char **argv);

static char dir[64], in[96], man[96], out[96], tmp[100];

static void
cleanup(void)
{
	remove(in);
	remove(man);
	remove(out);
	remove(tmp);
	rmdir(dir);
}

static void
setup(void)
{
	strcpy(dir, "/tmp/smtpcode-fuzzgen.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(in, sizeof in, "%s/in.csv", dir);
	snprintf(man, sizeof man, "%s/tables.csv", dir);
	snprintf(out, sizeof out, "%s/out.c", dir);
	snprintf(tmp, sizeof tmp, "%s/out.c.tmp", dir);
	atexit(cleanup);
}

static void
writefile(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(p, 1, n, fp) != n || fclose(fp)) {
		perror(path);
		abort();
	}
}

/* the generator broke its promise: say which, and abort (the fuzzer's crash) */
static void
expect(bool ok, const char *what, int status)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_gen: %s (status %d)\n", what, status);
	abort();
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const roles[] = {"reasons", "generic", "vendor",
	                                    "phrases", "providers", "provider"};
	static const char letters[] = "rgvpPo";
	if (!*dir)
		setup();
	if (size == 0)
		return 0;
	const char *l = data[0] ? strchr(letters, data[0]) : NULL;
	const char *role = roles[l ? l - letters : data[0] % 6];
	writefile(in, data + 1, size - 1);

	char m[512];
	int n;
	if (strcmp(role, "reasons") == 0)
		n = snprintf(m, sizeof m, "table,role,file,title\nfuzz,reasons,in.csv,fuzzed\n");
	else
		n = snprintf(m, sizeof m,
		             "table,role,file,title\nreasons,reasons,%s/reasons.csv,reasons\n"
		             "fuzz,%s,in.csv,fuzzed\n", CODES, role);
	writefile(man, m, (size_t)n);
	remove(out);

	/* the generator's messages are its business; keep them off the fuzzer's stderr */
	fflush(stderr);
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	if (saved < 0 || null < 0)
		abort();
	dup2(null, 2);
	close(null);
	char *argv[] = {"gentables", "-o", out, man, NULL};
	optind = 0; /* glibc: start getopt afresh */
	int status = gentables_main(4, argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	expect(status == 0 || status == 1, "an exit status other than 0 or 1", status);
	expect(exists(out) == (status == 0), status ? "output written by a failed run"
	                                            : "no output from a run that succeeded",
	       status);
	expect(!exists(tmp), "its temporary file left behind", status);
	return 0;
}
