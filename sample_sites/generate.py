#!/usr/bin/env python3
"""Generates the Yanshi sample sites (44 units of the seed bulletin) and the repository's
config.toml units. Deterministic: run it again after changing the content plan below, or the
default rules, and commit the result.

Every unit is a small government site: a homepage with the identity footer, navigation to its
disclosure columns (栏目), dated list pages with pagination, article pages with the government
meta tags, the required disclosure items, an enquiry mailbox (领导信箱), a service guide
(办事指南), and for some units surveys (调查征集) and online interviews (在线访谈).

What a unit scores comes from its *content plan*: how many items each column published in
October 2021, how many letters were answered, how many surveys were held. The scores are
earned by zwgk crawling these pages and applying the default rules; nothing here writes a
score.

Layouts vary on purpose, so that every date form, list layout, pagination style and encoding
zwgk must read appears in at least one unit.
"""

import datetime as dt
import html
import os
import random
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
HOST = "http://127.0.0.1:8787"
AS_OF = dt.date(2021, 10, 31)
MONTH_START = dt.date(2021, 10, 1)

# (group, name, slug, plan) — plan: items in October per column kind, letters answered in
# October, surveys held in the past year. The order is the config order.
# news = 工作动态 (动态要闻), notice = 通知公告, policy = 政策文件, hr = 人事信息, plan = 规划计划.
UNITS = [
    ("区直单位", "发展和改革委员会", "fgw", dict(news=45, notice=20, policy=18, hr=8, plan=8)),
    ("区直单位", "教育体育局", "jtj", dict(news=40, notice=20, policy=14, hr=6, plan=4, letters=2)),
    ("区直单位", "民政局", "mzj", dict(news=30, notice=14, policy=10, hr=4, plan=3)),
    ("区直单位", "公安局", "gaj", dict(news=24, notice=12, policy=8, hr=3, plan=2, letters=2)),
    ("区直单位", "生态环境局", "sthjj", dict(news=12, notice=6, policy=4, hr=2, plan=2)),
    ("区直单位", "卫生健康委员会", "wjw", dict(news=10, notice=5, policy=4, hr=1, plan=1, letters=4)),
    ("区直单位", "商务局", "swj", dict(news=12, notice=6, policy=4, hr=1, plan=1)),
    ("区直单位", "市场监督管理局", "scjgj", dict(news=10, notice=5, policy=4, hr=1, plan=1, letters=2)),
    ("区直单位", "科学技术局", "kjj", dict(news=10, notice=6, policy=4, hr=1, plan=1)),
    ("区直单位", "自然资源和规划局", "zrzyj", dict(news=10, notice=4, policy=4, hr=2, plan=2)),
    ("区直单位", "金融工作局", "jrj", dict(news=8, notice=4, policy=3, hr=1)),
    ("区直单位", "司法局", "sfj", dict(news=8, notice=3, policy=3, hr=1, plan=1)),
    ("区直单位", "退役军人事务管理局", "tyjrj", dict(news=6, notice=3, policy=3, hr=1, plan=1)),
    ("区直单位", "审计局", "sjj", dict(news=8, notice=3, policy=3, hr=1)),
    ("区直单位", "工业和信息化局", "gxj", dict(news=6, notice=4, policy=2, hr=1, plan=1)),
    ("区直单位", "财政局", "czj", dict(news=6, notice=3, policy=2, hr=1, plan=1)),
    ("区直单位", "交通运输局", "jtysj", dict(news=4, notice=4, policy=2, hr=1, plan=1)),
    ("区直单位", "人力资源社会保障局", "rsj", dict(news=6, notice=2, policy=2, hr=2, plan=1)),
    ("区直单位", "医疗保障局", "ybj", dict(news=4, notice=3, policy=2, hr=1, plan=1)),
    ("区直单位", "城市管理局", "cgj", dict(news=4, notice=1, policy=1, hr=1, letters=4, surveys=2)),
    ("区直单位", "农业农村局", "nyncj", dict(news=4, notice=3, policy=2, hr=1)),
    ("区直单位", "文化广电和旅游局", "wglj", dict(news=4, notice=2, policy=2, hr=1)),
    ("区直单位", "水利局", "slj", dict(news=4, notice=2, policy=1, hr=1)),
    ("区直单位", "林业局", "lyj", dict(news=2, notice=2, policy=2, hr=1)),
    ("区直单位", "住房和城乡建设局", "zjj", dict(news=2, notice=2, policy=1, hr=1)),
    ("区直单位", "行政服务中心", "xzfwzx", dict(news=4, notice=1, policy=1, hr=1)),
    ("区直单位", "文物局", "wwj", dict(news=2, notice=1, policy=1, hr=1)),
    ("区直单位", "应急管理局", "yjglj", dict(news=2, notice=1)),
    ("区直单位", "信访局", "xfj", dict(news=2, notice=1)),
    ("区直单位", "统计局", "tjj", dict(news=2, policy=1)),
    ("区直单位", "社保中心", "sbzx", dict()),
    ("镇（街道）", "邙岭镇", "mlz", dict(news=20, notice=10, policy=6, hr=3, plan=3)),
    ("镇（街道）", "伊洛街道", "yljd", dict(news=20, notice=10, policy=6, hr=3, plan=2)),
    ("镇（街道）", "首阳山街道", "sysjd", dict(news=18, notice=10, policy=6, hr=4, plan=2)),
    ("镇（街道）", "高龙镇", "glz", dict(news=18, notice=8, policy=6, hr=4, plan=2)),
    ("镇（街道）", "山化镇", "shz", dict(news=16, notice=8, policy=6, hr=3, plan=2)),
    ("镇（街道）", "府店镇", "fdz", dict(news=12, notice=6, policy=4, hr=2, plan=2)),
    ("镇（街道）", "槐新街道", "hxjd", dict(news=10, notice=4, policy=3, hr=2, plan=1)),
    ("镇（街道）", "大口镇", "dkz", dict(news=10, notice=5, policy=3, hr=1, plan=1)),
    ("镇（街道）", "商城街道", "scjd", dict(news=8, notice=5, policy=3, hr=1, plan=1)),
    ("镇（街道）", "翟镇镇", "zzz", dict(news=10, notice=4, policy=3, hr=1, plan=1)),
    ("镇（街道）", "顾县镇", "gxz", dict(news=6, notice=3, policy=2, hr=1)),
    ("镇（街道）", "缑氏镇", "gsz", dict(news=4, notice=3, policy=1, hr=1)),
    ("镇（街道）", "岳滩镇", "ytz", dict(news=2, notice=2, policy=1)),
]

