"""The part of Apple's lipo that rust/build_apple.sh and tests/e2e/cross.sh use,
for static libraries: Debian's llvm-lipo (LLVM 14) cannot read the archives of
a newer rustc (their members carry bitcode it does not understand).

  lipo.py -create LIB... -output FAT    one universal file of the thin libraries
  lipo.py -archs FAT                    its architectures, space-separated
  lipo.py FAT -thin ARCH -output LIB    one slice back out

A universal file is a big-endian fat_header (magic 0xcafebabe, count) and one
fat_arch (cputype, cpusubtype, offset, size, log2 alignment) per slice,
followed by the slices, each aligned. A thin archive's architecture is that
of its first Mach-O member.
"""

import struct
import sys

FAT_MAGIC = 0xCAFEBABE
ARCHS = {0x0100000C: "arm64", 0x01000007: "x86_64"}
CPU = {name: cpu for cpu, name in ARCHS.items()}
SUBTYPE = {"arm64": 0, "x86_64": 3}
ALIGN = 14  # 16 KB, as lipo aligns slices for arm64


def archive_arch(data: bytes) -> str:
    if not data.startswith(b"!<arch>\n"):
        raise SystemExit("lipo.py: not an ar archive")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip()
        size = int(header[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        if name.startswith("#1/"):  # BSD long name: the name precedes the data
            body = body[int(name[3:]):]
        if body[:4] == b"\xcf\xfa\xed\xfe":
            cpu = struct.unpack("<i", body[4:8])[0] & 0xFFFFFFFF
            if cpu in ARCHS:
                return ARCHS[cpu]
        pos += 60 + size + (size & 1)
    raise SystemExit("lipo.py: no Mach-O member of a known architecture")


def slices(data: bytes) -> list[tuple[str, bytes]]:
    magic, count = struct.unpack(">II", data[:8])
    if magic != FAT_MAGIC:
        raise SystemExit("lipo.py: not a universal file")
    out = []
    for i in range(count):
        cpu, _, offset, size, _ = struct.unpack(">iiIII", data[8 + 20 * i:28 + 20 * i])
        out.append((ARCHS[cpu & 0xFFFFFFFF], data[offset:offset + size]))
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["-create"]:
        out = argv[argv.index("-output") + 1]
        inputs = [a for a in argv[1:argv.index("-output")]]
        parts = [(archive_arch(open(p, "rb").read()), open(p, "rb").read()) for p in inputs]
        header = struct.pack(">II", FAT_MAGIC, len(parts))
        offset = 8 + 20 * len(parts)
        table, body = b"", b""
        for arch, data in parts:
            start = -(-(offset + len(body)) // (1 << ALIGN)) * (1 << ALIGN)
            body += b"\0" * (start - offset - len(body))
            table += struct.pack(">iiIII", CPU[arch], SUBTYPE[arch], start, len(data), ALIGN)
            body += data
        open(out, "wb").write(header + table + body)
        return 0
    if argv[:1] == ["-archs"]:
        print(" ".join(arch for arch, _ in slices(open(argv[1], "rb").read())))
        return 0
    if len(argv) == 5 and argv[1] == "-thin" and argv[3] == "-output":
        for arch, data in slices(open(argv[0], "rb").read()):
            if arch == argv[2]:
                open(argv[4], "wb").write(data)
                return 0
        raise SystemExit(f"lipo.py: no {argv[2]} slice")
    raise SystemExit(f"lipo.py: unsupported arguments {argv}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
