package dev.perimeter.web;

import dev.perimeter.incident.Vector;
import dev.perimeter.util.Semester;
import io.javalin.http.Context;

import java.util.Locale;

/** Reads and validates query parameters; every bad value becomes a 400 naming the parameter. */
final class Params {
    static final int MAX_TEXT = 200;

    private Params() {}

    static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > MAX_TEXT) throw HttpError.badRequest(name, name + " is longer than " + MAX_TEXT + " characters.");
        if (v.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) throw HttpError.badRequest(name, name + " contains control characters.");
        return v.trim();
    }

    static int integer(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw HttpError.badRequest(name, name + " must be between " + min + " and " + max + ".");
            return n;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name, name + " must be a whole number.");
        }
    }

    static String semester(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        return Semester.parse(v).map(Semester::toString)
                .orElseThrow(() -> HttpError.badRequest(name, "semester must look like " + Semester.EXPECTED + "."));
    }

    static Vector vector(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        return Vector.parse(v).orElseThrow(() -> HttpError.badRequest(name,
                "vector must be one of infrastructure, smart_contract, other."));
    }

    static Boolean bool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw HttpError.badRequest(name, name + " must be true or false.");
        };
    }

    static String chain(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("[a-z0-9][a-z0-9-]{0,39}")) throw HttpError.badRequest(name, "chain must be a chain name like ethereum or bsc.");
        return s;
    }
}
