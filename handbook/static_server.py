"""A static server for a built site that compresses the way a static host does.

Text responses (HTML, CSS, JS, JSON, SVG, XML) are gzip-compressed when the client accepts it,
so the browser tests see what a reader's browser gets from a real host, and the benchmarks'
byte counts and Lighthouse scores measure what a reader downloads.

    python -m handbook.static_server SITE_DIR [--port 8001]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map")


class CompressingHandler(SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` plus gzip (level 6) and a one-hour cache header; quiet."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:  # type: ignore[override]
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if not gz or not path.is_file() or not path.name.endswith(COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a thread (``port`` 0: any free port); yield its base URL."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(
            f"{site}: no built site here (no index.html) — build one first "
            "(make build, or mkdocs build -d DIR) and pass its folder"
        )
    handler = functools.partial(CompressingHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.static_server", description=__doc__.split("\n")[0]
    )
    parser.add_argument("site", type=Path, help="a built site's folder (site/ after make build)")
    parser.add_argument("--port", type=int, default=8001, help="0 picks a free port")
    args = parser.parse_args(argv)
    try:
        with serve(args.site, args.port) as url:
            print(url, flush=True)
            threading.Event().wait()
    except FileNotFoundError as err:
        parser.error(str(err))


if __name__ == "__main__":
    main()
