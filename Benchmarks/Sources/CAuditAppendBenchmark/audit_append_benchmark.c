#define _GNU_SOURCE
#include "audit_append_benchmark.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e9 + (double)now.tv_nsec;
}

double audit_append_benchmark(const char *path, int count, int length, audit_append_mode mode) {
    char *line = malloc((size_t)length);
    if (line == NULL) return -1;
    memset(line, 'x', (size_t)length);
    line[length - 1] = '\n';
    unlink(path);
    int descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (descriptor < 0) {
        free(line);
        return -1;
    }
    double started = nanoseconds();
    for (int index = 0; index < count; index++) {
        if (mode == AUDIT_APPEND_AFTER_FSTAT) {
            struct stat status;
            (void)fstat(descriptor, &status);
        } else if (mode == AUDIT_APPEND_AFTER_STATX) {
            struct statx status;
            (void)statx(descriptor, "", AT_EMPTY_PATH, STATX_NLINK, &status);
        }
        if (write(descriptor, line, (size_t)length) != length) break;
    }
    double elapsed = nanoseconds() - started;
    close(descriptor);
    unlink(path);
    free(line);
    return elapsed / count;
}
