package dev.ferry.importer;

import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hard-link rule for a walked input: a regular file with more than one name is accepted only
 * when every name is inside the same input. Otherwise the input would carry (and publish) a file
 * someone placed elsewhere, e.g. a hard link to a file outside the tree given on the command line.
 */
final class HardLinks {
    private record Inode(Object device, Object number) {
    }

    private record Names(long links, List<String> inside) {
    }

    private final Map<Inode, Names> seen = new LinkedHashMap<>();

    /** Notes one regular file met during the walk, named {@code name} within the input. */
    void note(Path file, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:nlink,dev,ino", LinkOption.NOFOLLOW_LINKS);
        long links = ((Number) a.get("nlink")).longValue();
        if (links <= 1) return;
        seen.computeIfAbsent(new Inode(a.get("dev"), a.get("ino")), k -> new Names(links, new ArrayList<>())).inside().add(name);
    }

    /** Refuses the first file (in walk order) that has names outside the input. */
    void check() throws RejectedException {
        for (Names n : seen.values()) {
            if (n.links() > n.inside().size()) {
                throw new RejectedException(n.inside().get(0), "hard link: " + n.links() + " names, " + n.inside().size()
                        + " inside the input (a file with a name outside the input is refused)");
            }
        }
    }
}
