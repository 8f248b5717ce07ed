/* dict_data.h - the built-in dictionary trie, generated at build time by
 * tools/text/gen_dict.py from jieba's dict.txt and tools/text/domain_dict.txt
 * into ${build}/generated/text_dict.c (see docs/text.md for the layout).
 *
 * Invariants: node 0 is the root; nodes are numbered breadth-first, so the
 * children of node i are [first[i], first[i + 1]), sorted by code point;
 * logp[i] <= 0 when the path to node i is a word, 1.0f otherwise. */
#ifndef DJ_TEXT_DICT_DATA_H
#define DJ_TEXT_DICT_DATA_H

#include <stdint.h>

extern const uint32_t dj__text_dict_nnodes;
extern const uint32_t dj__text_dict_nwords;
extern const double dj__text_dict_logtotal;
extern const uint32_t dj__text_dict_cp[];
extern const uint32_t dj__text_dict_first[];
extern const float dj__text_dict_logp[];
extern const uint32_t dj__text_dict_root_bmp[65536];

#endif
