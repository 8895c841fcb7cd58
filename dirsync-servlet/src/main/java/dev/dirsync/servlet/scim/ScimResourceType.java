package dev.dirsync.servlet.scim;

import java.util.List;
import java.util.Optional;

/** The resource types dirsync serves (RFC 7643 §6): what {@code /ResourceTypes} lists and the endpoints route. */
enum ScimResourceType {
    USER("User", "/Users", "User Account", ScimSchemas.USER, List.of(ScimSchemas.ENTERPRISE_USER)),
    GROUP("Group", "/Groups", "Group", ScimSchemas.GROUP, List.of());

    private final String id;
    private final String endpoint;
    private final String description;
    private final String coreSchema;
    private final List<String> extensions;

    ScimResourceType(String id, String endpoint, String description, String coreSchema, List<String> extensions) {
        this.id = id;
        this.endpoint = endpoint;
        this.description = description;
        this.coreSchema = coreSchema;
        this.extensions = extensions;
    }

    /** The type served at this endpoint segment ({@code Users}, compared ignoring case), if any. */
    static Optional<ScimResourceType> atEndpoint(String segment) {
        for (ScimResourceType t : values()) {
            if (t.endpoint.substring(1).equalsIgnoreCase(segment)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type by its id ({@code User}, compared ignoring case), if any. */
    static Optional<ScimResourceType> byId(String id) {
        for (ScimResourceType t : values()) {
            if (t.id.equalsIgnoreCase(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    String id() {
        return id;
    }

    String endpoint() {
        return endpoint;
    }

    String description() {
        return description;
    }

    String coreSchema() {
        return coreSchema;
    }

    List<String> extensions() {
        return extensions;
    }

    /** The core schema, then the extensions. */
    List<String> schemas() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(coreSchema), extensions.stream()).toList();
    }
}
