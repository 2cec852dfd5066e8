#!/usr/bin/env python3
"""Checks platform-truth.json against the generated HTML, reading only the files (not the plan):

    python3 check_platforms.py sample_sites/

For every unit: the charset is taken from the page's <meta>; links are read with html.parser
(so HTML comments hide links exactly as in a browser); for every column: the list pages
(following the paging script or links), the item count, the dates visible on the list, October
counts, the newest date, blank/unreachable, the ColumnName meta; every found_in place really
links to the column; aggregates exist; the only local links that 404 are the unreachable columns.
Standard library only. Exit status 1 on any mismatch.
"""

import json
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

ROOT = sys.argv[1] if len(sys.argv) > 1 else "sample_sites"
ERRORS = []
ART = re.compile(r"(/t\d{8}_\d+\.html|/art_\d+(_\d+)?\.html)$")
DATE = re.compile(r"(20\d\d)[-/](\d\d)[-/](\d\d)")


def err(msg):
    ERRORS.append(msg)


def file_of(path):
    p = urlsplit(path).path
    f = os.path.join(ROOT, p.lstrip("/"))
    return os.path.join(f, "index.html") if p.endswith("/") else f


def norm(url):
    """Local links -> server path (index.html dropped, query dropped); external links unchanged."""
    u = urlsplit(url)
    if u.netloc:
        return url
    p = u.path
    return p[:-len("index.html")] if p.endswith("/index.html") else p


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.meta, self.text, self.scripts = [], {}, [], []
        self._a, self._in_script = None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self._a = [a["href"], ""]
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        elif tag == "script":
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "a" and self._a:
            self.links.append(tuple(self._a))
            self._a = None
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
            return
        self.text.append(data)
        if self._a:
            self._a[1] += data


CACHE = {}


def load(path):
    f = file_of(path)
    if f in CACHE:
        return CACHE[f]
    if not os.path.isfile(f):
        CACHE[f] = None
        return None
    raw = open(f, "rb").read()
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:3000])
    cs = m.group(1).decode().lower() if m else "utf-8"
    text = raw.decode("gbk" if cs in ("gbk", "gb2312") else cs)
    p = Page()
    p.feed(text)
    p.raw, p.charset, p.url = text, cs, path
    p.visible = "".join(p.text)
    p.hrefs = [(norm(urljoin(path, h)), t.strip()) for h, t in p.links
               if not h.startswith(("javascript:", "JavaScript:", "#"))]
    CACHE[f] = p
    return p


def list_pages(first):
    p = load(first)
    total = 1
    for s in p.scripts:
        for pat in (r"countPage\s*=\s*(\d+)", r"createPageHTML\((\d+),"):
            for m in re.finditer(pat, s):
                total = max(total, int(m.group(1)))
    for h, _ in p.hrefs:
        m = re.search(r"/index_(\d+)\.html$", h)
        if m:
            total = max(total, int(m.group(1)) + 1)
    base = first if first.endswith("/") else first.rsplit("/", 1)[0] + "/"
    return [first] + [f"{base}index_{i}.html" for i in range(1, total)]


CHROME = {}


def chrome_links(u):
    """Article links present on more than half of the unit's pages (nav/header/footer links)."""
    if u["slug"] in CHROME:
        return CHROME[u["slug"]]
    count, pages = {}, 0
    for dirpath, _, names in os.walk(os.path.join(ROOT, u["slug"])):
        for n in names:
            if n.endswith(".html"):
                pages += 1
                p = load("/" + os.path.relpath(os.path.join(dirpath, n), ROOT).replace(os.sep, "/"))
                for h in {h for h, _ in p.hrefs if ART.search(h)}:
                    count[h] = count.get(h, 0) + 1
    CHROME[u["slug"]] = {h for h, k in count.items() if k > pages / 2}
    return CHROME[u["slug"]]


