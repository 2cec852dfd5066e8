#!/usr/bin/env python3
"""A second family of sample units, built like real 政务公开 platforms, for testing column
DISCOVERY (units configured without columns).

    python3 generate_platforms.py sample_sites/

writes sample_sites/platform-*/ (one folder per unit), sample_sites/platform-truth.json (the
ground truth) and sample_sites/platform-units.toml (config [[unit]] entries without columns, to
paste into config.toml). Standard library only; deterministic (seeded by strings, no clock).

The CONTENT PLAN below (UNITS) is the single source: every page is rendered from it, and the
truth file is written from it (the columns, their items and dates) plus the places where the
renderer put a link to each column (found_in), so a reader can check the truth by hand.

The markup copies real pages in /work/shared/realpages/ (see patterns.md next to this script):
  platform-qx    district portal, Fengtai-style nav (ul.secTopNav / div.menu_secondary), section
                 pages with side menus, homepage blocks with 更多>>, an image 更多 and a "+" 更多;
                 TRS createPageHTML paging; UTF-8.
  platform-xxgk  TRS 政府信息公开 platform copied from the Handan pages (ul.sx-uls, the
                 ul.sx-c2-list tile grid, the sx-c2r-title tab block, div.szbmtclb tables, the
                 countPage paging script, the 指南 page's dl_nav/sideMenu 目录 tree with the broken
                 nested comment, a department directory); GBK declared in http-equiv.
  platform-mzj   a department site: the homepage shows sections only, the columns are in
                 <div class="left"> side menus of the section pages; 下一页/尾页 paging; a 404 column;
                 an undated list; GBK declared in <meta charset>.
  platform-zhen  a town on Hanweb-style URLs (/col/colNNNN/index.html, /art/Y/M/D/art_C_N.html),
                 nav with dl.subnav, nested-table breadcrumb, "+" 更多, yearless dates on the
                 homepage, a nav link to an article that is also a homepage headline, a list with no
                 dates anywhere; UTF-8.
  platform-jd    a street office with five blank columns, each blank in a different way, and a
                 Pingtan-style breadcrumb with relative hrefs; gb2312 declared (GBK bytes).
"""

import datetime as dt
import html
import json
import os
import posixpath
import random
import shutil
import sys

AS_OF = dt.date(2021, 10, 31)
OCT = (dt.date(2021, 10, 1), dt.date(2021, 10, 31))
HOST = "http://127.0.0.1:8787"
PER_PAGE = 15
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2216bc40000000049454e44ae426082")


def D(s):
    return dt.date.fromisoformat(s)


