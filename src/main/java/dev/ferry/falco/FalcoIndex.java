package dev.ferry.falco;

import dev.ferry.core.oci.OciNames;
import dev.ferry.core.RejectedException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A falcoctl index ({@code index.yaml}, falcoctl {@code pkg/index/index/index.go}): a YAML list of
 * entries, each naming an artifact ({@code name}, {@code type} rulesfile/plugin/asset) and where
 * it is pulled from ({@code registry} host[:port], {@code repository}). Parsing checks what
 * falcoctl relies on and refuses, naming the entry and its line, what falcoctl would choke on
 * or misread: duplicate names, wrong value types, YAML aliases, several documents, unknown tags.
 * Fields Ferry does not know are kept (a newer falcoctl may read them).
 */
public final class FalcoIndex {
    /** Upper bound of an index file; the published index is a few tens of KiB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    public static final Set<String> TYPES = Set.of("rulesfile", "plugin", "asset");
    private static final Set<String> SCALARS = Set.of("name", "type", "registry", "repository", "description", "home", "license");
    private static final Set<String> SCALAR_LISTS = Set.of("keywords", "sources");
    private static final Set<Tag> CORE_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.SEQ, Tag.MAP);

    /** One entry as far as serving needs it. */
    public record Entry(String name, String type, String registry, String repository, boolean signed) {
    }

    private final SequenceNode root;
    private final List<Entry> entries;

    private FalcoIndex(SequenceNode root, List<Entry> entries) {
        this.root = root;
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Parses and checks {@code bytes}; {@code source} names the file in refusals. */
    public static FalcoIndex parse(byte[] bytes, String source) throws RejectedException {
        if (bytes.length > MAX_BYTES) throw new RejectedException(source, "larger than " + MAX_BYTES + " bytes; not a falcoctl index");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedException(source, "not UTF-8 text");
        }
        List<Node> documents = new ArrayList<>();
        try {
            for (Node d : yaml().composeAll(new java.io.StringReader(text))) documents.add(d);
        } catch (YAMLException e) {
            throw new RejectedException(source, "malformed YAML: " + oneLine(e.getMessage()));
        }
        if (documents.isEmpty()) throw new RejectedException(source, "empty; a falcoctl index is a YAML list of entries");
        if (documents.size() > 1) throw new RejectedException(source, documents.size() + " YAML documents; a falcoctl index is one list");
        Node top = documents.get(0);
        if (!(top instanceof SequenceNode list)) {
            throw new RejectedException(source, "the top level is a " + kind(top) + " (line " + line(top) + "); a falcoctl index is a YAML list of entries");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (Node item : list.getValue()) {
            i++;
            Entry e = entry(item, source + " entry " + i + " (line " + line(item) + ")");
            if (!names.add(e.name())) {
                throw new RejectedException(source + " entry " + i + " (line " + line(item) + ")", "duplicate name '" + e.name()
                        + "' (falcoctl refuses the whole index: \"duplicate entry found\")");
            }
            entries.add(e);
        }
        return new FalcoIndex(list, entries);
    }

    private static Entry entry(Node item, String where) throws RejectedException {
        checkTags(item, where);
        if (!(item instanceof MappingNode map)) throw new RejectedException(where, "a " + kind(item) + ", not a mapping of fields");
        Set<String> keys = new HashSet<>();
        String name = null, type = null, registry = null, repository = null;
        boolean signed = false;
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw new RejectedException(where, "a key that is not a plain string (line " + line(t.getKeyNode()) + ")");
            String key = k.getValue();
            if (!keys.add(key)) throw new RejectedException(where, "field '" + key + "' given twice (line " + line(k) + ")");
            Node v = t.getValueNode();
            if (SCALARS.contains(key)) {
                String s = scalar(v, where, key);
                switch (key) {
                    case "name" -> name = s;
                    case "type" -> type = s;
                    case "registry" -> registry = s;
                    case "repository" -> repository = s;
                    default -> { }
                }
            } else if (SCALAR_LISTS.contains(key)) {
                for (Node element : list(v, where, key)) scalar(element, where, key + " item");
            } else if (key.equals("maintainers")) {
                for (Node m : list(v, where, key)) {
                    if (!(m instanceof MappingNode mm)) throw new RejectedException(where, "maintainers item is a " + kind(m) + ", not {email, name}");
                    for (NodeTuple mt : mm.getValue()) scalar(mt.getValueNode(), where, "maintainers " + scalar(mt.getKeyNode(), where, "maintainers key"));
                }
            } else if (key.equals("signature")) {
                signed = signature(v, where);
            }
        }
        if (name == null || name.isBlank()) throw new RejectedException(where, "no name");
        where = where + " '" + name + "'";
        if (name.contains(":") || name.contains("@") || name.contains("/")) {
            throw new RejectedException(where, "name contains ':', '@' or '/'; falcoctl could not refer to it as name:tag");
        }
        if (type == null || !TYPES.contains(type)) throw new RejectedException(where, "type " + (type == null ? "missing" : "'" + type + "'") + "; expected one of rulesfile, plugin, asset");
        if (registry == null || !OciNames.isRegistry(registry)) {
            throw new RejectedException(where, "registry " + (registry == null ? "missing" : "'" + registry + "'") + " is not host[:port] (no scheme, no path)");
        }
        if (repository == null || !OciNames.isName(repository)) {
            throw new RejectedException(where, "repository " + (repository == null ? "missing" : "'" + repository + "'") + " is not an OCI repository name");
        }
        return new Entry(name, type, registry, repository, signed);
    }

