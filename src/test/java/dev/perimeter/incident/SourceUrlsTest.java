package dev.perimeter.incident;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class SourceUrlsTest {
    /** StarsArena (DeFiHackLabs) and Arena SocialFi (DefiLlama) cite PeckShield's alert with different hosts and queries. */
    @Test
    void anXPostIsItsStatusIdWhateverTheHostAndQuery() {
        assertEquals(Optional.of("tweet:1710555944269292009"), SourceUrls.normalise("https://twitter.com/peckshield/status/1710555944269292009"));
        assertEquals(Optional.of("tweet:1710555944269292009"),
                SourceUrls.normalise("https://twitter.com/peckshield/status/1710555944269292009?t=Al_-cDBwoNs3vpKqcpJ0Jw&s=19"));
        assertEquals(Optional.of("tweet:1590685173477101570"), SourceUrls.normalise("https://x.com/SlowMist_Team/status/1590685173477101570"));
        assertEquals(Optional.of("tweet:1590685173477101570"), SourceUrls.normalise("https://mobile.twitter.com/slowmist_team/statuses/1590685173477101570"));
    }

    @Test
    void aPageIsItsHostAndPathWithoutSchemeWwwQueryOrTrailingSlash() {
        assertEquals(Optional.of("beosin.medium.com/a-sweet-blow-fb0a5e08657d"),
                SourceUrls.normalise("https://beosin.medium.com/a-sweet-blow-fb0a5e08657d?responsesOpen=true&source=user_profile"));
        assertEquals(Optional.of("rekt.news/curve-finance-rekt"), SourceUrls.normalise("http://www.rekt.news/curve-finance-rekt/"));
        assertEquals(SourceUrls.normalise("https://Rekt.News/Curve-Finance-Rekt#top"), SourceUrls.normalise("https://rekt.news/curve-finance-rekt"));
    }

    /** Explorer pages (the attack-tx and contract rules read those), home pages and non-links name no post. */
    @Test
    void explorerPagesHomePagesAndFilePathsAreNoPosts() {
        assertEquals(Optional.empty(), SourceUrls.normalise("https://bscscan.com/tx/0x8c93d6e5d6b3ec7478b4195123a696dbc82a3441be090e048fe4b33a242ef09d"));
        assertEquals(Optional.empty(), SourceUrls.normalise("https://etherscan.io/address/0x1db92e2eebc8e0c075a02bea49a2935bcd2dfcf4"));
        assertEquals(Optional.empty(), SourceUrls.normalise("https://app.blocksec.com/explorer/tx/bsc/0x1ee617cd739b1afcc673a180e60b9a32ad3ba856226a68e8748d58fcccc877a8"));
        assertEquals(Optional.empty(), SourceUrls.normalise("https://phalcon.blocksec.com/explorer/tx/bsc/0x1ee617cd739b1afcc673a180e60b9a32ad3ba856226a68e8748d58fcccc877a8"));
        assertEquals(Optional.empty(), SourceUrls.normalise("https://rekt.news/"));
        assertEquals(Optional.empty(), SourceUrls.normalise("shared/seed/trm-h1-2026-article.txt"));
        assertTrue(SourceUrls.normalise("https://blocksec.com/blog/the-analysis-of-nerve-bridge-security-incident").isPresent(),
                "a blog post of a firm that also runs an explorer is a post");
    }

    @Test
    void sharedIsThePostsBothRecordsCite() {
        SourceRecord a = rec("defihacklabs", List.of("https://twitter.com/peckshield/status/1752279373779194011",
                "https://etherscan.io/tx/0x26a83db7e28838dd9fee6fb7314ae58dcc6aee9a20bf224c386ff5e80f7e4cf2"));
        SourceRecord b = rec("defillama", List.of("https://x.com/peckshield/status/1752279373779194011",
                "https://etherscan.io/tx/0x26a83db7e28838dd9fee6fb7314ae58dcc6aee9a20bf224c386ff5e80f7e4cf2"));
        assertEquals(List.of("tweet:1752279373779194011"), SourceUrls.shared(a, b), "the tx page is the attack-tx rule's, not this one's");
        assertEquals(List.of(), SourceUrls.shared(a, rec("defillama", List.of("https://x.com/peckshield/status/1752279373779194012"))));
    }

    static SourceRecord rec(String dataset, List<String> urls) {
        return SourceRecord.of(dataset, "test", 2, LocalDate.parse("2024-01-30"), "x", "x", "", SourceRecord.Loss.unknown("unknown:x"))
                .withUrls(urls).withVerified(true);
    }
}
