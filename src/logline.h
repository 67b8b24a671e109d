/* logline.h: a mail server's log line: its header (classic syslog, RFC 3339 / ISO 8601,
 * RFC 5424, rsyslog's year-first form, Solaris' [ID ...] tag, or none, as journalctl -o
 * cat writes it), and for Postfix the delivery or rejection it records, with the reply
 * inside it and its context. Every field is a span of the line; nothing is copied. */
#ifndef SMTPCODE_LOGLINE_H
#define SMTPCODE_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

enum logkind {
	LOG_NONE,      /* not a log line: read it as a reply line */
	LOG_OTHER,     /* a log line that records no delivery (a connection, a note) */
	LOG_CONTEXT,   /* Postfix's queue manager naming a message's sender */
	LOG_DELIVERY,  /* a delivery attempt: sent, deferred, bounced, expired, ... */
	LOG_REJECT,    /* a refusal by our own server: reject, reject_warning, milter */
};

struct span {
	const char *s;
	size_t n;
};

struct logline {
	enum logkind kind;
	const char *format;     /* "postfix", or NULL */
	struct span time, host, program, queue_id, sender, recipient, orig_recipient,
		relay, delay, dsn, outcome, reply, message,
		client;             /* the client that sent the message in: "host[ip]" */
	unsigned char stage;    /* enum stage: of a rejection, the command refused */
	bool success;           /* the delivery worked (sent, deliverable) */
};

/* the formats --log-format names: auto (each line by its header and program), none
 * (no line is a log's), or one reader for every line */
enum logformat { LOGFMT_AUTO, LOGFMT_NONE, LOGFMT_POSTFIX, LOGFMT_SENDMAIL, LOGFMT_EXIM,
	LOGFMT_COUNT };
extern const char *const logline_formats[LOGFMT_COUNT];
void logline_force(enum logformat f);

/* reads the line s[0..n) */
void logline_parse(const char *s, size_t n, struct logline *l);

/* tells whether s[0..n), a line without a header, is a Postfix client's note that a
 * user might also paste as a reply ("connect to x[ip]:25: Connection timed out"): in a
 * stream already a log's, it is the log's, told again by the status= line after it */
bool logline_note(const char *s, size_t n);

/* tells whether the reply of l holds line ends written as "\n" (Exim), and copies it
 * to out (of at least l->reply.n bytes) with each one made a space; returns its length */
bool logline_escaped(const struct logline *l);
size_t logline_unescape(struct span reply, char *out);

/* the context across lines: a LOG_CONTEXT line's sender and client are kept by queue
 * id (at most LIMIT_QUEUE messages; keeping one more overwrites an older one, and is
 * counted), and given to a later line of the same message that does not name them */
void logline_remember(const struct logline *l);
void logline_recall(struct logline *l);
unsigned long logline_forgotten(void);

/* follows a message's deliveries by queue id, in the same table: a deferral is
 * remembered with its line; returns, for a bounce or an expiry of a message deferred
 * before, the line of its first deferral (once a message), else 0 */
unsigned long logline_track(const struct logline *l, unsigned long line);

#endif
