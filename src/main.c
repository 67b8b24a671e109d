/* main.c: smtpcode: options -> lines -> log lines or replies -> classification ->
 * output -> exit status; it only wires the modules together */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ahead.h"
#include "classify.h"
#include "cli.h"
#include "lines.h"
#include "logline.h"
#include "mail.h"
#include "match.h"
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
static struct mail mail;             /* large: the e-mail being read */
static unsigned long mailstart;      /* its first line */
static const char *mailname = "-";   /* its file's name */
static const char note_status[] =
	"the DSN's Status and the diagnostic's enhanced code disagree; the diagnostic, the "
	"remote server's own words, decides";

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
	if (in->shape == SHAPE_EMPTY && lineno && !in->rcpt)
		return; /* a blank line of stdin is not an input (a recipient is) */
	classify(&classifier, in, &res);
	if (in->rcpt && in->shape == SHAPE_EMPTY)
		res.error = "the e-mail gives this recipient no status and no diagnostic";
	if (in->rcpt && in->rcpt->statuslen && in->enhanced[0] && res.recognized &&
	    strcmp(in->rcpt->status, in->enhanced) != 0 && !res.mismatch) {
		res.mismatch = note_status;
	}
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

/* the reply of a delivery: its words, or with none the enhanced code (dsn= of a log,
 * Status: of a report) before them; the result's input is the whole line or report */
static void
explain(struct span r, struct span dsn, const char *raw, size_t rawlen, unsigned long lineno,
        const struct logline *l, const struct mailrcpt *rcpt)
{
	struct input in;
	if (!r.s)
		r.s = "";
	recognize(r.s, r.n, &in);
	if (in.code < 0 && !in.enhanced[0] && dsn.n && dsn.n < LIMIT_ENHANCED) {
		/* a reply without codes (the sending MTA's own words): the enhanced code
		 * that the log or the report gives it */
		memcpy(logreply, dsn.s, dsn.n);
		logreply[dsn.n] = ' ';
		memcpy(logreply + dsn.n + 1, r.s, r.n);
		struct input w = in; /* (and the stage and host its words named) */
		recognize(logreply, dsn.n + 1 + r.n, &in);
		if (!in.stage)
			in.stage = w.stage;
		if (!in.host) {
			in.host = w.host, in.hostlen = w.hostlen;
			in.ip = w.ip, in.iplen = w.iplen;
		}
		in.reply = NULL, in.replylen = 0; /* (the log's code is no reply) */
	}
	if (in.flattened) {
		/* "550-5.1.1 a 550-5.1.1 b": Postfix's and Exim's reply of many lines made
		 * one, read without its further lines' codes */
		in.textlen = wrapper_unflatten(&in, logflat, sizeof logflat);
		in.text = logflat;
	}
	if (!in.stage)
		in.stage = l->stage;
	while (rawlen > 0 && (raw[rawlen - 1] == ' ' || raw[rawlen - 1] == '\t' ||
	                      raw[rawlen - 1] == '\r'))
		rawlen--;
	in.raw = raw;
	in.rawlen = rawlen;
	in.log = l;
	in.line = lineno;
	/* a delivery the log says worked, whatever its words ("delivered to mailbox"),
	 * and one it says expired, when its words say nothing ("status=expired, returned
	 * to sender"): the log's outcome is the reason, not a vendor's word of that name */
	if (l->success)
		in.fallback = "delivered";
	else if (logline_outcome_is(l, "expired"))
		in.fallback = "expired";
	/* and the delivery of a message that stays queued is transient, whatever its
	 * words, when it quotes no code (Exim's "== a@b ... defer (110): Connection timed
	 * out"; a report's "Action: delayed") */
	if (logline_outcome_is(l, "deferred") || logline_outcome_is(l, "attempt") ||
	    logline_outcome_is(l, "delayed"))
		in.logclass = CLASS_TRANSIENT;
	if (rcpt) {
		in.mail = &mail;
		in.rcpt = rcpt;
		in.email = mailname;
		if (mail.msg.fallback) {
			in.fallback = mail.msg.fallback;
			in.fallback_note = mail.msg.fallback_note;
		}
	}
	process(&in, lineno);
}

/* a mail log's line: its delivery or rejection explained by the reply in it, with
 * the log's context; the other lines are the log's and are skipped, as are successful
 * deliveries without --all. A pending multi-line reply ends before it. */
