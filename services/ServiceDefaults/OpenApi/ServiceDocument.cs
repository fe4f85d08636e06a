namespace Platform.BuildingBlocks.OpenApi;

/// <summary>
/// What a service's OpenAPI document says about the service as a whole: its title and what it owns. The rest of the
/// introduction (tokens, errors, idempotency, paging) is the same for every service and is written once, here.
/// Every tag its operations use has a line in <see cref="Tags"/>.
/// </summary>
public sealed record ServiceDocument(string Title, string Owns, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The gateway address a client calls; every service's document names it as its only server.</summary>
    public const string ServerUrlSetting = "OpenApi:ServerUrl";

    /// <summary>Where ./platform up's gateway listens; deployments set OpenApi__ServerUrl to their public address.</summary>
    public const string DefaultServerUrl = "http://127.0.0.1:8080";

    public string Introduction => $$"""
        {{Owns}}

        **Calling it.** Every request goes through the platform's gateway (the server below), never to the service
        directly. Send a bearer token (`Authorization: Bearer <JWT>`, HS256) with one `role` claim (`university`,
        `exchange`, `auditor` or `admin`) and, for a university or an exchange, an `org` claim naming a registered
        tenant. Locally, `./platform token <role> [org]` prints one. Each operation states the roles it accepts.

        **Errors.** Every error is `application/problem+json` (RFC 9457): `type` names the rule, `title` and `detail`
        say what is wrong, `errors` maps each bad field to what it expects, `traceId` finds the request in the traces.
        400: malformed input; 401: no valid token; 403: the role or tenant may not; 404: not found or not yours;
        409: conflicts with the current state; 412/428: `If-Match` stale or missing; 413: body too large; 422: a rule
        of the domain refuses it; 429: rate limited (see `Retry-After`); 503: briefly unavailable, retry.

        **Money and decimals** travel as strings (`{"amount": "1200000.00", "currency": "CNY"}`, shares as `"0.70"`),
        never as binary floats. Enumerations are snake_case strings.

        **Idempotency.** Creating operations take an `Idempotency-Key` header: the same key and body from the same
        caller answer the first answer again, without doing it twice.

        **Paging.** Lists take `limit` and `cursor`; the answer's `nextCursor` fetches the next page until it is null.
        """;
}
