/* output.h: results and table listings as text, JSON Lines or CSV */
#ifndef SMTPCODE_OUTPUT_H
#define SMTPCODE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "classify.h"
#include "recognize.h"

#define FORMATS(X) \
	X(FORMAT_TEXT, "text") \
	X(FORMAT_JSON, "json") \
	X(FORMAT_CSV, "csv")

enum format { FORMATS(NAMES_ENUM) FORMAT_COUNT };
extern const char *const format_names[FORMAT_COUNT];

struct outformat;

struct out {
	FILE *fp;
	const struct outformat *f;
	bool color;        /* text: ANSI colour */
	bool verbose;      /* every row that applied in full */
	size_t width;      /* text: wrap to this many columns */
	bool started;      /* CSV: the header row was written; text: a block was */
};

/* starts output of a format to fp */
void output_init(struct out *o, FILE *fp, enum format format, bool color, bool verbose,
                 size_t width);

/* starts the results: CSV writes its header here, so it is there even for no input */
void output_begin(struct out *o);

/* writes out what the output holds back: before anything else is written to its
 * file, and before the end */
void output_flush(struct out *o);

/* writes the result of one input, and its template (or NULL) */
void output_result(struct out *o, const struct input *in, const struct result *res,
                   const char *tmpl, size_t tmpllen);

/* writes the list of tables */
void output_tables(struct out *o);

/* writes the rows of a table, in the columns of its files in codes/ */
void output_table(struct out *o, int table);

/* writes s[0..n) so that no control character or invalid UTF-8 reaches a terminal:
 * C0 controls as control pictures (U+2400...), DEL as U+2421, C1 controls, bidi
 * overrides and invalid bytes as \xNN or \uNNNN */
void output_safe(FILE *fp, const char *s, size_t n);

/* writes s[0..n) as a JSON string, quotes included: invalid UTF-8 becomes U+FFFD */
void output_json_string(FILE *fp, const char *s, size_t n);

/* writes s[0..n) as one CSV cell: quoted by libcsv where needed, and with a leading
 * apostrophe where it begins with = + - @ TAB or CR (spreadsheet formulas) */
void output_csv_cell(FILE *fp, const char *s, size_t n);

#endif
