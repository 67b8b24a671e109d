/* wrapper.h: the reply inside what the sending MTA wrote around it: Postfix's
 * "host mx[ip] said: ... (in reply to RCPT TO command)", Exim's "SMTP error from
 * remote mail server after RCPT TO:<a>: host mx [ip]: ...", qmail's "Remote host
 * said: ...", "Diagnostic-Code: smtp; ...", Exchange's "Remote Server returned
 * '...'", and the stage, host and IP address the wrapper names. Pure functions over
 * the input's bytes; no allocation. */
#ifndef SMTPCODE_WRAPPER_H
#define SMTPCODE_WRAPPER_H

#include <stddef.h>

#include "recognize.h"

/* finds the reply in in->raw, which recognize has read: for a line that starts with
 * its code, the stage and the end of its text; for any other line of several words,
 * the codes wherever they stand (never inside an IP address, a version, a date or a
 * number of something), the text after them, and what the wrapper says. Sets the
 * code, enhanced, text, stage, host, ip, inner and flattened fields of in. */
void wrapper_find(struct input *in);

/* the stage that SMTP command words at s[0..n) name, case-insensitively ("RCPT TO",
 * "end of data", "MAIL from", "END-OF-MESSAGE"), or STAGE_NONE */
unsigned char wrapper_stage(const char *s, size_t n);

/* writes in->text to out (cap bytes) without the codes of the further lines of a
 * flattened multi-line reply ("550-5.7.1 a 550 5.7.1 b" -> "a b"); returns its length */
size_t wrapper_unflatten(const struct input *in, char *out, size_t cap);

#endif
