#ifndef SECRETSTORE_CCRYPT_SHIM_H
#define SECRETSTORE_CCRYPT_SHIM_H

#include <crypt.h>
#include <errno.h>
#include <stddef.h>

// struct crypt_data is 32 KiB of fixed-size char arrays, which Swift would import as tuples of
// thousands of elements. The wrapper never names the struct: it allocates this many zeroed bytes on
// the heap (far too much for a thread's stack) and reaches the one field it reads through the call
// below.
static inline int cscrypt_data_size(void) { return (int)sizeof(struct crypt_data); }

// The CRYPT_OUTPUT_SIZE-byte field that crypt_rn writes its NUL-terminated result into.
static inline char *cscrypt_data_output(void *data) { return ((struct crypt_data *)data)->output; }

// crypt_rn and crypt_gensalt_rn report why they failed only through errno, a macro over a
// thread-local: read it straight after the failing call.
static inline int cscrypt_errno(void) { return errno; }

#endif