COLUMNS = [
    # key, name, kind, old items (before October), days between old items
    ("news", "工作动态", "动态要闻", 6, 9),
    ("notice", "通知公告", "通知公告", 5, 20),
    ("policy", "政策文件", "政策文件", 4, 30),
    ("hr", "人事信息", "人事信息", 3, 60),
    ("plan", "规划计划", "规划计划", 3, 90),
]

# Layout of list pages, by unit index (cycled): how the date sits beside the link.
LIST_STYLES = ["li-span", "table", "dl", "em-before", "yearless", "cn-date", "slash", "dot",
               "bracket-time", "article-only"]
# Pagination, by unit index (cycled).
PAGINATION = ["index-links", "trs", "next-link"]
PER_PAGE = 15
MARKER = "# ---- units: generated by sample_sites/generate.py, do not edit below ----"
GBK_UNITS = {"mzj", "sjj", "gxz"}  # GBK declared only in <meta>

TOPICS = ["召开专题会议", "开展安全生产检查", "推进重点项目建设", "部署秋冬季工作", "开展政策宣传活动",
          "召开工作推进会", "开展志愿服务活动", "组织业务培训", "推进优化营商环境", "开展防汛演练",
          "落实惠民政策", "开展调研座谈", "推进乡村振兴", "开展疫情防控检查", "召开党组会议"]


def fmt_date(d, style):
    if style == "yearless":
        return f"[{d:%m-%d}]"
    if style == "cn-date":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "slash":
        return f"{d:%Y/%m/%d}"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    if style == "bracket-time":
        return f"[{d:%Y-%m-%d} 09:30]"
    return f"{d:%Y-%m-%d}"


