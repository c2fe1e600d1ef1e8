package dev.perimeter.web;

import dev.perimeter.watch.WatchService;
import dev.perimeter.watch.WatchStore;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A watch's changes as an Atom 1.0 feed (RFC 4287), newest first: one entry per change. */
final class AtomFeed {
    static final String NS = "http://www.w3.org/2005/Atom";

    private AtomFeed() {}

    /** @param ttl how long an unread watch is kept, in words ("90 days"): the subtitle says when this one expires */
    static String write(WatchService.View v, String base, String ttl) {
        WatchStore.Watch w = v.watch();
        String page = base + "/watch/" + w.id();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("feed");
            x.writeDefaultNamespace(NS);
            text(x, "id", page + "/feed.atom");
            text(x, "title", "Perimeter watch" + (w.label() != null ? ": " + w.label() : " of " + WalletJson.addr(w.address())));
            text(x, "subtitle", "Changes in what this wallet is exposed to: new, raised, lowered and resolved findings. This watch is"
                    + " deleted " + ttl + " after its feed or page was last read: unless read again, on " + time(v.expiresAt()) + ".");
            Instant updated = v.changes().isEmpty() ? w.createdAt() : v.changes().get(0).createdAt();
            text(x, "updated", time(updated));
            link(x, "self", page + "/feed.atom", "application/atom+xml", null);
            link(x, "alternate", page, "text/html", null);
            x.writeStartElement("author");
            text(x, "name", "Perimeter");
            x.writeEndElement();
            text(x, "generator", "Perimeter");
            for (WatchStore.ChangeEntry e : v.changes()) {
                WatchRoutes.Entry en = WatchRoutes.entry(e);
                x.writeStartElement("entry");
                text(x, "id", "urn:uuid:" + e.entryId());
                text(x, "title", en.title());
                text(x, "updated", time(e.createdAt()));
                text(x, "published", time(e.createdAt()));
                String evidence = page + "#" + en.anchor();
                if (en.incidentIds().isEmpty()) link(x, "alternate", evidence, "text/html", "the change and its evidence");
                for (int i = 0; i < en.incidentIds().size(); i++) {
                    String id = en.incidentIds().get(i);
                    link(x, i == 0 ? "alternate" : "related", base + "/incidents/" + id, "text/html", "incident " + id);
                }
                if (!en.incidentIds().isEmpty()) link(x, "related", evidence, "text/html", "the change and its evidence");
                if (en.contractLink() != null) link(x, "related", base + en.contractLink(), "text/html", "the contract");
                x.writeStartElement("category");
                x.writeAttribute("term", e.kind().code());
                x.writeEndElement();
                x.writeStartElement("category");
                x.writeAttribute("term", e.finding().severity().code());
                x.writeEndElement();
                StringBuilder summary = new StringBuilder(clean(en.message()));
                if (!en.incidentIds().isEmpty()) summary.append(" Incidents: ").append(String.join(", ", en.incidentIds())).append('.');
                text(x, "summary", summary.toString());
                x.writeStartElement("content");
                x.writeAttribute("type", "text");
                x.writeCharacters(clean(summary + (en.evidence() == null ? "" : "\n\nEvidence\n" + en.evidence())));
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the feed", e);
        }
        return out.toString();
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(clean(value));
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String rel, String href, String type, String title) throws XMLStreamException {
        x.writeStartElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("href", clean(href));
        if (type != null) x.writeAttribute("type", type);
        if (title != null) x.writeAttribute("title", clean(title));
        x.writeEndElement();
    }

    private static String time(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Drops characters XML 1.0 cannot carry. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
