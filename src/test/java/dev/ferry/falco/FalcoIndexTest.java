package dev.ferry.falco;

import dev.ferry.core.RejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index as published on falcosecurity.github.io/falcoctl (shape of its gh-pages index.yaml), and what falcoctl would choke on. */
class FalcoIndexTest {
    /** Two entries in the published index's exact shape. */
    static final String PUBLISHED = """
            - name: cloudtrail
              type: plugin
              registry: ghcr.io
              repository: falcosecurity/plugins/plugin/cloudtrail
              signature:
                cosign:
                    certificate-oidc-issuer: https://token.actions.githubusercontent.com
                    certificate-oidc-issuer-regexp: ""
                    certificate-identity: ""
                    certificate-identity-regexp: https://github.com/falcosecurity/plugins/
                    certificate-github-workflow: ""
                    key: ""
                    ignore-tlog: false
              description: Reads Cloudtrail JSON logs from files/S3 and injects as events
              home: https://github.com/falcosecurity/plugins/tree/main/plugins/cloudtrail
              keywords:
                - audit
                - user-activity
                - api-usage
                - aws
              license: apache-2.0
              maintainers:
                - email: cncf-falco-dev@lists.cncf.io
                  name: The Falco Authors
              sources:
                - https://github.com/falcosecurity/plugins/tree/main/plugins/cloudtrail
            - name: falco-rules
              type: rulesfile
              registry: ghcr.io
              repository: falcosecurity/rules/falco-rules
              signature:
                cosign:
                    certificate-oidc-issuer: https://token.actions.githubusercontent.com
                    certificate-identity-regexp: https://github.com/falcosecurity/rules/
                    ignore-tlog: false
              description: Falco rules that are loaded by default
              home: https://github.com/falcosecurity/rules/blob/main/rules/falco_rules.yaml
              keywords:
                - falco-rules
              license: apache-2.0
              maintainers:
                - email: cncf-falco-dev@lists.cncf.io
                  name: The Falco Authors
              sources:
                - https://github.com/falcosecurity/rules/blob/main/rules/falco_rules.yaml
            """;

    static FalcoIndex parse(String yaml) throws RejectedException {
        return FalcoIndex.parse(yaml.getBytes(StandardCharsets.UTF_8), "index.yaml");
    }

    @Test
    void thePublishedShapeParses() throws RejectedException {
        List<FalcoIndex.Entry> entries = parse(PUBLISHED).entries();
        assertEquals(List.of(new FalcoIndex.Entry("cloudtrail", "plugin", "ghcr.io", "falcosecurity/plugins/plugin/cloudtrail", true),
                new FalcoIndex.Entry("falco-rules", "rulesfile", "ghcr.io", "falcosecurity/rules/falco-rules", true)), entries);
        assertEquals(0, parse("[]").entries().size());
        assertEquals("asset", parse("- {name: a, type: asset, registry: 'localhost:5000', repository: x/y, future-field: {kept: true}}")
                .entries().get(0).type());
    }

