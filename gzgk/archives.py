"""Zip packages (.xlsx, .docx) measured by what they really inflate to.

A zip's directory says how large each part is once inflated, and nothing holds
a forged file to it: Python's :mod:`zipfile` inflates a part in one call before
cutting it to the declared size (a part that claims 47 KB and inflates to
1 GiB costs 2 GiB of memory), and other readers follow the compressed stream,
not the header. So before any reader opens a package, every part is inflated
here in small steps, counting the bytes that come out and keeping none: a
part that gives more than its directory entry declares, or a package over the
bounds, is refused. Once every part is known to inflate to no more than it
declares, the declared sizes are true bounds and readers can trust them.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import IO

from gzgk.errors import GzgkError
from gzgk.workers import Limits, size_text

__all__ = ["PackageBombError", "check_package", "stored_package"]

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length
_LOCAL_MAGIC = b"PK\x03\x04"
# A stored (uncompressed) part's local header, central directory entry, and the directory's end.
_STORED_LOCAL = struct.Struct("<4s5H3I2H")
_STORED_CENTRAL = struct.Struct("<4s6H3I5H2I")
_STORED_END = struct.Struct("<4s4H2IH")
_DOS_DATE = (1 << 5) | 1  # 1980-01-01: the parts' dates are not read
_STEP = 64 * 1024  # compressed bytes read, and inflated bytes made, at a time
_BIG_PART = 1024 * 1024  # parts over this size have their ratio checked
_ENCRYPTED = 0x1
_UTF8_NAME = 0x800


class PackageBombError(GzgkError, ValueError):
    """A zip package inflates to far more than a document can hold, or more than it declares."""

    code = "package-bomb"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"压缩包解压后异常庞大（{detail}）")


def check_package(
    archive: zipfile.ZipFile,
    raw: IO[bytes],
    limits: Limits,
    keep: Callable[[zipfile.ZipInfo], bool] | None = None,
) -> dict[str, bytes]:
    """Refuse a package over ``limits``, or whose parts inflate to more than they declare.

    Every part is inflated to be counted anyway, so a reader that wants some
    parts gets them from here instead of inflating them a second time: the
    parts ``keep`` accepts come back by name when their size and CRC are what
    the directory says (a part that is not is left out, for the reader's own
    :mod:`zipfile` read to find the fault and name it).

    Args:
        archive: the package opened with :mod:`zipfile` (its directory is read).
        raw: the package's bytes, seekable (the stream ``archive`` was opened on,
            or another over the same bytes).
        limits: ``entries``, ``unpacked_bytes`` and ``ratio`` apply.
        keep: which parts to return inflated (none by default).

    Returns:
        The inflated bytes of the sound parts ``keep`` accepted, by name.

    Raises:
        PackageBombError: too many parts, too much inflated data, a part
            inflating a hundredfold (over 1 MB), or a part inflating to more
            than its directory entry says.
        zipfile.BadZipFile: a part cannot be found or is stored in a way no
            office program writes (encrypted, an unusual compression method).
    """
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise PackageBombError(f"包含 {len(infos)} 个部件")
    declared = sum(info.file_size for info in infos)
    if declared > limits.unpacked_bytes:
        raise PackageBombError(
            f"解压后 {size_text(declared)}，上限 {size_text(limits.unpacked_bytes)}"
        )
    kept: dict[str, bytes] = {}
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > _BIG_PART and info.file_size > limits.ratio * packed:
            raise PackageBombError(f"“{info.filename}”压缩比 {info.file_size // packed}:1")
        pieces: list[bytes] | None = [] if keep is not None and keep(info) else None
        made, local_name = _inflated(raw, info, pieces)
        if made > info.file_size:
            raise PackageBombError(
                f"“{info.filename}”在压缩包目录中记为解压后 {size_text(info.file_size)}，"
                "实际解压出的内容更多，目录是伪造的"
            )
        if pieces is not None:
            data = b"".join(pieces)
            sound = len(data) == info.file_size and zlib.crc32(data) == info.CRC
            if sound and local_name == info.orig_filename:
                kept[info.filename] = data  # else the reader inflates it itself, and sees why
    return kept


def _local_name(name: bytes, flags: int) -> str:
    """A part's name as its local header spells it (:mod:`zipfile` refuses a mismatch)."""
    return name.decode("utf-8" if flags & _UTF8_NAME else "cp437", errors="replace")


def _inflated(
    raw: IO[bytes], info: zipfile.ZipInfo, pieces: list[bytes] | None = None
) -> tuple[int, str]:
    """How many bytes a part inflates to, counted, and its name in its local header.

    Counting stops just past the part's declared size. The inflated bytes go to
    ``pieces`` when it is given (else they are dropped).
    """
    if info.flag_bits & _ENCRYPTED:
        raise zipfile.BadZipFile(f"“{info.filename}”已加密")
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"“{info.filename}”的数据不完整")
    magic, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != _LOCAL_MAGIC:
        raise zipfile.BadZipFile(f"“{info.filename}”的位置记录有误")
    name = _local_name(raw.read(name_length), info.flag_bits)
    raw.seek(extra_length, io.SEEK_CUR)
    if info.compress_type == zipfile.ZIP_STORED:
        if pieces is not None:
            pieces.append(raw.read(info.compress_size))
        return info.compress_size, name
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"“{info.filename}”的压缩方式（{info.compress_type}）不受支持")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left = info.compress_size
    made = 0
    while left > 0 and not inflater.eof:
        data = raw.read(min(_STEP, left))
        if not data:
            break
        left -= len(data)
        while data and not inflater.eof:
            try:
                piece = inflater.decompress(data, _STEP)
            except zlib.error as error:
                raise zipfile.BadZipFile(f"“{info.filename}”的压缩数据已损坏") from error
            made += len(piece)
            if pieces is not None:
                pieces.append(piece)
            if made > info.file_size:
                return made, name
            data = inflater.unconsumed_tail
    return made, name


def stored_package(infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> bytes | None:
    """The package again with every part stored, not compressed, from parts already inflated.

    ``parts`` are what :func:`check_package` kept (sound: sizes and CRCs as the
    directory says); a reader given these bytes reads the same parts without
    inflating them a second time. None when a part was not kept (or two parts
    share a name): then the reader must take the original package.
    """
    if len(parts) != len(infos):
        return None
    pieces: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info in infos:
        data = parts.get(info.filename)
        if data is None:
            return None
        name = info.orig_filename.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        size = len(data)
        header = _STORED_LOCAL.pack(
            _LOCAL_MAGIC, 20, flags, 0, 0, _DOS_DATE, info.CRC, size, size, len(name), 0
        )
        central.append(
            _STORED_CENTRAL.pack(
                b"PK\x01\x02",
                20,
                20,
                flags,
                0,
                0,
                _DOS_DATE,
                info.CRC,
                size,
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        pieces += (header, name, data)
        offset += len(header) + len(name) + size
    directory = b"".join(central)
    end = _STORED_END.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos), len(directory), offset, 0)
    return b"".join((*pieces, directory, end))
