/* cli.h: command-line options, and the settings the environment decides */
#ifndef SMTPCODE_CLI_H
#define SMTPCODE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"

enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	enum format format;  /* --format, default text */
	enum color color;    /* --color, default auto */
	int table;           /* --table: a table index, or -1 for all (default) */
	bool list;           /* --list */
	int listtable;       /* the table --list shows, or -1 for the list of tables */
	bool quiet;          /* -q: print nothing, exit with the verdict */
	bool verbose;        /* -v: every row that applied, in full */
	bool all;            /* -a: a log's successful deliveries too */
	bool summary;        /* --summary: what the inputs add up to, not each one */
	bool linebuf;        /* --line-buffered: each result written as it is made */
	int logformat;       /* --log-format: enum logformat, default LOGFMT_AUTO */
	bool mail;           /* --mail: the inputs are e-mails: files, mboxes, Maildirs */
	int argc;            /* the inputs left on the command line */
	char **argv;
};

/* parses the command line into opts; prints help or version and exits 0, or prints
 * a usage error and exits 64 */
void cli_parse(int argc, char **argv, struct options *opts);

/* tells whether text output should be coloured, given the options and environment */
bool cli_color(const struct options *opts);

/* the width to wrap text to: the terminal's when stdout is one, else 80 */
size_t cli_width(void);

#endif
