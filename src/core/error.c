/*
 * error.c — statuses and their messages.
 */
#include "quire.h"

#include <stdarg.h>
#include <stdio.h>

quire_status quire_error_set(quire_error *err, quire_status code,
			     const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

const char *quire_status_str(quire_status code)
{
	switch (code) {
	case QUIRE_OK: return "success";
	case QUIRE_ENOMEM: return "out of memory";
	case QUIRE_EINPUT: return "bad input";
	case QUIRE_EFORMAT: return "unsupported format";
	case QUIRE_ELIMIT: return "limit exceeded";
	case QUIRE_EIO: return "input/output error";
	case QUIRE_ESTORE: return "library error";
	case QUIRE_ENOTFOUND: return "not found";
	case QUIRE_EEXIST: return "already exists";
	case QUIRE_EUSAGE: return "usage error";
	}
	return "unknown error";
}
