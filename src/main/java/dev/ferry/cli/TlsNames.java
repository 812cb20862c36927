package dev.ferry.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validates the names a server certificate is issued for. */
final class TlsNames {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?");

    private TlsNames() {
    }

    static List<String> dns(List<String> names) {
        for (String n : names) {
            if (!DNS_NAME.matcher(n).matches()) throw new IllegalArgumentException("--dns '" + n + "' is not a DNS name");
        }
        return names;
    }

    /** IP literals only: a name here would be resolved, which is not what a certificate should depend on. */
    static List<InetAddress> ips(List<String> literals) {
        List<InetAddress> ips = new ArrayList<>();
        for (String s : literals) {
            try {
                if (!IP_LITERAL.matcher(s).matches()) throw new UnknownHostException();
                ips.add(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--ip '" + s + "' is not an IP address");
            }
        }
        return ips;
    }
}
