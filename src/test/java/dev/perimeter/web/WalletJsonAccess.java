package dev.perimeter.web;

import dev.perimeter.exposure.ExposureReport;

/** For benchmarks: the exposure API's JSON of a report, as the route writes it. */
public final class WalletJsonAccess {
    private WalletJsonAccess() {}

    public static byte[] json(ExposureReport r) throws Exception {
        return WebApp.objectMapper().writeValueAsBytes(WalletJson.of(r));
    }
}
