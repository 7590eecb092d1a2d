#ifndef JAMLINT_CPOSIX_H
#define JAMLINT_CPOSIX_H

// The fields of `struct stat` and `struct dirent` that jamlint reads, through functions of this
// module. In Swift a C struct's members belong to the first module a compile job loads their
// header through, and CoreFoundation, Dispatch and Glibc all include <sys/stat.h> and <dirent.h>:
// with MemberImportVisibility, incremental debug builds failed now and then on `st_mode` or
// `d_name` ("not available due to missing import of defining module 'CoreFoundation'"). The
// struct below is this module's own, so its members have one owner.

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    uint32_t mode;      // type and permission bits (st_mode)
    int64_t size;       // bytes (st_size)
    uint64_t device;    // st_dev
    uint64_t inode;     // st_ino
    uint64_t links;     // hard links (st_nlink)
    int64_t modified_seconds;
    int64_t modified_nanoseconds;
} jamlint_file_status;

// The type bits of `mode`, as constants of this module: Swift sees the macros of <sys/stat.h> twice
// in a file that imports both this module and Glibc, and calls them ambiguous.
static const uint32_t jamlint_type_mask = S_IFMT;
static const uint32_t jamlint_type_directory = S_IFDIR;
static const uint32_t jamlint_type_regular = S_IFREG;
static const uint32_t jamlint_type_link = S_IFLNK;

static inline void jamlint_file_status_fill(const struct stat *st, jamlint_file_status *out) {
    out->mode = (uint32_t)st->st_mode;
    out->size = (int64_t)st->st_size;
    out->device = (uint64_t)st->st_dev;
    out->inode = (uint64_t)st->st_ino;
    out->links = (uint64_t)st->st_nlink;
#ifdef __APPLE__
    out->modified_seconds = (int64_t)st->st_mtimespec.tv_sec;
    out->modified_nanoseconds = (int64_t)st->st_mtimespec.tv_nsec;
#else
    out->modified_seconds = (int64_t)st->st_mtim.tv_sec;
    out->modified_nanoseconds = (int64_t)st->st_mtim.tv_nsec;
#endif
}

/// stat(2), following symbolic links: 0, or -1 with errno set (and `out` untouched).
static inline int jamlint_stat(const char *path, jamlint_file_status *out) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    jamlint_file_status_fill(&st, out);
    return 0;
}

/// lstat(2): a symbolic link itself.
static inline int jamlint_lstat(const char *path, jamlint_file_status *out) {
    struct stat st;
    if (lstat(path, &st) != 0) return -1;
    jamlint_file_status_fill(&st, out);
    return 0;
}

/// fstat(2).
static inline int jamlint_fstat(int fd, jamlint_file_status *out) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    jamlint_file_status_fill(&st, out);
    return 0;
}

/// A directory entry's name (NUL-terminated, valid until the next readdir on its stream).
static inline const char *jamlint_dirent_name(const struct dirent *entry) {
    return entry->d_name;
}

/// A directory entry's type (DT_REG, DT_DIR, ...; DT_UNKNOWN where the file system gives none).
static inline unsigned char jamlint_dirent_type(const struct dirent *entry) {
    return entry->d_type;
}

/// Nanoseconds on a monotonic clock.
static inline uint64_t jamlint_monotonic_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

#endif
