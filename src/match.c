/* match.c: reply-text patterns: folding a text for comparison (its template, so that
 * a vendor's text and a reply are folded alike); the tool compiles the folded texts
 * into the phrase automaton, which finds them (src/phrase.c) */
#include <string.h>

#include "match.h"
#include "template.h"

bool
match_starts(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; word[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= n || (c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)word[i])
			return false;
	}
	return true;
}

size_t
match_fold(const char *s, size_t n, char *out, size_t outsz, bool keepstar)
{
	if (outsz == 0)
		return 0;
	size_t len = template_make(s, n, out, outsz), o = 0;
	for (size_t i = 0; i < len; i++) {
		if (keepstar && out[i] == '*' && o > 0 && out[o - 1] == '*')
			continue;
		out[o++] = out[i];
	}
	while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
	return o;
}
