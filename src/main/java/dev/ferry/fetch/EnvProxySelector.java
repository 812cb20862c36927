package dev.ferry.fetch;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies as curl reads them from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (lower case wins,
 * as in curl). Unlike the JDK default selector, loopback is proxied unless {@code NO_PROXY} says otherwise.
 */
public final class EnvProxySelector extends ProxySelector {
    private final URI https;
    private final URI http;
    private final List<String> noProxy = new ArrayList<>();

    public EnvProxySelector(Map<String, String> env) {
        this.https = proxyUri(first(env, "https_proxy", "HTTPS_PROXY"));
        this.http = proxyUri(first(env, "http_proxy", "HTTP_PROXY"));
        String no = first(env, "no_proxy", "NO_PROXY");
        if (no != null) {
            for (String e : no.split(",")) {
                String t = e.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) noProxy.add(t);
            }
        }
    }

    /** True when any proxy is configured. */
    public boolean active() {
        return https != null || http != null;
    }

    @Override
    public List<Proxy> select(URI uri) {
        URI proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : "http".equalsIgnoreCase(uri.getScheme()) ? http : null;
        if (proxy == null || bypassed(uri)) return List.of(Proxy.NO_PROXY);
        int port = proxy.getPort() > 0 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to fall back to: the download's retries report the failure
    }

    /** Answers a proxy's 407 with the user and password of the proxy URL, if it has them; null when none has. */
    public Authenticator authenticator() {
        URI withUser = https != null && https.getRawUserInfo() != null ? https : http != null && http.getRawUserInfo() != null ? http : null;
        if (withUser == null) return null;
        String info = withUser.getRawUserInfo();
        int colon = info.indexOf(':');
        String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
        String pass = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, pass.toCharArray()) : null;
            }
        };
    }

    boolean bypassed(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String entry : noProxy) {
            if (entry.equals("*")) return true;
            String h = entry;
            int p = -1;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                h = entry.substring(0, colon);
                p = Integer.parseInt(entry.substring(colon + 1));
            }
            if (p >= 0 && p != port) continue;
            if (h.startsWith("*.")) h = h.substring(1);
            if (h.startsWith(".") ? host.endsWith(h) || host.equals(h.substring(1)) : host.equals(h) || host.endsWith("." + h)) {
                return true;
            }
        }
        return false;
    }

    private static String first(Map<String, String> env, String a, String b) {
        String v = env.get(a);
        if (v == null || v.isBlank()) v = env.get(b);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static URI proxyUri(String value) {
        if (value == null) return null;
        URI u = URI.create(value.contains("://") ? value : "http://" + value);
        String shown = value.replaceAll("//[^/@]*@", "//***@"); // never print the proxy password
        if (u.getHost() == null) throw new IllegalArgumentException("proxy URL without a host: " + shown);
        if (!"http".equalsIgnoreCase(u.getScheme())) {
            throw new IllegalArgumentException("only http:// proxies are supported (HTTPS is tunnelled through them): " + shown);
        }
        return u;
    }
}
