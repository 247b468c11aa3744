/* rn_pack.h: files packed into a trace (`rn-analyze pack`): the ELF files or
 * separate debug files whose build-ids the recorded stacks reference, so that
 * source lines resolve from the trace alone on another machine.
 *
 * Frame layout (all integers little-endian). A pack frame is a zstd
 * skippable frame, so every zstd decoder and every rn reader passes over it:
 *   u32 magic     0x184D2A54 (RN_MAGIC_PACK)
 *   u32 size      payload bytes that follow
 *   payload:
 *     0  char[4]  "RNPK"
 *     4  u16      version (1)
 *     6  u16      kind: 1 = whole ELF file, 2 = separate debug file
 *     8  u32      build_id_len (at most 64)
 *    12  u32      path_len (the path recorded in the Mapping event)
 *    16  u64      data_len: size of the file, uncompressed
 *    24  u64      comp_len: bytes of the zstd frame that holds the file
 *    32  build_id_len bytes of NT_GNU_BUILD_ID, then path_len bytes of path,
 *        then comp_len bytes: one ordinary zstd frame, content size set
 *    32 + build_id_len + path_len + comp_len: u32 FNV-1a of all payload bytes
 *        before it
 * Placement: pack frames sit after the last chunk and before the index, so
 * chunk offsets (and the index entries) stay valid; the trailer stays last
 * and its index offset is rewritten. Packing rewrites the file into a
 * temporary name in the same directory and renames it over the original:
 * chunk bytes are copied unchanged. */
#ifndef RN_PACK_H
#define RN_PACK_H

#include <stddef.h>
#include <stdint.h>

#define RN_MAGIC_PACK       0x184D2A54u
#define RN_PACK_VERSION     1
#define RN_PACK_ELF         1
#define RN_PACK_DEBUG       2
#define RN_PACK_MAX_BUILDID 64
#define RN_PACK_MAX_FILE    (1ull << 31) /* largest file a reader unpacks */

/* One packed file as listed. */
typedef struct rn_pack_entry {
	uint16_t kind;
	uint8_t build_id[RN_PACK_MAX_BUILDID];
	uint32_t build_id_len;
	char *path;
	uint64_t data_len;
	uint64_t comp_len;
	uint64_t data_off; /* file offset of the compressed bytes */
} rn_pack_entry;

/* A file to pack. */
typedef struct rn_pack_file {
	uint16_t kind;
	const uint8_t *build_id;
	uint32_t build_id_len;
	const char *path;
	const uint8_t *data;
	uint64_t len;
} rn_pack_file;

/* Lists the pack frames of a trace. Returns 0 (possibly none), or -1 with a
 * one-line reason in err. Free with rn_pack_list_free. */
int rn_pack_list(const char *trace, rn_pack_entry **list, size_t *n, char *err, size_t errlen);
void rn_pack_list_free(rn_pack_entry *list, size_t n);
/* Reads and decompresses one packed file into a malloc'd buffer. */
int rn_pack_read(const char *trace, const rn_pack_entry *e, uint8_t **data, size_t *len, char *err,
                 size_t errlen);
/* Appends files as pack frames (see the layout above). The trace must have
 * its index and trailer (a finished recording). Returns 0, or -1 with err;
 * on failure the original file is untouched. */
int rn_pack_write(const char *trace, const rn_pack_file *files, size_t n, char *err, size_t errlen);

#endif
