package dev.perimeter.chain;

import java.time.Duration;

/**
 * A JSON-RPC failure at the edge, typed so callers can say in plain words what went wrong.
 * <p>
 * {@link #getMessage()} is safe to show to anyone: it is the kind's fixed sentence plus, at most, figures Perimeter itself
 * computed (an HTTP status code, chain ids). Text the provider sent (error messages, bodies) can echo request URLs with
 * API keys or the wallet, so it is kept apart in {@link #providerText()}, for debug logs only.
 */
public final class RpcException extends RuntimeException {
    public enum Kind {
        TIMEOUT("the RPC endpoint timed out"),
        UNREACHABLE("the RPC endpoint could not be reached"),
        RATE_LIMITED("the RPC endpoint is rate-limiting requests (HTTP 429)"),
        REFUSED("the RPC endpoint refused the request (HTTP 401/403): check the URL and its API key"),
        NOT_FOUND("the RPC endpoint URL was not found (HTTP 404)"),
        CLIENT_ERROR("the RPC endpoint rejected the request"),
        HTTP_ERROR("the RPC endpoint failed with a server error"),
        MALFORMED("the RPC endpoint sent a response that is not valid JSON-RPC"),
        TOO_LARGE("the RPC response was larger than the allowed size"),
        BATCH_REFUSED("the RPC endpoint does not accept batch requests"),
        WRONG_CHAIN("the RPC endpoint serves a different chain than configured"),
        RPC_ERROR("the RPC endpoint returned an error");

        public final String plain;

        Kind(String plain) {
            this.plain = plain;
        }
    }

    private final Kind kind;
    private final String providerText;
    private final Duration retryAfter;

    /** @param detail Perimeter's own words or figures only (never provider text): it is shown to clients */
    public RpcException(Kind kind, String detail) {
        this(kind, detail, null, null, null);
    }

    /** @param detail Perimeter's own words or figures only (never provider text): it is shown to clients */
    public RpcException(Kind kind, String detail, Throwable cause) {
        this(kind, detail, null, null, cause);
    }

    private RpcException(Kind kind, String detail, String providerText, Duration retryAfter, Throwable cause) {
        super(detail == null || detail.isBlank() ? kind.plain : kind.plain + ": " + detail, cause);
        this.kind = kind;
        this.providerText = providerText;
        this.retryAfter = retryAfter;
    }

    /** A failure described by the provider's own text, which only {@link #providerText()} carries. */
    public static RpcException fromProvider(Kind kind, String providerText) {
        return new RpcException(kind, null, providerText, null, null);
    }

    /** An HTTP status failure; retryAfter is the server's Retry-After, or null. The status is named unless the kind does. */
    static RpcException http(Kind kind, int status, Duration retryAfter) {
        boolean named = kind == Kind.RATE_LIMITED || kind == Kind.REFUSED || kind == Kind.NOT_FOUND;
        return new RpcException(kind, named ? null : "HTTP " + status, null, retryAfter, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The sentence a client or /health may show: no provider text. Same as getMessage(). */
    public String publicMessage() {
        return getMessage();
    }

    /** What the provider said, or null. May contain URLs with keys or request parameters: debug logs only. */
    public String providerText() {
        return providerText;
    }

    /** The pause the server asked for (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Worth retrying after a pause: the same request may succeed. HTTP 4xx other than 429 never is. */
    public boolean transientFailure() {
        return kind == Kind.RATE_LIMITED || kind == Kind.HTTP_ERROR || kind == Kind.UNREACHABLE;
    }
}
