/* main.c: smtpcode: options -> lines -> log lines or replies -> classification ->
 * output -> exit status; it only wires the modules together */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "cli.h"
#include "lines.h"
#include "logline.h"
#include "output.h"
#include "reply.h"
#include "summary.h"
#include "table.h"
#include "util.h"
#include "wrapper.h"

static struct options opts;
static struct out out;
static struct classifier classifier; /* large: holds the folded text */
static struct reply reply;           /* large: holds a multi-line reply */
static struct lines reader;
static enum verdict worst = VERDICT_OK;
static bool unrecognized;            /* an input was not recognized */
static bool logstream;               /* a line of stdin was a mail log's */
static struct logline logl;          /* the log line being explained */
static char logreply[LIMIT_LINE + LIMIT_ENHANCED + 1]; /* its reply, with its dsn= */
static char logunescaped[LIMIT_LINE];  /* its reply, Exim's "\n" undone */
static char logflat[LIMIT_LINE];       /* its text, without its further lines' codes */

/* stops at the first output that could not be written: a reader that went away
 * (EPIPE, with SIGPIPE ignored) ends it quietly, any other error with a message; 74
 * either way */
static void
check_written(void)
{
	if (!ferror(stdout))
		return;
	if (errno == EPIPE)
		exit(EXIT_IOERR);
	fatal(EXIT_IOERR, "write error:");
}

/* explains one input; lineno is its line of stdin, 0 for the command line */
static void
process(const struct input *in, unsigned long lineno)
{
	struct result res;
	if (in->shape == SHAPE_EMPTY && lineno)
		return; /* a blank line of stdin is not an input */
	classify(&classifier, in, &res);
	/* in a mail log, a line that is neither a log's nor a reply is the log's noise
	 * (a line of another program, journalctl -o cat's messages): skipped quietly */
	if (!res.recognized && logstream && !in->log)
		return;
	if (!res.recognized && !opts.quiet) {
		FILE *fp = msg_begin();
		if (lineno)
			fprintf(fp, "<stdin>:%lu: ", lineno);
		fputc('\'', fp);
		output_safe(fp, in->raw, in->rawlen > 200 ? 200 : in->rawlen);
		fprintf(fp, "%s': %s", in->rawlen > 200 ? "..." : "", res.error);
		if (opts.table >= 0)
			fprintf(fp, " (%s)", tables[opts.table].name);
		msg_end();
	}
	if (res.verdict > worst)
		worst = res.verdict;
	unrecognized |= !res.recognized;
	if (opts.summary) {
		size_t tlen;
		const char *tmpl = classify_template(&classifier, &tlen);
		summary_add(in, &res, tmpl, tlen);
	} else if (!opts.quiet) {
		size_t tlen;
		const char *tmpl = classify_template(&classifier, &tlen);
		output_result(&out, in, &res, tmpl, tlen);
		check_written();
	}
}

static void finish(void);

/* a mail log's line: its delivery or rejection explained by the reply in it, with
 * the log's context; the other lines are the log's and are skipped, as are successful
 * deliveries without --all. A pending multi-line reply ends before it. */
static bool
feed_log(const char *s, size_t n, unsigned long lineno)
{
	logline_parse(s, n, &logl);
	if (logl.kind == LOG_NONE && !(logstream && logline_note(s, n))) {
		size_t k = 0;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		summary_line(k == n ? SUM_BLANK : SUM_REPLY);
		return false;
	}
	finish();
	logstream = true;
	static const enum sumline kind[] = {
		[LOG_NONE] = SUM_OTHER, [LOG_OTHER] = SUM_OTHER, [LOG_CONTEXT] = SUM_CONTEXT,
		[LOG_DELIVERY] = SUM_DELIVERY, [LOG_REJECT] = SUM_REJECT};
	summary_line(kind[logl.kind]);
	if (logl.kind == LOG_CONTEXT)
		logline_remember(&logl);
	if (logl.kind != LOG_DELIVERY && logl.kind != LOG_REJECT)
		return true;
	unsigned long deferred = logline_track(&logl, lineno);
	if (deferred && opts.summary)
		summary_deferred(&logl, deferred, lineno);
	if (logl.success && !opts.all) {
		summary_line(SUM_SKIPPED);
		return true;
	}
	logline_recall(&logl);
	struct input in;
	/* a line that quotes no reply is explained by its own words, and Postfix's
	 * "from=<>, status=expired, returned to sender" by its status, a reason's name */
	if (!logl.reply.n)
		logl.reply = logl.outcome.n == 7 && memcmp(logl.outcome.s, "expired", 7) == 0
		                     ? logl.outcome
		                     : logl.message;
	struct span r = logl.reply;
	if (!r.s)
		r.s = "";
	/* Exim writes the line ends of a reply of many lines as "\n" */
	if (logline_escaped(&logl))
		r = (struct span){logunescaped, logline_unescape(r, logunescaped)};
	recognize(r.s, r.n, &in);
	if (in.code < 0 && !in.enhanced[0] && logl.dsn.n && logl.dsn.n < LIMIT_ENHANCED) {
		/* a reply without codes (the sending MTA's own words): the log's dsn= is its
		 * enhanced code */
		memcpy(logreply, logl.dsn.s, logl.dsn.n);
		logreply[logl.dsn.n] = ' ';
		memcpy(logreply + logl.dsn.n + 1, r.s, r.n);
		recognize(logreply, logl.dsn.n + 1 + r.n, &in);
	}
	if (in.flattened) {
		/* "550-5.1.1 a 550-5.1.1 b": Postfix's and Exim's reply of many lines made
		 * one, read without its further lines' codes */
		in.textlen = wrapper_unflatten(&in, logflat, sizeof logflat);
		in.text = logflat;
	}
	if (!in.stage)
		in.stage = logl.stage;
	/* the input is the whole line */
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	in.raw = s;
	in.rawlen = n;
	in.log = &logl;
	in.line = lineno;
	process(&in, lineno);
	return true;
}

