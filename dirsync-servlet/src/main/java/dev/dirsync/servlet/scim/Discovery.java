package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The discovery endpoints (RFC 7644 §4), served by dirsync itself so that they say exactly what the server does:
 * {@code /ServiceProviderConfig} with only RFC 7643 §5 keys, {@code /ResourceTypes} with the two resource types
 * served (User with the enterprise extension, Group) and {@code /Schemas} with every schema it can look up by id.
 * A filter on them is refused with 403, as RFC 7644 §4 asks, rather than silently ignored.
 */
final class Discovery {
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String SPC = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    private final ScimSettings settings;
    /** When this server started serving these documents: their meta.created and meta.lastModified. */
    private final Instant published;

    Discovery(ScimSettings settings, Instant published) {
        this.settings = settings;
        this.published = published.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The answer to a GET of a discovery path ({@code /Schemas}, {@code /Schemas/{id}}, ...).
     *
     * @param path the path below the SCIM base, as the client sent it (decoded)
     * @param filtered true if the request carries a {@code filter} parameter
     * @param base the SCIM base URL, for meta.location
     */
    ObjectNode answer(String path, boolean filtered, String base) {
        String[] parts = path.substring(1).split("/", 2);
        String endpoint = parts[0].toLowerCase(Locale.ROOT);
        String id = parts.length > 1 ? parts[1] : null;
        if (filtered) {
            throw new ScimError(403, null, "the discovery endpoints are not filtered (RFC 7644 §4): read the whole "
                    + "list without 'filter'");
        }
        return switch (endpoint) {
            case "serviceproviderconfig" -> {
                if (id != null && !id.isEmpty()) {
                    throw notFound(path);
                }
                yield serviceProviderConfig(base);
            }
            case "resourcetypes" -> id == null || id.isEmpty() ? list(resourceTypes(base))
                    : ScimResourceType.byId(id).map(t -> resourceType(t, base)).orElseThrow(() -> notFound(path));
            case "schemas" -> id == null || id.isEmpty() ? list(schemas(base))
                    : schemas(base).stream().filter(s -> s.path("id").asText().equals(id)).findFirst()
                            .orElseThrow(() -> notFound(path));
            default -> throw notFound(path);
        };
    }

    private static ScimError notFound(String path) {
        return new ScimError(404, null, path + " is not served: GET /Schemas and /ResourceTypes list what is");
    }

    private ObjectNode serviceProviderConfig(String base) {
        ObjectNode c = ScimJson.MAPPER.createObjectNode();
        c.putArray("schemas").add(SPC);
        c.put("documentationUri", "https://github.com/dirsync/dirsync#direct-scim-20");
        c.putObject("patch").put("supported", true);
        c.putObject("bulk").put("supported", true).put("maxOperations", settings.maxBulkOperations())
                .put("maxPayloadSize", settings.maxPayloadBytes());
        c.putObject("filter").put("supported", true).put("maxResults", settings.maxResults());
        c.putObject("changePassword").put("supported", false);
        c.putObject("sort").put("supported", true);
        c.putObject("etag").put("supported", true);
        c.putArray("authenticationSchemes").addObject()
                .put("type", "oauthbearertoken")
                .put("name", "OAuth Bearer Token")
                .put("description", "The organization's SCIM token from the Directory Sync settings, sent as "
                        + "'Authorization: Bearer <token>'")
                .put("specUri", "https://www.rfc-editor.org/info/rfc6750")
                .put("documentationUri", "https://github.com/dirsync/dirsync#direct-scim-20")
                .put("primary", true);
        c.set("meta", meta("ServiceProviderConfig", base + "/ServiceProviderConfig"));
        return c;
    }

    private List<ObjectNode> resourceTypes(String base) {
        List<ObjectNode> out = new ArrayList<>();
        for (ScimResourceType t : ScimResourceType.values()) {
            out.add(resourceType(t, base));
        }
        return out;
    }

    private ObjectNode resourceType(ScimResourceType t, String base) {
        ObjectNode rt = ScimJson.MAPPER.createObjectNode();
        rt.putArray("schemas").add(RESOURCE_TYPE);
        rt.put("id", t.id());
        rt.put("name", t.id());
        rt.put("endpoint", t.endpoint());
        rt.put("description", t.description());
        rt.put("schema", t.coreSchema());
        if (!t.extensions().isEmpty()) {
            ArrayNode ext = rt.putArray("schemaExtensions");
            t.extensions().forEach(e -> ext.addObject().put("schema", e).put("required", false));
        }
        rt.set("meta", meta("ResourceType", base + "/ResourceTypes/" + t.id()));
        return rt;
    }

    private List<ObjectNode> schemas(String base) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode doc : ScimSchemas.get().documents()) {
            ObjectNode s = ScimJson.MAPPER.createObjectNode();
            s.putArray("schemas").add(SCHEMA);
            s.setAll(doc);
            s.set("meta", meta("Schema", base + "/Schemas/" + doc.path("id").asText()));
            out.add(s);
        }
        return out;
    }

    private ObjectNode meta(String resourceType, String location) {
        ObjectNode m = ScimJson.MAPPER.createObjectNode();
        m.put("resourceType", resourceType);
        m.put("created", published.toString());
        m.put("lastModified", published.toString());
        m.put("location", location);
        return m;
    }

    private static ObjectNode list(List<ObjectNode> resources) {
        ObjectNode l = ScimJson.MAPPER.createObjectNode();
        l.putArray("schemas").add(LIST_RESPONSE);
        l.put("totalResults", resources.size());
        l.put("itemsPerPage", resources.size());
        l.put("startIndex", 1);
        l.putArray("Resources").addAll(resources);
        return l;
    }
}
