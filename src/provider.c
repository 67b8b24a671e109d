/* provider.c: which provider answered a reply */
#include <stdbool.h>
#include <string.h>

#include "provider.h"

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* tells whether s[0..n) and the lowercase p[0..n) are equal but for ASCII case */
static bool
same(const char *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != (unsigned char)p[i])
			return false;
	return true;
}

/* the host is the rule's domain, or a name under it */
static bool
host_in(const char *host, size_t n, const struct provider_rule *r)
{
	while (n > 0 && host[n - 1] == '.')
		n--;
	if (n < r->len || !same(host + n - r->len, r->pattern, r->len))
		return false;
	return n == r->len || host[n - r->len - 1] == '.';
}

/* the first URL in s[0..n) whose address (without its scheme) starts with the rule's
 * pattern, or NULL */
static const char *
url_in(const char *s, size_t n, const struct provider_rule *r)
{
	for (const char *p = s, *end = s + n; (p = memchr(p, ':', (size_t)(end - p))) != NULL;
	     p++) {
		if (end - p < 3 || p[1] != '/' || p[2] != '/')
			continue;
		const char *a = p + 3;
		if ((size_t)(end - a) >= r->len && same(a, r->pattern, r->len))
			return a;
	}
	return NULL;
}

/* the first place in the template where the rule's word stands whole, or NULL */
static const char *
token_in(const char *t, size_t n, const struct provider_rule *r)
{
	const char *p = t, *end = t + n;
	while ((size_t)(end - p) >= r->len) {
		const char *q = memchr(p, r->pattern[0], (size_t)(end - p) - r->len + 1);
		if (!q)
			return NULL;
		size_t i = (size_t)(q - t);
		if (memcmp(q, r->pattern, r->len) == 0 &&
		    (i == 0 || !alnum((unsigned char)t[i - 1]) || !alnum((unsigned char)r->pattern[0])) &&
		    (i + r->len == n || !alnum((unsigned char)t[i + r->len]) ||
		     !alnum((unsigned char)r->pattern[r->len - 1])))
			return q;
		p = q + 1;
	}
	return NULL;
}

bool
provider_find(const struct input *in, const char *tmpl, size_t tlen,
              struct provider_found *found)
{
	/* a link is looked for only where the text has one */
	bool links = in->rawlen >= 3 && memchr(in->raw, ':', in->rawlen) != NULL;
	for (size_t i = 0; i < provider_rule_count; i++) {
		const struct provider_rule *r = &provider_rules[i];
		const char *at = NULL;
		switch (r->kind) {
		case PKIND_HOST:
			if (in->host && host_in(in->host, in->hostlen, r)) {
				*found = (struct provider_found){r, in->host, in->hostlen};
				return true;
			}
			break;
		case PKIND_URL:
			if (links && (at = url_in(in->raw, in->rawlen, r)) != NULL) {
				*found = (struct provider_found){r, at, r->len};
				return true;
			}
			break;
		case PKIND_TOKEN:
			if (tmpl && (at = token_in(tmpl, tlen, r)) != NULL) {
				*found = (struct provider_found){r, at, r->len};
				return true;
			}
			break;
		}
	}
	return false;
}
