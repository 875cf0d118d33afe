#ifndef AUDIT_APPEND_BENCHMARK_H
#define AUDIT_APPEND_BENCHMARK_H

// How an append of one audit line is preceded.
typedef enum {
    AUDIT_APPEND_ALONE = 0,        // write(2) only
    AUDIT_APPEND_AFTER_FSTAT = 1,  // fstat(2), then write(2): the check the trail made before
    AUDIT_APPEND_AFTER_STATX = 2,  // statx(2) of the link count, then write(2): the check it makes
} audit_append_mode;

// Appends `count` lines of `length` bytes to a new file at `path` (O_APPEND, removed afterwards),
// each preceded as `mode` says; returns the nanoseconds per line, or -1 if the file cannot be made.
double audit_append_benchmark(const char *path, int count, int length, audit_append_mode mode);

#endif
