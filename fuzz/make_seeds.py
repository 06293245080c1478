#!/usr/bin/env python3
"""Writes the seed corpora of fuzz_xlsx, fuzz_xls and fuzz_open_table (fuzz/corpus/<target>/), with Debian's
python3-openpyxl and python3-xlwt: small files of the shapes departments send. The seeds are committed;
run this again (under /usr/bin/python3) only to change them.

    fuzz/make_seeds.py
"""

import datetime
import io
import struct
import sys
import zipfile
from pathlib import Path

import openpyxl
import xlwt

HERE = Path(__file__).resolve().parent
TITLES = ["行政处罚决定书文号", "行政相对人名称", "统一社会信用代码", "处罚类别", "罚款金额（万元）", "处罚决定日期", "处罚机关"]
ROW = ["鄂州市监罚〔2026〕1号", "鄂州市样本有限公司", "91350100M000100Y43", "罚款", "0.2", "2026-04-11", "鄂州市市场监督管理局"]


def write(target, name, data):
    folder = HERE / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def openpyxl_book(epoch=None):
    wb = openpyxl.Workbook()
    if epoch:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "处罚"
    ws.append(["2026年行政处罚信息"])
    ws.merge_cells("A1:G1")
    ws.append(TITLES)
    ws.append([201312142, "鄂州市样本有限公司", "91350100M000100Y43", "罚款", 0.2, datetime.date(2026, 4, 11), "鄂州市市场监督管理局"])
    ws.cell(row=3, column=6).number_format = 'yyyy"年"m"月"d"日"'
    ws.append(["x", True, 1.5e-3, None, "=1+1", 2.01312142e8, "_x000D_"])
    wb.create_sheet("Sheet2").append(["a"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlwt_book():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("处罚")
    ws.write_merge(0, 0, 0, 6, "2026年行政处罚信息")
    for c, t in enumerate(TITLES):
        ws.write(1, c, t)
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(2, 0, 201312142)
    ws.write(2, 1, "鄂州市样本有限公司")
    ws.write(2, 4, 0.2)
    ws.write(2, 5, datetime.date(2026, 4, 11), date)
    ws.write(3, 1, xlwt.Formula("A3+1"))
    wb.add_sheet("Sheet2").write(0, 0, "a")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook_stream(cfb):
    """The "Workbook" stream of a compound file (regular sectors or the mini stream)."""
    shift = struct.unpack_from("<H", cfb, 30)[0]
    size = 1 << shift
    fat_sectors, first_dir = struct.unpack_from("<I", cfb, 44)[0], struct.unpack_from("<I", cfb, 48)[0]
    mini_cutoff, first_mini_fat = struct.unpack_from("<I", cfb, 56)[0], struct.unpack_from("<I", cfb, 60)[0]
    difat = struct.unpack_from("<109I", cfb, 76)[:fat_sectors]
    sector = lambda i: cfb[(i + 1) * size:(i + 2) * size]  # noqa: E731
    fat = [v for s in difat for v in struct.unpack(f"<{size // 4}I", sector(s))]

    def chain(table, start):
        out = []
        while start < 0xFFFFFFFA:
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(i) for i in chain(fat, first_dir))
    entries = [directory[i:i + 128] for i in range(0, len(directory), 128)]
    root = entries[0]
    mini_stream = b"".join(sector(i) for i in chain(fat, struct.unpack_from("<I", root, 116)[0]))
    mini_fat = [v for s in chain(fat, first_mini_fat) for v in struct.unpack(f"<{size // 4}I", sector(s))] if first_mini_fat < 0xFFFFFFFA else []
    for e in entries:
        name = e[:struct.unpack_from("<H", e, 64)[0]].decode("utf-16-le").rstrip("\0")
        if name in ("Workbook", "Book"):
            start, length = struct.unpack_from("<II", e, 116)
            if length < mini_cutoff:
                return b"".join(mini_stream[i * 64:(i + 1) * 64] for i in chain(mini_fat, start))[:length]
            return b"".join(sector(i) for i in chain(fat, start))[:length]
    raise ValueError("no workbook stream")


def main():
    book = openpyxl_book()
    write("fuzz_xlsx", "openpyxl_chunk33", bytes([0x40]) + book)
    write("fuzz_xlsx", "openpyxl_1904_chunk1", bytes([0x00]) + openpyxl_book(openpyxl.utils.datetime.CALENDAR_MAC_1904))
    inline = io.BytesIO()
    with zipfile.ZipFile(inline, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" r:id="a" xmlns:r="r"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="a" Type="x/worksheet" Target="s.xml"/></Relationships>')
        z.writestr("xl/s.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>行政相对人名称</t></is></c>'
                               '<c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>')
    write("fuzz_xlsx", "stored_inline_strings", bytes([0x10]) + inline.getvalue())
    parts = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>43659.5</v></c><c r="C1"><v>2.01312142E8</v></c></row>'
             '<row r="3"><c r="C3" t="s"><v>5</v></c><c t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh></is></c>'
             '<c r="F3" t="str"><f>A1</f><v>x</v></c><c r="G3" t="d"><v>2019-07-13T10:00:00</v></c></row>'
             "\0<si><t>行政相对人名称</t></si><si><r><t>a_x000D_</t></r></si>"
             '\0<numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
             '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs>')
    write("fuzz_xlsx", "parts_chunk2", bytes([0x03]) + parts.encode("utf-8"))
    write("fuzz_xlsx", "parts_doctype", bytes([0x21]) + b'<!DOCTYPE x [<!ENTITY a "aaaa">]><row r="1"><c r="A1"><v>&a;</v></c></row>\0\0')

    xls = xlwt_book()
    write("fuzz_xls", "xlwt_workbook", bytes([0x00]) + xls)
    write("fuzz_xls", "xlwt_workbook_stream", bytes([0x01]) + workbook_stream(xls))

    write("fuzz_open_table", "csv_title_rows", ("2026年行政处罚信息,,,\n\"填表说明：\n带*为必填\",,\n" + ",".join(TITLES) + "\n" + ",".join(ROW) + "\n").encode())
    write("fuzz_open_table", "csv_gbk_mixed_tab", (",".join(TITLES[:2]) + "\t" + ",".join(TITLES[2:]) + "\r\n" + ",".join(ROW) + "\r\n").encode("gbk"))
    write("fuzz_open_table", "csv_shifted_row", (",".join(TITLES) + "\n" + ",".join(ROW).replace("样本", "样,本") + "\n").encode())
    cells = "".join(f"<td>{t}</td>" for t in TITLES)
    write("fuzz_open_table", "html_table", ('<html><meta charset="gbk"><table><tr><td colspan=7>公示</td></tr><tr>' + cells +
                                            '</tr><tr><td x:num="201312142">2.01E+08</td><td rowspan=2>甲&amp;乙<br>丙</td></tr></table>'
                                            ).encode("gbk"))
    write("fuzz_open_table", "spreadsheetml", ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                                               'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="处罚"><Table>'
                                               '<Row><Cell ss:MergeAcross="2" ss:MergeDown="1"><Data ss:Type="String">公示</Data></Cell></Row>'
                                               '<Row ss:Index="3">' + "".join(f'<Cell><Data ss:Type="String">{t}</Data></Cell>' for t in TITLES) +
                                               '</Row><Row><Cell ss:Index="2"><Data ss:Type="Number">2.01312142E8</Data></Cell>'
                                               '<Cell><Data ss:Type="DateTime">2019-07-13T00:00:00.000</Data></Cell></Row></Table></Worksheet>'
                                               '</Workbook>').encode())
    write("fuzz_open_table", "jsonl", ('{"行政处罚决定书文号": "A1", "行政相对人名称": "甲"}\n').encode())


if __name__ == "__main__":
    sys.exit(main())