def october_dates(n, rng, latest=dt.date(2021, 10, 28)):
    """n dates in October up to `latest`, newest first; the newest is `latest`."""
    span = (latest - MONTH_START).days
    days = sorted((MONTH_START + dt.timedelta(days=rng.randint(0, span)) for _ in range(n - 1)), reverse=True)
    return [latest] + days if n else []


def page(title, body, meta=None, charset="utf-8", lang="zh-CN"):
    metas = "".join(f'<meta name="{k}" content="{html.escape(v)}">\n' for k, v in (meta or {}).items())
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="{charset}">\n{metas}'
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


class Unit:
    def __init__(self, index, group, name, slug, plan):
        self.index, self.group, self.name, self.slug, self.plan = index, group, name, slug, plan
        self.rng = random.Random(slug)
        self.dir = os.path.join(ROOT, slug)
        self.charset = "gbk" if slug in GBK_UNITS else "utf-8"
        self.style = LIST_STYLES[index % len(LIST_STYLES)]
        self.paging = PAGINATION[index % len(PAGINATION)]
        self.full_name = ("偃师区" if group == "区直单位" else "偃师区") + name
        self.site_id = f"41038100{index:02d}"
        self.homepage_items = []  # (title, href, date)

    # -- files --------------------------------------------------------------------------
    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(text.encode(self.charset))

    def page(self, title, body, meta=None):
        base = {"SiteName": f"{self.full_name}", "SiteDomain": "127.0.0.1", "SiteIDCode": self.site_id}
        base.update(meta or {})
        return page(title, self.header() + body + self.footer(), base, self.charset)

    def header(self):
        return (f'<div class="header"><h1>{self.full_name}</h1>'
                f'<a href="/{self.slug}/">首页</a> <a href="/{self.slug}/wzdt.html">网站地图</a> '
                f'<a href="/{self.slug}/wza.html">无障碍</a>'
                f'<form action="/{self.slug}/search.html"><label for="q">站内搜索</label>'
                f'<input id="q" name="q" type="text"><input type="submit" value="搜索"></form></div>\n')

    def footer(self):
        return (f'<div class="footer"><p>主办单位：{self.full_name}　地址：偃师区政务服务中心</p>'
                f'<p>网站标识码：{self.site_id}　<a href="https://beian.miit.gov.cn/">豫ICP备0501{self.index:04d}号-1</a>　'
                f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=4103810200{self.index:04d}">'
                f'豫公网安备 4103810200{self.index:04d}号</a></p>'
                f'<p><a href="https://bszs.conac.cn/sitename?method=show&amp;id=0A{self.index:04d}">'
                f'<img src="/static/red.png" alt="党政机关"></a>　'
                f'<a href="https://zfwzzc.www.gov.cn/">我为政府网站找错</a></p></div>\n')

    # -- lists ----------------------------------------------------------------------------
    def item_html(self, title, href, d):
        s = self.style
        date = fmt_date(d, s)
        t, h = html.escape(title), html.escape(href)
        if s == "table":
            return f'<tr><td><a href="{h}" title="{t}">{t}</a></td><td>{date}</td></tr>'
        if s == "dl":
            return f'<dl><dt><a href="{h}">{t}</a></dt><dd>{date}</dd></dl>'
        if s == "em-before":
            return f'<li><em>{date}</em><a href="{h}">{t}</a></li>'
        if s == "article-only":
            return f'<li><a href="{h}">{t}</a></li>'
        return f'<li><a href="{h}">{t}</a><span class="date">{date}</span></li>'

    def list_page(self, col_name, items, n, total_pages, meta):
        rows = "\n".join(self.item_html(*it) for it in items)
        wrap = f"<table class='list'>{rows}</table>" if self.style == "table" else (
            f"<div class='list'>{rows}</div>" if self.style == "dl" else f"<ul class='list'>{rows}</ul>")
        nav = ""
        if total_pages > 1:
            name = lambda i: "index.html" if i == 0 else f"index_{i}.html"
            if self.paging == "trs":
                nav = (f'<div class="page"><script>var countPage = {total_pages};var currentPage = {n};'
                       f'createPageHTML({total_pages}, {n}, "index", "html");</script></div>')
            elif self.paging == "next-link":
                links = []
                if n > 0:
                    links.append(f'<a href="{name(n - 1)}">上一页</a>')
                if n < total_pages - 1:
                    links.append(f'<a href="{name(n + 1)}">下一页</a>')
                    links.append(f'<a href="{name(total_pages - 1)}">尾页</a>')
                nav = f'<div class="page">{" ".join(links)}</div>'
            else:
                nav = '<div class="page">' + " ".join(
                    f'<a href="{name(i)}">{i + 1}</a>' for i in range(total_pages)) + "</div>"
        return self.page(f"{col_name}-{self.full_name}", f"<h2>{col_name}</h2>\n{wrap}\n{nav}\n",
                         {"ColumnName": col_name, "ColumnType": "列表"})

    def article(self, rel, title, d, col_name):
        body = (f'<div class="article"><h2>{html.escape(title)}</h2>'
                f'<p class="info">发布时间：{d:%Y-%m-%d}　来源：{self.full_name}</p>'
                f'<div id="zoom"><p>{html.escape(title)}。为深入贯彻落实区委、区政府工作部署，'
                f'{self.full_name}认真组织实施，扎实推进各项工作。</p></div></div>')
        self.write(rel, self.page(f"{title}-{self.full_name}", body,
                                  {"ColumnName": col_name, "ArticleTitle": title,
                                   "PubDate": f"{d:%Y-%m-%d} 10:00", "ContentSource": self.full_name}))

    def column(self, key, name, kind, old_n, old_gap):
        in_month = self.plan.get(key, 0)
        if in_month == 0 and key == "news":
            return None  # a unit without a news column
        latest = dt.date(2021, 10, 28 - self.index % 7)
        dates = october_dates(in_month, self.rng, latest)
        first_old = dt.date(2021, 9, 28) if in_month else dt.date(2021, 8, 20)
        dates += [first_old - dt.timedelta(days=i * old_gap) for i in range(old_n)]
        items = []
        for i, d in enumerate(dates):
            title = f"{self.full_name}{self.rng.choice(TOPICS)}（{name}第{len(dates) - i}期）"
            rel = f"{key}/{d:%Y%m}/t{d:%Y%m%d}_{i:03d}.html"
            self.article(rel, title, d, name)
            items.append((title, f"/{self.slug}/{rel}", d))
        pages = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
        for n, chunk in enumerate(pages):
            fname = "index.html" if n == 0 else f"index_{n}.html"
            self.write(f"{key}/{fname}", self.list_page(name, chunk, n, len(pages), {}))
        if key == "news" and items:
            self.homepage_items += items[:5]
        return (name, f"{HOST}/{self.slug}/{key}/", kind)

    # -- the rest of the site ---------------------------------------------------------------
    def required_pages(self):
        # The items of article 20 of the disclosure regulation, under 法定主动公开内容.
        items = [("tjxx", "统计信息"), ("czyjs", "财政预决算"), ("xzxk", "行政许可和行政处罚"),
                 ("zfcg", "政府采购"), ("zdxm", "重大项目")]
        for key, name in items + [("gkzn", "政府信息公开指南"), ("gkzd", "政府信息公开制度"),
                                  ("jgzn", "机构职能"), ("ldxx", "领导信息")]:
            self.write(f"{key}/index.html", self.page(f"{name}-{self.full_name}",
                       f"<h2>{name}</h2><div id='zoom'><p>{self.full_name}{name}。</p></div>"))
        links = "".join(f'<li><a href="/{self.slug}/{key}/">{name}</a></li>' for key, name in items)
        self.write("fdzdgknr/index.html", self.page(f"法定主动公开内容-{self.full_name}",
                   f"<h2>法定主动公开内容</h2><ul class='ml'>{links}</ul>"))
        report = "gknb/2021/t20210125_001.html"
        self.article(report, f"{self.full_name}2020年政府信息公开工作年度报告", dt.date(2021, 1, 25), "政府信息公开年报")
        self.write("gknb/index.html", self.page(f"政府信息公开年报-{self.full_name}",
                   f'<h2>政府信息公开年报</h2><ul><li><a href="/{self.slug}/{report}">'
                   f'{self.full_name}2020年政府信息公开工作年度报告</a><span>2021-01-25</span></li></ul>'))

    def mailbox(self):
        answered = self.plan.get("letters", 0)
        rows = []
        # Letters answered in October, then older letters all answered within a month.
        letters = [(dt.date(2021, 10, 3 + 2 * i), dt.date(2021, 10, 12 + 2 * i)) for i in range(answered)]
        letters += [(dt.date(2021, 8, 5), dt.date(2021, 8, 16)), (dt.date(2021, 6, 10), dt.date(2021, 6, 21))]
        for i, (asked, replied) in enumerate(letters):
            rel = f"xx/letter_{i:02d}.html"
            title = f"关于{self.rng.choice(['道路维修', '小区供暖', '学校招生', '办事流程', '社保缴费'])}的咨询"
            self.write(rel, self.page(title, f"<h2>{title}</h2><p>来信时间：{asked:%Y-%m-%d}</p>"
                                             f"<p>回复时间：{replied:%Y-%m-%d}</p><div>答复内容：您好，已转相关科室办理。</div>"))
            rows.append(f'<tr><td><a href="/{self.slug}/{rel}">{title}</a></td><td>来信时间：{asked:%Y-%m-%d}</td>'
                        f'<td>回复时间：{replied:%Y-%m-%d}</td><td>已回复</td></tr>')
        self.write("xx/index.html", self.page(f"领导信箱-{self.full_name}",
                   f"<h2>领导信箱</h2><table class='letters'>{''.join(rows)}</table>"))

    def surveys(self):
        n = self.plan.get("surveys", 0)
        if not n:
            return
        rows = []
        for i in range(n):
            start = dt.date(2021, 3 + 3 * i, 1)
            end = start + dt.timedelta(days=35)
            rows.append(f'<li><a href="/{self.slug}/dczj/s{i}.html">关于城市管理工作的意见征集（第{i + 1}期）</a>'
                        f'<span>征集时间：{start:%Y-%m-%d}至{end:%Y-%m-%d}</span></li>')
            self.write(f"dczj/s{i}.html", self.page("意见征集", f"<p>征集时间：{start:%Y-%m-%d}至{end:%Y-%m-%d}</p>"))
        self.write("dczj/index.html", self.page(f"调查征集-{self.full_name}", f"<h2>调查征集</h2><ul>{''.join(rows)}</ul>"))

    def services(self):
        guide = ("<h2>城乡居民最低生活保障申请办事指南</h2><table class='guide'>"
                 "<tr><th>事项名称</th><td>城乡居民最低生活保障申请</td></tr>"
                 "<tr><th>设定依据</th><td>《社会救助暂行办法》</td></tr>"
                 "<tr><th>申请条件</th><td>持有本地户籍且家庭人均收入低于当地标准</td></tr>"
                 "<tr><th>办理材料</th><td>身份证、户口簿、<a href='form.doc'>申请表</a></td></tr>"
                 "<tr><th>办理地点</th><td>偃师区政务服务中心一楼</td></tr>"
                 f"<tr><th>办理机构</th><td>{self.full_name}</td></tr>"
                 "<tr><th>收费标准</th><td>不收费</td></tr>"
                 "<tr><th>办理时间</th><td>工作日 8:30-12:00，14:30-17:30</td></tr>"
                 "<tr><th>联系电话</th><td>0379-67712345</td></tr>"
                 "<tr><th>办理流程</th><td>申请—受理—审核—公示—审批</td></tr></table>")
        self.write("bsfw/guide_001.html", self.page("办事指南", guide))
        self.write("bsfw/form.doc", "申请表")
        self.write("bsfw/index.html", self.page(f"办事服务-{self.full_name}",
                   f'<h2>办事服务</h2><ul><li><a href="/{self.slug}/bsfw/guide_001.html">'
                   f'城乡居民最低生活保障申请办事指南</a></li></ul>'))

    def homepage(self, columns):
        if not self.homepage_items:
            # A unit with no news column still shows a fresh picture story on its homepage.
            d = dt.date(2021, 10, 25)
            rel = "tpxw/t20211025_001.html"
            title = f"{self.full_name}开展便民服务活动"
            self.article(rel, title, d, "图片新闻")
            self.homepage_items.append((title, f"/{self.slug}/{rel}", d))
        latest = "".join(f'<li><a href="{h}">{html.escape(t)}</a><span>{d:%Y-%m-%d}</span></li>'
                         for t, h, d in self.homepage_items)
        nav = "".join(f'<li><a href="{u.replace(HOST, "")}">{n}</a></li>' for n, u, _ in columns)
        extra = ""
        if self.plan.get("surveys"):
            extra = f'<li><a href="/{self.slug}/dczj/">调查征集</a></li>'
        body = (f'<ul class="nav">{nav}</ul>\n<div class="news"><h3>最新信息</h3><ul>{latest}</ul></div>\n'
                f'<div class="gk"><h3>政府信息公开</h3><ul>'
                f'<li><a href="/{self.slug}/gkzn/">政府信息公开指南</a></li>'
                f'<li><a href="/{self.slug}/gkzd/">政府信息公开制度</a></li>'
                f'<li><a href="/{self.slug}/fdzdgknr/">法定主动公开内容</a></li>'
                f'<li><a href="/{self.slug}/gknb/">政府信息公开年报</a></li>'
                f'<li><a href="/{self.slug}/jgzn/">机构职能</a></li>'
                f'<li><a href="/{self.slug}/ldxx/">领导信息</a></li></ul></div>\n'
                f'<div class="hd"><ul><li><a href="/{self.slug}/xx/">领导信箱</a></li>'
                f'<li><a href="/{self.slug}/bsfw/">办事服务</a></li>{extra}</ul></div>\n')
        self.write("index.html", self.page(self.full_name, body))
        for rel, title in [("wzdt.html", "网站地图"), ("wza.html", "无障碍浏览"), ("search.html", "站内搜索")]:
            self.write(rel, self.page(title, f"<h2>{title}</h2>"))

    def build(self):
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        columns = [c for c in (self.column(*spec) for spec in COLUMNS) if c]
        self.required_pages()
        self.mailbox()
        self.surveys()
        self.services()
        self.homepage(columns)
        return columns


