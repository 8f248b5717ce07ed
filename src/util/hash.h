/* hash.h - a fast 64-bit hash of a byte string (not cryptographic).
 *
 * Used for the index's term dictionary (in memory only) and for the
 * catalog digest that keys the saved index (src/match/). Inline, because
 * the index hashes every term of every document it puts. */
#ifndef DJ_HASH_H
#define DJ_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Hash of s[0..len) with a seed, 8 bytes at a time; the tail is read with
 * overlapping loads (no byte-wise copy). */
static inline uint64_t dj_hash64(const void *p, size_t len, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed ^ ((uint64_t)len * 0xff51afd7ed558ccdull), w = 0;
    size_t i = 0, r;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    r = len - i;
    if (r >= 4) {
        uint32_t a, b;
        memcpy(&a, s + i, 4);
        memcpy(&b, s + i + r - 4, 4);
        w = (uint64_t)a | (uint64_t)b << 32;
    } else if (r > 0) {
        w = (uint64_t)s[i] | (uint64_t)s[i + r / 2] << 8 | (uint64_t)s[i + r - 1] << 16;
    } else {
        w = 0;
    }
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

#endif
