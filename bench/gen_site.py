#!/usr/bin/env python3
"""Generate a deterministic government-style static site for link-checker benchmarks.

    python3 bench/gen_site.py --pages 5000 --out /tmp/zwgk-bench/site-5000 \
        --base-url http://127.0.0.1:8899/

Layout (all paths under --out):
    index.html                         home page: column navigation and latest items
    <col>/index.html, index_1.html ...  dated list pages, 20 items each, plain pagination links
    <col>/<YYYYMM>/t<YYYYMMDD>_<id>.html article pages, 8-15 KB, 15-25 links each
    <col>/<YYYYMM>/W0<id>.jpg, P0<id>.pdf per-article image and attachment (they exist)
    css/main.css, images/logo.png      shared assets

About 2% of all links on article pages point to pages, images or PDFs that do not exist.
Written beside the site (in the parent of --out unless --truth is given):
    truth.txt   every broken URL (absolute, resolved against --base-url), one per line, distinct, sorted
    pages.txt   every HTML page URL (for tools that take a URL list, e.g. lychee)
    stats.json  counts: pages, bytes of HTML, distinct URLs, broken URLs, link occurrences

The same --pages and --seed always produce byte-identical output.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
from urllib.parse import urljoin

COLUMNS = [
    ("gzdt", "工作动态"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("zcjd", "政策解读"),
    ("rsxx", "人事信息"), ("czzj", "财政资金"), ("ghjh", "规划计划"), ("tjsj", "统计数据"),
    ("zfcg", "政府采购"), ("jyta", "建议提案办理"), ("xzzf", "行政执法"), ("hygq", "会议公开"),
    ("ggfw", "公共服务"), ("shgy", "社会公益"), ("aqsc", "安全生产"), ("hjbh", "环境保护"),
]
PER_LIST = 20
PHRASES = [
    "为深入贯彻落实党中央、国务院决策部署", "进一步提升政务服务水平", "切实加强政务公开工作",
    "按照区委、区政府统一安排", "各镇（街道）、区直各单位", "认真履行职责", "确保各项工作落到实处",
    "坚持以人民为中心的发展思想", "持续优化营商环境", "推动高质量发展", "加强组织领导",
    "压实工作责任", "强化督导检查", "及时总结经验做法", "广泛听取群众意见", "依法依规做好信息发布",
    "认真做好疫情防控工作", "扎实推进乡村振兴", "全面落实安全生产责任制", "进一步规范行政执法行为",
    "会议强调", "会议要求", "据了解", "下一步", "截至目前", "与此同时", "在此基础上",
]
START = dt.date(2019, 1, 1)
END = dt.date(2021, 10, 31)


def split_columns(n_pages):
    """Number of columns and articles so that home + list pages + articles == n_pages (or just under)."""
    n_cols = max(4, min(len(COLUMNS), n_pages // 400))
    articles = max(n_cols, (n_pages - 1) * PER_LIST // (PER_LIST + 1))
    while True:
        per_col = [articles // n_cols + (1 if i < articles % n_cols else 0) for i in range(n_cols)]
        total = 1 + articles + sum(math.ceil(a / PER_LIST) for a in per_col)
        if total <= n_pages or articles <= n_cols:
            return n_cols, per_col
        articles -= 1


def list_name(k):
    return "index.html" if k == 0 else f"index_{k}.html"


def text(rng, n_chars):
    out, size = [], 0
    while size < n_chars:
        p = rng.choice(PHRASES)
        out.append(p)
        out.append(rng.choice("，，，。；"))
        size += len(p) + 1
    return "".join(out)


def head(title, extra=""):
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title>{extra}"
        '<link rel="stylesheet" href="/css/main.css"></head>\n<body>\n'
        '<div class="top"><img src="/images/logo.png" alt="示例区人民政府"></div>\n'
    )


FOOT = (
    '<div class="footer"><p>主办：示例区人民政府办公室　承办：示例区大数据中心</p>'
    "<p>网站标识码：4103810001　豫ICP备00000000号</p></div>\n</body></html>\n"
)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base-url", required=True, help="where the site will be served, e.g. http://127.0.0.1:8899/")
    ap.add_argument("--seed", type=int, default=20211031)
    ap.add_argument("--broken-rate", type=float, default=0.02, help="share of link occurrences that are broken")
    ap.add_argument("--truth", help="truth.txt path (default: beside --out)")
    a = ap.parse_args()
    base = a.base_url if a.base_url.endswith("/") else a.base_url + "/"
    rng = random.Random(a.seed)
    out = a.out.rstrip("/")
    meta_dir = os.path.dirname(os.path.abspath(out))
    truth_path = a.truth or os.path.join(meta_dir, "truth.txt")

    n_cols, per_col = split_columns(a.pages)
    cols = COLUMNS[:n_cols]
    days = (END - START).days

    # Articles per column, newest first (list page order).
    articles = []  # dicts: id, col, date, path, title
    by_col = []
    next_id = 1
    for ci, (slug, cname) in enumerate(cols):
        dates = sorted((START + dt.timedelta(days=rng.randrange(days + 1)) for _ in range(per_col[ci])), reverse=True)
        mine = []
        for d in dates:
            aid = next_id
            next_id += 1
            ym = d.strftime("%Y%m")
            art = {
                "id": aid, "col": ci, "date": d,
                "dir": f"/{slug}/{ym}/",
                "path": f"/{slug}/{ym}/t{d.strftime('%Y%m%d')}_{aid}.html",
                "title": f"{cname}：" + text(rng, rng.randrange(10, 22)).rstrip("，。；"),
            }
            mine.append(art)
            articles.append(art)
        by_col.append(mine)
    list_pages = []  # (col index, k, path)
    for ci, (slug, _) in enumerate(cols):
        for k in range(math.ceil(len(by_col[ci]) / PER_LIST)):
            list_pages.append((ci, k, f"/{slug}/{list_name(k)}"))

    files = {}  # path -> bytes (assets)
    html_bytes = 0
    link_occurrences = 0
    broken_occurrences = 0
    broken = []  # planted broken targets (absolute paths), in order of creation
    broken_seen = set()  # filled at the end: link targets that are not files of the site
    all_urls = set()

    def write(path, data):
        nonlocal html_bytes
        full = out + path
        os.makedirs(os.path.dirname(full), exist_ok=True)
        b = data.encode("utf-8") if isinstance(data, str) else data
        with open(full, "wb") as f:
            f.write(b)
        if path.endswith(".html"):
            html_bytes += len(b)

    def nav(current=None):
        items = ['<a href="/">首页</a>']
        for ci, (slug, cname) in enumerate(cols):
            cls = ' class="on"' if ci == current else ""
            items.append(f'<a href="/{slug}/"{cls}>{cname}</a>')
        return '<div class="nav">' + " ".join(items) + "</div>\n"

    # Shared assets.
    write("/css/main.css", "body{font-family:sans-serif;margin:0 auto;width:1000px}.nav a{margin:0 8px}\n")
    write("/images/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))

    # Home page.
    parts = [head("示例区人民政府"), nav()]
    for ci, (slug, cname) in enumerate(cols):
        parts.append(f'<div class="box"><h2><a href="/{slug}/">{cname}</a></h2><ul>\n')
        for art in by_col[ci][:8]:
            parts.append(f'<li><a href="{art["path"]}">{art["title"]}</a><span>{art["date"].isoformat()}</span></li>\n')
        parts.append(f'</ul><a href="/{slug}/index.html" class="more">更多</a></div>\n')
    parts.append(FOOT)
    write("/index.html", "".join(parts))

    # List pages.
    for ci, k, path in list_pages:
        slug, cname = cols[ci]
        n = math.ceil(len(by_col[ci]) / PER_LIST)
        parts = [head(f"{cname}_示例区人民政府"), nav(ci),
                 f'<div class="crumb"><a href="/">首页</a> &gt; <a href="./">{cname}</a></div>\n<ul class="list">\n']
        for art in by_col[ci][k * PER_LIST:(k + 1) * PER_LIST]:
            rel = "." + art["path"][len(slug) + 1:]
            parts.append(f'<li><a href="{rel}" target="_blank">{art["title"]}</a><span>{art["date"].isoformat()}</span></li>\n')
        parts.append('</ul>\n<div class="page">')
        parts.append(f'<a href="{list_name(0)}">首页</a>')
        if k > 0:
            parts.append(f'<a href="{list_name(k - 1)}">上一页</a>')
        for j in range(max(0, k - 2), min(n, k + 3)):
            parts.append(f"<span>{j + 1}</span>" if j == k else f'<a href="{list_name(j)}">{j + 1}</a>')
        if k + 1 < n:
            parts.append(f'<a href="{list_name(k + 1)}">下一页</a>')
        parts.append(f'<a href="{list_name(n - 1)}">尾页</a> 共{n}页</div>\n')
        parts.append(FOOT)
        write(path, "".join(parts))

    # Article pages.
    def broken_target(art):
        """A link to something that does not exist; sometimes one already used elsewhere."""
        if broken and rng.random() < 0.1:
            return rng.choice(broken)
        bid = len(broken) + 1
        kind = rng.random()
        other = rng.choice(articles)
        if kind < 0.6:
            p = f'{other["dir"]}t{other["date"].strftime("%Y%m%d")}_{900000 + bid}.html'
        elif kind < 0.8:
            p = f'{other["dir"]}P0{900000 + bid}.pdf'
        else:
            p = f'{other["dir"]}W0{900000 + bid}.jpg'
        broken.append(p)
        return p

    for art in articles:
        slug, cname = cols[art["col"]]
        n_links = rng.randrange(15, 26)
        # Fixed links: css, logo, home + up to 4 column links, column list, own image, own pdf.
        nav_cols = [art["col"]] + rng.sample([i for i in range(n_cols) if i != art["col"]], min(3, n_cols - 1))
        fixed = 2 + 1 + len(nav_cols) + 1 + 2
        extra = max(0, n_links - fixed)
        p_broken = a.broken_rate * n_links / max(1, extra)
        links = []  # (href, text, is_img)
        for _ in range(extra):
            r = rng.random()
            if r < p_broken:
                href = broken_target(art)
                links.append((href, "相关附件" if not href.endswith(".html") else "相关链接", href.endswith(".jpg")))
                continue
            r = rng.random()
            if r < 0.7:
                o = rng.choice(articles)
                href = o["path"]
                if o["col"] == art["col"] and o["dir"] != art["dir"]:
                    href = "../" + o["path"][len(slug) + 2:]
                elif o["dir"] == art["dir"]:
                    href = "./" + o["path"][len(o["dir"]):]
                links.append((href, o["title"][:20], False))
            elif r < 0.85:
                ci, k, path = rng.choice(list_pages)
                links.append((path, cols[ci][1], False))
            elif r < 0.93:
                o = rng.choice(articles)
                links.append((f'{o["dir"]}P0{o["id"]}.pdf', "附件下载", False))
            else:
                o = rng.choice(articles)
                links.append((f'{o["dir"]}W0{o["id"]}.jpg', "图片", True))
        target = rng.randrange(8 * 1024, 15 * 1024)
        body_links = links[: len(links) // 2]
        related = links[len(links) // 2:]
        d = art["date"]
        top = [
            head(f'{art["title"]}_{cname}_示例区人民政府',
                 f'<meta name="ArticleTitle" content="{art["title"]}"><meta name="PubDate" content="{d.isoformat()} 09:00">'),
            '<div class="nav"><a href="/">首页</a> '
            + " ".join(f'<a href="/{cols[i][0]}/">{cols[i][1]}</a>' for i in nav_cols) + "</div>\n",
            f'<div class="crumb"><a href="/">首页</a> &gt; <a href="../index.html">{cname}</a></div>\n',
            f'<h1>{art["title"]}</h1>\n<div class="info">发布日期：{d.isoformat()}　来源：示例区人民政府办公室</div>\n',
            '<div class="content">\n',
            f'<p style="text-align:center"><img src="W0{art["id"]}.jpg" alt="{art["title"][:12]}"></p>\n',
        ]
        tail = ['<div class="attach">附件：<a href="P0%d.pdf">%s.pdf</a></div>\n</div>\n' % (art["id"], art["title"][:16]),
                '<div class="related"><h3>相关信息</h3><ul>\n']
        for href, t, is_img in related:
            if is_img:
                tail.append(f'<li><img src="{href}" alt="{t}"></li>\n')
            else:
                tail.append(f'<li><a href="{href}">{t}</a></li>\n')
        tail.append("</ul></div>\n" + FOOT)
        fixed_size = sum(len(s.encode()) for s in top + tail)
        paras = []
        size = fixed_size
        queue = list(body_links)
        while size < target or queue:
            s = text(rng, rng.randrange(60, 180))
            if queue:
                href, t, is_img = queue.pop()
                cut = rng.randrange(len(s) // 2)
                link = f'<img src="{href}" alt="{t}">' if is_img else f'<a href="{href}">{t}</a>'
                s = s[:cut] + link + s[cut:]
            para = f"<p>　　{s}</p>\n"
            paras.append(para)
            size += len(para.encode())
        write(art["path"], "".join(top + paras + tail))
        # Count link occurrences and remember broken ones.
        occ = [("/css/main.css"), ("/images/logo.png"), "/"] + [f"/{cols[i][0]}/" for i in nav_cols]
        occ += ["/", f"/{slug}/index.html", f'{art["dir"]}W0{art["id"]}.jpg', f'{art["dir"]}P0{art["id"]}.pdf']
        occ = [urljoin(base, p[1:]) for p in occ]
        for href, _, _ in links:
            occ.append(urljoin(base + art["path"][1:], href))
        link_occurrences += len(occ)
        all_urls.update(occ)
        files[art["path"]] = links

    # Assets of every article.
    for art in articles:
        write(f'{art["dir"]}W0{art["id"]}.jpg', b"\xff\xd8\xff\xe0" + bytes(60) + b"\xff\xd9")
        write(f'{art["dir"]}P0{art["id"]}.pdf', b"%PDF-1.4\n%%EOF\n")

    # Truth: every link target (resolved) that is not a file of the site.
    pages = ["/index.html"] + [p for _, _, p in list_pages] + [x["path"] for x in articles]
    for u in sorted(all_urls):
        rel = u[len(base):]
        path = out + "/" + rel
        if rel == "" or rel.endswith("/"):
            path += "index.html"
        if not os.path.isfile(path):
            broken_seen.add(u)
    for art in articles:
        for href, _, _ in files[art["path"]]:
            absu = urljoin(base + art["path"][1:], href)
            if absu in broken_seen:
                broken_occurrences += 1
    # Home and list pages link only to existing targets; add their URLs to the distinct set.
    all_urls.update(urljoin(base, p[1:]) for p in pages)
    all_urls.update(urljoin(base, f"{c[0]}/") for c in cols)
    all_urls.add(base)
    with open(truth_path, "w") as f:
        f.write("".join(u + "\n" for u in sorted(broken_seen)))
    with open(os.path.join(meta_dir, "pages.txt"), "w") as f:
        f.write("".join(urljoin(base, p[1:]) + "\n" for p in pages))
    stats = {
        "pages": len(pages),
        "columns": n_cols,
        "list_pages": len(list_pages),
        "articles": len(articles),
        "html_bytes": html_bytes,
        "distinct_urls": len(all_urls),
        "broken_urls": len(broken_seen),
        "article_link_occurrences": link_occurrences,
        "broken_link_occurrences": broken_occurrences,
        "seed": a.seed,
        "base_url": base,
    }
    with open(os.path.join(meta_dir, "stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
