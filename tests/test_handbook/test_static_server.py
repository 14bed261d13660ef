"""handbook.static_server: the compressing server the browser tests and benchmarks share."""

from __future__ import annotations

import gzip
import http.client
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from handbook.static_server import main, serve
from support import ROOT

PAGE = b"<!doctype html><title>t</title>" + b"<p>compress me</p>" * 200
SCRIPT = b"console.log('x');\n" * 100
IMAGE = bytes(range(256)) * 8


def _site(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_bytes(PAGE)
    (tmp_path / "sub" / "index.html").write_bytes(PAGE)
    (tmp_path / "app.js").write_bytes(SCRIPT)
    (tmp_path / "pic.png").write_bytes(IMAGE)
    return tmp_path


def _get(base: str, path: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, raw body) of one GET."""
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_text_is_gzipped_for_clients_that_accept_it(tmp_path: Path) -> None:
    with serve(_site(tmp_path)) as base:
        for path, body, kind in (
            ("/", PAGE, "text/html"),
            ("/sub/?q=1#x", PAGE, "text/html"),
            ("/app.js", SCRIPT, "javascript"),
        ):
            status, headers, raw = _get(base, path)
            assert status == 200
            assert headers["Content-Encoding"] == "gzip"
            assert kind in headers["Content-Type"]
            assert int(headers["Content-Length"]) == len(raw) < len(body)
            assert gzip.decompress(raw) == body


def test_plain_bytes_otherwise(tmp_path: Path) -> None:
    with serve(_site(tmp_path)) as base:
        status, headers, raw = _get(base, "/app.js", gzip_ok=False)
        assert (status, "Content-Encoding" in headers, raw) == (200, False, SCRIPT)
        status, headers, raw = _get(base, "/pic.png")  # not a text format: sent as it is
        assert (status, "Content-Encoding" in headers, raw) == (200, False, IMAGE)
        assert _get(base, "/missing.html")[0] == 404
        status, headers, _ = _get(base, "/sub")
        assert (status, headers["Location"]) == (301, "/sub/")


def test_a_folder_without_a_built_site_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with (
        pytest.raises(FileNotFoundError, match=r"no built site here .* build one first"),
        serve(tmp_path),
    ):
        pass
    with pytest.raises(SystemExit) as exc:
        main([str(tmp_path / "nowhere")])
    assert exc.value.code == 2


def test_the_command_prints_its_url_and_serves(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "handbook.static_server", str(_site(tmp_path)), "--port", "0"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            base = proc.stdout.readline().strip()
            assert base.startswith("http://127.0.0.1:")
            assert gzip.decompress(_get(base, "/")[2]) == PAGE
        finally:
            proc.terminate()
