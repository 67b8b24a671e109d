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

/* host_rule, with the answers for the last hosts kept: a log names a few relays over
 * and over. Direct-mapped by the name's length and two of its bytes; a host is kept
 * whole, and compared whole, so an answer is host_rule's */
static const struct provider_rule *
host_rule_kept(const char *host, size_t n)
{
	static struct {
		unsigned char len;
		char host[127];
		const struct provider_rule *rule;
	} kept[32];
	if (n == 0 || n > sizeof kept[0].host)
		return host_rule(host, n);
	size_t k = (n * 31u + (unsigned char)host[n - 1] + (unsigned char)host[n / 2] * 7u) % 32;
	if (kept[k].len == n && memcmp(kept[k].host, host, n) == 0)
		return kept[k].rule;
	kept[k].rule = host_rule(host, n);
	kept[k].len = (unsigned char)n;
	memcpy(kept[k].host, host, n);
	return kept[k].rule;
}

bool
provider_find(const struct input *in, int token, struct provider_found *found)
{
	const struct provider_rule *r;
	/* the remote host first */
	if (in->host && (r = host_rule_kept(in->host, in->hostlen)) != NULL) {
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
		    (r = host_rule_kept(h, (size_t)(e - h))) != NULL) {
			*found = (struct provider_found){r, h, (size_t)(e - h)};
			return true;
		}
	}
	/* then each link of the text: found by its "://" */
	const char *s = in->raw, *end = in->raw + in->rawlen;
	while (s < end && (s = memchr(s, ':', (size_t)(end - s))) != NULL) {
		if (end - s >= 3 && s[1] == '/' && s[2] == '/') {
			unsigned char c = end - s > 3 ? lower((unsigned char)s[3]) : 0;
			for (size_t i = 0; i < provider_url_count; i++) {
				r = &provider_rules[provider_url_first + i];
				if ((unsigned char)r->pattern[0] == c && url_is(s + 3, end, r)) {
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
