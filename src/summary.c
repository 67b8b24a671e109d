/* summary.c: --summary (summary.h) */
#include <stdint.h>
#include <string.h>

#include "logline.h"
#include "names.h"
#include "summary.h"

#define SLOTS 128       /* keys kept per table */
#define KEYMAX 120      /* bytes of a key kept */
#define EXAMPLES 10     /* messages deferred then failed, kept as examples */

#define INDEX 256       /* a table's index: a power of two, twice SLOTS */
_Static_assert(SLOTS < 256 && INDEX >= 2 * SLOTS && (INDEX & (INDEX - 1)) == 0,
               "an index entry is a slot + 1 in a byte, in a table half full at most");

struct slot {
	unsigned long count, error, line;
	unsigned hash;
	unsigned char len;
	char key[KEYMAX];
};

#define DIMENSIONS(X) \
	X(outcome) X(reason) X(code) X(enhanced) X(domain) X(remote) X(provider) X(template)
#define DIM_ENUM(name) DIM_##name,
#define DIM_NAME(name) #name,
enum { DIMENSIONS(DIM_ENUM) DIM_COUNT };
static const char *const dim_names[DIM_COUNT] = {DIMENSIONS(DIM_NAME)};

static struct {
	struct slot slot[SLOTS];
	unsigned char index[INDEX]; /* by a key's hash, open addressing: its slot + 1,
	                             * or 0 */
	size_t used;
	unsigned long total;
} dims[DIM_COUNT];
static unsigned long kinds[SUM_KINDS], explained;
static const char *const line_names[SUM_KINDS] = {
	"deliveries", "rejections", "context", "other", "replies", "blank", "mail", "skipped"};

/* the messages deferred, then bounced or expired: counted, the first few kept */
static struct {
	unsigned long deferred, failed;
	unsigned char idlen;
	char id[24];
	char outcome[8];
} late[EXAMPLES];
static unsigned long nlate;

void
summary_deferred(const struct logline *l, unsigned long deferred, unsigned long failed)
{
	if (nlate < EXAMPLES) {
		size_t n = l->queue_id.n < sizeof late[0].id ? l->queue_id.n : sizeof late[0].id;
		late[nlate].deferred = deferred;
		late[nlate].failed = failed;
		late[nlate].idlen = (unsigned char)n;
		memcpy(late[nlate].id, l->queue_id.s, n);
		size_t k = l->outcome.n < sizeof late[0].outcome - 1 ? l->outcome.n : sizeof late[0].outcome - 1;
		memcpy(late[nlate].outcome, l->outcome.s, k);
		late[nlate].outcome[k] = '\0';
	}
	nlate++;
}

void
summary_line(enum sumline kind)
{
	kinds[kind]++;
}

void
summary_lines(enum sumline kind, unsigned long n)
{
	kinds[kind] += n;
}

/* a key's hash; of a long key, its ends only (keys that differ in their middle alone
 * share a chain of the index, told apart by their bytes) */
static unsigned
keyhash(const char *k, size_t n)
{
	uint64_t h = names_quickhash(n, k, n < 32 ? n : 32);
	if (n > 32)
		h = names_quickhash(h, k + n - 8, 8);
	return (unsigned)h;
}

/* the index entry of a table's key of hash h, or the empty one where it would go */
static size_t
probe(int d, unsigned h, const char *k, size_t n)
{
	size_t j = h & (INDEX - 1);
	while (dims[d].index[j]) {
		const struct slot *s = &dims[d].slot[dims[d].index[j] - 1];
		if (s->hash == h && s->len == n && memcmp(s->key, k, n) == 0)
			break;
		j = (j + 1) & (INDEX - 1);
	}
	return j;
}

/* takes the index entry at j out, moving up the entries after it that would not be
 * found any more (linear probing's deletion, without tombstones) */
static void
unindex(int d, size_t j)
{
	unsigned char *x = dims[d].index;
	for (size_t k = j;;) {
		x[j] = 0;
		for (;;) {
			k = (k + 1) & (INDEX - 1);
			if (!x[k])
				return;
			size_t home = dims[d].slot[x[k] - 1].hash & (INDEX - 1);
			/* an entry whose home is cyclically in (j, k] stays */
			if (j <= k ? (j < home && home <= k) : (j < home || home <= k))
				continue;
			x[j] = x[k];
			j = k;
			break;
		}
	}
}

