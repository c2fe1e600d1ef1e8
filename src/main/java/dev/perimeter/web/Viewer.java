package dev.perimeter.web;

import io.javalin.http.Context;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Who is looking, without an account: an opaque random id (128 bits) in an HttpOnly, SameSite=Strict cookie, set on the
 * first dismissal. API clients send the same cookie or the X-Perimeter-Viewer header. Dismissals belong to a viewer and
 * never to a wallet; the id says nothing about the person.
 */
final class Viewer {
    static final String COOKIE = "perimeter_viewer";
    static final String HEADER = "X-Perimeter-Viewer";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private Viewer() {}

    /** The viewer's id from the header or cookie, or null when there is none (or it is malformed). */
    static String of(Context ctx) {
        String h = ctx.header(HEADER);
        if (h != null) return ID.matcher(h).matches() ? h : null;
        String c = ctx.cookie(COOKIE);
        return c != null && ID.matcher(c).matches() ? c : null;
    }

    /** The viewer's id; a new one (and its cookie) when the request has none. */
    static String ensure(Context ctx) {
        String id = of(ctx);
        if (id != null) return id;
        if (ctx.header(HEADER) != null) throw HttpError.badRequest("viewer", HEADER + " must be 22 characters of A-Z, a-z, 0-9, _ or -.");
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        ctx.header("Set-Cookie", COOKIE + "=" + id + "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict"
                + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
        ctx.attribute(COOKIE, id);
        return id;
    }
}
