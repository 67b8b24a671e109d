/* match.c: reply-text patterns: folding a text for comparison (its template, so that
 * a vendor's text and a reply are folded alike); the tool compiles the folded texts
 * into the phrase automaton, which finds them (src/phrase.c) */
#include <string.h>

#include "match.h"
#include "template.h"

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
