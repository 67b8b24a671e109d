/* template.h: a reply text made comparable: case folded, white space folded, and its
 * variable parts (addresses, host names, IP addresses, numbers and ids, URLs) replaced
 * by placeholders, so that every variant of one rejection is one template. Phrases
 * are matched against it, so a host name can never match a phrase. */
#ifndef SMTPCODE_TEMPLATE_H
#define SMTPCODE_TEMPLATE_H

#include <stddef.h>

/* writes the template of s[0..n) to out (at most cap bytes, cap > 0, NUL-terminated),
 * and returns its length: ASCII, Latin-1 and Cyrillic capitals lowercased; each run of
 * white space one space, none at the ends; the word "e-mail" "email"; e-mail addresses
 * "<addr>" (angle brackets around them dropped), host names "<host>", IPv4 and IPv6
 * addresses "<ip>", URLs "<url>", digit runs and ids that start with a digit "<n>";
 * enhanced status codes (5.1.1) and words that start with letters and end in digits
 * (TSS04) are kept */
size_t template_make(const char *s, size_t n, char *out, size_t cap);

/* the same, and when map is not NULL, map[i] is the offset in s of the input that
 * made out[i] (a placeholder's bytes all map to the start of what it stands for) */
size_t template_map(const char *s, size_t n, char *out, size_t cap, unsigned *map);

#endif