    /** A signature block: {@code {cosign: {...scalar fields}}} or empty. True when it names a cosign check. */
    private static boolean signature(Node v, String where) throws RejectedException {
        if (isNull(v)) return false;
        if (!(v instanceof MappingNode sig)) throw new RejectedException(where, "signature is a " + kind(v) + ", not a mapping");
        boolean cosign = false;
        for (NodeTuple t : sig.getValue()) {
            String key = scalar(t.getKeyNode(), where, "signature key");
            if (!key.equals("cosign")) continue;
            if (isNull(t.getValueNode())) continue;
            if (!(t.getValueNode() instanceof MappingNode c)) throw new RejectedException(where, "signature.cosign is not a mapping");
            for (NodeTuple ct : c.getValue()) scalar(ct.getValueNode(), where, "signature.cosign." + scalar(ct.getKeyNode(), where, "cosign key"));
            cosign = true;
        }
        return cosign;
    }

    /**
     * The index as Ferry serves it: {@code registry} set to {@code registry} for every entry whose
     * repository is in {@code held} (null registry = unchanged), and {@code signature} blocks
     * removed when {@code stripSignatures}. Everything else is written back as it was parsed.
     */
    public static byte[] rewrite(byte[] original, String registry, Set<String> held, boolean stripSignatures) throws RejectedException {
        FalcoIndex index = parse(original, "index");
        for (Node item : index.root.getValue()) {
            MappingNode map = (MappingNode) item;
            String repository = null;
            for (NodeTuple t : map.getValue()) {
                if (((ScalarNode) t.getKeyNode()).getValue().equals("repository")) repository = ((ScalarNode) t.getValueNode()).getValue();
            }
            boolean ours = registry != null && held.contains(repository);
            List<NodeTuple> fields = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (stripSignatures && key.equals("signature")) continue;
                if (ours && key.equals("registry")) {
                    t = new NodeTuple(t.getKeyNode(), new ScalarNode(Tag.STR, registry, null, null, DumperOptions.ScalarStyle.PLAIN));
                }
                fields.add(t);
            }
            map.setValue(fields);
        }
        StringWriter out = new StringWriter();
        yaml().serialize(index.root, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Yaml yaml() {
        LoaderOptions loader = new LoaderOptions();
        loader.setMaxAliasesForCollections(0); // no index needs an alias; a collection alias is how YAML bombs start
        loader.setAllowRecursiveKeys(false);
        loader.setNestingDepthLimit(16);
        loader.setCodePointLimit(MAX_BYTES);
        DumperOptions dumper = new DumperOptions();
        dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumper.setIndent(2);
        dumper.setWidth(4096);
        return new Yaml(new SafeConstructor(loader), new Representer(dumper), dumper, loader);
    }

    private static void checkTags(Node node, String where) throws RejectedException {
        if (!CORE_TAGS.contains(node.getTag())) {
            throw new RejectedException(where, "YAML tag " + node.getTag().getValue() + " (line " + line(node) + "); falcoctl reads plain YAML only");
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                checkTags(t.getKeyNode(), where);
                checkTags(t.getValueNode(), where);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node n : s.getValue()) checkTags(n, where);
        }
    }

    private static String scalar(Node v, String where, String field) throws RejectedException {
        if (!(v instanceof ScalarNode s)) throw new RejectedException(where, field + " is a " + kind(v) + ", not a string (line " + line(v) + ")");
        return s.getValue();
    }

    private static List<Node> list(Node v, String where, String field) throws RejectedException {
        if (isNull(v)) return List.of();
        if (!(v instanceof SequenceNode s)) throw new RejectedException(where, field + " is a " + kind(v) + ", not a list (line " + line(v) + ")");
        return s.getValue();
    }

    private static boolean isNull(Node v) {
        return v instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String kind(Node n) {
        return switch (n.getNodeId()) {
            case scalar -> "string";
            case sequence -> "list";
            case mapping -> "mapping";
            default -> n.getNodeId().name();
        };
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", "; ").trim();
    }
}
