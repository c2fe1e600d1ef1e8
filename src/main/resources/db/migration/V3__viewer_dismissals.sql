-- Dismissals belong to the viewer who made them (an opaque random id from a cookie), never to a wallet and never to
-- everyone. Dismissals made before viewers existed were instance-wide; they are kept under the viewer id 'legacy'
-- (which no cookie can carry: ids are 22 characters) so nothing stored is lost, and they hide nothing for anyone.
CREATE TABLE viewer_dismissals (
    viewer_id   VARCHAR(64)  NOT NULL,
    finding_key VARCHAR(300) NOT NULL,
    note        VARCHAR(500),
    created_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (viewer_id, finding_key)
);
INSERT INTO viewer_dismissals (viewer_id, finding_key, note, created_at)
    SELECT 'legacy', finding_key, note, created_at FROM dismissals;
DROP TABLE dismissals;
