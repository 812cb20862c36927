package dev.ferry.spec;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the YAML's shape against the spec records before binding, with the line of every key:
 * unknown and duplicate keys and wrong shapes are refused where they are written (a record-bound
 * parser reports them only where the enclosing entry ends). Returns the line of every key path,
 * so a later refusal of an entry can name its line too.
 */
final class SpecShape {
    private final String name;
    private final Map<String, Integer> lines = new HashMap<>();

    private SpecShape(String name) {
        this.name = name;
    }

    static Map<String, Integer> check(String yaml, String name) throws SpecException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below, with the line
        Node root = new Yaml(options).compose(new StringReader(yaml));
        SpecShape s = new SpecShape(name);
        if (root != null) s.walk(root, Spec.class, "");
        return s.lines;
    }

    private void walk(Node node, Type type, String path) throws SpecException {
        if (node instanceof ScalarNode sc && sc.getTag().getValue().endsWith(":null")) return;
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            if (!(node instanceof MappingNode map)) throw refuse(node, path, "expected a mapping of keys");
            Map<String, RecordComponent> components = Arrays.stream(raw.getRecordComponents())
                    .collect(Collectors.toMap(RecordComponent::getName, c -> c));
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
                String child = path.isEmpty() ? key : path + "." + key;
                RecordComponent c = key == null ? null : components.get(key);
                if (c == null) {
                    throw refuse(t.getKeyNode(), child, "unknown key '" + key + "' (known here: "
                            + components.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
                }
                if (!seen.add(key)) throw refuse(t.getKeyNode(), child, "key '" + key + "' given twice");
                lines.put(child, line(t.getKeyNode()));
                walk(t.getValueNode(), c.getGenericType(), child);
            }
        } else if (List.class.isAssignableFrom(raw)) {
            if (!(node instanceof SequenceNode seq)) throw refuse(node, path, "expected a list");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                String child = path + "[" + i + "]";
                lines.put(child, line(items.get(i)));
                walk(items.get(i), element, child);
            }
        } else if (!(node instanceof ScalarNode)) {
            throw refuse(node, path, "expected a single value");
        }
    }

    private SpecException refuse(Node at, String path, String reason) {
        return new SpecException(name + " line " + line(at) + (path == null || path.isEmpty() ? "" : ", key " + path) + ": " + reason);
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }
}
