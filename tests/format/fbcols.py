"""tests/format/fbcols.py: the column codings of docs/format.md (unsigned
LEB128 varints, zigzag) for the Python decoders in tests/format's shell
tests, which read flatc's JSON of a chunk."""


def varints(col):
    """A column: unsigned LEB128 varints."""
    out, v, sh = [], 0, 0
    for b in col:
        v |= (b & 0x7F) << sh
        sh += 7
        if not b & 0x80:
            out.append(v)
            v, sh = 0, 0
    assert sh == 0, "column ends inside a varint"
    return out


def unzz(u):
    """Zigzag back to a signed value."""
    return (u >> 1) ^ -(u & 1)
