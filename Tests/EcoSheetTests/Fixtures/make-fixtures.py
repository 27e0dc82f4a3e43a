#!/usr/bin/env python3
"""Writes the XLSX fixtures of EcoSheetTests with openpyxl (an independent writer), then gives one formula a cached
value by editing the sheet XML with Python's zipfile (openpyxl never computes formulas). Run once; the outputs are
committed so the tests need no Python:  python3 -m venv v && v/bin/pip install openpyxl && v/bin/python make-fixtures.py
"""
import datetime, os, re, zipfile
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

here = os.path.dirname(os.path.abspath(__file__))

def cache_formula(path, formula, value):
    """Rewrites <f>formula</f><v></v> (or <v/>) into <f>formula</f><v>value</v> inside the zip at path."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode()
                text, n = re.subn(r"<f>" + re.escape(formula) + r"</f><v\s*/>|<f>" + re.escape(formula) + r"</f><v></v>",
                                  "<f>" + formula + "</f><v>" + value + "</v>", text)
                data = text.encode()
            z.writestr(info, data)

# 1. Every cell type.
wb = Workbook()
notes = wb.active
notes.title = "说明"
notes["A1"] = "本文件由 openpyxl 生成"
data = wb.create_sheet("数据")
data.append(["text", "number", "date", "bool", "formula"])
data.append(["太原", 12.3, datetime.date(2025, 3, 15), True, "=B2*2"])
data.append([" spaced ", 0.1 + 0.2, datetime.datetime(2025, 3, 15, 8, 30), False, "=B3+1"])
data["A5"] = CellRichText([TextBlock(InlineFont(b=True), "粗体"), "和普通"])
data["B5"] = 1e-7
data["C5"] = datetime.date(1900, 2, 28)
data["D5"] = 140100
data["E5"] = 1234567890123
data["C6"] = datetime.date(1900, 3, 1)
data["B6"] = "#N/A"
data["A7"] = "=1/0"
p = os.path.join(here, "openpyxl-types.xlsx")
wb.save(p)
cache_formula(p, "B3+1", "1.3")

# 2. Yearly figures as a county bureau would fill them: the header, division codes typed as numbers, one formula with
# its cached value.
wb = Workbook()
ws = wb.active
ws.title = "填报"
ws.append(["region", "indicator", "year", "value", "source", "note"])
ws.append([140100, "pm25", 2021, 44.5, "太原市生态环境局", None])
ws.append([140100, "forest_cover", 2021, "=20+0.3", "太原市林草局", "测算"])
ws.append([140105, "pm25", 2021, 41, None, None])
p = os.path.join(here, "openpyxl-observations.xlsx")
wb.save(p)
cache_formula(p, "20+0.3", "20.3")

# 3. A workbook as Excel writes it, put together part by part with zipfile alone: shared strings (plain, rich-text
# runs, a phonetic guide that is not text, preserved spaces), the 1904 date system, a custom zh-CN date format, cells
# and rows without their r attribute, a formula with its cached string result.
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><bookViews><workbookView/></bookViews><sheets><sheet name="项目" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
    "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="5"><si><t>name</t></si><si><t>start</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>汾河</t></r><r><t xml:space="preserve"> 治理</t></r><rPh sb="0" eb="2"><t>fen he</t></rPh></si><si><t xml:space="preserve">  两端空格  </t></si><si><t/></si></sst>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C4"/><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c t="str"><f>UPPER("amount")</f><v>AMOUNT</v></c></row><row><c t="s"><v>2</v></c><c s="1"><v>0</v></c><c s="2"><v>1234.5</v></c></row><row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" s="1"><v>7731</v></c><c r="C4" t="s"><v>4</v></c></row></sheetData></worksheet>',
}
p = os.path.join(here, "zipfile-shared-strings.xlsx")
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)
