#ifndef SECRETSTORE_CGPGME_SHIM_H
#define SECRETSTORE_CGPGME_SHIM_H

#define __STDC_WANT_LIB_EXT1__ 1
#include <string.h>
#include <gpgme.h>

// gpgme's error helpers are inline functions and macros over bit fields; give Swift plain calls.
static inline gpgme_err_code_t csgpg_err_code(gpgme_error_t err) { return gpgme_err_code(err); }
static inline gpgme_err_source_t csgpg_err_source(gpgme_error_t err) { return gpgme_err_source(err); }

// The process environment is a mutable C global, which Swift 6 refuses to read directly; the
// wrapper passes it on to the `gpgconf` it spawns to stop a home's gpg-agent.
static inline char *const *csgpg_environ(void) {
    extern char **environ;
    return environ;
}

// Zeroes a buffer that held secret bytes (plaintext, a secret key) with a call the compiler may
// not drop as a dead store before the free that follows.
static inline void csgpg_wipe(void *buffer, size_t length) {
    if (buffer == NULL || length == 0) return;
#if defined(__APPLE__)
    memset_s(buffer, length, 0, length);
#else
    explicit_bzero(buffer, length);
#endif
}

#endif
