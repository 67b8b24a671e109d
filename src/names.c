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

size_t
names_sortkey(const char *key, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t run = 0;
		while (i + run < n && key[i + run] >= '0' && key[i + run] <= '9')
			run++;
		if (run + 2 > cap - o)
			return 0;
		if (run) {
			/* '1'..'9' for runs of 1 to 9 digits: still below any letter */
			out[o++] = (char)('0' + (run < 9 ? run : 9));
			memcpy(out + o, key + i, run);
			o += run;
			i += run;
		} else {
			out[o++] = (char)names_lower((unsigned char)key[i++]);
		}
	}
	if (o + 1 > cap)
		return 0;
	out[o] = '\0';
	return o;
}