class CheckUnit(Unit):
    """A unit for the tests of the checks about people and content (not in config.toml):
    its faults are planted on purpose and listed in its docstring-like comments below."""

    def __init__(self, index, name, slug, kind):
        super().__init__(index, "区直单位", name, slug, dict(news=2, notice=1))
        self.kind = kind

    def mailbox(self):
        if self.kind != "mailbox":
            return super().mailbox()
        # Answered in October; answered after 137 days; pending since June (both > 90 days).
        letters = [("关于小区路灯维修的咨询", dt.date(2021, 10, 8), dt.date(2021, 10, 15), "已回复"),
                   ("关于幼儿园入园政策的咨询", dt.date(2021, 5, 6), dt.date(2021, 9, 20), "已回复"),
                   ("关于农村道路硬化的建议", dt.date(2021, 6, 1), None, "办理中")]
        rows = []
        for i, (title, asked, replied, status) in enumerate(letters):
            reply = f"回复时间：{replied:%Y-%m-%d}" if replied else "回复时间："
            rows.append(f'<tr><td><a href="/{self.slug}/xx/letter_{i:02d}.html">{title}</a></td>'
                        f"<td>来信时间：{asked:%Y-%m-%d}</td><td>{reply}</td><td>{status}</td></tr>")
            self.write(f"xx/letter_{i:02d}.html", self.page(title, f"<h2>{title}</h2><p>来信时间：{asked:%Y-%m-%d}</p>"))
        self.write("xx/index.html", self.page(f"领导信箱-{self.full_name}",
                   f"<h2>领导信箱</h2><table class='letters'>{''.join(rows)}</table>"))

    def surveys(self):
        if self.kind != "mailbox":
            return
        # A consultation open 19 days (less than the 30 the rules ask for).
        self.plan["surveys"] = 1
        self.write("dczj/s0.html", self.page("意见征集", "<p>征集时间：2021-09-01至2021-09-20</p>"))
        self.write("dczj/index.html", self.page(f"调查征集-{self.full_name}",
                   f'<h2>调查征集</h2><ul><li><a href="/{self.slug}/dczj/s0.html">关于规范性文件的意见征集</a>'
                   f"<span>征集时间：2021-09-01至2021-09-20</span></li></ul>"))

    def services(self):
        if self.kind != "guides":
            return super().services()
        super().services()  # guide_001: complete
        # Five guides that show only 事项名称, 申请条件, 办理材料, 办理地点, 联系电话 (5 of 10 missing).
        links = [f'<li><a href="/{self.slug}/bsfw/guide_001.html">城乡居民最低生活保障申请办事指南</a></li>']
        for i in range(2, 7):
            body = ("<table class='guide'><tr><th>事项名称</th><td>临时救助申请</td></tr>"
                    "<tr><th>申请条件</th><td>遭遇突发困难的家庭</td></tr>"
                    "<tr><th>办理材料</th><td>身份证</td></tr><tr><th>办理地点</th><td>便民服务中心</td></tr>"
                    "<tr><th>联系电话</th><td>0379-67712345</td></tr></table>")
            self.write(f"bsfw/guide_{i:03d}.html", self.page("办事指南", f"<h2>临时救助申请办事指南（{i}）</h2>{body}"))
            links.append(f'<li><a href="/{self.slug}/bsfw/guide_{i:03d}.html">临时救助申请办事指南（{i}）</a></li>')
        self.write("bsfw/index.html", self.page(f"办事服务-{self.full_name}", f"<h2>办事服务</h2><ul>{''.join(links)}</ul>"))

    def article(self, rel, title, d, col_name):
        super().article(rel, title, d, col_name)
        if self.kind != "content" or col_name != "工作动态" or not rel.endswith("_000.html"):
            return
        # The newest October news article carries the planted content faults.
        body = ("<div class='article'><h2>关于进一步加强市场监管工作的通知</h2>"
                f"<p class='info'>发布时间：{d:%Y-%m-%d}</p><div id='zoom'>"
                "<p>截止目前，全区已完成检查任务。按照国家工商行政管理总局的要求，认真学习习近萍同志讲话精神。</p>"
                "<p>当事人张某，身份证号11010519491231002X，车主王某13912345678。</p></div></div>")
        self.write(rel, self.page(title, body, {"ArticleTitle": title, "PubDate": f"{d:%Y-%m-%d} 10:00"}))

    def homepage(self, columns):
        super().homepage(columns)
        if self.kind != "content":
            return
        # Accessibility faults on the homepage: an image without alt, an unlabelled input, an
        # iframe without a title.
        path = os.path.join(self.dir, "index.html")
        text = open(path, encoding=self.charset).read()
        text = text.replace('<div class="news">', '<img src="/static/red.png"><input type="text" name="kw">'
                            '<iframe src="/static/red.png"></iframe><div class="news">', 1)
        with open(path, "w", encoding=self.charset) as f:
            f.write(text)