/* Space-Saving: a key's count goes up; a new key takes a free slot, or the smallest
 * count's, inheriting that count as its error */
static void
count(int d, const char *k, size_t n, unsigned long line)
{
	if (!k || !n)
		return;
	if (n > KEYMAX)
		n = KEYMAX;
	dims[d].total++;
	unsigned h = keyhash(k, n);
	size_t j = probe(d, h, k, n);
	struct slot *s = dims[d].slot;
	if (dims[d].index[j]) {
		s[dims[d].index[j] - 1].count++;
		return;
	}
	struct slot *t;
	unsigned long err = 0;
	if (dims[d].used < SLOTS) {
		t = &s[dims[d].used++];
	} else {
		t = &s[0];
		for (size_t i = 1; i < SLOTS; i++)
			if (s[i].count < t->count)
				t = &s[i];
		err = t->count;
		unindex(d, probe(d, t->hash, t->key, t->len));
		j = probe(d, h, k, n);
	}
	dims[d].index[j] = (unsigned char)(t - s + 1);
	t->count = err + 1;
	t->error = err;
	t->line = line;
	t->hash = h;
	t->len = (unsigned char)n;
	memcpy(t->key, k, n);
}

static void
counts(int d, const char *k, unsigned long line)
{
	count(d, k, k ? strlen(k) : 0, line);
}

void
summary_add(const struct input *in, const struct result *res, const char *tmpl,
            size_t tlen)
{
	explained++;
	const struct logline *l = in->log;
	unsigned long line = in->line;
	if (l)
		count(DIM_outcome, l->outcome.s, l->outcome.n, line);
	counts(DIM_reason, res->reason ? res->reason->name : res->recognized ? "(none)" :
	                                                                      "(not recognized)",
	       line);
	if (res->code >= 0) {
		char c[4] = {(char)('0' + res->code / 100 % 10), (char)('0' + res->code / 10 % 10),
		             (char)('0' + res->code % 10), '\0'};
		counts(DIM_code, c, line);
	}
	counts(DIM_enhanced, res->enhanced[0] ? res->enhanced : NULL, line);
	if (l && l->recipient.s) {
		const char *at = memchr(l->recipient.s, '@', l->recipient.n);
		if (at)
			count(DIM_domain, at + 1, (size_t)(l->recipient.s + l->recipient.n - at - 1), line);
	}
	if (in->host)
		count(DIM_remote, in->host, in->hostlen, line);
	else if (l && l->relay.s && !(l->relay.n == 4 && memcmp(l->relay.s, "none", 4) == 0))
		count(DIM_remote, l->relay.s, l->relay.n, line);
	counts(DIM_provider, res->provider, line);
	count(DIM_template, tmpl, tlen, line);
}

/* the slots of a table, largest count first (insertion sort: they are few) */
static size_t
sorted(int d, const struct slot **out)
{
	size_t n = dims[d].used;
	for (size_t i = 0; i < n; i++) {
		const struct slot *s = &dims[d].slot[i];
		size_t j = i;
		for (; j > 0 && (out[j - 1]->count < s->count ||
		                 (out[j - 1]->count == s->count && out[j - 1]->line > s->line)); j--)
			out[j] = out[j - 1];
		out[j] = s;
	}
	return n;
}

/* writes s[0..n) as a JSON string, or a CSV cell, or as text: made safe */
static void
put(FILE *fp, enum format f, const char *s, size_t n)
{
	if (f == FORMAT_JSON) {
		output_json_string(fp, s, n);
		return;
	}
	if (f == FORMAT_CSV) {
		output_csv_cell(fp, s, n);
		return;
	}
	output_safe(fp, s, n);
}

