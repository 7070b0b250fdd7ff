# SPDX-License-Identifier: MIT
"""A flattened device tree as a tree of Python objects: read a DTB, edit it,
write it back. Only what tools/partition_dt.py needs, after the Devicetree
Specification v0.4, chapter 5 ("Flattened Devicetree (DTB) Format"): header,
memory reservation block (kept empty on output), structure block
(FDT_BEGIN_NODE, FDT_PROP, FDT_END_NODE, FDT_NOP, FDT_END), strings block.
No dependency beyond the standard library (Debian's python3-libfdt is not
needed)."""

import struct

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE = 1
FDT_END_NODE = 2
FDT_PROP = 3
FDT_NOP = 4
FDT_END = 9
FDT_VERSION = 17
FDT_LAST_COMP_VERSION = 16
HEADER_SIZE = 40  # ten 32-bit fields (spec 5.2)
MAX_DEPTH = 64    # deeper than any real tree; a damaged one stops here


class FdtError(Exception):
    """A DTB that cannot be read, or a tree that cannot be written."""


class Node:
    """One node: its name (with unit address), properties in order
    (name -> bytes), children in order."""

    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.props = {}
        self.children = []

    def path(self):
        if self.parent is None:
            return "/"
        base = self.parent.path()
        return base + self.name if base == "/" else base + "/" + self.name

    def child(self, name):
        for c in self.children:
            if c.name == name:
                return c
        return None

    def add_child(self, name):
        if self.child(name) is not None:
            raise FdtError(f"{self.path()}: a node {name} already exists")
        node = Node(name, self)
        self.children.append(node)
        return node

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    # Property helpers (big-endian cells, NUL-terminated strings).
    def cells(self, prop):
        raw = self.props.get(prop)
        if raw is None:
            return None
        if len(raw) % 4:
            raise FdtError(f"{self.path()}: {prop} is not a list of 32-bit cells")
        return list(struct.unpack(f">{len(raw) // 4}I", raw))

    def u32(self, prop, default=None):
        c = self.cells(prop)
        if c is None:
            return default
        if len(c) != 1:
            raise FdtError(f"{self.path()}: {prop} is not one cell")
        return c[0]

    def strings(self, prop):
        raw = self.props.get(prop)
        if raw is None:
            return None
        if not raw.endswith(b"\0"):
            raise FdtError(f"{self.path()}: {prop} is not a string list")
        return raw[:-1].decode("ascii", "replace").split("\0")

    def string(self, prop):
        s = self.strings(prop)
        return None if s is None else s[0]

    def set_cells(self, prop, values):
        self.props[prop] = struct.pack(f">{len(values)}I", *values)

    def set_strings(self, prop, values):
        self.props[prop] = b"".join(v.encode("ascii") + b"\0" for v in values)

    def set_empty(self, prop):
        self.props[prop] = b""


def _string_at(blob, off, end):
    nul = blob.find(b"\0", off, end)
    if nul < 0:
        raise FdtError(f"unterminated string at offset {off}")
    return blob[off:nul].decode("ascii", "replace"), nul + 1


def parse(blob):
    """The root Node of a DTB held in bytes."""
    if len(blob) < HEADER_SIZE:
        raise FdtError("shorter than an FDT header")
    (magic, totalsize, off_struct, off_strings, _off_rsv, version,
     _last, _boot_cpu, size_strings, size_struct) = struct.unpack(">10I", blob[:HEADER_SIZE])
    if magic != FDT_MAGIC:
        raise FdtError(f"bad magic 0x{magic:08x} (not a DTB)")
    if totalsize > len(blob) or version < FDT_LAST_COMP_VERSION:
        raise FdtError("truncated DTB or unsupported version")
    end_struct = off_struct + size_struct
    end_strings = off_strings + size_strings
    if end_struct > totalsize or end_strings > totalsize:
        raise FdtError("structure or strings block outside the DTB")
    off = off_struct
    root = None
    stack = []
    while off + 4 <= end_struct:
        (tag,) = struct.unpack_from(">I", blob, off)
        off += 4
        if tag == FDT_BEGIN_NODE:
            name, off = _string_at(blob, off, end_struct)
            off = (off + 3) & ~3
            if not stack:
                if root is not None:
                    raise FdtError("two root nodes")
                node = root = Node("")
            else:
                node = Node(name, stack[-1])
                stack[-1].children.append(node)
            stack.append(node)
            if len(stack) > MAX_DEPTH:
                raise FdtError("nodes nested too deep")
        elif tag == FDT_END_NODE:
            if not stack:
                raise FdtError("FDT_END_NODE without a node")
            stack.pop()
        elif tag == FDT_PROP:
            if not stack:
                raise FdtError("property outside a node")
            length, nameoff = struct.unpack_from(">II", blob, off)
            off += 8
            if off + length > end_struct:
                raise FdtError("property value outside the structure block")
            pname, _ = _string_at(blob, off_strings + nameoff, end_strings)
            stack[-1].props[pname] = bytes(blob[off:off + length])
            off = (off + length + 3) & ~3
        elif tag == FDT_NOP:
            continue
        elif tag == FDT_END:
            break
        else:
            raise FdtError(f"unknown structure token {tag} at offset {off - 4}")
    if root is None or stack:
        raise FdtError("unbalanced structure block")
    return root


def serialize(root, boot_cpuid=0):
    """The DTB bytes of a tree (no memory reservations)."""
    strings = bytearray()
    string_off = {}
    struct_blk = bytearray()

    def name_off(name):
        if name not in string_off:
            string_off[name] = len(strings)
            strings.extend(name.encode("ascii") + b"\0")
        return string_off[name]

    def pad():
        while len(struct_blk) % 4:
            struct_blk.append(0)

    def emit(node):
        struct_blk.extend(struct.pack(">I", FDT_BEGIN_NODE))
        struct_blk.extend(node.name.encode("ascii") + b"\0")
        pad()
        for pname, value in node.props.items():
            struct_blk.extend(struct.pack(">III", FDT_PROP, len(value), name_off(pname)))
            struct_blk.extend(value)
            pad()
        for c in node.children:
            emit(c)
        struct_blk.extend(struct.pack(">I", FDT_END_NODE))

    emit(root)
    struct_blk.extend(struct.pack(">I", FDT_END))
    off_rsv = HEADER_SIZE
    rsv = bytes(16)  # the terminating empty reservation entry
    off_struct = off_rsv + len(rsv)
    off_strings = off_struct + len(struct_blk)
    total = off_strings + len(strings)
    header = struct.pack(">10I", FDT_MAGIC, total, off_struct, off_strings, off_rsv,
                         FDT_VERSION, FDT_LAST_COMP_VERSION, boot_cpuid,
                         len(strings), len(struct_blk))
    return header + rsv + bytes(struct_blk) + bytes(strings)


def find(root, path):
    """The node at an absolute path, or None."""
    node = root
    for part in [p for p in path.split("/") if p]:
        node = node.child(part)
        if node is None:
            return None
    return node


def phandles(root):
    """phandle value -> node."""
    table = {}
    for n in root.walk():
        ph = n.u32("phandle")
        if ph is None:
            ph = n.u32("linux,phandle")
        if ph is not None:
            table[ph] = n
    return table
