"""Malformed and hostile files, made for real, for the import tests of every importer."""

import io
import struct
import zipfile
import zlib

import openpyxl

DEEP_LIST = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 5_000 + "1" + "}" * 5_000
HUGE_FLOAT = "1e400"  # a float of Python's is inf beyond about 1.8e308
LONG_NUMBER = "9" * 5_000  # Python refuses to read whole numbers of more than 4,300 digits
NUL_ESCAPE = "\\u0000"  # as written in JSON: a NUL in the text, which PostgreSQL cannot store

JSON_CASES = {
    "deep-list": (DEEP_LIST, "nested more than"),
    "deep-object": (DEEP_OBJECT, "nested more than"),
    "huge-float": ('{"level": ' + HUGE_FLOAT + "}", "the number 1e400 is too large"),
    "long-number": ('{"level": ' + LONG_NUMBER + "}", "has more than 15 digits"),
}


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_entry(workbook, name, content):
    """The workbook with one of its entries replaced, e.g. a damaged ``xl/workbook.xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


def broken_workbook(rows):
    return with_entry(xlsx_bytes(rows), "xl/workbook.xml", b"<workbook><sheets><sheet name=")


def _deflated(data):
    """Raw deflate of ``data`` ending in a full flush, so that such pieces may be put one after another."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def zip_bomb_xlsx(rows, unpacked_mb=500):
    """A real workbook whose first worksheet unpacks to ``unpacked_mb`` MB: about 0.5 MB as a file.

    The worksheet is valid XML (its rows are followed by that much white space), so openpyxl would read
    all of it. It is compressed 1 MB at a time, one compressed megabyte repeated, so it is made in a second.
    """
    entries = []
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows))) as source:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                entries.append((info.filename, _deflated(data), zlib.crc32(data), len(data)))
                continue
            head, tail = data.split(b"</sheetData>")
            tail = b"</sheetData>" + tail
            megabyte = b" " * (1024 * 1024)
            crc = zlib.crc32(head)
            for _ in range(unpacked_mb):
                crc = zlib.crc32(megabyte, crc)
            crc = zlib.crc32(tail, crc)
            packed = (
                _deflated(head)
                + _deflated(megabyte) * unpacked_mb
                + _deflated(tail)
                + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
            )
            entries.append((info.filename, packed, crc, len(head) + unpacked_mb * len(megabyte) + len(tail)))
    return _zip(entries)


def _zip(entries):
    """A zip of already deflated entries: (name, raw deflate data, CRC-32, unpacked size)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, packed, crc, size in entries:
        offset, encoded = out.tell(), name.encode()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0)
        )
        out.write(encoded + packed)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(directory.getvalue())
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory.getvalue()), start, 0
    )
    out.write(end)
    return out.getvalue()


class NamedFile(io.BytesIO):
    """A file sent under exactly this name (Django's own test files shorten theirs to 255 characters)."""

    def __init__(self, name, content):
        super().__init__(content)
        self.name = name


def csrf_checked_client(user, page):
    """A client that, like a browser, must send the CSRF token of the page it posts from; and that token."""
    import re

    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    html = client.get(page).text
    return client, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
