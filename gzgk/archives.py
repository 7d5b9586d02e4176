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

import struct
import zipfile
import zlib
from typing import IO

from gzgk.errors import GzgkError
from gzgk.workers import Limits, size_text

__all__ = ["PackageBombError", "check_package"]

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length
_LOCAL_MAGIC = b"PK\x03\x04"
_STEP = 64 * 1024  # compressed bytes read, and inflated bytes made, at a time
_BIG_PART = 1024 * 1024  # parts over this size have their ratio checked
_ENCRYPTED = 0x1


class PackageBombError(GzgkError, ValueError):
    """A zip package inflates to far more than a document can hold, or more than it declares."""

    code = "package-bomb"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"压缩包解压后异常庞大（{detail}）")


def check_package(archive: zipfile.ZipFile, raw: IO[bytes], limits: Limits) -> None:
    """Refuse a package over ``limits``, or whose parts inflate to more than they declare.

    Args:
        archive: the package opened with :mod:`zipfile` (its directory is read).
        raw: the package's bytes, seekable (the stream ``archive`` was opened on,
            or another over the same bytes).
        limits: ``entries``, ``unpacked_bytes`` and ``ratio`` apply.

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
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > _BIG_PART and info.file_size > limits.ratio * packed:
            raise PackageBombError(f"“{info.filename}”压缩比 {info.file_size // packed}:1")
        if _inflated(raw, info) > info.file_size:
            raise PackageBombError(
                f"“{info.filename}”在压缩包目录中记为解压后 {size_text(info.file_size)}，"
                "实际解压出的内容更多，目录是伪造的"
            )


def _inflated(raw: IO[bytes], info: zipfile.ZipInfo) -> int:
    """How many bytes a part inflates to, counted; counting stops just past its declared size."""
    if info.flag_bits & _ENCRYPTED:
        raise zipfile.BadZipFile(f"“{info.filename}”已加密")
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"“{info.filename}”的数据不完整")
    magic, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != _LOCAL_MAGIC:
        raise zipfile.BadZipFile(f"“{info.filename}”的位置记录有误")
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"“{info.filename}”的压缩方式（{info.compress_type}）不受支持")
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
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
                made += len(inflater.decompress(data, _STEP))
            except zlib.error as error:
                raise zipfile.BadZipFile(f"“{info.filename}”的压缩数据已损坏") from error
            if made > info.file_size:
                return made
            data = inflater.unconsumed_tail
    return made
