/* cli.c: command-line options (getopt_long), help and version */
#include <getopt.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "logline.h"
#include "output.h"
#include "table.h"
#include "util.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

static const char usage_line[] =
	"usage: smtpcode [-amqv] [-f text|json|csv] [-t TABLE] [--color=WHEN] [INPUT...]\n"
	"       smtpcode --list [TABLE] [-f text|json|csv]\n";

static const char help_text[] =
	"Explains SMTP replies: reply codes, enhanced status codes, reply lines, and\n"
	"the codes of Finalsite, Smaily and MailEnable. Inputs are the arguments, or\n"
	"each line of standard input when there are none; the lines of a multi-line\n"
	"reply (550-... then 550 ...) are one input. A mail log on standard input\n"
	"(Postfix, Sendmail, Exim) has each delivery and rejection explained, the rest\n"
	"skipped. Options end at the first input (or at --): the words of a reply are\n"
	"never read as options.\n"
	"\n"
	"  -f, --format=FORMAT   text (default), json (JSON Lines) or csv\n"
	"  -t, --table=TABLE     look only in TABLE (--list names the tables)\n"
	"  -l, --list[=TABLE]    print the rows of TABLE, or the list of tables\n"
	"  -q, --quiet           print nothing; the exit status is the verdict\n"
	"  -v, --verbose         print every table row that applied in full\n"
	"  -a, --all             in a mail log, the successful deliveries too\n"
	"      --summary         print what the inputs add up to instead of each one\n"
	"      --line-buffered   write each result at once (tail -F log | smtpcode)\n"
	"  -m, --mail            the inputs are e-mails: files, mbox files, Maildirs;\n"
	"                        without inputs, standard input is one e-mail or an mbox\n"
	"      --log-format=NAME read standard input as NAME's log: auto (the\n"
	"                        default: each line by its header), postfix,\n"
	"                        sendmail, exim, qmail, courier, opensmtpd, kerio,\n"
	"                        domino, assp, oracle-ims, exchange, mailenable,\n"
	"                        hmailserver, haraka, fortimail; none: every line\n"
	"                        is a reply\n"
	"      --color=WHEN      colour text output: auto (default), always, never;\n"
	"      --colour=WHEN     the same\n"
	"  -h, --help            print this help and exit\n"
	"  -V, --version         print the version and exit\n"
	"\n"
	"Exit status: 0 all inputs recognized, 65 one was not, 64 usage error,\n"
	"71 out of memory, 74 I/O error. With -q, what to do (the worst input\n"
	"decides): 0 nothing, 75 retry later, 69 do not retry as is, 67 drop the\n"
	"address, 68 the domain takes no mail, 77 fix the sending side first,\n"
	"65 not understood. See smtpcode(1).\n";

