package dev.perimeter.web;

/** A client error with a human sentence and, where it applies, the parameter at fault. */
public class HttpError extends RuntimeException {
    private final int status;
    private final String field;

    public HttpError(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static HttpError badRequest(String field, String message) {
        return new HttpError(400, message, field);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message, null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
