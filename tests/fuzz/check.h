/* check.h: what the fuzz targets check of smtpcode's output; a failed check aborts
 * with a message, which the fuzzer reports as a crash */
#ifndef SMTPCODE_CHECK_H
#define SMTPCODE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* text: valid UTF-8 with no control character but the line end (and, with colour,
 * ESC opening an SGR sequence), no C1 control, bidirectional control or invisible
 * character */
void check_text(const char *s, size_t n, bool color);

/* JSON Lines: every line one valid JSON object, whose first key is "input"; when the
 * input is valid UTF-8, that value decodes to it, less the white space around it */
void check_json(const char *s, size_t n, const char *raw, size_t rawlen);

/* JSON Lines: every line one valid JSON object (the summary's) */
void check_json_lines(const char *s, size_t n);

/* CSV: every row has as many cells as the header, and no cell is a live formula */
void check_csv(const char *s, size_t n);

/* fails: writes what and aborts */
_Noreturn void check_fail(const char *what, const char *s, size_t n);

#endif
