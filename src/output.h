/* output.h: results and table listings as text, JSON Lines or CSV */
#ifndef SMTPCODE_OUTPUT_H
#define SMTPCODE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "classify.h"
#include "cli.h"
#include "recognize.h"

struct out {
	FILE *fp;
	enum format format;
	bool color;
	bool header_done;  /* CSV: the header row was written */
	bool first;        /* text: nothing written yet */
};

/* starts output of a format to fp */
void output_init(struct out *o, FILE *fp, enum format format, bool color);

/* writes the result of one input */
void output_result(struct out *o, const struct input *in, const struct result *res);

/* writes the list of tables */
void output_tables(struct out *o);

/* writes the entries of a table (TABLE_REASONS: the reasons) */
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
