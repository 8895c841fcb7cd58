package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ClassPathReferences;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.EndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ETagFeature;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ResourceTypeFeatures;
import dev.dirsync.core.DirectorySync;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCIM-SDK configured for dirsync (POST, PUT, GET, DELETE and list rendering; {@link ScimRouter} keeps discovery,
 * PATCH and /Bulk for dirsync's own code): one {@link ResourceEndpoint} per {@link ScimDialect}, with the User
 * (enterprise extension included) and Group resource types backed by the mirror, and the quirks and discovery every
 * request shares. Built once per servlet; holds no per-request state. Each endpoint has handlers of its own:
 * SCIM-SDK keeps an endpoint's configuration in the handlers registered with it.
 */
final class ScimProtocol {
    static final Set<String> SERVED_SCHEMAS = Set.of(
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:core:2.0:Group");

    private final Map<ScimDialect, ResourceEndpoint> endpoints = new EnumMap<>(ScimDialect.class);
    private final Map<ScimDialect, UserResources> users = new EnumMap<>(ScimDialect.class);
    private final Map<ScimDialect, GroupResources> groups = new EnumMap<>(ScimDialect.class);
    final Quirks quirks = new Quirks(SERVED_SCHEMAS);
    final Discovery discovery;
    final Writes writes;

    /**
     * @param scanPage users or groups read per page while a list without an indexed filter is evaluated
     * @param quotas what each organization may hold, checked by every write
     */
    ScimProtocol(DirectorySync sync, ScimSettings settings, int scanPage, QuotaGuard quotas) {
        this.discovery = new Discovery(settings, java.time.Instant.now());
        this.writes = new Writes(sync, quotas);
        for (ScimDialect d : ScimDialect.values()) {
            ResourceEndpoint e = new ResourceEndpoint(serviceProvider(d, settings));
            UserResources u = new UserResources(writes, SERVED_SCHEMAS, settings.maxFilterCandidates(), scanPage);
            GroupResources g = new GroupResources(writes, settings.maxFilterCandidates(), scanPage);
            features(e.registerEndpoint(new EndpointDefinition(
                    JsonHelper.loadJsonDocument(ClassPathReferences.USER_RESOURCE_TYPE_JSON), userSchema(),
                    List.of(JsonHelper.loadJsonDocument(ClassPathReferences.ENTERPRISE_USER_SCHEMA_JSON)), u)));
            features(e.registerEndpoint(new EndpointDefinition(
                    JsonHelper.loadJsonDocument(ClassPathReferences.GROUP_RESOURCE_TYPE_JSON), groupSchema(),
                    List.of(), g)));
            endpoints.put(d, e);
            users.put(d, u);
            groups.put(d, g);
        }
    }

    ResourceEndpoint endpoint(ScimDialect dialect) {
        return endpoints.get(dialect);
    }

    UserResources users(ScimDialect dialect) {
        return users.get(dialect);
    }

    GroupResources groups(ScimDialect dialect) {
        return groups.get(dialect);
    }

    /** Filters and sortBy are evaluated by the handlers, a page of the mirror at a time ({@link ListPage}). */
    private static void features(ResourceType type) {
        type.setFeatures(ResourceTypeFeatures.builder().autoFiltering(false).autoSorting(false)
                .eTagFeature(ETagFeature.builder().enabled(true).build()).build());
    }

    private static ServiceProvider serviceProvider(ScimDialect dialect, ScimSettings settings) {
        return ServiceProvider.builder()
                .documentationUri("https://github.com/dirsync/dirsync#direct-scim-20")
                // PATCH, /Bulk and discovery never reach SCIM-SDK (ScimRouter): ScimPatch, ScimBulk, Discovery
                .patchConfig(PatchConfig.builder().supported(true).build())
                .changePasswordConfig(ChangePasswordConfig.builder().supported(false).build())
                .sortConfig(SortConfig.builder().supported(true).build())
                .eTagConfig(ETagConfig.builder().supported(true).build())
                .filterConfig(FilterConfig.builder().supported(true).maxResults(settings.maxResults()).build())
                .bulkConfig(BulkConfig.builder().supported(true).maxOperations(settings.maxBulkOperations())
                        .maxPayloadSize((long) settings.maxPayloadBytes()).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder()
                        .name("OAuth Bearer Token")
                        .description("The organization's SCIM token from the Directory Sync settings, as "
                                + "'Authorization: Bearer <token>'")
                        .type("oauthbearertoken")
                        .specUri("https://www.rfc-editor.org/info/rfc6750")
                        .primary(true).build()))
                .caseInsensitiveValidation(true)
                .lenientContentTypeChecking(true)
                .build();
    }

    /**
     * SCIM-SDK's User schema, which validates POST and PUT bodies, made to agree with the one dirsync serves
     * ({@code schemas.json}): no {@code password} (sign-in stays with the IdP), {@code emails.display} writable and
     * the {@code display} of entitlements, roles and x509Certificates a string, as RFC 7643 §8.7.1 has them (SCIM-SDK
     * 1.30 dropped an email's display from requests).
     */
    private static JsonNode userSchema() {
        ObjectNode schema = (ObjectNode) JsonHelper.loadJsonDocument(ClassPathReferences.USER_SCHEMA_JSON);
        ArrayNode attributes = (ArrayNode) schema.get("attributes");
        for (int i = attributes.size() - 1; i >= 0; i--) {
            JsonNode a = attributes.get(i);
            String name = a.path("name").asText();
            if (name.equals("password")) {
                attributes.remove(i);
                continue;
            }
            for (JsonNode sub : a.path("subAttributes")) {
                if (sub instanceof ObjectNode s && s.path("name").asText().equals("display")) {
                    if (name.equals("emails")) {
                        s.put("mutability", "readWrite");
                    }
                    if (s.path("type").asText().equals("reference")) {
                        s.put("type", "string");
                        s.remove("referenceTypes");
                    }
                }
            }
        }
        return schema;
    }

    /**
     * The RFC 7643 Group schema with {@code displayName} unique per directory (compared ignoring case, as
     * {@code schemas.json} declares): two groups of one name cannot be told apart in mappings.
     */
    private static JsonNode groupSchema() {
        ObjectNode schema = (ObjectNode) JsonHelper.loadJsonDocument(ClassPathReferences.GROUP_SCHEMA_JSON);
        for (JsonNode a : schema.get("attributes")) {
            if (a.path("name").asText().equals("displayName")) {
                ((ObjectNode) a).put("caseExact", false).put("uniqueness", "server");
            }
        }
        return schema;
    }
}
