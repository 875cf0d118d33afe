#ifndef SECRETSTORE_CLINUXFILE_SHIM_H
#define SECRETSTORE_CLINUXFILE_SHIM_H

#include <linux/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

// The link count of an open file (0 once it was removed), or -1 if it cannot be read. Asks statx(2)
// for the link count alone: fstat(2) asks for the times too, and on a file system with multigrain
// timestamps (ext4 on Linux 6.13 and later) a queried change time makes the next write take a
// fine-grained one, which dirties the inode: a journal transaction per audit line. glibc declares
// statx only under _GNU_SOURCE, so the system call is made directly; 0x1000 is AT_EMPTY_PATH (the
// descriptor itself).
static inline long long cslinuxfile_link_count(int descriptor) {
    struct statx status;
    if (syscall(SYS_statx, descriptor, "", 0x1000, STATX_NLINK, &status) != 0) return -1;
    return (long long)status.stx_nlink;
}

#endif