static const struct option longopts[] = {
	{"format", required_argument, NULL, 'f'},
	{"table", required_argument, NULL, 't'},
	{"list", optional_argument, NULL, 'l'},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"all", no_argument, NULL, 'a'},
	{"summary", no_argument, NULL, 'S'},
	{"line-buffered", no_argument, NULL, 'B'},
	{"log-format", required_argument, NULL, 'L'},
	{"mail", no_argument, NULL, 'm'},
	{"color", required_argument, NULL, 'C'},
	{"colour", required_argument, NULL, 'C'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static const char *const color_names[] = {
	[COLOR_AUTO] = "auto", [COLOR_ALWAYS] = "always", [COLOR_NEVER] = "never"};

/* ends a usage error begun with msg_begin: the usage lines, then exit 64 */
_Noreturn static void
usage_end(void)
{
	msg_end();
	fputs(usage_line, stderr);
	fflush(stderr);
	exit(EXIT_USAGE);
}

/* writes a value the user gave, in quotes, so that no byte of it reaches the terminal
 * as a control */
static void
echo(FILE *fp, const char *value)
{
	fputc('\'', fp);
	output_safe(fp, value, strlen(value));
	fputc('\'', fp);
}

/* a usage error: what (ending where the value goes), the value if any, then the rest */
_Noreturn static void
usage_error(const char *what, const char *value, const char *rest)
{
	FILE *fp = msg_begin();
	fputs(what, fp);
	if (value)
		echo(fp, value);
	fputs(rest, fp);
	usage_end();
}

/* writes what --help or --version prints, and exits: 0, or 74 when it could not be
 * written */
_Noreturn static void
print_exit(const char *s1, const char *s2, const char *s3)
{
	fputs(s1, stdout);
	fputs(s2, stdout);
	fputs(s3, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		fatal(EXIT_IOERR, "write error:");
	exit(0);
}

static int
choose(const char *option, const char *value, const char *const *names, size_t n)
{
	int i = names_find(names, n, value);
	if (i < 0) {
		FILE *fp = msg_begin();
		fprintf(fp, "--%s: ", option);
		echo(fp, value);
		fputs(" is not one of:", fp);
		for (size_t k = 0; k < n; k++)
			fprintf(fp, " %s", names[k]);
		usage_end();
	}
	return i;
}

static int
tableopt(const char *option, const char *value)
{
	int t = table_index(value);
	if (t < 0) {
		FILE *fp = msg_begin();
		fprintf(fp, "%s: no table ", option);
		echo(fp, value);
		fputs("; tables:", fp);
		for (size_t k = 0; k < table_count; k++)
			fprintf(fp, " %s", tables[k].name);
		msg_end();
		exit(EXIT_USAGE);
	}
	return t;
}

void
cli_parse(int argc, char **argv, struct options *opts)
{
	int c;
	const char *listname = NULL;
	*opts = (struct options){.format = FORMAT_TEXT, .color = COLOR_AUTO, .table = -1,
	                         .listtable = -1};
	opterr = 0;
	/* "+": options end at the first input, so that the words of a reply ("-see",
	 * "-q") are never read as options; "--" ends them too */
	for (;;) {
		c = getopt_long(argc, argv, "+:f:t:lqvamhV", longopts, NULL);
		if (c == -1) {
			/* the table of --list is no input: options may follow it */
			if (!opts->list || listname || optind >= argc ||
			    strcmp(argv[optind - 1], "--") == 0)
				break;
			listname = argv[optind++];
			continue;
		}
		switch (c) {
		case 'f':
			opts->format = choose("format", optarg, format_names, countof(format_names));
			break;
		case 't':
			opts->table = tableopt("--table", optarg);
			break;
		case 'l':
			opts->list = true;
			listname = optarg;
			break;
		case 'q':
			opts->quiet = true;
			break;
		case 'v':
			opts->verbose = true;
			break;
		case 'a':
			opts->all = true;
			break;
		case 'S':
			opts->summary = true;
			break;
		case 'B':
			opts->linebuf = true;
			break;
		case 'm':
			opts->mail = true;
			break;
		case 'L':
			opts->logformat = choose("log-format", optarg, logline_formats, LOGFMT_COUNT);
			break;
		case 'C':
			opts->color = choose("color", optarg, color_names, countof(color_names));
			break;
		case 'h':
			print_exit(usage_line, "\n", help_text);
		case 'V':
			print_exit("smtpcode ", VERSION, "\n");
		case ':':
			usage_error("option requires a value: ", argv[optind - 1], "");
		default:
			if (optopt) {
				char opt[3] = {'-', (char)optopt, '\0'};
				usage_error("unknown option: ", opt, "");
			}
			usage_error("unknown option: ", argv[optind - 1], "");
		}
	}
	opts->argc = argc - optind;
	opts->argv = argv + optind;
	if (opts->list) {
		if (opts->quiet)
			usage_error("--list and --quiet may not be combined", NULL, "");
		if (opts->summary)
			usage_error("--list and --summary may not be combined", NULL, "");
		if (!listname && opts->argc > 0)
			listname = opts->argv[0], opts->argc--, opts->argv++;
		if (opts->argc > 0)
			usage_error("--list takes one table, not ", opts->argv[0], " too");
		if (opts->table >= 0 && listname)
			usage_error("--list TABLE and --table may not be combined", NULL, "");
		opts->listtable = listname ? tableopt("--list", listname) : opts->table;
	}
}

bool
cli_color(const struct options *opts)
{
	if (opts->color != COLOR_AUTO)
		return opts->color == COLOR_ALWAYS;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}

size_t
cli_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}
