package dev.perimeter.web;

import dev.perimeter.exposure.ExposureReport;

/** For benchmarks: the exposure API's JSON of a report, as the route writes it. */
public final class WalletJsonAccess {
    private WalletJsonAccess() {}

    /** @param mapper the app's JSON mapper ({@link WebApp#objectMapper()}), made once: a new one starts with cold caches */
    public static byte[] json(com.fasterxml.jackson.databind.ObjectMapper mapper, ExposureReport r) throws Exception {
        return mapper.writeValueAsBytes(WalletJson.of(r));
    }
}
