#!/usr/bin/env python3
"""Generates the annual-report sample units `sample_sites/annual-*` (test-only, not in
config.toml). Each is a small unit site like those of generate.py whose 政府信息公开年报 column
lists its 2024 and 2023 reports; the tests crawl them as of 2025-03-31. The planted faults:

  annual-pass  2021 format, every sum holds, 上年结转 = last year's 结转, section 五 rewritten
  annual-sum   table 三: (七)总计 of 商业企业 is 4 where its items add up to 3 (one column)
  annual-old   the 2024 report written in the pre-2019 template (概述 … 统计表)
  annual-copy  section 五 copied from the 2023 report (only the year changed)
  annual-late  published 2025-03-15 (due 2025-01-31)
  annual-pdf   the page only links the report as a PDF attachment (text layer)
  annual-docx  the page only links the report as a DOCX attachment
  annual-scan  the page only links a scanned PDF (a picture of the report, no text layer)

PDF and DOCX files are made with LibreOffice (`soffice --headless`) from the report's HTML and
committed, so the tests need no converter. Every number below is written by hand; the tests
compare what zwgk reads with these numbers.
"""

import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
import zlib

from generate import ROOT, Unit

COLS = 7
# Table 三 rows of the 2024 report, columns 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计.
T3_2024 = {
    "一": [20, 3, 0, 0, 1, 0, 24],
    "二": [2, 0, 0, 0, 0, 0, 2],
    "(一)": [10, 1, 0, 0, 1, 0, 12],
    "(二)": [3, 1, 0, 0, 0, 0, 4],
    "(三)3": [1, 0, 0, 0, 0, 0, 1],
    "(四)1": [4, 1, 0, 0, 0, 0, 5],
    "(五)2": [1, 0, 0, 0, 0, 0, 1],
    "(六)1": [1, 0, 0, 0, 0, 0, 1],
    "(七)": [20, 3, 0, 0, 1, 0, 24],
    "四": [2, 0, 0, 0, 0, 0, 2],
}
# The 2023 report: 结转下年度 2 (自然人), carried into 2024's 上年结转.
T3_2023 = {
    "一": [15, 1, 0, 0, 0, 0, 16],
    "(一)": [8, 1, 0, 0, 0, 0, 9],
    "(二)": [2, 0, 0, 0, 0, 0, 2],
    "(四)1": [3, 0, 0, 0, 0, 0, 3],
    "(七)": [13, 1, 0, 0, 0, 0, 14],
    "四": [2, 0, 0, 0, 0, 0, 2],
}
T4 = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

