/* rn_xsym.h: function names for function-tracing addresses, from the
 * recorded executable mappings and the ELF symbol tables of those files (when
 * they are readable on this machine). */
#ifndef RN_XSYM_H
#define RN_XSYM_H

#include "rn_event.h"

#include <stddef.h>
#include <stdint.h>

typedef struct rn_xsym rn_xsym;

rn_xsym *rn_xsym_new(void);
void rn_xsym_free(rn_xsym *s);
/* Learns a mapping (RN_EV_MAPPING). */
void rn_xsym_add_mapping(rn_xsym *s, const rn_mapping *m);
/* Name of the function at addr in process pid: the symbol, or "0x401136"
 * when none is known. Written into buf; returns buf. *found says which. */
const char *rn_xsym_name(rn_xsym *s, int32_t pid, uint64_t addr, char *buf, size_t n, int *found);

#endif
