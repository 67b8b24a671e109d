/* ahead.c: a log read and parsed ahead (ahead.h). The reading thread fills batches of
 * parsed lines and hands each, full, to the thread that explains them; a ring of a few
 * batches bounds the memory whatever the input. A line that is the log's noise (a log
 * line that records no delivery, read where no reply goes on) is only counted: the
 * explaining thread would do no more with it. A line is read in its batch, where it
 * lasts. */
#include <pthread.h>
#include <string.h>

#include "ahead.h"

#define BATCHES 16
#define BATCH_LINES 512
#define BATCH_BYTES (4 * LIMIT_LINE) /* the room of LOGLINE_MOVED(LIMIT_LINE) at least */
_Static_assert(BATCH_BYTES >= LOGLINE_MOVED(LIMIT_LINE), "a batch holds the longest line");

static struct batch {
	struct parsed line[BATCH_LINES];
	size_t nline, used;  /* lines, and bytes of buf used */
	unsigned long noise; /* noise lines after the last line */
	bool last;           /* the input ends after it */
	bool full;           /* handed to the explaining thread */
	int status;          /* of the last batch: what lines_next last returned */
	char buf[BATCH_BYTES];
} batches[BATCHES];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pthread_t reader;
/* each thread's own state, on cache lines of its own: neither thread's writes move the
 * other's state between the cores */
#define CACHE_LINE 64
static _Alignas(CACHE_LINE) struct {
	struct lines *input;
	bool logstream, pending; /* as ahead_start tells */
	struct logline l;        /* the line being read */
} rd;
static _Alignas(CACHE_LINE) struct {
	size_t head, next; /* the batch being explained, and its next line */
	bool ended;
} ex;

/* hands b to the explaining thread, and waits for the next batch to be free */
static struct batch *
hand(struct batch *b, size_t *tail)
{
	pthread_mutex_lock(&lock);
	b->full = true;
	pthread_cond_broadcast(&changed);
	*tail = (*tail + 1) % BATCHES;
	b = &batches[*tail];
	while (b->full)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	b->nline = b->used = 0;
	b->noise = 0;
	b->last = false;
	return b;
}

static void *
readlines(void *arg)
{
	(void)arg;
	size_t tail = 0;
	struct batch *b = &batches[0];
	const char *s;
	size_t n;
	bool cut;
	int r;
	while ((r = lines_next(rd.input, &s, &n, &cut)) > 0) {
		/* the line is read where it will last, in the batch, its spans needing no
		 * moving; into the reading thread's own logline, hot in its cache, that is
		 * copied to the batch only for a line kept (a line of noise, most of a log,
		 * is only counted, and its copy is overwritten) */
		if (b->nline == BATCH_LINES || BATCH_BYTES - b->used < LOGLINE_MOVED(n))
			b = hand(b, &tail);
		char *at = b->buf + b->used;
		memcpy(at, s, n);
		const struct logline *l = &rd.l;
		logline_parse(at, n, &rd.l);
		/* what feed_log in main.c takes as a log's line: any but LOG_NONE, and in a
		 * log a Postfix client's note */
		bool logline = l->kind != LOG_NONE || (rd.logstream && logline_note(at, n));
		/* noise: a log line of no delivery after a log line (the stream a log's
		 * already, no reply going on), whole */
		bool noise = logline && l->kind != LOG_CONTEXT && l->kind != LOG_DELIVERY &&
		             l->kind != LOG_REJECT && !rd.pending && !cut;
		rd.logstream |= logline;
		rd.pending = !logline; /* (a reply line: the reply may go on) */
		if (noise) {
			b->noise++;
			continue;
		}
		struct parsed *p = &b->line[b->nline];
		logline_move(&p->l, l);
		b->nline++;
		p->s = at;
		p->n = n;
		p->lineno = rd.input->lineno;
		p->cut = cut;
		p->noise = b->noise;
		b->noise = 0;
		b->used += n + logline_settle(&p->l, at + n);
		/* what was read is explained before the reading waits for more (a pipe
		 * from tail -F) */
		if (!lines_ready(rd.input))
			b = hand(b, &tail);
	}
	b->status = r;
	b->last = true;
	pthread_mutex_lock(&lock);
	b->full = true;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return NULL;
}

bool
ahead_start(struct lines *r, bool stream, bool reply)
{
	rd.input = r;
	rd.logstream = stream;
	rd.pending = reply;
	ex.head = ex.next = 0;
	ex.ended = false;
	for (size_t i = 0; i < BATCHES; i++)
		batches[i].full = false;
	batches[0].nline = batches[0].used = batches[0].noise = 0;
	batches[0].last = false;
	return pthread_create(&reader, NULL, readlines, NULL) == 0;
}

struct parsed *
ahead_next(unsigned long *noise)
{
	*noise = 0;
	if (ex.ended)
		return NULL;
	struct batch *b = &batches[ex.head];
	if (ex.next == 0) {
		pthread_mutex_lock(&lock);
		while (!b->full)
			pthread_cond_wait(&changed, &lock);
		pthread_mutex_unlock(&lock);
	}
	while (ex.next == b->nline) {
		/* the batch is done: its noise after its last line counted, it is given back */
		*noise += b->noise;
		if (b->last) {
			ex.ended = true;
			return NULL;
		}
		pthread_mutex_lock(&lock);
		b->full = false;
		pthread_cond_broadcast(&changed);
		ex.head = (ex.head + 1) % BATCHES;
		ex.next = 0;
		b = &batches[ex.head];
		while (!b->full)
			pthread_cond_wait(&changed, &lock);
		pthread_mutex_unlock(&lock);
	}
	struct parsed *p = &b->line[ex.next++];
	*noise += p->noise;
	return p;
}

int
ahead_end(void)
{
	pthread_join(reader, NULL);
	for (size_t i = 0; i < BATCHES; i++)
		if (batches[i].last)
			return batches[i].status;
	return 0;
}
