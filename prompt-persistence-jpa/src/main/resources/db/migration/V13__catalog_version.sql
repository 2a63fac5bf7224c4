-- The resource catalog's version: one number that every change to accounts, chatbots, plugins, connections,
-- providers or API keys moves, in the transaction of the change (JpaResourceCatalog). A server remembers its
-- resource lookups and asks this number once a second instead of reading them all again, so a `prompt apply` made
-- by another process is still seen within that second (CachingResourceCatalog).
--
-- One row, written with INSERT ... ON DUPLICATE KEY UPDATE, so that a database whose row was deleted counts on.
CREATE TABLE catalog_version (
    id      TINYINT NOT NULL,
    version BIGINT  NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

INSERT INTO catalog_version (id, version) VALUES (1, 0);
