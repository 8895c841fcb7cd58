package dev.dirsync.servlet.scim;

/**
 * Limits of the direct SCIM endpoint, advertised in {@code /ServiceProviderConfig} where SCIM has a field
 * for them.
 *
 * @param maxResults page size cap of list responses ({@code filter.maxResults})
 * @param maxBulkOperations operations per {@code /Bulk} request ({@code bulk.maxOperations})
 * @param maxPayloadBytes request body limit, bulk included ({@code bulk.maxPayloadSize}); larger is 413
 * @param maxFilterCandidates users or groups a filter the store cannot answer whole (or a sortBy) is evaluated
 *        over, a page of the mirror at a time; more is 400 tooMany. A list without filter and sortBy, and one whose
 *        filter the store answers (userName, externalId, emails, title, active, meta.lastModified joined by and),
 *        is not limited: an IdP can always page through every match
 */
public record ScimSettings(int maxResults, int maxBulkOperations, int maxPayloadBytes, int maxFilterCandidates) {
    /** Default page size cap: Entra ID and Okta ask for 100 at most. */
    public static final int DEFAULT_MAX_RESULTS = 200;
    /** Default bulk size: a 1,000-operation first sync per request. */
    public static final int DEFAULT_MAX_BULK_OPERATIONS = 1_000;
    /** Default body limit: 4 MB holds 1,000 typical users. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
    /** Default scan bound for filters the store cannot answer (e.g. {@code displayName eq "x"}) and for sortBy. */
    public static final int DEFAULT_MAX_FILTER_CANDIDATES = 50_000;

    public ScimSettings {
        if (maxResults < 1 || maxBulkOperations < 1 || maxPayloadBytes < 1024 || maxFilterCandidates < 1) {
            throw new IllegalArgumentException("SCIM limits must be positive (payload at least 1024 bytes): "
                    + maxResults + ", " + maxBulkOperations + ", " + maxPayloadBytes + ", " + maxFilterCandidates);
        }
    }

    public static ScimSettings defaults() {
        return new ScimSettings(DEFAULT_MAX_RESULTS, DEFAULT_MAX_BULK_OPERATIONS, DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_MAX_FILTER_CANDIDATES);
    }
}
