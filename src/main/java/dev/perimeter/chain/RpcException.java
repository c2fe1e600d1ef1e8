package dev.perimeter.chain;

/** A JSON-RPC failure at the edge, typed so callers can say in plain words what went wrong. */
public final class RpcException extends RuntimeException {
    public enum Kind {
        TIMEOUT("the RPC endpoint did not answer in time"),
        UNREACHABLE("the RPC endpoint could not be reached"),
        RATE_LIMITED("the RPC endpoint is rate-limiting requests (HTTP 429)"),
        HTTP_ERROR("the RPC endpoint answered with an HTTP error"),
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

    public RpcException(Kind kind, String detail) {
        this(kind, detail, null);
    }

    public RpcException(Kind kind, String detail, Throwable cause) {
        super(detail == null || detail.isBlank() ? kind.plain : kind.plain + ": " + detail, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Worth retrying after a pause: the same request may succeed. */
    public boolean transientFailure() {
        return kind == Kind.RATE_LIMITED || kind == Kind.HTTP_ERROR || kind == Kind.UNREACHABLE;
    }
}
