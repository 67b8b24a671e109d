/* match.c: reply-text patterns: folding a text for comparison (its template, so that
 * a vendor's text and a reply are folded alike), and wildcard search */
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

/* finds needle[0..nlen) in hay[0..hlen), returns its offset or -1 */
static long
findbytes(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return 0;
	if (nlen > hlen)
		return -1;
	const char *p = hay, *end = hay + hlen - nlen + 1;
	while (p < end) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (!p)
			return -1;
		if (memcmp(p, needle, nlen) == 0)
			return p - hay;
		p++;
	}
	return -1;
}

bool
match_find(const char *pattern, const char *text, size_t textlen)
{
	/* '*' only separates segments (the match is unanchored at both ends), so finding
	 * each segment at its leftmost place after the previous one is complete */
	size_t pos = 0;
	while (*pattern) {
		const char *star = strchr(pattern, '*');
		size_t seglen = star ? (size_t)(star - pattern) : strlen(pattern);
		long at = findbytes(text + pos, textlen - pos, pattern, seglen);
		if (at < 0)
			return false;
		pos += (size_t)at + seglen;
		pattern += seglen;
		if (*pattern == '*')
			pattern++;
	}
	return true;
}
