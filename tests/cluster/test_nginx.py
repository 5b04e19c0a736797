"""nginx in front of the app servers, over plain HTTP: the static frontend comes from
nginx compressed and cached for a year, a browser keeps to one server, and the upload
limit is the app's own."""

import re
import shutil
import urllib.error
import urllib.request

import pytest

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


def test_the_production_config_hardens_what_a_client_sees():
    text = nginx.render(["10.0.0.11:8501", "10.0.0.12:8501"], listen="80")
    assert "X-CPPCC-Replica" not in text  # the upstream address is not for clients
    assert "server_tokens off;" in text
    assert "large_client_header_buffers 4 32k;" in text
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                   "Referrer-Policy"):  # fmt: skip
        # in the server and again where a location's own add_header would drop them
        assert text.count(f"add_header {header} ") == 2, header
    policy = nginx.content_security_policy()
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    # per-address limits where sockets, uploads and identity-provider sign-ins arrive
    for path, zone in (("location = /_stcore/stream", "cppcc_stream"),
                       ("location /_stcore/upload_file/", "cppcc_upload"),
                       ("location ~ ^/(auth/login|oauth2callback", "cppcc_signin")):  # fmt: skip
        block = text.split(path, 1)[1].split("}", 1)[0]
        assert f"limit_req zone={zone} " in block, path
    stream = text.split("location = /_stcore/stream", 1)[1].split("}", 1)[0]
    seconds = int(re.search(r"proxy_read_timeout (\d+)s;", stream).group(1))
    assert seconds <= 300  # not a day: the app pings every 30 s


def test_every_proxied_request_brings_the_proxy_token():
    token = "a-long-random-token-123"
    text = nginx.render(["10.0.0.11:8501"], listen="80", proxy_token=token)
    proxied = text.count("proxy_pass http://cppcc_app;")
    assert proxied >= 4 and text.count(f'proxy_set_header X-CPPCC-Proxy "{token}";') == proxied
    # a token that could break out of the quoted value is refused
    for bad in ("short", 'a-long-random-token"; evil', "a" * 200):
        with pytest.raises(ValueError):
            nginx.render(["10.0.0.11:8501"], proxy_token=bad)
    assert "X-CPPCC-Proxy" not in nginx.render(["10.0.0.11:8501"]).replace("CPPCC_PROXY", "")


def test_the_local_cluster_gives_nginx_and_its_servers_one_token():
    from cppcc.cluster.local import Cluster

    cluster = Cluster(replicas=2)  # not started: its settings only
    try:
        token = cluster.env["CPPCC_PROXY_TOKEN"]
        assert len(token) >= 16 and cluster.nginx.proxy_token == token
        assert all(replica.env["CPPCC_PROXY_TOKEN"] == token for replica in cluster.replicas)
    finally:
        shutil.rmtree(cluster.folder, ignore_errors=True)
        shutil.rmtree(cluster.postgres.folder, ignore_errors=True)


def test_nginx_accepts_the_rendered_config(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("nginx"):
        import pytest

        pytest.skip("nginx is not installed (scripts/install_system_deps.sh --cluster)")
    (tmp_path / "temp").mkdir()
    (tmp_path / "cppcc.conf").write_text(nginx.render(["127.0.0.1:8501"], "127.0.0.1:18080"))
    main = tmp_path / "nginx.conf"
    main.write_text(nginx._fill(nginx.MAIN_TEMPLATE, {"folder": str(tmp_path), "user": ""}))
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_answers_carry_the_security_headers_and_no_version(cluster):
    for path in ("/", "/_stcore/health", "/nginx-health"):
        _, headers, _ = _get(cluster.url + path)
        assert headers["Server"] == "nginx", path  # no version
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"], path
        assert headers["Referrer-Policy"] == "same-origin", path
