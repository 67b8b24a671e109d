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

/* the first of words[0..nw) (each lowercase, not empty) that s[0..n) starts with,
 * ignoring ASCII case, or -1 */
int match_first(const char *s, size_t n, const char *const *words, size_t nw);

/* whether one of words[0..nw) (each lowercase, not empty) stands anywhere in s[0..n),
 * ignoring ASCII case: the bytes that start none of them are passed over by a table */
bool match_anywhere(const char *s, size_t n, const char *const *words, size_t nw);


#endif
