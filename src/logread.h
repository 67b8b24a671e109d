/* logread.h: what the readers of log formats share, inside the log module: the
 * searches of a line's text (logline.c), and the readers that logline.c dispatches
 * to by program or shape (logmta.c: qmail, Courier, OpenSMTPD and the smaller
 * servers; logcols.c: logs of columns, Exchange's and MailEnable's). A reader fills a
 * struct logline from the message s[0..n) that follows the header; every field it
 * sets is a span of s. */
#ifndef SMTPCODE_LOGREAD_H
#define SMTPCODE_LOGREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "logline.h"

/* finds needle in s[0..n) (by memmem, many times faster on long lines than a loop of
 * memchr and memcmp), or NULL */
const char *log_find(const char *s, size_t n, const char *needle);

/* tells whether sp starts with w */
bool log_starts(struct span sp, const char *w);

/* the value of "name=" in s[0..n) where a field starts (at s, or after ' ' or ','): up
 * to ',', ' ' or ';', or inside "<...>"; an empty span when there is none */
struct span log_field(const char *s, size_t n, const char *name);

/* the value of "name=" up to ',' (Sendmail's relay= holds a space: "x [ip]") */
struct span log_upto_comma(const char *s, size_t n, const char *name);

/* the next word of s[*i..n): up to a space; *i moves past it and the spaces after */
struct span log_word(const char *s, size_t n, size_t *i);

/* logline.c's reader of Sendmail's lines ("QID: to=<a>, ..., stat=text") */
void log_sendmail(const char *s, size_t n, struct logline *l);

/* the readers of logmta.c, each by the program that wrote the line */
void log_qmail(const char *s, size_t n, struct logline *l);
void log_courier(const char *s, size_t n, struct logline *l);
void log_opensmtpd(const char *s, size_t n, struct logline *l);
void log_kerio(const char *s, size_t n, struct logline *l);
void log_domino(const char *s, size_t n, struct logline *l);
void log_assp(const char *s, size_t n, struct logline *l);
void log_ims(const char *s, size_t n, struct logline *l);
void log_haraka(const char *s, size_t n, struct logline *l);
void log_fortimail(const char *s, size_t n, struct logline *l);

/* logcols.c: reads s[0..n) when it is a line of Exchange's logs (a row, or a header
 * line "#Fields: ...", which it keeps); false when it is not */
bool log_cols(const char *s, size_t n, struct logline *l);

/* logcols.c: reads s[0..n) when it is a row of MailEnable's SMTP activity log; false
 * when it is not */
bool log_mailenable(const char *s, size_t n, struct logline *l);

/* logcols.c: reads s[0..n) when it is a line of hMailServer's log; false when not */
bool log_hmailserver(const char *s, size_t n, struct logline *l);

/* tells whether p lies in logcols.c's buffer of unquoted fields */
bool log_cols_copy(const char *p);

/* that buffer: the fields of the row last read */
struct span log_cols_row(void);

#endif
