# The loopback nginx the benchmarks measure against, and wrk to load it. Source it.

# install_wrk_and_nginx [COMMAND...] : installs what of wrk, nginx-light and the given commands (each
# from the Debian package of its name) is missing with apt-get (root or sudo).
install_wrk_and_nginx() {
  local missing=() command
  for command in wrk "$@"; do command -v "$command" >/dev/null || missing+=("$command"); done
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
  ((${#missing[@]} == 0)) && return 0
  local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# write_nginx_conf DIR HTTP-LINES : DIR/nginx.conf for an nginx with one worker per core, no access
# log and long-lived keep-alive, whose http block also holds HTTP-LINES (its server block).
write_nginx_conf() {
  local dir="$1"
  mkdir -p "$dir/logs"
  cat > "$dir/nginx.conf" <<CONF
user $(id -un);
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  tcp_nodelay on;
  keepalive_timeout 120s;
  keepalive_requests 1000000;
$2
}
CONF
}
