#!/usr/bin/env python3
"""Synthetic district portals for the scale run: HOSTS loopback addresses (127.0.1.1 …), each a
portal holding UNITS_PER_HOST units' sections, plus one shared external host (127.0.2.1) that
every unit links to. Answers after DELAY_MS (a network's latency) and counts, per host, the
requests in flight at once: the peak is what per-host limits must keep low across workers.

    python3 bench/scale/sites.py --hosts 200 --units-per-host 10 --port 18080 --stats stats.json
Stats are written to --stats on SIGTERM/SIGINT, and read and reset by GET /__stats on any host.
Loopback only; stops by itself after --max-seconds.
"""
import argparse
import asyncio
import json
import signal
import sys

ITEMS = 8  # items per column list, all dated in October 2021


def entry_page(k, ext):
    nav = "".join(
        f'<li><a href="/u{k}/{c}/">{name}</a></li>'
        for c, name in (("news", "工作动态"), ("notice", "通知公告"))
    )
    return (
        f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>单位{k}</title>"
        f"<meta name=\"SiteName\" content=\"单位{k}\"></head><body><nav><ul>{nav}</ul></nav>"
        f"<ul><li><a href=\"/u{k}/news/a1.html\">要闻一</a><span>2021-10-28</span></li></ul>"
        f"<footer>网站标识码：41038100{k % 100:02d} 主办单位：单位{k}"
        f"<a href=\"{ext}/shared/{k % 20}.html\">中国政府网</a></footer></body></html>"
    )


def list_page(k, col):
    items = "".join(
        f'<li><a href="a{i}.html">第{i}条{col}</a><span>2021-10-{1 + (i * 3) % 28:02d}</span></li>'
        for i in range(1, ITEMS + 1)
    )
    return (
        f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{col}</title></head>"
        f"<body><ul class=\"list\">{items}</ul></body></html>"
    )


def article_page(k, col, i):
    return (
        f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>第{i}条</title>"
        f"<meta name=\"PubDate\" content=\"2021-10-{1 + (i * 3) % 28:02d}\"></head>"
        f"<body><h1>第{i}条</h1><p>单位{k}的{col}正文。</p></body></html>"
    )


class Sites:
    def __init__(self, args):
        self.args = args
        self.ext = f"http://127.0.2.1:{args.port}"
        self.now = {}
        self.peak = {}
        self.requests = 0

    def route(self, host, path):
        if path == "/robots.txt":
            return 200, "User-agent: *\nAllow: /\n", "text/plain"
        if host.startswith("127.0.2."):
            return 200, "<html><head><title>共享</title></head><body>ok</body></html>", "text/html"
        parts = [p for p in path.split("/") if p]
        if not parts or not parts[0].startswith("u"):
            return 404, "not found", "text/plain"
        try:
            k = int(parts[0][1:])
        except ValueError:
            return 404, "not found", "text/plain"
        if len(parts) == 1:
            return 200, entry_page(k, self.ext), "text/html"
        if len(parts) == 2 and parts[1] in ("news", "notice"):
            return 200, list_page(k, parts[1]), "text/html"
        if len(parts) == 3 and parts[2].startswith("a") and parts[2].endswith(".html"):
            try:
                i = int(parts[2][1:-5])
            except ValueError:
                return 404, "not found", "text/plain"
            if 1 <= i <= ITEMS:
                return 200, article_page(k, parts[1], i), "text/html"
        return 404, "<html><body>404</body></html>", "text/html"

    def stats(self, reset=False):
        inner = {h: p for h, p in self.peak.items() if h.startswith("127.0.1.")}
        ext = {h: p for h, p in self.peak.items() if h.startswith("127.0.2.")}
        out = {
            "requests": self.requests,
            "hosts_seen": len(inner),
            "max_in_flight_per_host": max(inner.values(), default=0),
            "external_max_in_flight": max(ext.values(), default=0),
        }
        if reset:
            self.peak = {}
            self.requests = 0
        return out

    async def handle(self, reader, writer):
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                method, target, _ = line.split(" ", 2)
                path = target.split("?", 1)[0]
                if path == "/__stats":
                    body = json.dumps(self.stats(reset=True)).encode()
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                    await writer.drain()
                    continue
                self.requests += 1
                n = self.now.get(host, 0) + 1
                self.now[host] = n
                if n > self.peak.get(host, 0):
                    self.peak[host] = n
                try:
                    await asyncio.sleep(self.args.delay_ms / 1000)
                    status, text, ctype = self.route(host, path)
                    body = text.encode("utf-8")
                    reason = "OK" if status == 200 else "Not Found"
                    writer.write(
                        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}; charset=utf-8\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n".encode()
                        + (b"" if method == "HEAD" else body)
                    )
                    await writer.drain()
                finally:
                    self.now[host] -= 1
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--units-per-host", type=int, default=10)
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--delay-ms", type=int, default=20)
    ap.add_argument("--stats", default="stats.json")
    ap.add_argument("--max-seconds", type=int, default=7200)
    args = ap.parse_args()
    sites = Sites(args)
    addrs = [f"127.0.1.{h}" for h in range(1, args.hosts + 1)] + ["127.0.2.1"]
    servers = [await asyncio.start_server(sites.handle, a, args.port, backlog=512) for a in addrs]
    print(f"serving {len(addrs)} hosts on port {args.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), args.max_seconds)
    except asyncio.TimeoutError:
        pass
    with open(args.stats, "w") as f:
        json.dump(sites.stats(), f)
    for s in servers:
        s.close()


if __name__ == "__main__":
    if sys.platform != "linux":
        sys.exit("needs Linux (the whole 127.0.0.0/8 range is loopback there)")
    asyncio.run(main())