def series(newest, count, gap, seed):
    """`count` dates, newest first, the first is `newest`, gaps around `gap` days."""
    rng = random.Random(seed)
    out, cur = [], D(newest)
    for _ in range(count):
        out.append(cur)
        cur -= dt.timedelta(days=rng.randint(max(1, gap // 2), gap + gap // 2))
    return out


# ---- the content plan -------------------------------------------------------------------------
# Entry types:
#   col   a column (list page); dates newest first ([] = blank); shown = where dates are visible:
#         "list" (list and detail), "detail" (detail pages only), "none" (nowhere);
#         blank = how an empty list looks; unreachable = the link answers 404 (no files written);
#         title = the column's own name on its pages (ColumnName meta, breadcrumb, heading) when it
#         differs from the link text `name`.
#   agg   an aggregate page (not a column): 栏目首页 (a section), 最新信息, 信息公开首页, 全部,
#         目录节点 (a 目录 node that only links to its children), 部门目录.
#   page  a single content page (not a list): 指南, 机构职能, 概况, 依申请公开.
#   link  a link that is not a column: external site, service, interaction, article, sub-unit.
# parent: the entry under which it sits (breadcrumb, side menu of its list pages).

def col(key, name, path, kind, dates, parent=None, title=None, shown="list", blank=None,
        unreachable=False, note="", titles=None):
    return dict(type="col", key=key, name=name, path=path, kind=kind, dates=list(dates), parent=parent,
                title=title or name, shown=shown, blank=blank, unreachable=unreachable, note=note,
                titles=titles or {})


def agg(key, name, path, what, sources=(), parent=None, note=""):
    return dict(type="agg", key=key, name=name, path=path, what=what, sources=list(sources),
                parent=parent, title=name, note=note)


def page(key, name, path, what, parent=None, note=""):
    return dict(type="page", key=key, name=name, path=path, what=what, parent=parent, title=name, note=note)


def link(key, name, url, what, parent=None, note=""):
    return dict(type="link", key=key, name=name, url=url, what=what, parent=parent, title=name, note=note)


def S(slug, key, newest, count, gap):
    return series(newest, count, gap, f"{slug}/{key}")


QX = "platform-qx"
XX = "platform-xxgk"
MZ = "platform-mzj"
ZH = "platform-zhen"
JD = "platform-jd"

UNITS = [
    dict(
        slug=QX, author=("偃师区", "偃师区人民政府"), name="区政府办公室（平台样例）", group="区直单位", family="portal", charset="utf-8",
        site_name="偃师区人民政府", host_unit="偃师区人民政府办公室", site_id="4103810093",
        tests=["导航 with 子导航 hidden in div.menu_secondary (display:none)",
               "homepage blocks: 工作动态 with text 更多>>, 通知公告 whose only link is an image 更多 "
               "(alt empty), 乡镇动态 with a bare '+' 更多, 最新信息 (aggregate) with 更多>>",
               "section pages (新闻中心, 政务公开) with a side menu and child blocks: aggregates",
               "信息公开 home and 法定主动公开内容 directory: aggregates",
               "a sub-nav column that answers 404 (招商引资)",
               "ColumnName/breadcrumb differ from the link text (乡镇动态→镇街动态, 政府文件→区政府文件)",
               "stale 政府文件 (newest 2021-02-10), a 3-page column with createPageHTML paging"],
        entries=[
            agg("xwzx", "新闻中心", "xwzx/", "栏目首页", ["gzdt", "xzdt", "tpxw"]),
            col("gzdt", "工作动态", "xwzx/gzdt/", "动态要闻", S(QX, "gzdt", "2021-10-29", 34, 3), parent="xwzx"),
            col("xzdt", "乡镇动态", "xwzx/xzdt/", "动态要闻", S(QX, "xzdt", "2021-10-26", 20, 4), parent="xwzx",
                title="镇街动态"),
            col("tpxw", "图片新闻", "xwzx/tpxw/", "动态要闻", S(QX, "tpxw", "2021-10-22", 8, 9), parent="xwzx"),
            agg("zwgk", "政务公开", "zwgk/", "栏目首页", ["tzgg", "zfwj", "zcjd", "rsxx"]),
            col("tzgg", "通知公告", "zwgk/tzgg/", "通知公告", S(QX, "tzgg", "2021-10-27", 18, 6), parent="zwgk"),
            col("zfwj", "政府文件", "zwgk/zfwj/", "政策文件", S(QX, "zfwj", "2021-02-10", 9, 35), parent="zwgk",
                title="区政府文件", note="stale: newest 2021-02-10 (6-month window)"),
            col("zcjd", "政策解读", "zwgk/zcjd/", "政策文件", S(QX, "zcjd", "2021-09-15", 6, 20), parent="zwgk"),
            col("rsxx", "人事信息", "zwgk/rsxx/", "人事信息", [D("2021-08-03"), D("2021-03-12")], parent="zwgk"),
            col("zsyz", "招商引资", "zwgk/zsyz/", "其他", [], parent="zwgk", unreachable=True,
                note="listed in the sub-nav and the side menu; the page answers 404"),
            agg("zxxx", "最新信息", "zxxx/", "最新信息", ["gzdt", "xzdt", "tzgg", "zcjd", "zfwj"]),
            agg("xxgk", "政府信息公开", "xxgk/", "信息公开首页", ["zfwj", "zcjd", "tzgg", "rsxx", "czyjs"], parent="zwgk"),
            page("zn", "政府信息公开指南", "xxgk/zn/", "指南", parent="xxgk"),
            col("zd", "政府信息公开制度", "xxgk/zd/", "其他", [D("2021-03-01"), D("2019-06-20")], parent="xxgk"),
            agg("fdzdgknr", "法定主动公开内容", "xxgk/fdzdgknr/", "目录节点",
                ["jgzn", "zfwj", "zcjd", "rsxx", "czyjs", "tzgg"], parent="xxgk"),
            page("jgzn", "机构职能", "xxgk/fdzdgknr/jgzn/", "机构职能", parent="fdzdgknr"),
            col("czyjs", "财政预决算", "xxgk/fdzdgknr/czyjs/", "其他", [D("2021-04-15")], parent="fdzdgknr"),
            col("nb", "政府信息公开年报", "xxgk/nb/", "其他", [D("2021-01-26")], parent="xxgk"),
            page("ysq", "依申请公开", "xxgk/ysqgk/", "依申请公开", parent="xxgk"),
            page("qqgk", "走进偃师", "zjys/", "概况", note="single page (区情概况)"),
            link("zwfw", "政务服务", "https://www.hnzwfw.gov.cn/", "service (external)"),
            page("hdjl", "互动交流", "hdjl/", "互动", note="interaction entry, not a disclosure column"),
            link("qzxx", "区长信箱", "hdjl/qzxx/", "interaction", parent="hdjl"),
        ],
        layout=dict(
            nav=[("首页", []), ("xwzx", ["gzdt", "xzdt", "tpxw"]),
                 ("zwgk", ["tzgg", "zfwj", "zcjd", "rsxx", "zsyz", "xxgk"]),
                 ("zwfw", []), ("hdjl", ["qzxx"]), ("qqgk", [])],
            blocks=[dict(title="工作动态", rows="gzdt", n=5, title_link=True, more=("gzdt", "text")),
                    dict(title="通知公告", rows="tzgg", n=5, title_link=False, more=("tzgg", "image")),
                    dict(title="乡镇动态", rows="xzdt", n=5, title_link=False, more=("xzdt", "plus")),
                    dict(title="最新信息", rows="zxxx", n=8, title_link=False, more=("zxxx", "text"))],
            gkbox=["zn", "zd", "fdzdgknr", "nb"],
            sections={"xwzx": ["gzdt", "xzdt", "tpxw"], "zwgk": ["tzgg", "zfwj", "zcjd", "rsxx", "zsyz"],
                      "xxgk": ["zn", "zd", "fdzdgknr", "nb", "ysq"]},
        ),
    ),
    dict(
        slug=XX, author=("偃师区", "偃师区人民政府"), name="区政府信息公开平台（平台样例）", group="区直单位", family="xxgk", charset="gbk",
        site_name="偃师区人民政府", host_unit="偃师区人民政府办公室", site_id="4103810094",
        tests=["a TRS 政府信息公开 platform copied from Handan: left ul.sx-uls, 近期信息公开 (aggregate) "
               "with a.sx-more1 更多>>, the 依申请公开 block over a tile grid of 法定主动公开内容 items, "
               "a tab block whose 更多>> points at the first tab",
               "the 指南 page's 目录 tree, three levels deep (法定主动公开内容 → 财政信息 → 财政预决算 → "
               "部门预算/部门决算), names split by <br>",
               "the broken nested comment of the Handan 指南 page: 3 leaves render twice, one duplicate "
               "(收费项目) points at an external site; a commented-out leaf (统计信息) is invisible",
               "目录 nodes that are directories (机构信息, 财政信息, 财政预决算, 法定主动公开内容) and a node "
               "that is a 全部 list (政策文件, tabs 全部|规范性文件|政策解读|其他文件)",
               "blank leaves: 其他文件 (暂无信息 row) and 三公经费 (table with a header row only)",
               "leaves with 1 and 2 items; 规范性文件 over 3 pages of TRS countPage paging (script only)",
               "a department directory (3 sub-units, links with ?id=…): not columns of this unit",
               "GBK declared only in <meta http-equiv>"],
        entries=[
            page("zfxxgkzn", "政府信息公开指南", "zfxxgkzn/", "指南"),
            col("zfxxgkzd", "政府信息公开制度", "zfxxgkzd/", "其他", [D("2021-06-18"), D("2019-07-01")]),
            agg("fdzdgknr", "法定主动公开内容", "fdzdgknr/", "目录节点",
                ["jgxx", "zcwj", "ghjh", "czxx", "rsxx", "zdxm", "sfxm"]),
            agg("jgxx", "机构信息", "fdzdgknr/jgxx/", "目录节点", ["jgzn", "ldxx", "nsjg"], parent="fdzdgknr"),
            page("jgzn", "机构职能", "fdzdgknr/jgxx/jgzn/", "机构职能", parent="jgxx"),
            col("ldxx", "领导信息", "fdzdgknr/jgxx/ldxx/", "其他", [D("2021-03-05")], parent="jgxx"),
            col("nsjg", "内设机构", "fdzdgknr/jgxx/nsjg/", "其他", [D("2021-06-01"), D("2020-12-20")], parent="jgxx"),
            agg("zcwj", "政策文件", "fdzdgknr/zcwj/", "全部", ["gfxwj", "zcjd", "qtwj"], parent="fdzdgknr",
                note="the node page is a 全部 list of its three leaves (tab 全部)"),
            col("gfxwj", "规范性文件", "fdzdgknr/zcwj/gfxwj/", "政策文件", S(XX, "gfxwj", "2021-10-22", 37, 6),
                parent="zcwj"),
            col("zcjd", "政策解读", "fdzdgknr/zcwj/zcjd/", "政策文件", S(XX, "zcjd", "2021-10-25", 12, 9),
                parent="zcwj"),
            col("qtwj", "其他文件", "fdzdgknr/zcwj/qtwj/", "政策文件", [], parent="zcwj", blank="nodata-row"),
            col("ghjh", "规划计划", "fdzdgknr/ghjh/", "规划计划", S(XX, "ghjh", "2021-07-20", 5, 60), parent="fdzdgknr"),
            agg("czxx", "财政信息", "fdzdgknr/czxx/", "目录节点", ["czyjs", "sgjf"], parent="fdzdgknr"),
            agg("czyjs", "财政预决算", "fdzdgknr/czxx/czyjs/", "目录节点", ["bmys", "bmjs"], parent="czxx"),
            col("bmys", "部门预算", "fdzdgknr/czxx/czyjs/bmys/", "其他", [D("2021-03-30")], parent="czyjs"),
            col("bmjs", "部门决算", "fdzdgknr/czxx/czyjs/bmjs/", "其他", [D("2021-09-10"), D("2020-09-08")],
                parent="czyjs"),
            col("sgjf", "三公经费", "fdzdgknr/czxx/sgjf/", "其他", [], parent="czxx", blank="header-only"),
            col("rsxx", "人事信息", "fdzdgknr/rsxx/", "人事信息", S(XX, "rsxx", "2021-10-12", 4, 40), parent="fdzdgknr"),
            col("zdxm", "重大项目", "fdzdgknr/zdxm/", "其他", S(XX, "zdxm", "2021-05-18", 8, 25), parent="fdzdgknr"),
            col("sfxm", "收费项目", "fdzdgknr/sfxm/", "其他", [D("2020-11-30")], parent="fdzdgknr"),
            link("sfxm_dup", "收费项目", "http://czt.henan.gov.cn/", "external (duplicate leaf rendered by the "
                 "broken comment)", parent="fdzdgknr"),
            link("tjxx_hidden", "统计信息", "fdzdgknr/tjxx/", "hidden: inside an HTML comment, no page",
                 parent="fdzdgknr"),
            link("zfcg", "政府采购", "http://www.ccgp-henan.gov.cn/", "external", parent="fdzdgknr"),
            link("xzxk", "行政许可", "https://www.hnzwfw.gov.cn/", "service (external)", parent="fdzdgknr"),
            link("qzqd", "权责清单", "http://222.143.21.205:8081/qzqd/", "service (external)"),
            col("zfxxgknb", "政府信息公开年报", "zfxxgknb/", "其他",
                [D("2021-01-28"), D("2020-01-20"), D("2019-01-25")]),
            page("ysqgk", "依申请公开", "ysqgk/", "依申请公开"),
            col("zfgb", "政府公报", "zfgb/", "其他", S(XX, "zfgb", "2021-09-30", 4, 30)),
            agg("jqxxgk", "近期信息公开", "jqxxgk/", "最新信息",
                ["zfxxgkzd", "ldxx", "nsjg", "gfxwj", "zcjd", "ghjh", "bmys", "bmjs", "rsxx", "zdxm", "sfxm",
                 "zfxxgknb", "zfgb"]),
            agg("bmxxgk", "部门信息公开", "bmxxgk/", "部门目录", ["auto101", "auto102", "auto103"]),
            link("auto101", "区发展和改革委员会", "bmxxgk/auto101/?id=1780/2138", "sub-unit", parent="bmxxgk"),
            link("auto102", "区教育体育局", "bmxxgk/auto102/?id=1780/2138", "sub-unit", parent="bmxxgk"),
            link("auto103", "区民政局", "bmxxgk/auto103/?id=1780/2138", "sub-unit", parent="bmxxgk"),
        ],
        layout=dict(
            side=["zfxxgkzn", "zfxxgkzd", "fdzdgknr", "zfxxgknb", "zfgb", "bmxxgk"],
            recent="jqxxgk",
            apply="ysqgk",
            tiles=["jgzn", "ldxx", "zcwj", "ghjh", "czxx", "rsxx", "zdxm", "zfcg", "qzqd"],
            tabs=["gfxwj", "zcjd", "qtwj"],
            tree=[("jgxx", [("jgzn", []), ("ldxx", []), ("nsjg", [])]),
                  ("zcwj", [("gfxwj", []), ("zcjd", []), ("qtwj", [])]),
                  ("ghjh", []),
                  ("czxx", [("czyjs", [("bmys", []), ("bmjs", [])]), ("sgjf", [])]),
                  ("rsxx", []), ("zdxm", []), ("sfxm", []), ("zfcg", []), ("xzxk", [])],
            # rendered after the tree inside the broken comment: these render (duplicates) ...
            broken_dups=["ghjh", "rsxx", "sfxm_dup"],
            # ... and this one stays hidden
            hidden="tjxx_hidden",
            depts=["auto101", "auto102", "auto103"],
        ),
    ),
    dict(
        slug=MZ, author=("区民政局", "偃师区民政局"), name="民政局（平台样例）", group="区直单位", family="dept", charset="gbk",
        site_name="偃师区民政局", host_unit="偃师区民政局", site_id="4103810095",
        tests=["the homepage shows sections only (nav) and one 工作动态 block; every other column is "
               "listed only in the <div class=\"left\"> side menu of its section page",
               "更多 of the 最新信息 block points at a section page (aggregate)",
               "a side-menu column that answers 404 (养老服务)",
               "an undated single-page list (婚姻登记: dates only on the detail pages)",
               "a blank column (殡葬管理: 暂无信息) and a 全部 aggregate in the side menu",
               "stale 政策法规 (ColumnName 政策文件, newest 2021-02-10); 规划总结 with ColumnName 规划计划",
               "下一页/尾页 paging; GBK declared only in <meta charset>"],
        entries=[
            page("jggk", "机构概况", "jggk/", "机构职能"),
            agg("zwgk", "政务公开", "zwgk/", "栏目首页",
                ["gzdt", "tzgg", "zcfg", "rsxx", "ghzj", "cwgk", "zd", "nb"]),
            col("gzdt", "工作动态", "zwgk/gzdt/", "动态要闻", S(MZ, "gzdt", "2021-10-28", 25, 4), parent="zwgk"),
            col("tzgg", "通知公告", "zwgk/tzgg/", "通知公告", S(MZ, "tzgg", "2021-10-19", 9, 14), parent="zwgk"),
            col("zcfg", "政策法规", "zwgk/zcfg/", "政策文件", S(MZ, "zcfg", "2021-02-10", 6, 40), parent="zwgk",
                title="政策文件", note="stale: newest 2021-02-10"),
            col("rsxx", "人事信息", "zwgk/rsxx/", "人事信息", [D("2021-09-06"), D("2021-04-02"), D("2020-11-11")],
                parent="zwgk"),
            col("ghzj", "规划总结", "zwgk/ghzj/", "规划计划", [D("2021-07-12"), D("2021-01-20")], parent="zwgk",
                title="规划计划"),
            col("cwgk", "财务公开", "zwgk/cwgk/", "其他", [D("2021-03-28")], parent="zwgk"),
            page("zn", "政府信息公开指南", "zwgk/zn/", "指南", parent="zwgk"),
            col("zd", "政府信息公开制度", "zwgk/zd/", "其他", [D("2020-05-10")], parent="zwgk"),
            col("nb", "政府信息公开年报", "zwgk/nb/", "其他", [D("2021-01-22")], parent="zwgk"),
            agg("mzyw", "民政业务", "mzyw/", "栏目首页", ["shjz", "hydj", "bzgl"]),
            col("shjz", "社会救助", "mzyw/shjz/", "其他", [D("2021-10-15"), D("2021-06-30")], parent="mzyw"),
            col("hydj", "婚姻登记", "mzyw/hydj/", "其他", S(MZ, "hydj", "2021-10-18", 7, 25), parent="mzyw",
                shown="detail", note="the list shows no dates; each detail page has 发布时间 and PubDate"),
            col("ylfw", "养老服务", "mzyw/ylfw/", "其他", [], parent="mzyw", unreachable=True),
            col("bzgl", "殡葬管理", "mzyw/bzgl/", "其他", [], parent="mzyw", blank="nodata"),
            agg("qb", "全部", "mzyw/qb/", "全部", ["shjz", "hydj"], parent="mzyw"),
            page("bsfw", "办事服务", "bsfw/", "服务", note="service guides, not a disclosure column"),
            page("hdjl", "互动交流", "hdjl/", "互动", note="interaction, not a disclosure column"),
        ],
        layout=dict(
            nav=["jggk", "zwgk", "mzyw", "bsfw", "hdjl"],
            blocks=[dict(title="工作动态", rows="gzdt", n=5, more=("gzdt", "text")),
                    dict(title="最新信息", rows="zwgk", n=6, more=("zwgk", "text"))],
            sections={"zwgk": ["gzdt", "tzgg", "zcfg", "rsxx", "ghzj", "cwgk", "zn", "zd", "nb"],
                      "mzyw": ["shjz", "hydj", "ylfw", "bzgl", "qb"]},
        ),
    ),
    dict(
        slug=ZH, author=("缑山镇", "缑山镇人民政府"), name="缑山镇（平台样例）", group="镇（街道）", family="hanweb", charset="utf-8",
        site_name="偃师区缑山镇人民政府", host_unit="偃师区缑山镇人民政府", site_id="4103810096",
        tests=["Hanweb URL shapes: columns /col/colNNNN/index.html, articles /art/Y/M/D/art_C_N.html",
               "nav with dl.subnav (子导航); section pages with a side menu; the 政务公开 section page "
               "is a 全部 list of its children (aggregate)",
               "homepage blocks with a '+' 更多 and yearless dates (10-28)",
               "a top-nav item (疫情防控) that links to an article which is also a dated headline row "
               "of the homepage 通知公告 block: not a column",
               "政策文件: an undated single-page list (dates on detail pages only); 三务公开: no dates anywhere",
               "columns with 1 and 2 items; a blank column (党员教育: an empty <ul>)",
               "the nested-table breadcrumb of Hanweb (td.>a.bt_link, no spaces between attributes)"],
        entries=[
            page("c4101", "镇情概况", "col/col4101/index.html", "概况"),
            agg("c4110", "政务公开", "col/col4110/index.html", "全部",
                ["c4111", "c4112", "c4113", "c4114", "c4115", "c4116"]),
            col("c4111", "镇村动态", "col/col4111/index.html", "动态要闻", S(ZH, "c4111", "2021-10-28", 30, 3),
                parent="c4110"),
            col("c4112", "通知公告", "col/col4112/index.html", "通知公告",
                [D(x) for x in ["2021-10-26", "2021-10-20", "2021-10-09", "2021-09-18", "2021-08-30",
                                "2021-07-15", "2021-05-06"]], parent="c4110",
                titles={"2021-10-20": "缑山镇人民政府关于进一步做好新冠肺炎疫情防控工作的通告"},
                note="the 2021-10-20 item is also the target of the top-nav link 疫情防控"),
            col("c4113", "政策文件", "col/col4113/index.html", "政策文件", S(ZH, "c4113", "2021-10-12", 9, 30),
                parent="c4110", shown="detail"),
            col("c4114", "人事信息", "col/col4114/index.html", "人事信息", [D("2021-05-10")], parent="c4110"),
            col("c4115", "规划计划", "col/col4115/index.html", "规划计划", [D("2021-01-08"), D("2020-12-28")],
                parent="c4110"),
            col("c4116", "三务公开", "col/col4116/index.html", "其他", S(ZH, "c4116", "2021-09-01", 6, 30),
                parent="c4110", shown="none", title="党务村务财务公开",
                note="no date on the list nor on the detail pages: counts as not updated"),
            agg("c4120", "党建工作", "col/col4120/index.html", "栏目首页", ["c4121", "c4122"]),
            col("c4121", "党建动态", "col/col4121/index.html", "动态要闻", [D("2021-10-14"), D("2021-08-20")],
                parent="c4120"),
            col("c4122", "党员教育", "col/col4122/index.html", "其他", [], parent="c4120", blank="empty-ul"),
            page("c4131", "政府信息公开指南", "col/col4131/index.html", "指南", parent="c4133p"),
            col("c4132", "政府信息公开制度", "col/col4132/index.html", "其他", [D("2021-02-26")], parent="c4133p"),
            agg("c4133", "法定主动公开内容", "col/col4133/index.html", "目录节点",
                ["c4113", "c4114", "c4115", "c4116"], parent="c4133p"),
            col("c4134", "政府信息公开年报", "col/col4134/index.html", "其他", [D("2021-01-27")], parent="c4133p"),
            dict(link("c4133p", "政府信息公开", "col/col4130/index.html", "virtual parent"), virtual=True,
                 note="not rendered as a link anywhere: the homepage box title 政府信息公开 is plain text; "
                      "only groups its four items (side menu of their pages); left out of the truth"),
            link("yqfk", "疫情防控", ("c4112", D("2021-10-20")), "article (also a homepage headline)"),
            link("bmfw", "便民服务", "https://www.hnzwfw.gov.cn/", "service (external)"),
        ],
        layout=dict(
            nav=[("首页", []), ("c4101", []), ("c4110", ["c4111", "c4112", "c4113", "c4114", "c4115", "c4116"]),
                 ("c4120", ["c4121", "c4122"]), ("yqfk", []), ("bmfw", [])],
            blocks=[dict(title="镇村动态", rows="c4111", n=6, more=("c4111", "plus")),
                    dict(title="通知公告", rows="c4112", n=5, more=("c4112", "plus")),
                    dict(title="党建动态", rows="c4121", n=5, more=("c4121", "plus"))],
            gkbox=["c4131", "c4132", "c4133", "c4134"],
            sections={"c4110": ["c4111", "c4112", "c4113", "c4114", "c4115", "c4116"],
                      "c4120": ["c4121", "c4122"],
                      "c4133p": ["c4131", "c4132", "c4133", "c4134"]},
        ),
    ),
    dict(
        slug=JD, author=("伊滨街道", "伊滨街道办事处"), name="伊滨街道（平台样例）", group="镇（街道）", family="street", charset="gbk",
        charset_label="gb2312",
        site_name="偃师区伊滨街道办事处", host_unit="偃师区伊滨街道办事处", site_id="4103810097",
        tests=["five blank columns, each blank differently: 暂无信息 text (政策文件), a table with only a "
               "header row (人事信息), an empty <ul> (财务公开), an empty list with a 共0条 pager (党务公开), "
               "an empty <div> reached from the nav and from a homepage 更多 whose block says 暂无信息 (社区动态)",
               "columns with 1 and 2 items (规划计划, 通知公告, 信息公开年报)",
               "通知公告 in the nav and side menu, 公告公示 in its ColumnName and breadcrumb",
               "Pingtan-style breadcrumb (div.breadcrumb, a.CurrChnlCls, relative ../ hrefs)",
               "gb2312 declared in <meta http-equiv>, GBK bytes"],
        entries=[
            page("jdgk", "街道概况", "jdgk/", "概况"),
            agg("zwgk", "政务公开", "zwgk/", "栏目首页", ["gzdt", "tzgg", "ghjh", "nb"]),
            col("gzdt", "工作动态", "zwgk/gzdt/", "动态要闻", S(JD, "gzdt", "2021-10-25", 12, 6), parent="zwgk"),
            col("tzgg", "通知公告", "zwgk/tzgg/", "通知公告", [D("2021-10-08"), D("2021-05-20")], parent="zwgk",
                title="公告公示"),
            col("zcwj", "政策文件", "zwgk/zcwj/", "政策文件", [], parent="zwgk", blank="nodata"),
            col("rsxx", "人事信息", "zwgk/rsxx/", "人事信息", [], parent="zwgk", blank="header-only"),
            col("ghjh", "规划计划", "zwgk/ghjh/", "规划计划", [D("2021-01-15")], parent="zwgk"),
            col("cwgk", "财务公开", "zwgk/cwgk/", "其他", [], parent="zwgk", blank="empty-ul"),
            col("dwgk", "党务公开", "zwgk/dwgk/", "其他", [], parent="zwgk", blank="zero-pager"),
            col("nb", "信息公开年报", "zwgk/nb/", "其他", [D("2021-01-20")], parent="zwgk"),
            page("zn", "政府信息公开指南", "zwgk/zn/", "指南", parent="zwgk"),
            col("sqdt", "社区动态", "sqdt/", "动态要闻", [], blank="empty-div"),
            link("bmfw", "便民服务", "https://www.hnzwfw.gov.cn/", "service (external)"),
        ],
        layout=dict(
            nav=["jdgk", "zwgk", "sqdt", "bmfw"],
            blocks=[dict(title="工作动态", rows="gzdt", n=5, more=("gzdt", "text")),
                    dict(title="社区动态", rows="sqdt", n=5, more=("sqdt", "text")),
                    dict(title="通知公告", rows="tzgg", n=5, more=("tzgg", "text"))],
            sections={"zwgk": ["gzdt", "tzgg", "zcwj", "rsxx", "ghjh", "cwgk", "dwgk", "nb", "zn"]},
        ),
    ),
]

# How found (the brief's vocabulary) for each place the renderer puts a link.
HOW = {"导航": "导航", "子导航": "子导航", "更多": "更多", "首页区块标题": "更多", "侧栏": "侧栏",
       "信息公开目录": "信息公开目录", "目录节点页": "信息公开目录", "图标入口": "信息公开目录",
       "首页信息公开区块": "信息公开目录", "栏目首页区块": "更多"}
HOW_ORDER = ["导航", "子导航", "更多", "侧栏", "信息公开目录"]

SUBJECTS = ["安全生产", "乡村振兴", "人居环境整治", "疫情防控", "优化营商环境", "防汛抗旱", "秋粮收购",
            "文明城市创建", "重点项目建设", "信访稳定", "森林防火", "冬季供暖", "控辍保学", "食品安全"]
DOCS = ["偃师区优化营商环境实施方案", "偃师区乡村振兴三年行动计划", "偃师区城市管理办法", "偃师区突发事件应急预案",
        "偃师区促进就业若干措施", "偃师区最低生活保障实施细则", "偃师区养老服务体系建设方案", "偃师区农村人居环境整治方案",
        "偃师区政府投资项目管理办法", "偃师区住房保障实施办法", "偃师区生态环境保护规划", "偃师区中小企业扶持办法",
        "偃师区行政执法公示办法", "偃师区重大行政决策程序规定"]
FORMS = {
    "动态要闻": ["召开{s}工作推进会", "开展{s}专项检查", "部署{s}工作", "扎实推进{s}工作", "组织{s}业务培训",
             "督导{s}工作落实"],
    "通知公告": ["关于做好{s}工作的通知", "关于开展{s}专项行动的通知", "关于{s}有关事项的公告",
             "关于{s}工作安排的通知", "关于{s}检查结果的公示"],
    "政策文件": ["关于印发《{d}》的通知", "关于进一步落实《{d}》的意见", "关于修订《{d}》的通知"],
    "政策解读": ["《{d}》政策解读", "图解：{d}", "一图读懂《{d}》"],
    "人事信息": ["{y}年公开招聘{o}工作人员公告", "{y}年{o}拟聘用人员公示", "{y}年{o}招聘笔试成绩公示"],
    "规划计划": ["{y}年{s}工作计划", "{y}年上半年{s}工作总结", "{s}“十四五”专项规划"],
}
PLACES = ["王庄村", "李村", "东寨村", "西岭村", "南街社区", "北窑村", "前进社区", "杨庄村", "刘屯村", "府店村"]
HR_ORGS = ["事业单位", "社区工作者", "公益性岗位", "乡镇卫生院", "城市管理协管员", "中小学教师"]


def title_pool(kind, col_name, seed):
    """Distinct titles for a column, in a deterministic shuffled order."""
    form_key = "政策解读" if "解读" in col_name else kind
    pool = []
    for f in FORMS.get(form_key, []):
        for s in SUBJECTS:
            for d in DOCS[:1] if "{d}" not in f else DOCS:
                for o in HR_ORGS[:1] if "{o}" not in f else HR_ORGS:
                    t = f.replace("{s}", s).replace("{d}", d).replace("{o}", o)
                    if t not in pool:
                        pool.append(t)
                if "{d}" in f:
                    break
            if "{s}" not in f and "{d}" in f:
                pool += [f.replace("{d}", d) for d in DOCS if f.replace("{d}", d) not in pool]
                break
            if "{s}" not in f:
                break
    random.Random(seed).shuffle(pool)
    return pool


# ---- the renderer -----------------------------------------------------------------------------

class Site:
    def __init__(self, plan, out_root):
        self.p = plan
        self.slug = plan["slug"]
        self.root = f"/{self.slug}/"
        self.dir = os.path.join(out_root, self.slug)
        self.charset = plan["charset"]
        self.label = plan.get("charset_label", self.charset)
        self.e = {x["key"]: x for x in plan["entries"]}
        self.L = plan["layout"]
        self.found = {}  # key -> [dict(how, where, on)]
        self.items = {}  # col key -> [dict(title, date, url, col)]
        self.files = {}
        self.seq = 0
        self.rng = random.Random(self.slug)
        for k, e in self.e.items():
            if e["type"] == "col":
                self.items[k] = self.make_items(e)

    # -- plan helpers ---------------------------------------------------------------------------
    def url(self, key):
        e = self.e[key]
        if e["type"] == "link":
            u = e["url"]
            if isinstance(u, tuple):  # an article of a column
                return next(it["url"] for it in self.items[u[0]] if it["date"] == u[1])
            return u if "://" in u else self.root + u
        return self.root + e["path"]

    def chain(self, key):
        """Ancestors, outermost first, then the entry itself."""
        out = []
        while key:
            out.insert(0, key)
            key = self.e[key].get("parent")
        return out

    def section_of(self, key):
        for k in self.chain(key)[-2::-1]:
            if k in self.L.get("sections", {}):
                return k
        return None

    def mark(self, key, where, on):
        if key not in self.e:
            return
        rec = dict(how=HOW.get(where.split(" ")[0], where), where=where, on=on)
        lst = self.found.setdefault(key, [])
        if rec not in lst:
            lst.append(rec)

    def art_path(self, e, d, n):
        if self.p["family"] == "hanweb":
            cid = e["path"].split("/")[1][3:]
            if e["shown"] == "none":
                return f"col/col{cid}/art_{n}.html"
            return f"art/{d.year}/{d.month}/{d.day}/art_{cid}_{n}.html"
        return f"{e['path']}{d:%Y%m}/t{d:%Y%m%d}_{n}.html"

    def make_items(self, e):
        news, doc = self.p["author"]
        pool = title_pool(e["kind"], e["title"], f"{self.slug}/{e['key']}/t")
        items, seen = [], set()
        for i, d in enumerate(e["dates"]):
            self.seq += 1
            n = 90000 + self.seq
            if e["kind"] == "其他" and e["shown"] != "list":
                # no period in the title either: an undated column must stay undated to the eye
                t = f"{doc}{e['title']}信息（{PLACES[i % len(PLACES)]}）"
            elif e["kind"] == "其他":
                t = f"{doc}{d.year}年{d.month}月{e['title']}情况"
            elif e["kind"] == "动态要闻":
                t = news + pool[i % len(pool)]
            elif "解读" in e["title"]:
                t = pool[i % len(pool)]
            else:
                t = doc + pool[i % len(pool)]
            t = e["titles"].get(d.isoformat(), t).replace("{y}", str(d.year))
            k = 2
            while t in seen:
                t, k = t.rstrip("）").split("（")[0] + f"（{k}）", k + 1
            seen.add(t)
            items.append(dict(title=t, date=d, url=self.root + self.art_path(e, d, n), col=e["key"]))
        return items

    def agg_items(self, key):
        e = self.e[key]
        out = []
        for s in e["sources"]:
            if s in self.items and self.e[s]["shown"] != "none":
                out += self.items[s]
        return sorted(out, key=lambda it: (it["date"], it["url"]), reverse=True)

    def rows(self, key):
        e = self.e[key]
        return self.items.get(key, []) if e["type"] == "col" else self.agg_items(key)

    # -- output ---------------------------------------------------------------------------------
    def write(self, url, text):
        rel = url[len(self.root):].split("?")[0]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        self.files[rel] = text.encode(self.charset) if isinstance(text, str) else text

    def flush(self):
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        for rel in sorted(self.files):
            path = os.path.join(self.dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(self.files[rel])

    @staticmethod
    def esc(s):
        return html.escape(s, quote=True)

    def meta(self, col_name=None, art=None, col_type=None):
        m = [("SiteName", self.p["site_name"]), ("SiteDomain", "127.0.0.1"), ("SiteIDCode", self.p["site_id"])]
        if col_name:
            desc = col_name if col_name.startswith(self.p["site_name"]) else f"{self.p['site_name']}{col_name}"
            m += [("ColumnName", col_name), ("ColumnDescription", desc),
                  ("ColumnKeywords", col_name), ("ColumnType", col_type or col_name)]
        if art:
            m += [("ArticleTitle", art["title"])]
            if art.get("pubdate"):
                m += [("PubDate", art["pubdate"])]
            m += [("ContentSource", self.p["host_unit"])]
        return m

    def pager(self, n, total, count):
        """Paging of list page n (0-based) of `total`; family-specific."""
        return ""

    def page_url(self, base, n):
        return base + ("index.html" if n == 0 else f"index_{n}.html") if base.endswith("/") else \
            base.rsplit("/", 1)[0] + "/" + ("index.html" if n == 0 else f"index_{n}.html")

    # -- build ----------------------------------------------------------------------------------
    def build(self):
        self.home()
        for k, e in self.e.items():
            if e["type"] == "col" and not e["unreachable"]:
                its = self.items[k]
                pages = [its[i:i + PER_PAGE] for i in range(0, len(its), PER_PAGE)] or [[]]
                for n, chunk in enumerate(pages):
                    self.write(self.page_url(self.url(k), n), self.list_page(e, chunk, n, len(pages), len(its)))
                for it in its:
                    self.write(it["url"], self.article(e, it))
            elif e["type"] == "agg":
                self.agg_page(e)
            elif e["type"] == "page":
                self.single_page(e)
        self.extra()
        for img in self.images():
            self.write(self.root + img, PNG)
        self.write(self.root + "css/style.css", "body{margin:0}\n")

    def extra(self):
        pass

    def images(self):
        return ["images/logo.png", "images/red.png"]

    def footer_identity(self):
        sid = self.p["site_id"]
        return (f'<p>主办单位：{self.p["host_unit"]}　地址：偃师区政务服务中心　电话：0379-67712345</p>\n'
                f'<p>网站标识码：{sid}　<a href="https://beian.miit.gov.cn/" target="_blank">豫ICP备05019{sid[-3:]}号-1</a>　'
                f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=41038102000{sid[-3:]}" '
                f'target="_blank">豫公网安备 41038102000{sid[-3:]}号</a></p>\n'
                f'<p><a href="https://bszs.conac.cn/sitename?method=show&amp;id=0A00{sid[-3:]}" target="_blank">'
                f'<img src="{self.root}images/red.png" alt="党政机关"></a>　'
                f'<a href="https://zfwzzc.www.gov.cn/" target="_blank">我为政府网站找错</a></p>\n')

    def article_text(self, e, it):
        return (f"<p>　　{self.esc(it['title'])}。为深入贯彻落实区委、区政府工作部署，{self.p['host_unit']}"
                f"认真组织实施，扎实推进各项工作，取得阶段性成效。</p>\n"
                f"<p>　　下一步，将进一步压实责任，细化措施，确保各项任务落到实处。</p>\n")

    # -- truth ----------------------------------------------------------------------------------
    def truth(self):
        cols, aggs, others = [], [], []
        for k, e in self.e.items():
            if e.get("virtual"):
                continue
            found = self.found.get(k, [])
            # how: what an inspector sees first — places on the entry page before places on other
            # pages, then in the order 导航, 子导航, 更多, 侧栏, 信息公开目录.
            entry_pages = (self.root, self.root + "index.html")
            hows = [(f["on"] not in entry_pages, HOW_ORDER.index(f["how"])) for f in found if f["how"] in HOW_ORDER]
            how = HOW_ORDER[min(hows)[1]] if hows else None
            if e["type"] == "col":
                its = self.items[k]
                dated = e["shown"] != "none"
                octo = sum(1 for it in its if dated and OCT[0] <= it["date"] <= OCT[1])
                newest = max(it["date"] for it in its).isoformat() if its and dated else None
                cols.append(dict(
                    key=k, name=e["name"], column_name=e["title"], path=self.url(k), kind=e["kind"], how=how,
                    found_in=found, items_total=0 if e["unreachable"] else len(its),
                    items_october=0 if e["unreachable"] else octo,
                    newest=None if e["unreachable"] else newest,
                    blank=(not e["unreachable"] and not its), blank_style=e["blank"],
                    unreachable=e["unreachable"], dates_shown=e["shown"],
                    dates_in_urls=bool(its) and all(it["date"].strftime("%Y") in it["url"] for it in its),
                    list_pages=0 if e["unreachable"] else max(1, -(-len(its) // PER_PAGE)),
                    note=e["note"]))
            elif e["type"] == "agg":
                aggs.append(dict(key=k, name=e["name"], path=self.url(k), what=e["what"],
                                 sources=e["sources"], found_in=found, note=e["note"]))
            else:
                others.append(dict(key=k, name=e["name"], path=self.url(k), type=e["type"], what=e["what"],
                                   found_in=found, note=e["note"]))
        req = {}
        for item, words in [("政府信息公开指南", ["指南"]), ("政府信息公开制度", ["制度"]),
                            ("法定主动公开内容", ["法定主动公开"]), ("政府信息公开年报", ["年报"]),
                            ("依申请公开", ["依申请"])]:
            hit = [self.url(k) for k, e in self.e.items() if any(w in e["name"] for w in words)
                   and e["type"] != "link"]
            req[item] = hit[0] if hit else None
        return dict(slug=self.slug, name=self.p["name"], group=self.p["group"], entry=self.root,
                    family=self.p["family"], charset=self.label, tests=self.p["tests"],
                    columns=cols, aggregates=aggs, not_columns=others, required_items=req)


# ---- family: district portal (Fengtai-style nav) ------------------------------------------------

TRS_CREATE_PAGE = """<script language="JavaScript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
	if(_nPageCount == null || _nPageCount<=1){
		return;
	}
	var nCurrIndex = _nCurrIndex || 0;
	if(nCurrIndex == 0)
		document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;");
	else{
		document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");
		if(nCurrIndex == 1)
			document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">上一页</a>&nbsp;");
		else
			document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\\">上一页</a>&nbsp;");
	}
	for(var i=0; i<_nPageCount; i++){
		if(i == nCurrIndex)
			document.write("<span class=\\"cur\\">"+(i+1)+"</span>&nbsp;");
		else if(i == 0)
			document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">"+(i+1)+"</a>&nbsp;");
		else
			document.write("<a href=\\""+_sPageName+"_" + i + "."+_sPageExt+"\\">"+(i+1)+"</a>&nbsp;");
	}
	if(nCurrIndex == (_nPageCount-1))
		document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
	else
		document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\\">下一页</a>&nbsp;"
			+ "<a href=\\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\\">尾页</a>");
}
</script>"""


class Portal(Site):
    def shell(self, title, body, meta, home=False):
        metas = "".join(f'<meta name="{k}" content="{self.esc(v)}">\n' for k, v in meta)
        return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n{metas}'
                f'<title>{self.esc(title)}</title>\n<link rel="stylesheet" type="text/css" href="{self.root}css/style.css">\n'
                f'</head>\n<body>\n<div class="top"><div class="w1200"><span class="welcome">欢迎访问{self.p["site_name"]}网站</span>'
                f'<ul class="top_link"><li class="pc"><a href="javascript:;" id="cniil_wza">无障碍</a></li>'
                f'<li><a href="{self.root}wzdt/">网站地图</a></li></ul></div></div>\n'
                f'<div class="header"><div class="w1200"><a href="{self.root}" class="logo"><img src="{self.root}images/logo.png" '
                f'alt="{self.p["site_name"]}"></a>\n<form action="{self.root}search/" class="search"><label for="q">站内搜索</label>'
                f'<input id="q" name="q" type="text"><input type="submit" value="搜索"></form></div></div>\n'
                f'{self.nav(home)}\n{body}\n<div class="footer"><div class="w1200">\n{self.footer_identity()}</div></div>\n'
                f'</body>\n</html>\n')

    def nav(self, home):
        out = ['<div class="secTopNavBox">', '\t<ul class="secTopNav">']
        for key, subs in self.L["nav"]:
            if key == "首页":
                out.append(f'\t\t<li><a href="{self.root}" target="_parent">首页</a></li>')
                continue
            u, name = self.url(key), self.e[key]["name"]
            tgt = ' target="_blank"' if "://" in u else ' target="_parent"'
            if home:
                self.mark(key, "导航", self.root)
            if not subs:
                out.append(f'\t\t<li>\n\t\t\t<a href="{u}" rel="{u}" class=""{tgt}>{name}</a>\n\t\t</li>')
                continue
            out.append(f'\t\t<li>\n\t\t\t<a href="{u}" rel="{u}" class=""{tgt}>{name}</a>')
            out.append(f'\t\t\t<div class="menu_secondary" style="display: none;">\n\t\t\t\t<ul class="menu_{key}">')
            for s in subs:
                if home:
                    self.mark(s, "子导航", self.root)
                out.append(f'\t\t\t\t\t<li><a href="{self.url(s)}"  target="_parent">{self.e[s]["name"]}</a></li>')
            out.append('\t\t\t\t</ul>\n\t\t\t</div>\n\t\t</li>')
        out.append('\t</ul>\n</div>')
        return "\n".join(out)

    def row(self, it, short=False):
        t = self.esc(it["title"])
        return f'<li><a href="{it["url"]}" title="{t}" target="_blank">{t}</a><span class="date">{it["date"]:%Y-%m-%d}</span></li>'

    def more(self, key, style, on, where="更多"):
        u = self.url(key)
        self.mark(key, f"{where} ({style})" if where == "更多" else where, on)
        if style == "image":
            return f'<a class="more" href="{u}" title="更多"><img src="{self.root}images/more.png" alt=""></a>'
        if style == "plus":
            return f'<a class="more" href="{u}" target="_blank">+</a>'
        return f'<a class="more" href="{u}">更多&gt;&gt;</a>'

    def home(self):
        parts = ['<div class="w1200 index_main clearfix">']
        for b in self.L["blocks"]:
            rows = self.rows(b["rows"])[:b["n"]]
            tit = (f'<h3><a href="{self.url(b["rows"])}">{b["title"]}</a></h3>' if b.get("title_link")
                   else f'<h3>{b["title"]}</h3>')
            if b.get("title_link"):
                self.mark(b["rows"], "首页区块标题", self.root)
            body = "\n".join(self.row(it) for it in rows) or '<li class="nodata">暂无信息</li>'
            parts.append(f'<div class="index_box"><div class="box_tit">{tit}{self.more(*b["more"], self.root)}</div>\n'
                         f'<ul class="box_list">\n{body}\n</ul></div>')
        gk = "".join(f'<li><a href="{self.url(k)}">{self.e[k]["name"]}</a></li>' for k in self.L["gkbox"])
        for k in self.L["gkbox"]:
            self.mark(k, "首页信息公开区块", self.root)
        self.mark("xxgk", "首页区块标题", self.root)
        parts.append(f'<div class="index_box gk"><div class="box_tit"><h3><a href="{self.url("xxgk")}">政府信息公开</a></h3></div>'
                     f'<ul class="gk_list">{gk}</ul></div>')
        parts.append(f'<div class="index_box hd"><ul><li><a href="{self.url("qzxx")}">区长信箱</a></li>'
                     f'<li><a href="{self.url("zwfw")}" target="_blank">网上办事</a></li></ul></div>')
        parts.append("</div>")
        self.write(self.root, self.shell(self.p["site_name"], "\n".join(parts), self.meta(), home=True))

    def crumb(self, key):
        links = [f'<a href="{self.root}">首页</a>']
        for k in self.chain(key):
            if self.e[k]["type"] != "link":
                links.append(f'<a href="{self.url(k)}">{self.e[k]["title"]}</a>')
        return '<div class="position">当前位置：' + " &gt; ".join(links) + "</div>"

    def left(self, key, sec):
        if not sec:
            return ""
        on = self.url(sec)
        lis = []
        for k in self.L["sections"][sec]:
            self.mark(k, "侧栏", on if key == sec else self.url(key))
            cls = ' class="on"' if k == key else ""
            lis.append(f'<li{cls}><a href="{self.url(k)}">{self.e[k]["name"]}</a></li>')
        return (f'<div class="left"><div class="left_tit"><h2>{self.e[sec]["name"]}</h2></div>\n'
                f'<ul class="left_nav">\n' + "\n".join(lis) + "\n</ul></div>")

    def pager(self, n, total, count):
        if total <= 1:
            return ""
        return (f'<div class="page">{TRS_CREATE_PAGE}\n<script language="JavaScript">'
                f'createPageHTML({total}, {n}, "index", "html");</script></div>')

    def list_page(self, e, chunk, n, total, count):
        k = e["key"]
        body = "\n".join(self.row(it) for it in chunk) or '<li class="nodata">暂无信息</li>'
        main = (f'<div class="w1200 main clearfix">\n{self.left(k, self.section_of(k))}\n<div class="right">'
                f'{self.crumb(k)}\n<div class="list_tit"><h3>{e["title"]}</h3></div>\n'
                f'<ul class="list">\n{body}\n</ul>\n{self.pager(n, total, count)}\n</div></div>')
        return self.shell(f'{e["title"]}-{self.p["site_name"]}', main, self.meta(e["title"], col_type="列表"))

    def article(self, e, it):
        pub = f'{it["date"]:%Y-%m-%d} 10:00'
        body = (f'<div class="w1200 main">{self.crumb(e["key"])}\n<div class="article"><h1 class="art_tit">'
                f'{self.esc(it["title"])}</h1>\n<div class="art_info">发布时间：{pub}　来源：{self.p["host_unit"]}</div>\n'
                f'<div id="zoom" class="art_con">\n{self.article_text(e, it)}</div></div></div>')
        return self.shell(f'{it["title"]}-{self.p["site_name"]}', body,
                          self.meta(e["title"], dict(title=it["title"], pubdate=pub)))

    def agg_page(self, e):
        k = e["key"]
        on = self.url(k)
        if e["what"] == "栏目首页":
            blocks = []
            for s in self.L["sections"][k]:
                se = self.e[s]
                if se["type"] != "col" or se["unreachable"]:
                    continue
                rows = "\n".join(self.row(it) for it in self.items[s][:5]) or '<li class="nodata">暂无信息</li>'
                blocks.append(f'<div class="sec_box"><div class="sec_tit"><h3>{se["name"]}</h3>'
                              f'{self.more(s, "text", on, "栏目首页区块")}</div>\n<ul class="list">\n{rows}\n</ul></div>')
            right = "\n".join(blocks)
        elif e["what"] == "目录节点":
            for s in e["sources"]:
                self.mark(s, "目录节点页", on)
            right = ('<ul class="ml_list">' + "".join(
                f'<li><a href="{self.url(s)}">{self.e[s]["name"]}</a></li>' for s in e["sources"]) + "</ul>")
        else:  # 最新信息, 信息公开首页
            rows = "\n".join(self.row(it) for it in self.agg_items(k)[:20])
            head = ""
            if e["what"] == "信息公开首页":
                head = '<div class="sec_tit"><h3>最新公开</h3></div>\n'
            right = f'{head}<ul class="list">\n{rows}\n</ul>'
        sec = k if k in self.L["sections"] else self.section_of(k)
        main = (f'<div class="w1200 main clearfix">\n{self.left(k, sec)}\n<div class="right">{self.crumb(k)}\n'
                f'<div class="list_tit"><h3>{e["title"]}</h3></div>\n{right}\n</div></div>')
        self.write(on, self.shell(f'{e["title"]}-{self.p["site_name"]}', main, self.meta(e["title"])))

    def single_page(self, e):
        k = e["key"]
        text = {"指南": "一、主动公开\n二、依申请公开\n三、监督和救济", "机构职能": "主要职责：……　办公地址：偃师区政务服务中心　"
                "办公时间：工作日8:30-12:00，14:30-17:30　联系电话：0379-67712345　负责人：王某某",
                "依申请公开": "申请方式：当面申请、信函申请、网上申请。", "概况": "偃师区位于河南省西部……",
                "互动": "区长信箱　咨询投诉　意见征集"}[e["what"]]
        paras = "".join(f"<p>{self.esc(x)}</p>" for x in text.split("\n"))
        sec = self.section_of(k) if self.e[k].get("parent") else None
        main = (f'<div class="w1200 main clearfix">\n{self.left(k, sec) if sec else ""}\n<div class="right">'
                f'{self.crumb(k)}\n<div class="article"><h1 class="art_tit">{e["title"]}</h1>\n'
                f'<div id="zoom">{paras}</div></div></div></div>')
        self.write(self.url(k), self.shell(f'{e["title"]}-{self.p["site_name"]}', main, self.meta(e["title"])))

    def extra(self):
        form = ('<form class="letter"><label for="t">标题</label><input id="t" name="t" type="text">'
                '<label for="c">内容</label><textarea id="c" name="c"></textarea><input type="submit" value="提交"></form>')
        self.write(self.url("qzxx"), self.shell("区长信箱", f'<div class="w1200 main"><h1>区长信箱</h1>{form}</div>', self.meta()))
        for rel, t in [("wzdt/", "网站地图"), ("search/", "站内搜索")]:
            self.write(self.root + rel, self.shell(t, f'<div class="w1200 main"><h1>{t}</h1></div>', self.meta()))

    def images(self):
        return super().images() + ["images/more.png"]


# ---- family: TRS 政府信息公开 platform (Handan) --------------------------------------------------

TRS_COUNTPAGE = """                            <div class="page">
                                <script language="javascript">
                                    var countnum= {count};
                                    var currentPage={n};
                                    var prevPage=currentPage-1
                                    var nextPage=currentPage+1
                                    var countPage={total}
                                    var endPage=countPage-1
                                    document.write("<a href=\\"index.html\\" target=\\"_self\\" >首页</a>&nbsp;&nbsp;");
                                    if(countPage>1&&currentPage!=0&&currentPage!=1)
                                        document.write("<a  href=\\"index"+"_"+prevPage+"."+"html\\" target=\\"_self\\">上一页</a>&nbsp;&nbsp;");
                                    else if(countPage>1&&currentPage!=0&&currentPage==1)
                                        document.write("<a  href=\\"index.html\\" target=\\"_self\\">上一页</a>&nbsp;&nbsp;");
                                    else
                                        document.write("<span class='bg'>上一页</span>&nbsp;&nbsp;");
                                    var num=6;
                                    var startPage=currentPage-2;
                                    if(startPage<0)startPage=0;
                                    var endpage=startPage+num;
                                    if(endpage>countPage)
                                        endpage=countPage;
                                    startPage=endpage-6;
                                    if(startPage<0)startPage=0;
                                    for(var i=startPage;i<endpage;i++){{
                                        if(currentPage==i)
                                            document.write("<span class='now'>"+(i+1)+"</span>&nbsp;&nbsp;");
                                        else if(i==0){{
                                            document.write("<a  href=\\"index.html\\" target=\\"_self\\" class='pnum'>"+1+"</a>&nbsp;&nbsp;");
                                        }}else
                                            document.write("<a href=\\"index"+"_"+i+"."+"html\\" target=\\"_self\\" class='pnum'>"+(i+1)+"</a>&nbsp;&nbsp;");}}
                                    if(countPage>1&&currentPage!=(countPage-1))
                                        document.write("<a href=\\"index"+"_"+nextPage+"."+"html\\" target=\\"_self\\">下一页</a>&nbsp;&nbsp;");
                                    else
                                        document.write("<span class='bg'>下一页</span>&nbsp;&nbsp;");
                                    if(countPage==1)
                                        document.write("<a  href=\\"index.html\\" target=\\"_self\\">尾页</a>");
                                    else if(countPage>1)
                                        document.write("<a  href=\\"index_"+endPage+".html\\" target=\\"_self\\">尾页</a>");

                                </script>
                            </div>"""


class Xxgk(Site):
    PORTAL = "http://www.yanshi.gov.cn/"

    def shell(self, title, body, meta):
        metas = "".join(f'<meta name="{k}" content="{self.esc(v)}">\n' for k, v in meta)
        return (f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html lang="zh-CN"><head>'
                f'<meta http-equiv="Content-Type" content="text/html; charset={self.label}">\n\n{metas}'
                f'<title>{self.esc(title)}</title>\n<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
                f'<link rel="stylesheet" href="{self.root}css/style.css">\n</head>\n<body>\n'
                f'<div class="body_l_bg"></div>\n<div class="body_r_bg"></div>\n'
                f'<div class="f_w clearfix">\n\t<div class="w">\n\t\t<div class="header_szf">\n'
                f'\t\t\t<div class="logo"> <a href="{self.PORTAL}"> <img src="{self.root}images/logo1.png" alt="{self.p["site_name"]}"> </a> </div>\n'
                f'\t\t\t<div class="lj"> <img src="{self.root}images/icon_sjb.png" alt=""> <a href="http://www.gov.cn/" target="_blank">中国政府网站</a>｜ '
                f'<a href="http://www.henan.gov.cn/" target="_blank">河南省政府网站</a> </div>\n\t\t</div>\n\t</div>\n</div>\n\n'
                f'<!-- 导航 -->\n<div class="sx-navs">\n    <ul class="sx-list">\n'
                f'        <li><a href="{self.PORTAL}" target="_blank">首页</a></li>\n'
                f'        <li><a href="{self.root}">信息公开</a></li>\n    </ul>\n</div>\n'
                f'{body}\n{self.dhlm()}\n</body></html>\n')

    def dhlm(self):
        p = self.PORTAL
        return (f'<div class="w">\n\t<div class="dhlm clearfix">\n\t\t<ul>\n'
                f'\t\t\t<li class="first"> <a href="{p}">网站首页</a> </li>\n'
                f'\t\t\t<li> <a href="{p}zjys/">走进偃师</a> </li>\n\t\t\t<li> <a href="{p}ysyw/">偃师要闻</a> </li>\n\t\t</ul>\n'
                f'\t\t<ul>\n\t\t\t<li class="first"> <a href="#">信息公开</a> </li>\n'
                f'\t\t\t<li> <a href="{self.root}" target="_blank">政府信息公开</a> </li>\n'
                f'\t\t\t<li> <a href="{p}zmhd/yjzj/" target="_blank">意见征集</a> </li>\n\t\t</ul>\n\t</div>\n'
                f'\t<div class="footer_bg">\n\t\t<div class="footer">\n{self.footer_identity()}\t\t</div>\n\t</div>\n</div>')

    def li_row(self, it):
        t = self.esc(it["title"])
        return (f'\t\t\t\t<li><img src="{self.root}images/sx-ds.jpg" alt=""><a href="{it["url"]}" target="_blank">\n'
                f'\t\t\t\t\t<p>{t}</p>\n\t\t\t\t\t</a><span>{it["date"]:%Y-%m-%d}</span></li>\n')

    def home(self):
        L, r = self.L, self.root
        side = []
        for k in L["side"]:
            self.mark(k, "侧栏", r)
            side.append(f'\t\t\t\t<li>\n\t\t\t\t\t<div class="su-l1">\n\t\t\t\t\t\t<div class="sx-tp"></div>\n\t\t\t\t\t</div>\n'
                        f'\t\t\t\t\t<div class="su-l2"><a href="{self.url(k)}" target="_blank">{self.e[k]["name"]}</a></div>\n'
                        f'\t\t\t\t</li>')
        rec = L["recent"]
        self.mark(rec, "首页区块标题", r)
        self.mark(rec, "更多 (text)", r)
        recent = "".join(self.li_row(it) for it in self.agg_items(rec)[:13])
        tiles = []
        for k in L["tiles"]:
            self.mark(k, "图标入口", r)
            n = L["tiles"].index(k) + 1
            tiles.append(f'\t\t\t\t<a href="{self.url(k)}" target="_blank">\n\t\t\t\t<li>\n'
                         f'\t\t\t\t\t<div><img src="{r}images/tile_{n:02d}.jpg">\n'
                         f'\t\t\t\t\t\t<p>{self.e[k]["name"]}</p>\n\t\t\t\t\t</div>\n\t\t\t\t</li>\n\t\t\t\t</a>\n')
        self.mark(L["apply"], "首页区块标题", r)
        tabs, lists = [], []
        for i, k in enumerate(L["tabs"]):
            self.mark(k, "首页区块标题", r)
            style = ' style="color: rgb(255, 255, 255); background: rgb(45, 102, 165);"' if i == 0 else ' style=""'
            tabs.append(f'<a href="{self.url(k)}" target="_blank" class="s2r-as"{style}>{self.e[k]["name"]}</a>')
            rows = "".join(self.li_row(it) for it in self.items[k][:12])
            disp = "block" if i == 0 else "none"
            lists.append(f'\t\t\t<ul class="sx-c1-list list1" style="display: {disp};">\n\n{rows}\n\t\t\t</ul>')
        self.mark(L["tabs"][0], "更多 (text)", r)
        body = (f'<div class="sx-width">\n\n\t<!-- 内容一 -->\n\t<div class="sx-cot1 clearFix">\n\t\t<!-- 左边块 -->\n'
                f'\t\t<div class="sx-c1-left">\n\t\t\t<!-- 搜索 -->\n\t\t\t<div class="sx-sos clearFix">\n'
                f'\t\t\t\t<form id="schform" method="post" name="schform" action="{r}search/" target="_blank">\n'
                f'\t\t\t\t\t<input type="text" alt="本栏检索" title="本栏检索" placeholder="本栏检索" id="keyword" name="searchword" class="blinput">\n'
                f'\t\t\t\t\t<button type="submit">搜索</button>\n\t\t\t\t</form>\n\t\t\t</div>\n'
                f'\t\t\t<!-- 栏目 -->\n\t\t\t<ul class="sx-uls">\n' + "\n".join(side) + '\n\t\t\t</ul>\n\t\t</div>\n'
                f'\t\t<!-- 右边块 -->\n\t\t<div class="sx-c1-right">\n\t\t\t<!-- 标题 -->\n'
                f'\t\t\t<div class="sx-c1-title clearFix"> <img src="{r}images/sx-blue.jpg" alt=""> <a href="{self.url(rec)}">\n'
                f'\t\t\t\t<h1>{self.e[rec]["name"]}</h1>\n\t\t\t\t</a> <a href="{self.url(rec)}" class="sx-more1">更多&gt;&gt;</a> </div>\n'
                f'\t\t\t<ul class="sx-c1-list">\n\n{recent}\n\t\t\t</ul>\n\t\t</div>\n\t</div>\n'
                f'\t<!-- 内容二 -->\n\t<div class="sx-cot2 clearFix">\n\t\t<!-- 左边块 -->\n\t\t<div class="sx-c2-left">\n'
                f'\t\t\t<!-- 标题 -->\n\t\t\t<div class="sx-c2-title"> <a href="{self.url(L["apply"])}" target="_blank">'
                f'{self.e[L["apply"]]["name"]}</a> </div>\n\t\t\t<ul class="sx-c2-list">\n\n' + "\n".join(tiles) +
                f'\n\t\t\t</ul>\n\t\t</div>\n\t\t<!-- 右边块 -->\n\t\t<div class="sx-c2-right">\n\t\t\t<!-- 标题 -->\n'
                f'\t\t\t<div class="sx-c2r-title clearFix"> ' + " ".join(tabs) +
                f' <a href="{self.url(L["tabs"][0])}" class="sx-c2-more">更多&gt;&gt;</a> </div>\n' + "\n".join(lists) +
                '\n\t\t</div>\n\t</div>\n</div>')
        meta = self.meta(f'{self.p["site_name"]}政府信息公开', col_type="信息公开，政策文件")
        self.write(r, self.shell(f'{self.p["site_name"]}政府信息公开', body, meta))

    def crumb(self, key):
        parts = [f'<a href="{self.root}" title="首页" class="CurrChnlCls">首页</a>']
        for k in self.chain(key):
            parts.append(f'<a href="{self.url(k)}" title="{self.e[k]["title"]}" class="CurrChnlCls">{self.e[k]["title"]}</a>')
        return '<div class="sx-more1">' + "-&gt;".join(parts) + "</div>"

    def table(self, rows, blank=None):
        head = ('                    <table>\n                        <tbody><tr>\n'
                '                            <th width="47%" height="35">名称</th>\n'
                '                            <th width="21%" height="35">索引号</th>\n'
                '                            <th width="19%" height="35">发布机构</th>\n'
                '                            <th width="12%" height="35">发布日期</th>\n                        </tr>\n')
        body = ""
        for it in rows:
            t = self.esc(it["title"])
            body += (f'\n                        <tr>\n                            <td height="35"><a href="{it["url"]}" title="{t}">\n'
                     f'                                {t}\n                            </a></td>\n'
                     f'                            <td height="35">{self.index_no(it)}</td>\n'
                     f'                            <td height="35">{self.p["host_unit"]}</td>\n'
                     f'                            <td height="35">{it["date"]:%Y-%m-%d}</td>\n                        </tr>\n')
        if not rows and blank == "nodata-row":
            body = '\n                        <tr><td colspan="4" height="35">暂无信息</td></tr>\n'
        return head + body + "\n                        </tbody></table>\n"

    def index_no(self, it):
        return f'11410381MB{self.p["site_id"][-4:]}/{it["date"].year}-{it["url"][-10:-5]}'

    def list_body(self, e, rows, n, total, count, tabs=""):
        return (f'<div class="sx-width">\n    <!-- 内容一 -->\n    <div class="sx-cot1 clearFix">\n'
                f'        <div class="sx-c1-left1">\n            <div class="ss1">\n'
                f'                <form method="post" name="trssearchform" id="trssearchform" action="{self.root}search/">\n'
                f'                    <input type="text" name="sword" id="sword" placeholder="请输入搜索内容...">\n'
                f'                    <select name="searchColumn" id="select"><option value="all">全部</option>'
                f'<option value="biaoti">名称</option><option value="indexid">索引号</option></select>\n'
                f'                </form>\n            </div>\n        </div>\n\n        <!-- 右边块 -->\n'
                f'        <div class="sx-c2-right1">\n            <!-- 标题 -->\n'
                f'            <div class="sx-c1-title clearFix"> <img src="{self.root}images/sx-blue.jpg" alt="">\n'
                f'                <h1>{e["title"]}</h1>\n\n                {self.crumb(e["key"])}\n\n            </div>\n{tabs}'
                f'            <ul class="sx-c1-list list1" style="display:block;">\n'
                f'                <div class="szbmtclb fl clearfix" style="width:100%;">\n'
                f'{self.table(rows, e.get("blank"))}'
                f'                    <div class="news-list">\n                        <div class="clear"></div>\n'
                f'                        <div class="page_box">\n'
                f'{TRS_COUNTPAGE.format(count=count, n=n, total=total)}\n'
                f'                        </div>\n                        <div class="clear"></div>\n'
                f'                    </div>\n                </div>\n\n            </ul>\n\n        </div>\n    </div>\n</div>')

    def list_page(self, e, chunk, n, total, count):
        meta = self.meta(e["title"], col_type="信息公开，" + e["kind"])
        return self.shell(f'{e["title"]}-{self.p["site_name"]}政府信息公开', self.list_body(e, chunk, n, total, count), meta)

    def article(self, e, it):
        cn = f'{it["date"].year}年{it["date"].month:02d}月{it["date"].day:02d}日'
        body = (f'<div class="bggggg"></div>\n<div class="container content" style=" margin-top:0px;">\n'
                f'    <div class="top cf">\n        <div class="top-l fl">\n'
                f'            <p><strong>索引号</strong>：{self.index_no(it)}</p>\n'
                f'            <p><strong>发布机构</strong>：{self.p["host_unit"]}</p>\n'
                f'            <p><strong>名称</strong>：{self.esc(it["title"])}</p>\n'
                f'            <p><strong>文号</strong>：无</p>\n        </div>\n        <div class="top-r fr">\n'
                f'            <p><strong>主题分类</strong>：{e["title"]}</p>\n'
                f'            <!--<p><strong>成文日期</strong>：{cn}</p>-->\n'
                f'            <p><strong>发布日期</strong>：{cn}</p>\n        </div>\n'
                f'        <div style="clear: both;"></div>\n    </div>\n'
                f'    <div class="detail"><h1>{self.esc(it["title"])}</h1>\n    <div class="TRS_Editor">\n'
                f'{self.article_text(e, it)}    </div></div>\n</div>')
        meta = self.meta("部门信息公开", dict(title=it["title"], pubdate=cn), col_type="政策文件，信息公开")
        return self.shell(it["title"], body, meta)

    def agg_page(self, e):
        k, on = e["key"], self.url(e["key"])
        if e["what"] in ("最新信息", "全部"):
            its = self.agg_items(k)
            pages = [its[i:i + PER_PAGE] for i in range(0, len(its), PER_PAGE)] or [[]]
            tabs = ""
            if e["what"] == "全部":
                for s in e["sources"]:
                    self.mark(s, "目录节点页", on)
                tabs = ('            <div class="zcwj_tab"><a class="on" href="./">全部</a>' + "".join(
                    f'<a href="{self.url(s)}">{self.e[s]["name"]}</a>' for s in e["sources"]) + "</div>\n")
            for n, chunk in enumerate(pages):
                body = self.list_body(e, chunk, n, len(pages), len(its), tabs)
                self.write(self.page_url(on, n), self.shell(f'{e["title"]}-{self.p["site_name"]}', body,
                                                            self.meta(e["title"], col_type="信息公开")))
            return
        # 目录节点 / 部门目录: a directory of links
        for s in e["sources"]:
            self.mark(s, "目录节点页", on)
        lis = "".join(f'<li><span>·</span><a href="{self.url(s)}" target="_blank">{self.e[s]["name"]}</a></li>\n'
                      for s in e["sources"])
        body = (f'<div class="sx-width">\n    <div class="sx-cot1 clearFix">\n        <div class="sx-c2-right1">\n'
                f'            <div class="sx-c1-title clearFix"> <img src="{self.root}images/sx-blue.jpg" alt="">\n'
                f'                <h1>{e["title"]}</h1>\n                {self.crumb(k)}\n            </div>\n'
                f'            <div class="szbmtclb ml clearfix"><ul class="ml_list">\n{lis}</ul></div>\n'
                f'        </div>\n    </div>\n</div>')
        self.write(on, self.shell(f'{e["title"]}-{self.p["site_name"]}', body, self.meta(e["title"], col_type="信息公开")))

    def tree_li(self, key, depth, on):
        self.mark(key, "信息公开目录", on)
        return f'{"    " * depth}<li><span>·</span><a href="{self.url(key)}" target="_blank">{self.e[key]["name"]}</a>'

    def tree(self, nodes, depth, on):
        out = []
        for key, kids in nodes:
            if kids:
                out.append(self.tree_li(key, depth, on) + "\n" + "    " * (depth + 1) + '<ul class="sub">')
                out += self.tree(kids, depth + 2, on)
                out.append("    " * (depth + 1) + "</ul></li>")
            else:
                out.append(self.tree_li(key, depth, on) + "</li>")
        return out

    def single_page(self, e):
        k, on = e["key"], self.url(e["key"])
        if e["what"] != "指南":
            text = {"机构职能": "主要职责：……　办公地址：偃师区政务服务中心　办公时间：工作日8:30-12:00，14:30-17:30　"
                    "联系电话：0379-67712345　负责人：王某某", "依申请公开": "申请方式：当面申请、信函申请、网上申请。"}[e["what"]]
            body = (f'<div class="sx-width">\n    <div class="sx-c2-right1">\n'
                    f'        <div class="sx-c1-title clearFix"><h1>{e["title"]}</h1>\n        {self.crumb(k)}\n        </div>\n'
                    f'        <div class="TRS_Editor"><p>{text}</p></div>\n    </div>\n</div>')
            self.write(on, self.shell(f'{e["title"]}-{self.p["site_name"]}', body, self.meta(e["title"])))
            return
        L, e_ = self.L, self.e
        zd, fd, nb, ysq = "zfxxgkzd", "fdzdgknr", "zfxxgknb", "ysqgk"
        for kk in (k, zd, fd, nb, ysq):
            self.mark(kk, "信息公开目录", on)
        tree = "\n".join(self.tree(L["tree"], 6, on))
        dup = L["broken_dups"]
        hid = self.e[L["hidden"]]
        d0 = self.e[dup[0]]
        # The Handan 指南 page's broken comment: the inner "-->" closes the outer comment, so the
        # lines after it render (duplicates), and a stray "-->" shows as text.
        broken = (f'\n\n                        <!--<li class="on"><span>·</span><a href="../{d0["path"]}" target="_blank">{d0["name"]}</a></li>\n'
                  f'                        <!--<li><span>·</span><a href="../{hid["url"]}" target="_blank">{hid["name"]}</a></li>-->\n')
        for kk in dup[1:] + dup[:1]:
            self.mark(kk, "信息公开目录 (duplicate: broken comment)", on)
            broken += f'                        <li><span>·</span><a href="{self.url(kk)}" target="_blank">{self.e[kk]["name"]}</a></li>\n'
        broken = broken.rstrip("\n") + "-->\n"
        depts = "".join(f'\n                            <li><a href="{self.url(d)}" class="c-font1" target="_blank">'
                        f'{e_[d]["name"]}</a></li>\n' for d in L["depts"])
        body = (f'<div class="zwxxgk_bd">\n    <div class="zwxxgk_top">\n        <div class="zwxxgk_top1"><a href="{self.root}">'
                f'<img src="{self.root}images/2019_top_img01.png" alt="{self.p["site_name"]}政府信息公开"></a></div>\n    </div>\n'
                f'    <div class="zwxxgk_box">\n        <div class="dl_nav">\n            <div class="dl_nav01">\n'
                f'                <h3 class="on" style=" margin-top: 0px;"><a href="{on}"><em class="zwxxgk_bnt1"></em>政府信息<br>\n'
                f'                    公开指南</a></h3>\n'
                f'                <h3><a href="{self.url(zd)}"><em class="zwxxgk_bnt2"></em>政府信息<br>\n'
                f'                    公开制度</a></h3>\n            </div>\n            <div class="dl_nav02">\n'
                f'                <div class="sideMenu">\n                    <h3><a href="{self.url(fd)}"><em class="zwxxgk_bnt3"></em>\n'
                f'                        <div>法定主动<br>\n                            公开内容</div> </a>\n'
                f'                        <span class="zwxxgk_bnt5"></span></h3>\n'
                f'                    <ul style="background:#fff;border:1px solid #e4e4e4;">\n\n{tree}{broken}'
                f'                    </ul>\n'
                f'                    <h3><a href="{self.url(nb)}"><em class="zwxxgk_bnt4"></em>政府信息<br>\n'
                f'                        公开年报</a></h3>\n                </div>\n            </div>\n'
                f'            <div class="dl_nav01">\n                <h3><a href="{self.url(ysq)}" style="line-height:60px;">'
                f'<em class="zwxxgk_bnt2"></em>依申请公开\n                </a></h3>\n            </div>\n        </div>\n'
                f'        <div class="scroll_main">\n            <div class="scroll_wrap">\n                <div class="scroll_cont ScrollStyle">\n'
                f'                    <div class="scroll_tit"><span>区政府部门</span></div>\n                    <div class="scroll_con">\n'
                f'                        <ul>\n{depts}\n                        </ul>\n                    </div>\n'
                f'                    <div class="gkzn_text"><p>一、主动公开的范围</p><p>二、依申请公开的程序</p><p>三、监督和救济</p></div>\n'
                f'                </div>\n            </div>\n        </div>\n    </div>\n</div>')
        for d in L["depts"]:
            self.mark(d, "指南页部门列表", on)
        self.write(on, self.shell(f'{self.p["site_name"]}-政府信息公开指南', body,
                                  self.meta("政府信息公开指南", col_type="信息公开指南")))

    def extra(self):
        for d in self.L["depts"]:
            e = self.e[d]
            body = (f'<div class="sx-width"><div class="sx-c1-title clearFix"><h1>{e["name"]}政府信息公开</h1></div>'
                    f'<div class="TRS_Editor"><p>本单位政府信息公开目录建设中。</p></div></div>')
            self.write(self.url(d), self.shell(f'{e["name"]}政府信息公开', body, self.meta(f'{e["name"]}信息公开')))
        self.write(self.root + "search/", self.shell("检索", "<h1>检索</h1>", self.meta()))

    def images(self):
        return (["images/logo1.png", "images/red.png", "images/icon_sjb.png", "images/sx-blue.jpg", "images/sx-ds.jpg",
                 "images/2019_top_img01.png"] + [f"images/tile_{i:02d}.jpg" for i in range(1, len(self.L["tiles"]) + 1)])


# ---- family: department site with section side menus -----------------------------------------

class Dept(Site):
    def shell(self, title, body, meta):
        metas = "".join(f'<meta name="{k}" content="{self.esc(v)}">\n' for k, v in meta)
        nav = "".join(f'<li><a href="{self.url(k)}">{self.e[k]["name"]}</a></li>' for k in self.L["nav"])
        return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{self.label}">\n{metas}'
                f'<title>{self.esc(title)}</title>\n<link href="{self.root}css/style.css" rel="stylesheet" type="text/css">\n</head>\n<body>\n'
                f'<div class="head"><div class="wrap"><a href="{self.root}" class="logo"><img src="{self.root}images/logo.png" '
                f'alt="{self.p["site_name"]}"></a><div class="head_r"><a href="{self.root}wza/">无障碍</a> | <a href="{self.root}wzdt/">网站地图</a></div></div></div>\n'
                f'<div class="nav"><div class="wrap"><ul><li><a href="{self.root}">首页</a></li>{nav}</ul></div></div>\n'
                f'{body}\n<div class="foot"><div class="wrap">\n{self.footer_identity()}</div></div>\n</body>\n</html>\n')

    def row(self, it, dated=True):
        t = self.esc(it["title"])
        date = f'<span>{it["date"]:%Y/%m/%d}</span>' if dated else ""
        return f'<li><a href="{it["url"]}" title="{t}" target="_blank">{t}</a>{date}</li>'

    def home(self):
        r = self.root
        for k in self.L["nav"]:
            self.mark(k, "导航", r)
        boxes = []
        for i, b in enumerate(self.L["blocks"]):
            rows = "\n".join(self.row(it) for it in self.rows(b["rows"])[:b["n"]])
            self.mark(b["more"][0], "更多 (text)", r)
            boxes.append(f'<div class="news_box {"fl" if i % 2 == 0 else "fr"}"><div class="hd"><span class="title">{b["title"]}</span>'
                         f'<a href="{self.url(b["more"][0])}" class="more">更多&gt;&gt;</a></div>\n<div class="bd"><ul class="news_list">\n'
                         f'{rows}\n</ul></div></div>')
        banner = (f'<div class="bm_box"><a href="{self.url("bsfw")}"><img src="{r}images/bsfw.png" alt="办事服务"></a>'
                  f'<a href="{self.url("hdjl")}"><img src="{r}images/hdjl.png" alt="互动交流"></a></div>')
        body = f'<div class="main wrap clearfix">\n' + "\n".join(boxes) + f'\n{banner}\n</div>'
        self.write(r, self.shell(self.p["site_name"], body, self.meta()))

    def crumb(self, key):
        links = [f'<a href="{self.root}">首页</a>']
        for k in self.chain(key):
            links.append(f'<a href="{self.url(k)}">{self.e[k]["title"]}</a>')
        return '<div class="dqwz">当前位置：' + " &gt; ".join(links) + "</div>"

    def left(self, key):
        sec = key if key in self.L["sections"] else self.section_of(key)
        on = self.url(key)
        lis = []
        for k in self.L["sections"][sec]:
            self.mark(k, "侧栏", on)
            cls = ' class="cur"' if k == key else ""
            lis.append(f'<li{cls}><a href="{self.url(k)}">{self.e[k]["name"]}</a></li>')
        return (f'<div class="left"><div class="leftnav"><h2>{self.e[sec]["name"]}</h2>\n<ul>\n' + "\n".join(lis) +
                "\n</ul></div></div>")

    def pager(self, n, total, count):
        if total <= 1:
            return f'<div class="page">共{count}条　第1/1页</div>' if count else ""
        nm = lambda i: "index.html" if i == 0 else f"index_{i}.html"
        parts = [f"共{count}条　第{n + 1}/{total}页", f'<a href="{nm(0)}">首页</a>']
        parts.append(f'<a href="{nm(n - 1)}">上一页</a>' if n > 0 else "<span>上一页</span>")
        parts.append(f'<a href="{nm(n + 1)}">下一页</a>' if n < total - 1 else "<span>下一页</span>")
        parts.append(f'<a href="{nm(total - 1)}">尾页</a>')
        return '<div class="page">' + " ".join(parts) + "</div>"

    def list_page(self, e, chunk, n, total, count):
        dated = e["shown"] == "list"
        rows = "\n".join(self.row(it, dated) for it in chunk) or '<li class="nodata">暂无信息</li>'
        body = (f'<div class="main wrap clearfix">\n{self.left(e["key"])}\n<div class="right">{self.crumb(e["key"])}\n'
                f'<div class="right_tit"><h3>{e["title"]}</h3></div>\n<ul class="news_list">\n{rows}\n</ul>\n'
                f'{self.pager(n, total, count)}\n</div></div>')
        return self.shell(f'{e["title"]}_{self.p["site_name"]}', body, self.meta(e["title"], col_type="列表"))

    def article(self, e, it):
        pub = f'{it["date"]:%Y-%m-%d} 09:30'
        body = (f'<div class="main wrap">{self.crumb(e["key"])}\n<div class="article"><h1>{self.esc(it["title"])}</h1>\n'
                f'<div class="info">发布时间：{pub}　来源：{self.p["host_unit"]}　浏览次数：<span id="hits"></span></div>\n'
                f'<div class="content" id="zoom">\n{self.article_text(e, it)}</div></div></div>')
        return self.shell(f'{it["title"]}_{self.p["site_name"]}', body, self.meta(e["title"], dict(title=it["title"], pubdate=pub)))

    def agg_page(self, e):
        k = e["key"]
        if e["what"] == "全部":
            rows = "\n".join(self.row(it, dated=False) for it in self.agg_items(k))
            inner = f'<ul class="news_list">\n{rows}\n</ul>'
        elif k == "mzyw":
            inner = (f'<div class="intro"><p>民政业务包括社会救助、婚姻登记、养老服务、殡葬管理等。</p></div>')
        else:
            rows = "\n".join(self.row(it) for it in self.agg_items(k)[:15])
            inner = f'<div class="right_tit"><h3>最新信息</h3></div>\n<ul class="news_list">\n{rows}\n</ul>'
        body = (f'<div class="main wrap clearfix">\n{self.left(k)}\n<div class="right">{self.crumb(k)}\n'
                f'{inner}\n</div></div>')
        self.write(self.url(k), self.shell(f'{e["title"]}_{self.p["site_name"]}', body, self.meta(e["title"])))

    def single_page(self, e):
        k = e["key"]
        text = {"指南": "一、主动公开　二、依申请公开　三、监督和救济",
                "机构职能": "主要职责：……　办公地址：偃师区政务服务中心三楼　办公时间：工作日8:30-12:00，14:30-17:30　"
                "联系电话：0379-67712345　局长：李某某", "服务": "城乡居民最低生活保障申请办事指南　临时救助申请办事指南",
                "互动": "局长信箱　咨询投诉"}[e["what"]]
        left = self.left(k) if e.get("parent") else ""
        body = (f'<div class="main wrap clearfix">\n{left}\n<div class="right">{self.crumb(k)}\n'
                f'<div class="article"><h1>{e["title"]}</h1><div class="content" id="zoom"><p>{text}</p></div></div></div></div>')
        self.write(self.url(k), self.shell(f'{e["title"]}_{self.p["site_name"]}', body, self.meta(e["title"])))

    def extra(self):
        for rel, t in [("wza/", "无障碍浏览"), ("wzdt/", "网站地图")]:
            self.write(self.root + rel, self.shell(t, f'<div class="main wrap"><h1>{t}</h1></div>', self.meta()))

    def images(self):
        return super().images() + ["images/bsfw.png", "images/hdjl.png"]


# ---- family: Hanweb town site ------------------------------------------------------------------

class Hanweb(Site):
    def shell(self, title, body, meta, home=False):
        metas = "".join(f'<meta name="{k}" content="{self.esc(v)}">\n' for k, v in meta)
        return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={self.label}">\n'
                f'{metas}<title>{self.esc(title)}</title>\n<link rel="stylesheet" type="text/css" href="{self.root}css/style.css">\n'
                f'</head>\n<body>\n<div class="header"><div class="w"><a href="{self.root}index.html"><img src="{self.root}images/logo.png" '
                f'alt="{self.p["site_name"]}"></a></div></div>\n{self.nav(home)}\n{body}\n'
                f'<div class="footer"><div class="w">\n{self.footer_identity()}</div></div>\n</body>\n</html>\n')

    def nav(self, home):
        out = ['<div class="nav"><div class="w"><ul class="clearfix">']
        for key, subs in self.L["nav"]:
            if key == "首页":
                out.append(f'<li><a href="{self.root}index.html">首页</a></li>')
                continue
            if home:
                self.mark(key, "导航", self.root)
            u = self.url(key)
            tgt = ' target="_blank"' if "://" in u or "/art/" in u else ""
            li = f'<li><a href="{u}"{tgt}>{self.e[key]["name"]}</a>'
            if subs:
                li += '\n<dl class="subnav">' + "".join(
                    f'<dd><a href="{self.url(s)}">{self.e[s]["name"]}</a></dd>' for s in subs) + "</dl>"
                if home:
                    for s in subs:
                        self.mark(s, "子导航", self.root)
            out.append(li + "</li>")
        out.append("</ul></div></div>")
        return "\n".join(out)

    def row(self, it, dated=True, yearless=False):
        t = self.esc(it["title"])
        date = ""
        if dated:
            date = f'<span>{it["date"]:%m-%d}</span>' if yearless else f'<span>{it["date"]:%Y-%m-%d}</span>'
        return f'<li><a href="{it["url"]}" title="{t}" target="_blank">{t}</a>{date}</li>'

    def home(self):
        r = self.root
        boxes = []
        for b in self.L["blocks"]:
            k = b["more"][0]
            self.mark(k, "更多 (plus)", r)
            rows = "\n".join(self.row(it, yearless=True) for it in self.rows(b["rows"])[:b["n"]])
            boxes.append(f'<div class="con-box"><div class="con-tit"><span>{b["title"]}</span>'
                         f'<a class="more" href="{self.url(k)}" target="_blank">+</a></div>\n<ul class="con-list">\n{rows}\n</ul></div>')
        gk = []
        for k in self.L["gkbox"]:
            self.mark(k, "首页信息公开区块", r)
            gk.append(f'<li><a href="{self.url(k)}" target="_blank">{self.e[k]["name"]}</a></li>')
        boxes.append('<div class="gk-box"><div class="con-tit"><span>政府信息公开</span></div><ul>' + "".join(gk) + "</ul></div>")
        body = '<div class="w main clearfix">\n' + "\n".join(boxes) + "\n</div>"
        self.write(r + "index.html", self.shell(self.p["site_name"], body, self.meta(), home=True))

    def crumb(self, key):
        cells = "".join(f'<td>><a href="{self.url(k)}"class="bt_link">{self.e[k]["title"]}</a></td>'
                        for k in self.chain(key) if self.e[k]["type"] != "link")
        return ('<div class="position" ergodic="navigation">\n<div class="position-txt w">\n'
                f'<table cellspacing="0"cellpadding="0"border="0"><tr><td><a href="{self.root}index.html"class="bt_link">首页</a></td>'
                f'<td><table width="100%" cellspacing="0" cellpadding="0" border="0">\n<tr>\n{cells}\n</tr></table></td></tr></table>\n'
                '</div>\n</div>')

    def left(self, key):
        sec = key if key in self.L["sections"] else self.section_of(key)
        if not sec:
            return ""
        on = self.url(key)
        lis = []
        for k in self.L["sections"][sec]:
            self.mark(k, "侧栏", on)
            cls = ' class="on"' if k == key else ""
            lis.append(f'<li{cls}><a href="{self.url(k)}">{self.e[k]["name"]}</a></li>')
        return f'<div class="left-menu"><h2>{self.e[sec]["name"]}</h2><ul>' + "".join(lis) + "</ul></div>"

    def pager(self, n, total, count):
        if total <= 1:
            return ""
        nm = lambda i: "index.html" if i == 0 else f"index_{i}.html"
        links = [f'<span class="cur">{i + 1}</span>' if i == n else f'<a href="{nm(i)}">{i + 1}</a>' for i in range(total)]
        if n < total - 1:
            links.append(f'<a href="{nm(n + 1)}">下一页</a>')
        return '<div class="page">' + " ".join(links) + "</div>"

    def list_page(self, e, chunk, n, total, count):
        dated = e["shown"] == "list"
        rows = "\n".join(self.row(it, dated) for it in chunk)
        lst = f"<ul>\n{rows}\n</ul>" if rows or e["blank"] == "empty-ul" else '<ul><li class="nodata">暂无信息</li></ul>'
        body = (f'{self.crumb(e["key"])}\n<div class="w main clearfix">\n{self.left(e["key"])}\n<div class="right-con">'
                f'<div class="list-tit">{e["title"]}</div>\n<div class="list">\n{lst}\n</div>\n{self.pager(n, total, count)}\n</div></div>')
        return self.shell(f'{e["title"]} {self.p["site_name"]}', body, self.meta(e["title"], col_type="列表"))

    def article(self, e, it):
        dated = e["shown"] != "none"
        pub = f'{it["date"]:%Y-%m-%d} 16:20' if dated else None
        info = f'<span>发布日期：{pub}</span>' if dated else ""
        body = (f'{self.crumb(e["key"])}\n<div class="w main"><div class="art"><div class="art-tit">{self.esc(it["title"])}</div>\n'
                f'<div class="art-info">{info}<span>来源：{self.p["host_unit"]}</span>'
                f'<span>字体：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a>]</span></div>\n'
                f'<div class="art-con" id="zoom">\n{self.article_text(e, it)}</div></div></div>')
        return self.shell(f'{it["title"]} {self.p["site_name"]}', body,
                          self.meta(e["title"], dict(title=it["title"], pubdate=pub)))

    def agg_page(self, e):
        k, on = e["key"], self.url(e["key"])
        if e["what"] == "目录节点":
            for s in e["sources"]:
                self.mark(s, "目录节点页", on)
            inner = ('<div class="list"><ul>' + "".join(
                f'<li><a href="{self.url(s)}">{self.e[s]["name"]}</a></li>' for s in e["sources"]) + "</ul></div>")
        else:
            rows = []
            for it in self.agg_items(k)[:20]:
                t = self.esc(it["title"])
                rows.append(f'<li><span class="lm">[{self.e[it["col"]]["name"]}]</span><a href="{it["url"]}" title="{t}" '
                            f'target="_blank">{t}</a><span>{it["date"]:%Y-%m-%d}</span></li>')
            inner = '<div class="list"><ul>\n' + "\n".join(rows) + "\n</ul></div>"
        body = (f'{self.crumb(k)}\n<div class="w main clearfix">\n{self.left(k)}\n<div class="right-con">'
                f'<div class="list-tit">{e["title"]}</div>\n{inner}\n</div></div>')
        self.write(on, self.shell(f'{e["title"]} {self.p["site_name"]}', body, self.meta(e["title"])))

    def single_page(self, e):
        k = e["key"]
        text = {"概况": "缑山镇位于偃师区东南部……", "指南": "一、主动公开　二、依申请公开　三、监督和救济"}[e["what"]]
        body = (f'{self.crumb(k)}\n<div class="w main clearfix">\n{self.left(k)}\n<div class="right-con">'
                f'<div class="art"><div class="art-tit">{e["title"]}</div><div class="art-con" id="zoom"><p>{text}</p></div></div></div></div>')
        self.write(self.url(k), self.shell(f'{e["title"]} {self.p["site_name"]}', body, self.meta(e["title"])))


# ---- family: street office (Pingtan-style breadcrumb) -------------------------------------------

class Street(Site):
    def shell(self, title, body, meta):
        metas = "".join(f'<meta name="{k}" content="{self.esc(v)}"/>\n' for k, v in meta)
        blank = ' target="_blank"'
        nav = "".join(f'<li><a href="{self.url(k)}"{blank if "://" in self.url(k) else ""}>'
                      f'{self.e[k]["name"]}</a></li>' for k in self.L["nav"])
        return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={self.label}">\n'
                f'{metas}<title>\n\t\t{self.esc(title)}\n\t</title>\n<link rel="stylesheet" type="text/css" href="{self.root}css/style.css">\n'
                f'</head>\n<body>\n<div class="wrap">\n<div class="header"><a href="{self.root}"><img src="{self.root}images/logo.png" alt="{self.p["site_name"]}"></a></div>\n'
                f'<div class="menu" role="navigation"><ul class="menu_list clearfix"><li><a href="{self.root}">首页</a></li>{nav}</ul></div>\n'
                f'<div class="main">\n{body}\n</div>\n<div class="footer">\n{self.footer_identity()}</div>\n</div>\n</body>\n</html>\n')

    def row(self, it):
        t = self.esc(it["title"])
        return (f'\t\t\t\t<li>\n\t\t\t\t\t<a href="{it["url"]}" target="_blank" title="{t}">{t}</a>\n'
                f'\t\t\t\t\t<span class="bf-pass">{it["date"]:%Y-%m-%d}</span>\n\t\t\t\t</li>')

    def home(self):
        r = self.root
        for k in self.L["nav"]:
            self.mark(k, "导航", r)
        boxes = []
        for b in self.L["blocks"]:
            k = b["more"][0]
            self.mark(k, "更多 (text)", r)
            rows = "\n".join(self.row(it) for it in self.rows(b["rows"])[:b["n"]])
            inner = f"<ul>\n{rows}\n</ul>" if rows else '<p class="nodata">暂无信息</p>'
            boxes.append(f'<div class="idx_box"><div class="idx_tit"><h3>{b["title"]}</h3><a class="more" href="{self.url(k)}">'
                         f'更多&gt;&gt;</a></div>\n<div class="list_base">\n{inner}\n</div></div>')
        self.write(r, self.shell(self.p["site_name"], "\n".join(boxes), self.meta()))

    @staticmethod
    def rel(here, target):
        """Relative href from page `here` to directory URL `target` (../../, ../, ./)."""
        r = posixpath.relpath(target, here.rsplit("/", 1)[0] + "/")
        return "./" if r == "." else r + "/"

    def crumb(self, key, here):
        lis = [f'<li><a href="{self.rel(here, self.root)}" title="首页" class="CurrChnlCls">首页</a></li>']
        for k in self.chain(key):
            lis.append(f'<li><a href="{self.rel(here, self.url(k))}" title="{self.e[k]["title"]}" '
                       f'class="CurrChnlCls">{self.e[k]["title"]}</a></li>')
        return ('<div class="breadcrumb" role=\'navigation\' des="当前位置">\n<span><i class="trt-iconfont trt-icon-weizhi"></i>当前位置：</span>\n'
                '<ul>\n' + "".join(lis) + "\n</ul>\n</div>")

    def left(self, key):
        sec = key if key in self.L["sections"] else self.section_of(key)
        if not sec:
            return ""
        on = self.url(key)
        lis = []
        for k in self.L["sections"][sec]:
            self.mark(k, "侧栏", on)
            cls = ' class="active"' if k == key else ""
            lis.append(f'<li{cls}><a href="{self.url(k)}">{self.e[k]["name"]}</a></li>')
        return f'<div class="sidebar"><h2>{self.e[sec]["name"]}</h2><ul>' + "".join(lis) + "</ul></div>"

    def list_page(self, e, chunk, n, total, count):
        rows = "\n".join(self.row(it) for it in chunk)
        blank = e["blank"]
        if rows:
            inner = f'<div class="list_base list_base_date_01">\n<ul>\n{rows}\n</ul>\n</div>'
        elif blank == "nodata":
            inner = '<div class="list_base list_base_date_01">\n<ul><li class="nodata">暂无信息</li></ul>\n</div>'
        elif blank == "header-only":
            inner = ('<div class="list_base">\n<table class="tab_list" width="100%">\n<tr><th>标题</th><th width="120">发布日期</th></tr>\n'
                     '</table>\n</div>')
        elif blank == "empty-ul":
            inner = '<div class="list_base list_base_date_01">\n<ul>\n</ul>\n</div>'
        elif blank == "zero-pager":
            inner = ('<div class="list_base list_base_date_01">\n<ul></ul>\n</div>\n'
                     '<div class="pager">共0条记录　第1/1页　<span>首页</span> <span>上一页</span> <span>下一页</span> <span>尾页</span></div>')
        else:  # empty-div
            inner = '<div class="list_base list_base_date_01"></div>'
        body = (f'<div class="content clearfix">\n{self.left(e["key"])}\n<div class="con_right">\n{self.crumb(e["key"], self.url(e["key"]))}\n'
                f'<div class="column_tit">{e["title"]}</div>\n{inner}\n</div>\n</div>')
        return self.shell(f'{e["title"]}_{self.p["site_name"]}', body, self.meta(e["title"]))

    def article(self, e, it):
        pub = f'{it["date"]:%Y-%m-%d} 11:05'
        body = (f'<div class="content">\n{self.crumb(e["key"], it["url"])}\n<div class="article_title">{self.esc(it["title"])}</div>\n'
                f'<div class="article_info">发布时间：{pub}　来源：{self.p["host_unit"]}</div>\n'
                f'<div class="article_con" id="zoom">\n{self.article_text(e, it)}</div>\n</div>')
        return self.shell(f'{it["title"]}_{self.p["site_name"]}', body, self.meta(e["title"], dict(title=it["title"], pubdate=pub)))

    def agg_page(self, e):
        k = e["key"]
        rows = "\n".join(self.row(it) for it in self.agg_items(k)[:15])
        body = (f'<div class="content clearfix">\n{self.left(k)}\n<div class="con_right">\n{self.crumb(k, self.url(k))}\n'
                f'<div class="column_tit">信息公开</div>\n<div class="list_base list_base_date_01">\n<ul>\n{rows}\n</ul>\n</div>\n</div>\n</div>')
        self.write(self.url(k), self.shell(f'{e["title"]}_{self.p["site_name"]}', body, self.meta(e["title"])))

    def single_page(self, e):
        k = e["key"]
        text = {"概况": "伊滨街道位于偃师区西部……", "指南": "一、主动公开　二、依申请公开　三、监督和救济"}[e["what"]]
        body = (f'<div class="content clearfix">\n{self.left(k)}\n<div class="con_right">\n{self.crumb(k, self.url(k))}\n'
                f'<div class="article_title">{e["title"]}</div><div class="article_con" id="zoom"><p>{text}</p></div>\n</div>\n</div>')
        self.write(self.url(k), self.shell(f'{e["title"]}_{self.p["site_name"]}', body, self.meta(e["title"])))


FAMILIES = {"portal": Portal, "xxgk": Xxgk, "dept": Dept, "hanweb": Hanweb, "street": Street}


def check_plan():
    for u in UNITS:
        keys = [e["key"] for e in u["entries"]]
        assert len(keys) == len(set(keys)), u["slug"]
        for e in u["entries"]:
            if e["type"] == "col":
                assert e["dates"] == sorted(e["dates"], reverse=True), (u["slug"], e["key"])
                assert all(x <= AS_OF for x in e["dates"]), (u["slug"], e["key"])
                assert not (e["unreachable"] and e["dates"]), (u["slug"], e["key"])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate_platforms.py TARGET_DIR   (e.g. sample_sites/)")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    check_plan()
    truth = dict(
        about="Ground truth for column discovery on the platform-* sample units, written by "
              "generate_platforms.py from its content plan. Paths are relative to the server root.",
        as_of=AS_OF.isoformat(), month="2021-10",
        fields=dict(
            how="导航 | 子导航 | 信息公开目录 | 更多 | 侧栏: the first, in that order, of the places in found_in",
            found_in="every place the renderer put a link to the entry: how, where (finer label), on (page path)",
            items_total="items in the column (all list pages)", items_october="items dated 2021-10-01..2021-10-31 "
            "(0 when dates_shown is none: undated items count as not updated)",
            newest="newest date an inspector can see (null if none visible)",
            dates_shown="list: on list and detail pages; detail: only on detail pages; none: nowhere",
            dates_in_urls="the article URLs encode the date (TRS t20211022_…, Hanweb /art/2021/10/22/…)",
            blank="the column has no items", unreachable="the column's link answers 404"),
        units=[])
    toml = ["# Units of the platform-* sample family (generate_platforms.py): no [[unit.column]] on purpose,",
            "# zwgk must discover the columns. Paste into config.toml after the generated units.", ""]
    for u in UNITS:
        site = FAMILIES[u["family"]](u, out)
        site.build()
        site.flush()
        truth["units"].append(site.truth())
        entry = HOST + site.root + ("index.html" if u["family"] == "hanweb" else "")
        toml.append(f'[[unit]]\nname = "{u["name"]}"\ngroup = "{u["group"]}"\nurl = "{entry}"\n')
    with open(os.path.join(out, "platform-truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(out, "platform-units.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(toml))


if __name__ == "__main__":
    main()
