/* cli.h: command-line options */
#ifndef SMTPCODE_CLI_H
#define SMTPCODE_CLI_H

#include <stdbool.h>

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };
enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	enum format format;  /* --format, default text */
	enum color color;    /* --color, default auto */
	int table;           /* --table: a table index, or -1 for all (default) */
	bool list;           /* --list */
	int listtable;       /* the table --list shows, or -1 for the list of tables */
	bool quiet;          /* -q: print nothing, exit with the verdict */
	int argc;            /* the inputs left on the command line */
	char **argv;
};

/* parses the command line into opts; prints help or version and exits 0, or prints
 * a usage error and exits 64 */
void cli_parse(int argc, char **argv, struct options *opts);

/* tells whether text output should be coloured, given the options and environment */
bool cli_color(const struct options *opts);

#endif
