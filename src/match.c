/* match.c: reply-text patterns: folding a text for comparison (its template, so that
 * a vendor's text and a reply are folded alike); the tool compiles the folded texts
 * into the phrase automaton, which finds them (src/phrase.c) */
#include <string.h>

#include "match.h"
#include "names.h"
#include "template.h"

bool
match_starts(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; word[i]; i++) {
		if (i >= n)
			return false;
		if (names_lower((unsigned char)s[i]) != (unsigned char)word[i])
			return false;
	}
	return true;
}

int
match_first(const char *s, size_t n, const char *const *words, size_t nw)
{
	if (n == 0)
		return -1;
	unsigned char c = names_lower((unsigned char)s[0]);
	for (size_t k = 0; k < nw; k++)
		if ((unsigned char)words[k][0] == c && match_starts(s, n, words[k]))
			return (int)k;
	return -1;
}

/* a bit for the first two bytes of a word, folded */
static unsigned long long
pairbit(unsigned char a, unsigned char b)
{
	return 1ULL << ((a * 31u + b) & 63);
}

bool
match_anywhere(const char *s, size_t n, const char *const *words, size_t nw)
{
	/* the bytes that start a word, either case, and a hash of the pairs of bytes that
	 * do: most positions are passed over by one test or two */
	unsigned long long first[4] = {0}, pairs = 0;
	for (size_t k = 0; k < nw; k++) {
		unsigned char c = (unsigned char)words[k][0];
		first[c >> 6] |= 1ULL << (c & 63);
		if (c >= 'a' && c <= 'z')
			first[(c - 32) >> 6] |= 1ULL << ((c - 32) & 63);
		pairs |= words[k][1] ? pairbit(c, (unsigned char)words[k][1]) : ~0ULL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(first[c >> 6] >> (c & 63) & 1))
			continue;
		if (i + 1 < n &&
		    !(pairs & pairbit(names_lower(c), names_lower((unsigned char)s[i + 1]))))
			continue;
		if (match_first(s + i, n - i, words, nw) >= 0)
			return true;
	}
	return false;
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
