"""CLI commands for running on several servers: a local cluster to try it, and the
nginx config for a real deployment (see the README's 多台服务器部署)."""

import signal
import sys
import time

from cppcc import settings
from cppcc.cluster import nginx


def cmd_cluster(args) -> int:
    from cppcc.cluster.local import Cluster
    from cppcc.cluster.pgserver import ServerError

    print("正在启动：临时 PostgreSQL、看板服务器、nginx……", flush=True)
    try:
        cluster = Cluster(replicas=args.replicas, port=args.port).start()
    except (ServerError, RuntimeError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    print(f"数据库（临时，停止后删除）：{cluster.store}")
    for replica in cluster.replicas:
        print(f"看板服务器 {replica.index + 1}：{replica.url}（进程 {replica.process.pid}）")
    print(f"请打开 {cluster.url} （nginx，分发到各服务器）。按 Ctrl-C 停止全部。", flush=True)
    print("某台看板服务器退出（崩溃、被终止）时自动重新启动。", flush=True)
    try:
        while not stop:
            for line in cluster.restart_dead():
                print(line, flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.close()
        print("已停止并清理。")
    return 0


def cmd_nginx_config(args) -> int:
    token = args.proxy_token or settings.env("CPPCC_PROXY_TOKEN") or None
    try:
        config = nginx.render(args.server, args.listen, proxy_token=token)
    except ValueError:
        print(
            "错误：--proxy-token（或 CPPCC_PROXY_TOKEN）须为 16–128 个字母、数字、- 或 _；"
            '可用 python3 -c "import secrets; print(secrets.token_urlsafe(32))" 生成。',
            file=sys.stderr,
        )
        return 2
    if token is None:
        print(
            "提示：没有设置代理口令（--proxy-token 或 CPPCC_PROXY_TOKEN）。看板服务器会信任本机"
            "转来的 X-Forwarded-For；建议在各服务器和这里设置同一个口令。",
            file=sys.stderr,
        )
    sys.stdout.write(config)
    return 0


def register(commands) -> None:
    local = commands.add_parser(
        "cluster", help="在本机启动一个试用集群：临时 PostgreSQL、两台看板服务器和 nginx"
    )
    local.add_argument("--port", type=int, default=8080, help="nginx 端口（默认 8080）")
    local.add_argument("--replicas", type=int, default=2, help="看板服务器台数（默认 2）")
    local.set_defaults(run=cmd_cluster)

    conf = commands.add_parser("nginx-config", help="输出 nginx 配置（放入 /etc/nginx/conf.d/）")
    conf.add_argument(
        "--server", action="append", required=True, help="看板服务器地址，如 10.0.0.11:8501；可重复"
    )
    conf.add_argument("--listen", default="80", help="nginx 监听的地址或端口（默认 80）")
    conf.add_argument(
        "--proxy-token",
        help="与各看板服务器的 CPPCC_PROXY_TOKEN 相同的口令（不写时读本机的 CPPCC_PROXY_TOKEN）",
    )
    conf.set_defaults(run=cmd_nginx_config)