static bool
feed_parsed(struct logline *l, const char *s, size_t n, unsigned long lineno)
{
	if (l->kind == LOG_NONE && !(logstream && logline_note(s, n))) {
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
	unsigned long deferred = logline_context(l, lineno);
	summary_line(kind[l->kind]);
	if (l->kind != LOG_DELIVERY && l->kind != LOG_REJECT)
		return true;
	if (deferred && opts.summary)
		summary_deferred(l, deferred, lineno);
	if ((l->success && !opts.all) || l->told) {
		summary_line(SUM_SKIPPED);
		return true;
	}
	/* a line that quotes no reply is explained by its own words (and Postfix's
	 * "from=<>, status=expired, returned to sender" by its status: see explain) */
	if (!l->reply.n) {
		l->reply = l->message;
		/* (without the queue id that starts it: "5B6C7D8E9F: ") */
		size_t q = l->queue_id.n;
		if (q && l->reply.s == l->queue_id.s && l->reply.n > q + 2 && l->reply.s[q] == ':' &&
		    l->reply.s[q + 1] == ' ')
			l->reply = (struct span){l->reply.s + q + 2, l->reply.n - q - 2};
	}
	struct span r = l->reply;
	/* Exim writes the line ends of a reply of many lines as "\n" */
	if (logline_escaped(l))
		r = (struct span){logunescaped, logline_unescape(l, logunescaped)};
	explain(r, l->dsn, s, n, lineno, l, NULL);
	return true;
}

/* explains each recipient that the e-mail read reports; says so of one that reports
 * none */
static void
mail_report(void)
{
	mail_end(&mail);
	if (!mail.anything)
		return;
	if (mail.nrcpt == 0) {
		if (!opts.quiet) {
			FILE *fp = msg_begin();
			output_safe(fp, mailname, strlen(mailname));
			fprintf(fp, ":%lu: an e-mail that reports no delivery (no delivery status, "
			            "feedback report, auto-reply or bounce in its words)", mailstart);
			msg_end();
		}
		unrecognized = true;
		if (worst < VERDICT_UNKNOWN)
			worst = VERDICT_UNKNOWN;
		return;
	}
	static struct logline l;
	const struct mailmsg *g = &mail.msg;
	for (size_t i = 0; i < mail.nrcpt; i++) {
		const struct mailrcpt *c = &mail.rcpt[i];
		l = (struct logline){.kind = LOG_DELIVERY, .format = g->format ? g->format : "email"};
		l.recipient = (struct span){c->recipient, c->recipientlen};
		l.orig_recipient = (struct span){c->orig, c->origlen};
		if (g->senderlen)
			l.sender = (struct span){g->sender, g->senderlen};
		if (c->actionlen)
			l.outcome = (struct span){c->action, c->actionlen};
		/* RFC 3464 2.3.3: a delivery that worked, or was handed on */
		static const char *const worked[] = {"delivered", "relayed", "expanded"};
		int w = match_first(c->action, c->actionlen, worked, 3);
		l.success = w >= 0 && c->actionlen == strlen(worked[w]);
		if (c->wordslen) {
			/* the command refused, as the human part tells it */
			struct input w;
			recognize(c->words, c->wordslen, &w);
			l.stage = w.stage;
		}
		struct span r = {c->diagnostic, c->diagnosticlen}, st = {c->status, c->statuslen};
		/* a feedback report and an auto-reply are their reasons */
		if (g->feedback_typelen)
			r = (struct span){"feedback", 8};
		else if (g->autoreply)
			r = (struct span){"vacation", 8};
		else if (!r.n && c->listed && c->wordslen)
			r = (struct span){c->words, c->wordslen}; /* no Diagnostic-Code: the human
			                                            * part's words on it */
		else if (!r.n)
			r = st;
		/* the input shown: the diagnostic, or what stands for it, or the recipient */
		struct span raw = c->diagnosticlen ? (struct span){c->diagnostic, c->diagnosticlen}
		                  : r.n ? r : (struct span){c->recipient, c->recipientlen};
		explain(r, st, raw.s, raw.n, mailstart, &l, c);
	}
	if (mail.dropped && !opts.quiet)
		warn("%s:%lu: %lu more recipients than the %d explained", mailname, mailstart,
		     mail.dropped, LIMIT_RECIPIENTS);
}

/* one line of an e-mail, or of an mbox of them: a "From " line after an empty one
 * starts the next */
static bool mailblank = true, mailfrom;
static void
feed_mail(const char *s, size_t n, unsigned long lineno)
{
	summary_line(SUM_MAIL);
	if (mailblank && mail_mbox_from(s, n)) {
		mail_report();
		mail_begin(&mail);
		mailstart = lineno;
		mailblank = false;
		mailfrom = true;
		return;
	}
	if (!mail.anything && !mailfrom)
		mailstart = lineno; /* (an mbox's "From " line is its e-mail's first) */
	mailfrom = false;
	mailblank = n == 0 || (n == 1 && s[0] == '\r');
	mail_line(&mail, s, n);
}

static bool
feed_log(const char *s, size_t n, unsigned long lineno)
{
	logline_parse(s, n, &logl);
	return feed_parsed(&logl, s, n, lineno);
}

/* hands one line to the reply assembler, and explains what it makes */
static void
feed_reply(const char *s, size_t n, unsigned long lineno)
{
	enum reply_status st;
	while ((st = reply_add(&reply, s, n, lineno)) == REPLY_READY_AGAIN)
		process(&reply.in, reply.lineno);
	if (st == REPLY_READY)
		process(&reply.in, reply.lineno);
}

static void
feed(const char *s, size_t n, unsigned long lineno)
{
	if (!lineno || !feed_log(s, n, lineno))
		feed_reply(s, n, lineno);
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
cut_warning(unsigned long lineno)
{
	if (!opts.quiet)
		warn("<stdin>:%lu: line longer than %d bytes; the rest is ignored", lineno,
		     LIMIT_LINE);
}

/* the rest of stdin, read and parsed ahead in a thread of its own (ahead.h); what
 * the lines read ahead lead to is what feed would make of them */
static int
from_ahead(void)
{
	struct parsed *p;
	unsigned long noise;
	while ((p = ahead_next(&noise)) != NULL) {
		summary_lines(SUM_OTHER, noise);
		if (p->cut)
			cut_warning(p->lineno);
		if (!feed_parsed(&p->l, p->s, p->n, p->lineno))
			feed_reply(p->s, p->n, p->lineno);
	}
	summary_lines(SUM_OTHER, noise);
	return ahead_end();
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
	bool mailmode = opts.mail;
	lines_init(&reader, STDIN_FILENO);
	mail_begin(&mail);
	while ((r = lines_next(&reader, &line, &len, &cut)) > 0) {
		if (cut)
			cut_warning(reader.lineno);
		/* an e-mail is told by its first line */
		if (reader.lineno == 1 && opts.logformat == LOGFMT_AUTO && mail_starts(line, len))
			mailmode = true;
		if (mailmode) {
			feed_mail(line, len, reader.lineno);
			continue;
		}
		feed(line, len, reader.lineno);
		if (interactive) {
			output_flush(&out);
			fflush(stdout);
		} else if (reader.lineno == 1 && ahead_start(&reader, logstream, !logstream)) {
			/* not an e-mail, and read by a script: the rest read ahead */
			r = from_ahead();
			break;
		}
	}
	finish();
	if (mailmode)
		mail_report();
	if (r < 0)
		fatal(EXIT_IOERR, "<stdin>: read error:");
}

/* reads one file of e-mails: one, or an mbox of many; st is what stat(2) said of it
 * (or NULL): a regular file is read up to the size it had then */
static void
mail_file(const char *path, const struct stat *st)
{
	const char *line;
	size_t len;
	bool cut;
	int r;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		warn("%s: cannot open:", path);
		unrecognized = true;
		return;
	}
	mailname = path;
	mailblank = true;
	mailfrom = false;
	mail_begin(&mail);
	lines_init(&reader, fd);
	if (st && S_ISREG(st->st_mode))
		lines_size(&reader, (unsigned long long)st->st_size);
	while ((r = lines_next(&reader, &line, &len, &cut)) > 0)
		feed_mail(line, len, reader.lineno);
	if (r < 0)
		warn("%s: read error:", path);
	mail_report();
	close(fd);
}

static int
bynames(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the e-mails of a Maildir (its cur/ and new/, not the index files beside them), or
 * of a folder of files, by name */
static void
mail_dir(const char *path)
{
	static const char *const subs[] = {"/cur", "/new", ""};
	bool maildir = false;
	for (size_t k = 0; k < 3 && !(k == 2 && maildir); k++) {
		size_t pl = strlen(path), sl = strlen(subs[k]);
		char *dir = xmalloc(pl + sl + 1);
		memcpy(dir, path, pl);
		memcpy(dir + pl, subs[k], sl + 1);
		DIR *d = opendir(dir);
		if (!d) {
			free(dir);
			continue;
		}
		maildir |= k < 2;
		char **names = NULL;
		size_t n = 0, cap = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				char **more = realloc(names, cap * sizeof *names);
				if (!more)
					fatal(EXIT_OSERR, "out of memory");
				names = more;
			}
			size_t nl = strlen(e->d_name);
			names[n] = xmalloc(pl + sl + nl + 2);
			memcpy(names[n], dir, pl + sl);
			names[n][pl + sl] = '/';
			memcpy(names[n] + pl + sl + 1, e->d_name, nl + 1);
			n++;
		}
		closedir(d);
		qsort(names, n, sizeof *names, bynames);
		for (size_t i = 0; i < n; i++) {
			struct stat st;
			if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
				mail_file(names[i], &st);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
}

static void
from_mail_args(void)
{
	for (int i = 0; i < opts.argc; i++) {
		struct stat st;
		bool known = stat(opts.argv[i], &st) == 0;
		if (known && S_ISDIR(st.st_mode))
			mail_dir(opts.argv[i]);
		else
			mail_file(opts.argv[i], known ? &st : NULL);
	}
}

int
main(int argc, char **argv)
{
	cli_parse(argc, argv, &opts);
	bool tty = isatty(STDOUT_FILENO);
	util_interleave(tty && isatty(STDERR_FILENO));
	output_init(&out, stdout, opts.format, cli_color(&opts), opts.verbose, cli_width());
	classify_init(&classifier, opts.table, !opts.quiet && !opts.summary);
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
		if (opts.argc > 0 && opts.mail)
			from_mail_args();
		else if (opts.argc > 0)
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