GROUPS = [
    ("(三)", "（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                          "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                          "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("(四)", "（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                          "3.补正后申请内容仍不明确"]),
    ("(五)", "（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                          "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
    ("(六)", "（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                          "3.其他"]),
]

ONE = {
    2024: "2024年，本局认真贯彻《中华人民共和国政府信息公开条例》，围绕优化营商环境推进政务公开，"
          "全年主动公开政府信息326条，办理依申请公开24件，全部按期答复。",
    2023: "2023年，本局以公开为常态、不公开为例外，健全信息发布审核机制，完成政务公开专栏改版，"
          "全年主动公开政府信息281条，办理依申请公开16件。",
}
FIVE = {
    2024: "存在的主要问题：一是重点领域信息公开的深度不够；二是政策解读的图解和视频形式偏少。"
          "改进情况：下一步将建立重点领域信息公开清单，按季度更新；联合融媒体中心制作图解视频解读。",
    2023: "存在的主要问题：一是政务公开工作人员业务水平参差不齐；二是依申请公开答复文书不够规范。"
          "改进情况：组织全系统业务培训两次，制定依申请公开答复文书模板并统一使用。",
}


def cells(values):
    return "".join(f"<td><p><span>{v}</span></p></td>" for v in values)


def row(data, key):
    return data.get(key, [0] * COLS)


def table3(data):
    head = ('<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>'
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>'
            '<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>')
    rows = [f'<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{cells(row(data, "一"))}</tr>',
            f'<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>{cells(row(data, "二"))}</tr>',
            f'<tr><td rowspan="22">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>{cells(row(data, "(一)"))}</tr>',
            f'<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>{cells(row(data, "(二)"))}</tr>']
    for key, name, items in GROUPS:
        for i, item in enumerate(items):
            group = f'<td rowspan="{len(items)}">{name}</td>' if i == 0 else ""
            rows.append(f"<tr>{group}<td>{item}</td>{cells(row(data, f'{key}{i + 1}'))}</tr>")
    rows.append(f'<tr><td colspan="2">（七）总计</td>{cells(row(data, "(七)"))}</tr>')
    rows.append(f'<tr><td colspan="3">四、结转下年度继续办理</td>{cells(row(data, "四"))}</tr>')
    return f'<table border="1">{head}{"".join(rows)}</table>'


def table2():
    return ('<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>'
            '<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>'
            '<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>'
            '<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>25</td></tr>'
            '<tr><td colspan="4">第二十条第（五）项</td></tr>'
            '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
            '<tr><td>行政许可</td><td colspan="3">120</td></tr>'
            '<tr><td colspan="4">第二十条第（六）项</td></tr>'
            '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
            '<tr><td>行政处罚</td><td colspan="3">35</td></tr>'
            '<tr><td>行政强制</td><td colspan="3">2</td></tr>'
            '<tr><td colspan="4">第二十条第（八）项</td></tr>'
            '<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>'
            '<tr><td>行政事业性收费</td><td colspan="3">0</td></tr></table>')


def table4():
    sub = "".join(f'<td rowspan="2">{c}</td>' for c in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    five = "".join(f"<td>{c}</td>" for c in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    return ('<table border="1"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
            f'<tr>{sub}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
            f"<tr>{five}{five}</tr><tr>{cells(T4)}</tr></table>")


def report_2021(full_name, year, data, five, signed):
    return (f"<h1>{full_name}{year}年度政府信息公开工作年度报告</h1>"
            f"<p>本报告依据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号编制，"
            f"所列数据的统计期限为{year}年1月1日至{year}年12月31日。</p>"
            f"<p>一、总体情况</p><p>{ONE[year]}</p>"
            f"<p>二、主动公开政府信息情况</p>{table2()}"
            f"<p>三、收到和处理政府信息公开申请情况</p>{table3(data)}"
            f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{table4()}"
            f"<p>五、存在的主要问题及改进情况</p><p>{five}</p>"
            f"<p>六、其他需要报告的事项</p><p>{year}年，本局未收取信息处理费。</p>"
            f"<p>{full_name}</p><p>{signed:%Y年%-m月%-d日}</p>")


def report_old(full_name, year, signed):
    return (f"<h1>{full_name}{year}年度政府信息公开工作年度报告</h1>"
            "<p>本报告由概述、主动公开政府信息情况、政府信息依申请公开情况等六个部分组成。</p>"
            f"<p>一、概述</p><p>{ONE[year]}</p>"
            "<p>二、主动公开政府信息情况</p><p>全年主动公开政府信息326条。</p>"
            "<p>三、政府信息依申请公开情况</p><p>全年受理政府信息公开申请24件。</p>"
            "<p>四、因政府信息公开申请行政复议、提起行政诉讼的情况</p><p>行政复议1件。</p>"
            "<p>五、政府信息公开的收费及减免情况</p><p>未收取费用。</p>"
            f"<p>六、主要问题和改进措施</p><p>{FIVE[year]}</p>"
            "<p>七、政府信息公开情况统计表</p>"
            '<table border="1"><tr><td>指标名称</td><td>计量单位</td><td>统计数</td></tr>'
            "<tr><td>主动公开政府信息数</td><td>条</td><td>326</td></tr>"
            "<tr><td>收到申请数</td><td>件</td><td>24</td></tr></table>"
            f"<p>{signed:%Y年%-m月%-d日}</p>")


def soffice(args, cwd, out):
    # A profile of our own: another LibreOffice running on the machine must not swallow the job.
    profile = "file://" + os.path.join(cwd, "profile")
    for _ in range(3):
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", *args], cwd=cwd,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(os.path.join(cwd, out)):
            return
    raise RuntimeError(f"soffice did not write {out}")


def scanned_pdf():
    """A one-page PDF holding only a picture of a page (as a scanner writes it): grey lines on
    white, no text layer. Written directly: LibreOffice here cannot export pictures."""
    w, h = 595, 842
    pixels = bytearray()
    for y in range(h):
        for x in range(w):
            title = 70 < y < 92 and 150 < x < 445
            text = 130 < y < 780 and (y - 130) % 22 < 9 and 60 < x < 535 - (y * 7) % 90
            pixels.append(40 if title or text else 245)
    image = zlib.compress(bytes(pixels), 9)
    content = f"q {w} 0 0 {h} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /XObject << /Im0 4 0 R >> >>"
        f" /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray"
        f" /BitsPerComponent 8 /Filter /FlateDecode /Length {len(image)} >>\nstream\n".encode() + image
        + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def convert(body, kind):
    """The report as a DOCX, or a PDF exported from the DOCX (as a unit would)."""
    if kind == "scan":
        return scanned_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "report.html"), "w", encoding="utf-8") as f:
            f.write(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>')
        soffice(["--convert-to", "docx:MS Word 2007 XML", "report.html"], tmp, "report.docx")
        if kind == "docx":
            return open(os.path.join(tmp, "report.docx"), "rb").read()
        os.makedirs(os.path.join(tmp, "out"))
        soffice(["--convert-to", "pdf", "--outdir", "out", "report.docx"], tmp, "out/report.pdf")
        return open(os.path.join(tmp, "out", "report.pdf"), "rb").read()


class AnnualUnit(Unit):
    """One sample unit; `kind` is its planted fault (see the module docstring)."""

    def __init__(self, index, name, slug, kind):
        super().__init__(index, "区直单位", name, slug, dict(news=2, notice=1))
        self.kind = kind

    def write_bytes(self, rel, data):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def report_page(self, rel, year, published, body):
        title = f"{self.full_name}{year}年度政府信息公开工作年度报告"
        page = (f'<div class="article"><h2>{html.escape(title)}</h2>'
                f'<p class="info">发布时间：{published:%Y-%m-%d}　来源：{self.full_name}</p>'
                f'<div id="zoom">{body}</div></div>')
        self.write(rel, self.page(title, page, {"ColumnName": "政府信息公开年报", "ArticleTitle": title,
                                              "PubDate": f"{published:%Y-%m-%d} 09:30"}))
        return title

    def required_pages(self):
        super().required_pages()
        shutil.rmtree(os.path.join(self.dir, "gknb"))
        published = dt.date(2025, 3, 15) if self.kind == "late" else dt.date(2025, 1, 20)
        data = dict(T3_2024)
        if self.kind == "sum":
            data["(七)"] = [20, 4, 0, 0, 1, 0, 24]
        five = FIVE[2023].replace("2023", "2024") if self.kind == "copy" else FIVE[2024]
        if self.kind == "old":
            body = report_old(self.full_name, 2024, published)
        else:
            body = report_2021(self.full_name, 2024, data, five, published)
        rel = "gknb/2025/t20250120_001.html"
        if self.kind in ("pdf", "docx", "scan"):
            ext = "docx" if self.kind == "docx" else "pdf"
            self.write_bytes(f"gknb/2025/P020250120_report.{ext}", convert(body, self.kind))
            body = (f"<p>{self.full_name}2024年度政府信息公开工作年度报告全文见附件。</p>"
                    f'<p>附件：<a href="P020250120_report.{ext}">{self.full_name}2024年度政府信息公开工作年度报告.{ext}</a></p>')
        title = self.report_page(rel, 2024, published, body)
        old_rel = "gknb/2024/t20240125_001.html"
        old_title = self.report_page(old_rel, 2023, dt.date(2024, 1, 25),
                                     report_2021(self.full_name, 2023, T3_2023, FIVE[2023], dt.date(2024, 1, 25)))
        items = [(title, rel, published), (old_title, old_rel, dt.date(2024, 1, 25))]
        lis = "".join(f'<li><a href="/{self.slug}/{r}">{html.escape(t)}</a><span>{d:%Y-%m-%d}</span></li>'
                      for t, r, d in items)
        self.write("gknb/index.html", self.page(f"政府信息公开年报-{self.full_name}",
                                                f"<h2>政府信息公开年报</h2><ul>{lis}</ul>"))


ANNUAL_UNITS = [(93, "年报合格示例", "annual-pass", "pass"), (94, "年报数据示例", "annual-sum", "sum"),
                (95, "年报旧格式示例", "annual-old", "old"), (96, "年报雷同示例", "annual-copy", "copy"),
                (97, "年报逾期示例", "annual-late", "late"), (98, "年报PDF示例", "annual-pdf", "pdf"),
                (99, "年报Word示例", "annual-docx", "docx"), (89, "年报扫描件示例", "annual-scan", "scan")]


def main():
    for index, name, slug, kind in ANNUAL_UNITS:
        AnnualUnit(index, name, slug, kind).build()


if __name__ == "__main__":
    main()
