/* rn_symbols.h: function names for function-tracing addresses, from the
 * recorded executable mappings and the ELF symbol tables of those files (when
 * they are readable on this machine). */
#ifndef RN_SYMBOLS_H
#define RN_SYMBOLS_H

#include "rn_event.h"

#include <stddef.h>
#include <stdint.h>

typedef struct rn_symbols rn_symbols;

rn_symbols *rn_symbols_new(void);
void rn_symbols_free(rn_symbols *s);
/* Learns a mapping (RN_EV_MAPPING). */
void rn_symbols_add_mapping(rn_symbols *s, const rn_mapping *m);
/* Name of the function at addr in process pid: the symbol, or "0x401136"
 * when none is known. Written into buf; returns buf. *found says which. */
const char *rn_symbols_name(rn_symbols *s, int32_t pid, uint64_t addr, char *buf, size_t n,
                            int *found);

#endif
