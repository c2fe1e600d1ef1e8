package dev.perimeter.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Every shape a source takes in the data becomes a name people can read and, where there is one, a URL they can follow. */
class SourceRefsTest {
    @Test
    void aDatasetRefIsTheRepositoryFileAtItsCommit() {
        SourceRefs.Link l = SourceRefs.of("SunWeb3Sec/DeFiHackLabs:past/2021/README.md@b3719ce7fb93ee6f743853ede9471e1a8bed1de0");
        assertEquals("https://github.com/SunWeb3Sec/DeFiHackLabs/blob/b3719ce7fb93ee6f743853ede9471e1a8bed1de0/past/2021/README.md", l.url());
        assertEquals("SunWeb3Sec/DeFiHackLabs — past/2021/README.md at commit b3719ce7", l.text());
        SourceRefs.Link note = SourceRefs.of(
                "Abhinav-Malik-154/nexus:data/defillama_hacks.json@9b260b2df91dce66c770922cb35cc3da915c80df (amount=loss_usd/1e6)");
        assertEquals("https://github.com/Abhinav-Malik-154/nexus/blob/9b260b2df91dce66c770922cb35cc3da915c80df/data/defillama_hacks.json",
                note.url());
        assertTrue(note.text().endsWith("(amount=loss_usd/1e6)"), "the note stays beside the link: " + note.text());
    }

    @Test
    void anInfrastructureRefWithAFragmentAndAContractSourceWithItsDatasetPrefix() {
        SourceRefs.Link infra = SourceRefs.of("l2beat/l2beat@0543a02d12f4a9d0c1cac252771f4a2d26240cff:packages/config/src/projects/bridges/x.ts#L10");
        assertEquals("https://github.com/l2beat/l2beat/blob/0543a02d12f4a9d0c1cac252771f4a2d26240cff/packages/config/src/projects/bridges/x.ts#L10",
                infra.url());
        SourceRefs.Link revoke = SourceRefs.of(
                "revoke:RevokeCash/approval-exploit-list:exploits/lifi-2024.json@273101095a618e483dfd01c8364eaf1c9a378e17 (fixed per the list)");
        assertEquals("https://github.com/RevokeCash/approval-exploit-list/blob/273101095a618e483dfd01c8364eaf1c9a378e17/exploits/lifi-2024.json",
                revoke.url());
        assertTrue(revoke.text().endsWith("(fixed per the list)"));
        SourceRefs.Link doubled = SourceRefs.of("SunWeb3Sec/DeFiHackLabs:src/test/2023-06//BUNN_exp.sol@b3719ce7fb93ee6f743853ede9471e1a8bed1de0");
        assertTrue(doubled.url().endsWith("/src/test/2023-06/BUNN_exp.sol"), doubled.url());
    }

    @Test
    void aTitledUrlAPlainUrlAndPlainText() {
        SourceRefs.Link titled = SourceRefs.of("CleanSky editorial of 2026-07-05 — https://cleansky.io/blog/h1-2026-crypto-hacks-north-korea-2026/");
        assertEquals("CleanSky editorial of 2026-07-05", titled.text());
        assertEquals("https://cleansky.io/blog/h1-2026-crypto-hacks-north-korea-2026/", titled.url());
        assertEquals("https://rekt.news/x", SourceRefs.of("https://rekt.news/x").url());
        SourceRefs.Link text = SourceRefs.of("reviewer's reading of the post-mortem");
        assertNull(text.url());
        assertEquals("reviewer's reading of the post-mortem", text.text());
        assertNull(SourceRefs.of("").url());
    }

    @Test
    void localPathsAreRecognised() {
        assertTrue(SourceRefs.isLocalPath("shared/seed/trm-h1-2026-article.txt"));
        assertTrue(SourceRefs.isLocalPath("notes.txt (an article)"));
        assertTrue(SourceRefs.isLocalPath("/work/shared/data/x.csv"));
        assertFalse(SourceRefs.isLocalPath("CleanSky editorial of 2026-07-05"));
        assertFalse(SourceRefs.isLocalPath("SunWeb3Sec/DeFiHackLabs — README.md at commit b3719ce7"));
    }
}
