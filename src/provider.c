/* provider.c: which provider answered a reply */
#include <stdbool.h>
#include <string.h>

#include "match.h"
#include "names.h"
#include "provider.h"

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* tells whether the URL address at a (up to end) starts with the rule's pattern */
static bool
url_is(const char *a, const char *end, const struct provider_rule *r)
{
	return match_starts(a, (size_t)(end - a), r->pattern);
}

/* the host rule that host[0..n) is under, or NULL: the rule of its longest domain
 * that has one, each found by its hash */
static const struct provider_rule *
host_rule(const char *host, size_t n)
{
	char low[256];
	while (n > 0 && host[n - 1] == '.')
		n--;
	if (n > sizeof low)
		return NULL; /* no host name is longer */
	for (size_t i = 0; i < n; i++)
		low[i] = (char)lower((unsigned char)host[i]);
	for (size_t s = 0; s < n; s++) {
		if (s > 0 && low[s - 1] != '.')
			continue;
		unsigned h = names_hash(0, low + s, n - s);
		for (size_t k = h & host_slotmask; host_slots[k].count; k = (k + 1) & host_slotmask) {
			const struct provider_rule *r = &provider_rules[host_slots[k].first];
			if (host_slots[k].hash == h && r->len == n - s && memcmp(r->pattern, low + s, n - s) == 0)
				return r;
		}
	}
	return NULL;
}

bool
provider_find(const struct input *in, int token, struct provider_found *found)
{
	const struct provider_rule *r;
	/* the remote host first */
	if (in->host && (r = host_rule(in->host, in->hostlen)) != NULL) {
		*found = (struct provider_found){r, in->host, in->hostlen};
		return true;
	}
	/* then a server that names itself in brackets in its text, as Microsoft's do
	 * ("[BN8NAM11FT003.eop-nam11.prod.protection.outlook.com]") */
	const char *b = in->raw, *bend = in->raw + in->rawlen;
	while (b < bend && (b = memchr(b, '[', (size_t)(bend - b))) != NULL) {
		const char *h = ++b, *e = h;
		if (h < bend && *h >= '0' && *h <= '9')
			continue; /* an IP address ("[192.0.2.4]"), as most are: no name */
		while (e < bend && e - h < 256 && *e != ']' && *e != ' ' && *e != '[')
			e++;
		/* the name ends at the bracket or at the first space ("[host 2024-...]") */
		if (e < bend && (*e == ']' || *e == ' ') && e > h && memchr(h, '.', (size_t)(e - h)) &&
		    (r = host_rule(h, (size_t)(e - h))) != NULL) {
			*found = (struct provider_found){r, h, (size_t)(e - h)};
			return true;
		}
	}
	/* then each link of the text: found by its "://" */
	const char *s = in->raw, *end = in->raw + in->rawlen;
	while (s < end && (s = memchr(s, ':', (size_t)(end - s))) != NULL) {
		if (end - s >= 3 && s[1] == '/' && s[2] == '/') {
			for (size_t i = 0; i < provider_rule_count; i++) {
				r = &provider_rules[i];
				if (r->kind == PKIND_URL && url_is(s + 3, end, r)) {
					*found = (struct provider_found){r, s + 3, r->len};
					return true;
				}
			}
		}
		s++;
	}
	/* then a word only a provider writes */
	if (token >= 0 && (size_t)token < provider_rule_count) {
		r = &provider_rules[token];
		*found = (struct provider_found){r, r->pattern, r->len};
		return true;
	}
	return false;
}
