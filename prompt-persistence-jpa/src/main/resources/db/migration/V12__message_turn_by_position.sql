-- Every message named its turn: 36 bytes of turn id, the most of any column after its content, which on MariaDB
-- kept the database above twice the size of the messages it holds. A turn's messages have consecutive seqs from the
-- turn's first_seq, so a message's position within its turn finds the turn by the turns table's primary key.
-- From this version a message stores that position (two bytes) and no turn id; the reads take the turn id from
-- turns where the message has none (JdbcValues.MESSAGE_COLUMNS).
--
-- Rows written before keep their turn_id and have no position, and read exactly as before. They are not rewritten:
-- that would touch every message of a large database in one migration for space that InnoDB hands back only when
-- the table is rebuilt (OPTIMIZE TABLE). Adding a nullable column at the end is instant on MariaDB 10.3+ and MySQL 8.
ALTER TABLE messages ADD COLUMN turn_position SMALLINT NULL;