CHECK_UNITS = [(90, "信箱示例", "checks-xx", "mailbox"), (91, "办事示例", "checks-bs", "guides"),
               (92, "内容示例", "checks-nr", "content")]


def main():
    os.makedirs(os.path.join(ROOT, "static"), exist_ok=True)
    with open(os.path.join(ROOT, "static", "red.png"), "wb") as f:
        f.write(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                              "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2216bc40000000049454e44ae426082"))
    with open(os.path.join(ROOT, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /admin/\n")
    units_toml = []
    for i, (group, name, slug, plan) in enumerate(UNITS):
        u = Unit(i, group, name, slug, plan)
        columns = u.build()
        units_toml.append(f'[[unit]]\nname = "{name}"\ngroup = "{group}"\nurl = "{HOST}/{slug}/"\n')
        for cname, curl, kind in columns:
            units_toml.append(f'[[unit.column]]\nname = "{cname}"\nurl = "{curl}"\nkind = "{kind}"\n')
    for index, name, slug, kind in CHECK_UNITS:
        CheckUnit(index, name, slug, kind).build()
    # config.toml keeps its hand-written head; everything after the marker is generated.
    config = os.path.join(ROOT, "..", "config.toml")
    head = open(config, encoding="utf-8").read().split(MARKER)[0]
    with open(config, "w", encoding="utf-8") as f:
        f.write(head + MARKER + "\n\n" + "\n".join(units_toml))


if __name__ == "__main__":
    main()
