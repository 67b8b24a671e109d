/* gen.h: what the parts of the table generator share: rows as read from CSV, the
 * column lists they are checked against, error reports, memory, and writing C */
#ifndef GEN_H
#define GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define countof(a) (sizeof(a) / sizeof((a)[0]))
#define ROW_FIELDS 16 /* more fields than any schema has: a longer row is refused */

/* one CSV row: its fields and where it stands */
struct row {
	char *f[ROW_FIELDS];
	size_t nf;
	const char *path;   /* the file as opened */
	int file;           /* the file's index in the manifest, -1 for the manifest */
	unsigned line;      /* the line the row starts on */
};

/* the columns of one kind of file, in header order: their names, which are required */
struct columns {
	const char *const *names;
	const unsigned char *required;
	size_t n;
};

/* rows found bad so far */
extern int errors;

/* reports a bad row as path:line: message; the run goes on, and fails at its end */
void bad(const struct row *r, const char *fmt, ...);

/* reports a bad file as path: message; the run goes on, and fails at its end */
void badfile(const char *path, const char *fmt, ...);

/* prints gentables: message to stderr; a format ending in ':' gets the errno text */
void warn(const char *fmt, ...);

/* warns, then exits with status 1 */
_Noreturn void fatal(const char *fmt, ...);

/* malloc that exits when there is no memory */
void *xmalloc(size_t n);

/* makes room for element n of array p of *cap elements of size bytes; returns it */
void *xgrow(void *p, size_t n, size_t *cap, size_t size);

/* frees a row's fields */
void rowfree(struct row *r);

/* writes s as a C string literal, or NULL when s is empty */
void cstr(FILE *out, const char *s);

/* writes the names of list[0..n) as "a, b or c" into buf of cap bytes; returns buf */
const char *oneof(char *buf, size_t cap, const char *const *list, size_t n);

/* calls onrow (true: it keeps the fields) on each row of a file; -1 if it won't open */
int csvread(const char *path, int file, bool (*onrow)(struct row *r, void *arg),
            void *arg);

/* tells whether a row is the header row of a kind of file */
bool csvheader(const struct row *r, const struct columns *c);

/* writes the header row of a kind of file to fp */
void csvputheader(FILE *fp, const struct columns *c);

/* checks a row's field count, its text (UTF-8, no controls) and its required fields */
bool csvfields(const struct row *r, const struct columns *c);

#endif
