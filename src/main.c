/* main.c: smtpcode: options -> inputs -> lookup -> output -> exit status */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "cli.h"
#include "lines.h"
#include "output.h"
#include "recognize.h"
#include "table.h"
#include "util.h"

static struct options opts;
static struct out out;
static struct result res;      /* large: holds the folded text */
static struct lines reader;
static enum verdict worst = VERDICT_OK;

/* explains one input; lineno is its line of stdin, 0 for the command line */
static void
process(const char *s, size_t n, unsigned long lineno)
{
	struct input in;
	recognize(s, n, &in);
	if (in.shape == SHAPE_EMPTY && lineno)
		return; /* a blank line of stdin is not an input */
	classify(&in, opts.table, &res);
	if (!res.recognized && !opts.quiet) {
		fflush(stdout);
		fputs("smtpcode: ", stderr);
		if (lineno)
			fprintf(stderr, "<stdin>:%lu: ", lineno);
		fputc('\'', stderr);
		output_safe(stderr, in.raw, in.rawlen > 200 ? 200 : in.rawlen);
		fprintf(stderr, "%s': %s", in.rawlen > 200 ? "..." : "", res.error);
		if (opts.table >= 0)
			fprintf(stderr, " (%s)", table_names[opts.table]);
		fputc('\n', stderr);
	}
	if (res.verdict > worst)
		worst = res.verdict;
	if (!opts.quiet)
		output_result(&out, &in, &res);
}

static void
from_args(void)
{
	int *starts = malloc(((size_t)opts.argc + 1) * sizeof *starts);
	if (!starts)
		fatal(EXIT_IOERR, "out of memory");
	int n = recognize_group(opts.argc, opts.argv, starts);
	starts[n] = opts.argc;
	for (int g = 0; g < n; g++) {
		size_t len = 0;
		for (int i = starts[g]; i < starts[g + 1]; i++)
			len += strlen(opts.argv[i]) + 1;
		char *buf = malloc(len + 1), *p = buf;
		if (!buf)
			fatal(EXIT_IOERR, "out of memory");
		for (int i = starts[g]; i < starts[g + 1]; i++) {
			size_t k = strlen(opts.argv[i]);
			if (p > buf)
				*p++ = ' ';
			memcpy(p, opts.argv[i], k);
			p += k;
		}
		process(buf, (size_t)(p - buf), 0);
		free(buf);
	}
	free(starts);
}

static void
from_stdin(void)
{
	const char *line;
	size_t len;
	bool cut;
	int r;
	bool interactive = isatty(STDOUT_FILENO); /* show each result as it is made */
	lines_init(&reader, STDIN_FILENO);
	while ((r = lines_next(&reader, &line, &len, &cut)) > 0) {
		if (cut && !opts.quiet)
			warn("<stdin>:%lu: line longer than %d bytes; the rest is ignored",
			     reader.lineno, LINES_MAX);
		process(line, len, reader.lineno);
		if (interactive)
			fflush(stdout);
	}
	if (r < 0)
		fatal(EXIT_IOERR, "<stdin>: read error:");
}

int
main(int argc, char **argv)
{
	cli_parse(argc, argv, &opts);
	output_init(&out, stdout, opts.format, cli_color(&opts));
	if (opts.list) {
		if (opts.listtable < 0)
			output_tables(&out);
		else
			output_table(&out, opts.listtable);
	} else if (opts.argc > 0) {
		from_args();
	} else {
		from_stdin();
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		fatal(EXIT_IOERR, "write error:");
	if (opts.quiet) {
		static const int status[] = {
			[VERDICT_OK] = 0,
			[VERDICT_RETRY] = EXIT_TEMPFAIL,
			[VERDICT_FAIL] = EXIT_UNAVAILABLE,
			[VERDICT_UNKNOWN] = EXIT_DATAERR,
		};
		return status[worst];
	}
	return worst == VERDICT_UNKNOWN ? EXIT_DATAERR : 0;
}
