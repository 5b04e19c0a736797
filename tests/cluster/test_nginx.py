"""nginx in front of the app servers, over plain HTTP: the static frontend comes from
nginx compressed and cached for a year, a browser keeps to one server, and the upload
limit is the app's own."""

import re
import urllib.error
import urllib.request

from cppcc.cluster import nginx


def _get(url, cookie=None, gzip=False):
    headers = {}
    if cookie:
        headers["Cookie"] = f"cppcc_route={cookie}"
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, r.headers, r.read()


def test_the_config_allows_uploads_as_large_as_the_app_does():
    text = nginx.render(["127.0.0.1:8501", "127.0.0.1:8502"])
    limit = int(re.search(r"client_max_body_size (\d+)m;", text).group(1))
    assert limit == nginx.max_upload_mb() == 5  # .streamlit/config.toml maxUploadSize
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert text.count("server 127.0.0.1:850") == 2
    assert (nginx.STATIC_ROOT / "index.html").is_file()


def test_static_files_come_from_nginx_compressed_and_cached(cluster):
    _, _, html = _get(cluster.url + "/")
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', html).group(1).decode()
    status, headers, _ = _get(f"{cluster.url}/{script}", gzip=True)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "X-CPPCC-Replica" not in headers  # no app server was asked


def test_a_browser_keeps_to_one_server_and_new_browsers_spread(cluster):
    _, first, _ = _get(cluster.url + "/_stcore/health")
    cookies = " ".join(first.get_all("Set-Cookie"))
    route = re.search(r"cppcc_route=([0-9a-f]+)", cookies).group(1)
    same = {_get(cluster.url + "/_stcore/health", cookie=route)[1]["X-CPPCC-Replica"]
            for _ in range(8)}  # fmt: skip
    assert len(same) == 1
    spread = {_get(cluster.url + "/_stcore/health", cookie=f"{n:032x}")[1]["X-CPPCC-Replica"]
              for n in range(24)}  # fmt: skip
    assert len(spread) == 2


def test_a_file_over_the_upload_limit_is_refused_by_nginx(cluster):
    body = b"x" * (nginx.max_upload_mb() * 1024 * 1024 + 1)
    request = urllib.request.Request(
        cluster.url + "/_stcore/upload_file/session/file", data=body, method="PUT"
    )
    try:
        urllib.request.urlopen(request, timeout=20)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 413