def check_column(u, c):
    where = f'{u["slug"]} {c["name"]} {c["path"]}'
    p = load(c["path"])
    if c["unreachable"]:
        if p is not None:
            err(f"{where}: marked unreachable but the page exists")
        return
    if p is None:
        err(f"{where}: page missing")
        return
    if p.meta.get("ColumnName") != c["column_name"]:
        err(f'{where}: ColumnName {p.meta.get("ColumnName")!r} != {c["column_name"]!r}')
    if c["column_name"] not in p.visible:
        err(f"{where}: column name not shown on its page")
    items, dates = [], []
    pages = list_pages(c["path"])
    for lp in pages:
        q = load(lp)
        if q is None:
            err(f"{where}: list page {lp} missing")
            continue
        all_arts = [h for h, _ in q.hrefs if ART.search(h)]
        # a chrome link (e.g. a nav item pointing at an article) counts only if the list repeats it
        arts = [h for h in all_arts if h not in chrome_links(u) or all_arts.count(h) > 1]
        items += arts
        dates += [f"{m.group(1)}-{m.group(2)}-{m.group(3)}" for m in DATE.finditer(q.visible)]
    items = list(dict.fromkeys(items))
    if len(items) != c["items_total"]:
        err(f'{where}: {len(items)} items on the list pages, truth says {c["items_total"]}')
    if len(pages) != c["list_pages"]:
        err(f'{where}: {len(pages)} list pages, truth says {c["list_pages"]}')
    if c["blank"] != (not items):
        err(f"{where}: blank mismatch")
    shown = c["dates_shown"]
    if shown == "list":
        if len(dates) != len(items):
            err(f"{where}: {len(dates)} dates for {len(items)} items on the list")
        art_dates = dates
    else:
        if dates:
            err(f"{where}: dates visible on an undated list: {dates[:3]}")
        art_dates = []
        for a in items:
            q = load(a)
            pub = q.meta.get("PubDate")
            vis = DATE.search(q.visible)
            if shown == "detail":
                if not pub or not vis:
                    err(f"{where}: detail page {a} lacks a date")
                else:
                    art_dates.append("-".join(vis.groups()))
            elif pub or vis:
                err(f"{where}: detail page {a} shows a date but dates_shown is none")
    newest = max(art_dates) if art_dates else None
    if newest != c["newest"]:
        err(f'{where}: newest {newest} != {c["newest"]}')
    octo = sum(1 for d in art_dates if d.startswith("2021-10-"))
    if octo != c["items_october"]:
        err(f'{where}: {octo} October items != {c["items_october"]}')


def check_found(u, entry):
    for f in entry["found_in"]:
        p = load(f["on"])
        if p is None:
            err(f'{u["slug"]} {entry["name"]}: found_in page {f["on"]} missing')
            continue
        target = norm(entry["path"])
        if not any(h == target for h, _ in p.hrefs):
            err(f'{u["slug"]} {entry["name"]}: no link to {target} on {f["on"]} ({f["where"]})')


def crawl_broken(u):
    """Every local href and src in every HTML file of the unit must exist, except the unreachable columns."""
    missing = set()
    unit_dir = os.path.join(ROOT, u["slug"])
    for dirpath, _, names in os.walk(unit_dir):
        for n in names:
            if not n.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, n), ROOT).replace(os.sep, "/")
            path = "/" + rel
            p = load(path)
            srcs = re.findall(r'(?:src|href)="([^"]+\.(?:png|jpg|css))"', p.raw)
            for h in [h for h, _ in p.hrefs] + [norm(urljoin(path, s)) for s in srcs]:
                if "://" in h:
                    continue
                if not os.path.exists(file_of(h)):
                    missing.add(h)
    expected = {norm(c["path"]) for c in u["columns"] if c["unreachable"]}
    if missing != expected:
        err(f'{u["slug"]}: missing local targets {sorted(missing)} != unreachable columns {sorted(expected)}')


def main():
    truth = json.load(open(os.path.join(ROOT, "platform-truth.json"), encoding="utf-8"))
    for u in truth["units"]:
        home = load(u["entry"])
        if home is None:
            err(f'{u["slug"]}: entry missing')
            continue
        declared = "gb2312" if u["charset"] == "gb2312" else u["charset"]
        if home.charset != declared:
            err(f'{u["slug"]}: entry declares {home.charset}, truth says {u["charset"]}')
        for c in u["columns"]:
            check_column(u, c)
            check_found(u, c)
            if not c["found_in"]:
                err(f'{u["slug"]} {c["name"]}: column linked from nowhere')
        for a in u["aggregates"]:
            if load(a["path"]) is None:
                err(f'{u["slug"]} aggregate {a["name"]} missing')
            check_found(u, a)
        for o in u["not_columns"]:
            if o["path"].startswith("/"):
                check_found(u, o)
        paths = [norm(c["path"]) for c in u["columns"]] + [norm(a["path"]) for a in u["aggregates"]]
        if len(paths) != len(set(paths)):
            err(f'{u["slug"]}: a path is both a column and an aggregate, or listed twice')
        crawl_broken(u)
        n = len(u["columns"])
        print(f'{u["slug"]}: {n} columns, {len(u["aggregates"])} aggregates, '
              f'{sum(c["blank"] for c in u["columns"])} blank, {sum(c["unreachable"] for c in u["columns"])} unreachable')
    # the hidden 目录 leaf of platform-xxgk: in the raw HTML, not among the parsed links
    zn = load("/platform-xxgk/zfxxgkzn/")
    if zn is not None:
        if "fdzdgknr/tjxx/" not in zn.raw or any(h.endswith("/fdzdgknr/tjxx/") for h, _ in zn.hrefs):
            err("platform-xxgk: the commented-out 统计信息 link should be in the raw HTML but not parsed")
        dups = [t for h, t in zn.hrefs if t in ("规划计划", "人事信息", "收费项目")]
        if sorted(dups) != sorted(["规划计划", "规划计划", "人事信息", "人事信息", "收费项目", "收费项目"]):
            err(f"platform-xxgk: broken-comment duplicates not as planned: {dups}")
    for e in ERRORS:
        print("ERROR", e)
    print("OK" if not ERRORS else f"{len(ERRORS)} errors")
    sys.exit(1 if ERRORS else 0)


if __name__ == "__main__":
    main()
