/* match.h: reply-text patterns: folding a text for comparison, and wildcard search */
#ifndef SMTPCODE_MATCH_H
#define SMTPCODE_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* folds s[0..n) into out (at most outsz-1 bytes, NUL-terminated): its template
 * (template.h: case and white space folded, variable parts as placeholders), with
 * trailing dots and white space dropped; with keepstar, runs of '*' become one '*'.
 * Returns the folded length. */
size_t match_fold(const char *s, size_t n, char *out, size_t outsz, bool keepstar);

/* tells whether s[0..n) starts with word (lowercase), ignoring ASCII case */
bool match_starts(const char *s, size_t n, const char *word);


#endif
