"""Hostile .xlsx workbooks for the tests and tests/tools/reliability.py: a zip bomb built in a
second (the same self-contained deflate segment repeated, so 1 GB is never compressed here)
and a workbook whose sheet declares a DTD with an entity."""
import struct
import zipfile
import zlib
from pathlib import Path

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
                 b'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
            b'r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                 b'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 b'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b'</sheetData></worksheet>'
ROW = b'<row><c t="inlineStr"><is><t>\xe9\x81\xbf\xe7\x81\xbe\xe7\x82\xb9 shelter</t></is></c></row>'


def _part(name, segments, size, crc):
    """A deflated part: (name, raw deflate bytes as a list of segments, unpacked size, CRC-32)."""
    return name.encode(), segments, size, crc


def _small(name, data):
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return _part(name, [comp.compress(data) + comp.flush()], len(data), zlib.crc32(data))


def _bomb_sheet(unpacked):
    """The sheet part: SHEET_HEAD, rows repeated to *unpacked* bytes, SHEET_TAIL, deflated as
    one segment per MiB of rows (each flushed in full, so the same bytes serve every copy)."""
    block = (ROW * ((1 << 20) // len(ROW) + 1))[:(1 << 20) // len(ROW) * len(ROW)]
    copies = max(1, (unpacked - len(SHEET_HEAD) - len(SHEET_TAIL)) // len(block))
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(SHEET_HEAD) + comp.flush(zlib.Z_FULL_FLUSH)
    seg = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(SHEET_TAIL) + comp.flush()
    crc = zlib.crc32(SHEET_HEAD)
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(SHEET_TAIL, crc)
    size = len(SHEET_HEAD) + copies * len(block) + len(SHEET_TAIL)
    return _part("xl/worksheets/sheet1.xml", [head] + [seg] * copies + [tail], size, crc)


def _write_zip(path, parts, declared=None):
    """Write the deflated *parts* as a zip archive; *declared*: {name: size} to lie about."""
    with open(path, "wb") as out:
        central = []
        for name, segments, size, crc in parts:
            shown = (declared or {}).get(name.decode(), size)
            csize = sum(len(s) for s in segments)
            offset = out.tell()
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize, shown, len(name), 0))
            out.write(name)
            for s in segments:
                out.write(s)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, csize, shown,
                                       len(name), 0, 0, 0, 0, 0, offset) + name)
        start = out.tell()
        for entry in central:
            out.write(entry)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return Path(path)


def _parts(sheet):
    return [_small("[Content_Types].xml", CONTENT_TYPES), _small("_rels/.rels", RELS),
            _small("xl/workbook.xml", WORKBOOK), _small("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), sheet]


def zip_bomb(path, unpacked=1 << 30, lie=False):
    """An .xlsx whose one sheet unpacks to about *unpacked* bytes (1 GB) from under 4 MB; with
    *lie*, the archive's directory declares the sheet to be 4 kB."""
    return _write_zip(path, _parts(_bomb_sheet(unpacked)), {"xl/worksheets/sheet1.xml": 4096} if lie else None)


def with_dtd(path, entity=True):
    """A small, valid .xlsx whose sheet declares a DTD (with an internal entity, used in a cell)."""
    dtd = b'<!DOCTYPE worksheet [<!ENTITY e "boom">]>' if entity else b'<!DOCTYPE worksheet>'
    cell = b'&e;' if entity else b'x'
    sheet = (SHEET_HEAD.replace(b"\n", b"\n" + dtd + b"\n", 1) + b'<row><c t="inlineStr"><is><t>' + cell
             + b'</t></is></c></row>' + SHEET_TAIL)
    return _write_zip(path, _parts(_small("xl/worksheets/sheet1.xml", sheet)))


def is_zip(path):
    return zipfile.is_zipfile(path)