void
summary_write(FILE *fp, enum format f, unsigned long lines)
{
	const struct slot *top[SLOTS];
	if (f == FORMAT_JSON) {
		fprintf(fp, "{\"lines\":%lu", lines);
		for (int k = 0; k < SUM_KINDS; k++)
			fprintf(fp, ",\"%s\":%lu", line_names[k], kinds[k]);
		fprintf(fp, ",\"explained\":%lu,\"by\":{", explained);
		for (int d = 0; d < DIM_COUNT; d++) {
			size_t n = sorted(d, top);
			fprintf(fp, "%s\"%s\":[", d ? "," : "", dim_names[d]);
			for (size_t i = 0; i < n; i++) {
				fputs(i ? ",{\"key\":" : "{\"key\":", fp);
				put(fp, f, top[i]->key, top[i]->len);
				fprintf(fp, ",\"count\":%lu,\"error\":%lu,\"line\":%lu}", top[i]->count,
				        top[i]->error, top[i]->line);
			}
			fputc(']', fp);
		}
		fprintf(fp, "},\"deferred_then_failed\":{\"count\":%lu,\"examples\":[", nlate);
		for (unsigned long i = 0; i < nlate && i < EXAMPLES; i++) {
			fputs(i ? ",{\"queue_id\":" : "{\"queue_id\":", fp);
			put(fp, f, late[i].id, late[i].idlen);
			fprintf(fp, ",\"outcome\":\"%s\",\"deferred\":%lu,\"line\":%lu}", late[i].outcome,
			        late[i].deferred, late[i].failed);
		}
		fputs("]}}\n", fp);
		return;
	}
	if (f == FORMAT_CSV) {
		fputs("table,key,count,error,line\n", fp);
		fprintf(fp, "lines,read,%lu,0,\n", lines);
		for (int k = 0; k < SUM_KINDS; k++)
			fprintf(fp, "lines,%s,%lu,0,\n", line_names[k], kinds[k]);
		fprintf(fp, "lines,explained,%lu,0,\n", explained);
		for (int d = 0; d < DIM_COUNT; d++) {
			size_t n = sorted(d, top);
			for (size_t i = 0; i < n; i++) {
				fprintf(fp, "%s,", dim_names[d]);
				put(fp, f, top[i]->key, top[i]->len);
				fprintf(fp, ",%lu,%lu,%lu\n", top[i]->count, top[i]->error, top[i]->line);
			}
		}
		/* the messages as a count, then each example's queue id at its failing line */
		fprintf(fp, "deferred_then_failed,(messages),%lu,0,\n", nlate);
		for (unsigned long i = 0; i < nlate && i < EXAMPLES; i++) {
			fputs("deferred_then_failed,", fp);
			put(fp, f, late[i].id, late[i].idlen);
			fprintf(fp, ",1,0,%lu\n", late[i].failed);
		}
		return;
	}
	fprintf(fp, "lines read: %lu = %lu deliveries + %lu rejections + %lu context + %lu other"
	            " + %lu replies + %lu blank + %lu of e-mails\n",
	        lines, kinds[SUM_DELIVERY], kinds[SUM_REJECT], kinds[SUM_CONTEXT], kinds[SUM_OTHER],
	        kinds[SUM_REPLY], kinds[SUM_BLANK], kinds[SUM_MAIL]);
	fprintf(fp, "explained:  %lu (successful deliveries left out: %lu)\n", explained,
	        kinds[SUM_SKIPPED]);
	for (int d = 0; d < DIM_COUNT; d++) {
		size_t n = sorted(d, top);
		if (!n)
			continue;
		fprintf(fp, "\nby %s:\n", dim_names[d]);
		for (size_t i = 0; i < n && i < 10; i++) {
			double share = dims[d].total ? 100.0 * (double)top[i]->count / (double)dims[d].total : 0;
			fprintf(fp, "  %8lu %5.1f%%  ", top[i]->count, share);
			put(fp, f, top[i]->key, top[i]->len);
			fprintf(fp, "  (line %lu%s)\n", top[i]->line, top[i]->error ? ", at most" : "");
		}
		if (n > 10)
			fprintf(fp, "  ... %zu more\n", n - 10);
		if (dims[d].used == SLOTS)
			fprintf(fp, "  (more than %d keys: a count may be too high by its error, at "
			            "most %lu)\n", SLOTS, top[n - 1]->count);
	}
	if (!nlate)
		return;
	fprintf(fp, "\ndeferred, then bounced or expired: %lu message%s\n", nlate, nlate == 1 ? "" : "s");
	for (unsigned long i = 0; i < nlate && i < EXAMPLES; i++) {
		fputs("  ", fp);
		put(fp, f, late[i].id, late[i].idlen);
		fprintf(fp, "  deferred at line %lu, %s at line %lu\n", late[i].deferred,
		        late[i].outcome, late[i].failed);
	}
	if (nlate > EXAMPLES)
		fprintf(fp, "  ... %lu more\n", nlate - EXAMPLES);
}
