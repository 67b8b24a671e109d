/* names.c: printable names of the table vocabulary, and key comparison */
#include <string.h>

#include "names.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))

const char *const group_names[] = {
	[GROUP_REPLY] = "reply",
	[GROUP_ENHANCED] = "enhanced",
	[GROUP_CLASS] = "class",
	[GROUP_WORD] = "word",
};

const char *const kind_names[] = {
	[KIND_REPLY] = "reply",
	[KIND_ENHANCED] = "enhanced",
	[KIND_CLASS] = "class",
	[KIND_CODE] = "code",
	[KIND_EVENT] = "event",
	[KIND_CLASSIFICATION] = "classification",
	[KIND_REASON] = "reason",
};

const char *const class_names[] = {
	[CLASS_NONE] = "none",
	[CLASS_FROM_CODE] = "-",
	[CLASS_SUCCESS] = "success",
	[CLASS_INTERMEDIATE] = "intermediate",
	[CLASS_TRANSIENT] = "transient",
	[CLASS_PERMANENT] = "permanent",
};

const char *const bounce_names[] = {
	[BOUNCE_NONE] = "none",
	[BOUNCE_SOFT] = "soft",
	[BOUNCE_HARD] = "hard",
};

const char *const retry_names[] = {
	[RETRY_CLASS] = "class",
	[RETRY_YES] = "yes",
	[RETRY_NO] = "no",
};

const char *const actor_names[] = {
	[ACTOR_NONE] = "none",
	[ACTOR_SENDER] = "sender",
	[ACTOR_SENDER_LIST] = "sender-list",
	[ACTOR_SENDER_DNS] = "sender-dns",
	[ACTOR_SENDER_SERVER] = "sender-server",
	[ACTOR_RECIPIENT] = "recipient",
	[ACTOR_RECEIVER_ADMIN] = "receiver-admin",
};

const size_t kind_count = countof(kind_names);
const size_t class_count = countof(class_names);
const size_t bounce_count = countof(bounce_names);
const size_t retry_count = countof(retry_names);
const size_t actor_count = countof(actor_names);

int
names_find(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

enum group
names_group(enum kind kind)
{
	switch (kind) {
	case KIND_REPLY:
		return GROUP_REPLY;
	case KIND_ENHANCED:
		return GROUP_ENHANCED;
	case KIND_CLASS:
		return GROUP_CLASS;
	default:
		return GROUP_WORD;
	}
}

int
names_keycmp(const char *a, size_t alen, const char *b, size_t blen)
{
	/* natural order: runs of digits compare by value, so X.1.2 sorts before X.1.10;
	 * equal values of different lengths ("01", "1") still differ */
	size_t i = 0, j = 0;
	while (i < alen && j < blen) {
		unsigned char ca = (unsigned char)a[i], cb = (unsigned char)b[j];
		if (ca >= '0' && ca <= '9' && cb >= '0' && cb <= '9') {
			size_t ei = i, ej = j;
			while (ei < alen && a[ei] >= '0' && a[ei] <= '9')
				ei++;
			while (ej < blen && b[ej] >= '0' && b[ej] <= '9')
				ej++;
			size_t zi = i, zj = j;
			while (zi + 1 < ei && a[zi] == '0')
				zi++;
			while (zj + 1 < ej && b[zj] == '0')
				zj++;
			if (ei - zi != ej - zj)
				return ei - zi < ej - zj ? -1 : 1;
			int c = memcmp(a + zi, b + zj, ei - zi);
			if (c)
				return c;
			if (ei - i != ej - j)
				return ei - i < ej - j ? -1 : 1;
			i = ei;
			j = ej;
			continue;
		}
		int la = names_lower(ca), lb = names_lower(cb);
		if (la != lb)
			return la - lb;
		i++;
		j++;
	}
	return i < alen ? 1 : j < blen ? -1 : 0;
}