/* hands one line to the reply assembler, and explains what it makes */
static void
feed(const char *s, size_t n, unsigned long lineno)
{
	enum reply_status st;
	if (lineno && feed_log(s, n, lineno))
		return;
	while ((st = reply_add(&reply, s, n, lineno)) == REPLY_READY_AGAIN)
		process(&reply.in, reply.lineno);
	if (st == REPLY_READY)
		process(&reply.in, reply.lineno);
}

static void
finish(void)
{
	if (reply_end(&reply) == REPLY_READY)
		process(&reply.in, reply.lineno);
}

/* each group of words is an input; one that holds line ends is read as lines */
static void
from_args(void)
{
	int *starts = xmalloc(((size_t)opts.argc + 1) * sizeof *starts);
	int n = recognize_group(opts.argc, opts.argv, starts);
	starts[n] = opts.argc;
	for (int g = 0; g < n; g++) {
		size_t len = 0;
		for (int i = starts[g]; i < starts[g + 1]; i++)
			len += strlen(opts.argv[i]) + 1;
		char *buf = xmalloc(len + 1), *p = buf;
		for (int i = starts[g]; i < starts[g + 1]; i++) {
			size_t k = strlen(opts.argv[i]);
			if (p > buf)
				*p++ = ' ';
			memcpy(p, opts.argv[i], k);
			p += k;
		}
		for (char *s = buf, *nl; s <= p; s = nl + 1) {
			nl = memchr(s, '\n', (size_t)(p - s));
			if (!nl)
				nl = p;
			size_t k = (size_t)(nl - s);
			if (k > 0 && s[k - 1] == '\r')
				k--;
			/* an empty line inside an argument is skipped, but not the argument */
			if (k > 0 || nl == p)
				feed(s, k, 0);
		}
		finish();
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
	/* show each result as it is made: on a terminal, or when asked */
	bool interactive = opts.linebuf || isatty(STDOUT_FILENO);
	lines_init(&reader, STDIN_FILENO);
	while ((r = lines_next(&reader, &line, &len, &cut)) > 0) {
		if (cut && !opts.quiet)
			warn("<stdin>:%lu: line longer than %d bytes; the rest is ignored",
			     reader.lineno, LIMIT_LINE);
		feed(line, len, reader.lineno);
		if (interactive) {
			output_flush(&out);
			fflush(stdout);
		}
	}
	finish();
	if (r < 0)
		fatal(EXIT_IOERR, "<stdin>: read error:");
}

int
main(int argc, char **argv)
{
	cli_parse(argc, argv, &opts);
	bool tty = isatty(STDOUT_FILENO);
	util_interleave(tty && isatty(STDERR_FILENO));
	output_init(&out, stdout, opts.format, cli_color(&opts), opts.verbose, cli_width());
	classify_init(&classifier, opts.table, !opts.quiet);
	reply_init(&reply);
	logline_force((enum logformat)opts.logformat);
	if (opts.list) {
		if (opts.listtable < 0)
			output_tables(&out);
		else
			output_table(&out, opts.listtable);
	} else {
		if (!opts.quiet && !opts.summary)
			output_begin(&out);
		if (opts.argc > 0)
			from_args();
		else
			from_stdin();
	}
	if (opts.summary && !opts.quiet)
		summary_write(stdout, opts.format, reader.lineno);
	output_flush(&out);
	fflush(stdout);
	check_written();
	if (opts.quiet) {
		static const int status[] = {
			[VERDICT_OK] = 0,
			[VERDICT_RETRY] = EXIT_TEMPFAIL,
			[VERDICT_FAIL] = EXIT_UNAVAILABLE,
			[VERDICT_NOUSER] = EXIT_NOUSER,
			[VERDICT_NOHOST] = EXIT_NOHOST,
			[VERDICT_NOPERM] = EXIT_NOPERM,
			[VERDICT_UNKNOWN] = EXIT_DATAERR,
		};
		return status[worst];
	}
	return unrecognized ? EXIT_DATAERR : 0;
}
