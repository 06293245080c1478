#!/usr/bin/env python3
"""Writes a CSV file as an XLSX workbook the way Excel saves one: text in the shared strings table, numbers
as numbers, dates as date-formatted serials. Streams row by row, so a million-row file fits in memory.

    to_xlsx.py IN.csv OUT.xlsx [--dates COLUMN,...] [--numbers COLUMN,...] [--title TEXT]

--dates names the columns written as date serials (1900 system, format 14), --numbers those written
as numbers; --title adds a title row above the header, as departments do.
"""

import argparse
import csv
import datetime
import sys
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EPOCH = datetime.date(1899, 12, 30)


def column_letters(i):
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def serial(text):
    for separator in ("-", "/"):
        parts = text.split(separator)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return (datetime.date(int(parts[0]), int(parts[1]), int(parts[2])) - EPOCH).days
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--dates", default="")
    p.add_argument("--numbers", default="")
    p.add_argument("--title", default="")
    args = p.parse_args()
    dates, numbers = set(filter(None, args.dates.split(","))), set(filter(None, args.numbers.split(",")))
    strings, order = {}, []

    def shared(text):
        index = strings.get(text)
        if index is None:
            index = strings[text] = len(order)
            order.append(text)
        return index

    with open(args.source, encoding="utf-8-sig", newline="") as src, zipfile.ZipFile(args.target, "w", zipfile.ZIP_DEFLATED) as z:
        reader = csv.reader(src)
        header = next(reader)
        date_columns = {i for i, t in enumerate(header) if t in dates}
        number_columns = {i for i, t in enumerate(header) if t in numbers}
        with z.open("xl/worksheets/sheet1.xml", "w") as raw:
            out = []
            out.append(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>')
            row_number = 0

            def row(cells):
                nonlocal row_number
                row_number += 1
                parts = [f'<row r="{row_number}">']
                for i, (kind, value) in enumerate(cells):
                    ref = f"{column_letters(i)}{row_number}"
                    if kind == "s":
                        parts.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
                    elif kind == "d":
                        parts.append(f'<c r="{ref}" s="1"><v>{value}</v></c>')
                    elif kind == "n":
                        parts.append(f'<c r="{ref}"><v>{value}</v></c>')
                parts.append("</row>")
                out.append("".join(parts))

            if args.title:
                row([("s", args.title)])
            row([("s", t) for t in header])
            for record in reader:
                cells = []
                for i, value in enumerate(record):
                    if value == "":
                        cells.append(("", ""))
                    elif i in date_columns and serial(value) is not None:
                        cells.append(("d", serial(value)))
                    elif i in number_columns:
                        cells.append(("n", value))
                    else:
                        cells.append(("s", value))
                row(cells)
                if len(out) >= 10000:
                    raw.write("".join(out).encode("utf-8"))
                    out.clear()
            out.append("</sheetData></worksheet>")
            raw.write("".join(out).encode("utf-8"))
        with z.open("xl/sharedStrings.xml", "w") as raw:
            raw.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(order)}" '
                      f'uniqueCount="{len(order)}">'.encode("utf-8"))
            for start in range(0, len(order), 10000):
                raw.write("".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in order[start:start + 10000]).encode("utf-8"))
            raw.write(b"</sst>")
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                  f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                                      '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
                   f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs count="2">'
                                    '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


if __name__ == "__main__":
    sys.exit(main())
