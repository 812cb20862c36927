# The loopback nginx the benchmarks measure against. Source it.

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