    @Test
    void rewritePointsHeldRepositoriesAtFerryAndDropsSignatures() throws RejectedException {
        byte[] out = FalcoIndex.rewrite(PUBLISHED.getBytes(StandardCharsets.UTF_8), "ferry.internal:8080",
                Set.of("falcosecurity/rules/falco-rules"), true);
        String text = new String(out, StandardCharsets.UTF_8);
        List<FalcoIndex.Entry> entries = FalcoIndex.parse(out, "served").entries();
        assertEquals("ghcr.io", entries.get(0).registry(), "a repository Ferry does not hold keeps its registry");
        assertEquals("ferry.internal:8080", entries.get(1).registry());
        assertFalse(entries.get(0).signed() || entries.get(1).signed(), text);
        assertFalse(text.contains("cosign"), text);
        for (String kept : List.of("description: Falco rules that are loaded by default", "- falco-rules", "email: cncf-falco-dev@lists.cncf.io",
                "license: apache-2.0", "home: https://github.com/falcosecurity/rules/blob/main/rules/falco_rules.yaml")) {
            assertTrue(text.contains(kept), kept + " in\n" + text);
        }
        String signed = new String(FalcoIndex.rewrite(PUBLISHED.getBytes(StandardCharsets.UTF_8), null, Set.of(), false), StandardCharsets.UTF_8);
        assertTrue(FalcoIndex.parse(signed.getBytes(StandardCharsets.UTF_8), "x").entries().get(1).signed(), signed);
        assertTrue(signed.contains("certificate-identity-regexp: https://github.com/falcosecurity/rules/"), signed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name: x                                                     | index.yaml                     | the top level is a mapping",
            "''                                                          | index.yaml                     | empty",
            "'- {name: a, type: plugin, registry: r.io, repository: a}\n---\n- {}' | index.yaml       | 2 YAML documents",
            "'- name: a\n  type: plugin\n\tregistry: r.io'               | index.yaml                     | malformed YAML",
            "'- {name: a, type: plugin, registry: r.io, repository: a}\n- {name: a, type: rulesfile, registry: r.io, repository: b}' | index.yaml entry 2 (line 2) | duplicate name 'a'",
            "- {type: plugin, registry: r.io, repository: a}              | index.yaml entry 1 (line 1)    | no name",
            "- {name: a, type: driver, registry: r.io, repository: a}     | index.yaml entry 1 (line 1) 'a' | type 'driver'",
            "- {name: a, type: plugin, repository: a}                     | index.yaml entry 1 (line 1) 'a' | registry missing",
            "- {name: a, type: plugin, registry: 'https://ghcr.io', repository: a} | index.yaml entry 1 (line 1) 'a' | is not host[:port]",
            "- {name: a, type: plugin, registry: ghcr.io/org, repository: a} | index.yaml entry 1 (line 1) 'a' | is not host[:port]",
            "- {name: a, type: plugin, registry: r.io, repository: Falco/Rules} | index.yaml entry 1 (line 1) 'a' | not an OCI repository name",
            "- {name: 'a:1', type: plugin, registry: r.io, repository: a} | index.yaml entry 1 (line 1) 'a:1' | contains ':'",
            "- {name: a, type: plugin, registry: r.io, repository: a, keywords: audit} | index.yaml entry 1 (line 1) | keywords is a string, not a list",
            "- {name: a, type: plugin, registry: r.io, repository: a, maintainers: [bob]} | index.yaml entry 1 (line 1) | maintainers item is a string",
            "- {name: [a], type: plugin, registry: r.io, repository: a}   | index.yaml entry 1 (line 1)    | name is a list",
            "- {name: a, name: b, type: plugin, registry: r.io, repository: a} | index.yaml entry 1 (line 1) | field 'name' given twice",
            "- {name: a, type: plugin, registry: r.io, repository: a, signature: yes} | index.yaml entry 1 (line 1) | signature is a string",
            "- !custom {name: a}                                          | index.yaml entry 1 (line 1)    | YAML tag !custom",
            "- !!python/object:os.system {name: a}                        | index.yaml                     | Global tag is not allowed",
            "- just a string                                              | index.yaml entry 1 (line 1)    | a string, not a mapping",
    })
    void refusalsNameTheEntryAndTheReason(String yaml, String entry, String reason) {
        RejectedException e = assertThrows(RejectedException.class, () -> parse(yaml.replace("\\n", "\n").replace("\\t", "\t")));
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    @Test
    void aliasBombsSizeAndEncodingAreRefused() {
        String bomb = "- &a [x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n- &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        assertTrue(assertThrows(RejectedException.class, () -> parse(bomb)).reason().contains("malformed YAML"));
        byte[] big = new byte[FalcoIndex.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '#');
        assertTrue(assertThrows(RejectedException.class, () -> FalcoIndex.parse(big, "index.yaml")).reason().contains("larger than"));
        assertTrue(assertThrows(RejectedException.class, () -> FalcoIndex.parse(new byte[]{'-', ' ', (byte) 0xff}, "index.yaml"))
                .reason().contains("not UTF-8"));
    }
}
