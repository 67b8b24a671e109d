/* table.c: lookups over the compiled tables (build/tables.c) */
#include <string.h>

#include "table.h"

size_t
table_find(enum group group, const char *key, size_t keylen, const struct entry **first)
{
	char sk[LIMIT_SORTKEY];
	*first = entries;
	size_t n = names_sortkey(key, keylen, sk, sizeof sk);
	if (n == 0 || memchr(sk, '\0', n))
		return 0; /* longer than any key, or holding a byte no key holds */
	unsigned h = names_hash(group, sk, n);
	for (size_t k = h & entry_slotmask; entry_slots[k].count; k = (k + 1) & entry_slotmask) {
		const struct keyslot *s = &entry_slots[k];
		const struct entry *e = &entries[s->first];
		if (s->hash == h && e->group == group && strcmp(e->sortkey, sk) == 0) {
			*first = e;
			return s->count;
		}
	}
	return 0;
}

const struct reason *
table_reason(const char *name, size_t len)
{
	char sk[LIMIT_SORTKEY]; /* reason names are lowercase letters: their own keys */
	size_t lo = 0, hi = reason_count;
	size_t n = names_sortkey(name, len, sk, sizeof sk);
	if (n == 0 || memchr(sk, '\0', n))
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(reasons[mid].name, sk);
		if (c == 0)
			return &reasons[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
table_index(const char *name)
{
	char sk[LIMIT_SORTKEY]; /* table names are lowercase letters: their own keys */
	if (names_sortkey(name, strlen(name), sk, sizeof sk) == 0)
		return -1;
	for (size_t i = 0; i < table_count; i++)
		if (strcmp(tables[i].name, sk) == 0)
			return (int)i;
	return -1;
}
