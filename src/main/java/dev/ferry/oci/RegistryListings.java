package dev.ferry.oci;

import dev.ferry.core.oci.UpstreamNames;
import dev.ferry.core.oci.OciMediaTypes;
import dev.ferry.core.oci.OciJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.serving.Responses;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's list answers: tags, the repository catalog and referrers, all from the in-memory catalog. */
final class RegistryListings {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryListings.class);
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private RegistryListings() {
    }

    static void tags(RoutingContext ctx, String name, OciRepository repo) {
        Page page = Page.of(ctx, new ArrayList<>(repo.tags().keySet()));
        if (page == null) return;
        ObjectNode body = OciJson.MAPPER.createObjectNode().put("name", name);
        ArrayNode tags = body.putArray("tags");
        page.items().forEach(tags::add);
        if (page.next() != null) link(ctx, "/v2/" + name + "/tags/list", page);
        String ns = ctx.request().getParam("ns");
        if (page.next() != null && UpstreamNames.isValidHost(ns)) { // the next page must resolve as this one did
            ctx.response().headers().set("Link", ctx.response().headers().get("Link").replace(">; rel", "&ns=" + ns + ">; rel"));
        }
        json(ctx, "application/json", body);
    }

    static void catalog(RoutingContext ctx, Generation generation) {
        Page page = Page.of(ctx, new ArrayList<>(generation.repositories().keySet()));
        if (page == null) return;
        ObjectNode body = OciJson.MAPPER.createObjectNode();
        ArrayNode repos = body.putArray("repositories");
        page.items().forEach(repos::add);
        if (page.next() != null) link(ctx, "/v2/_catalog", page);
        json(ctx, "application/json", body);
    }

    private static void link(RoutingContext ctx, String path, Page page) {
        ctx.response().putHeader("Link", "<" + path + "?n=" + page.n() + "&last="
                + URLEncoder.encode(page.next(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
    }

    /** Manifests of this repository whose subject is {@code reference} (distribution-spec "Listing Referrers"). */
    static void referrers(RoutingContext ctx, String name, OciRepository repo, String reference) {
        Optional<Digest> subject = RegistryEndpoint.digest(ctx, reference);
        if (subject == null) return;
        String filter = ctx.request().getParam("artifactType");
        ObjectNode index = OciJson.MAPPER.createObjectNode().put("schemaVersion", 2).put("mediaType", OciMediaTypes.IMAGE_INDEX);
        ArrayNode list = index.putArray("manifests");
        if (subject.isPresent()) {
            repo.manifests().forEach((digest, m) -> {
                if (!subject.get().toString().equals(m.metadata().get("subject"))) return;
                String artifactType = m.metadata().get("artifactType");
                if (filter != null && !filter.equals(artifactType)) return;
                ObjectNode d = list.addObject().put("mediaType", m.mediaType()).put("digest", digest).put("size", m.size());
                if (artifactType != null) d.put("artifactType", artifactType);
                String annotations = m.metadata().get("annotations");
                if (annotations != null) {
                    try {
                        Map<String, String> a = OciJson.MAPPER.readValue(annotations, STRING_MAP);
                        if (!a.isEmpty()) d.set("annotations", OciJson.MAPPER.valueToTree(a));
                    } catch (JsonProcessingException e) {
                        LOG.warn("bad annotations recorded for {}@{}", name, digest);
                    }
                }
            });
        }
        if (filter != null) ctx.response().putHeader("OCI-Filters-Applied", "artifactType");
        json(ctx, OciMediaTypes.IMAGE_INDEX, index);
    }

    private static void json(RoutingContext ctx, String contentType, ObjectNode body) {
        try {
            Responses.send(ctx.response(), 200, contentType, OciJson.MAPPER.writeValueAsBytes(body), ctx.request().method());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One page of a sorted list, per the spec's {@code n} and {@code last} parameters. */
    private record Page(List<String> items, int n, String next) {
        static Page of(RoutingContext ctx, List<String> sorted) {
            String nParam = ctx.request().getParam("n");
            String last = ctx.request().getParam("last");
            int n = Integer.MAX_VALUE;
            if (nParam != null) {
                try {
                    n = Integer.parseInt(nParam);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0) {
                    RegistryErrors.send(ctx.request(), 400, RegistryErrors.PAGINATION_NUMBER_INVALID, "invalid number of results requested",
                            Map.of("n", nParam));
                    return null;
                }
            }
            List<String> after = last == null ? sorted : sorted.stream().filter(t -> t.compareTo(last) > 0).toList();
            if (after.size() <= n) return new Page(after, n, null);
            List<String> items = after.subList(0, n);
            return new Page(items, n, n == 0 ? null : items.get(items.size() - 1));
        }
    }
}
