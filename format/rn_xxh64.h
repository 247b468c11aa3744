/* rn_xxh64.h: the XXH64 hash (xxHash's 64-bit function, written here from
 * its public specification), used by format 4.x to check a chunk's
 * compressed frame without decompressing it (docs/format.md §2.6). It is
 * also the checksum zstd puts at the end of its frames (the low 32 bits of
 * XXH64 of the content, seed 0), which the tests use to check this code
 * against libzstd. */
#ifndef RN_XXH64_H
#define RN_XXH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t rn_xxh64(const void *data, size_t len, uint64_t seed);

#endif
