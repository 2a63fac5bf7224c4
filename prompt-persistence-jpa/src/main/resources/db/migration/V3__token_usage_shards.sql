-- Each turn added its tokens to one row per chatbot and one per account, and held those rows locked until it
-- committed: concurrent turns of one chatbot queued behind each other there. A total is now spread over up to 16
-- rows (the shard is picked by session) and summed when read. The existing totals become shard 0.
ALTER TABLE token_usage_totals ADD COLUMN shard INT NOT NULL DEFAULT 0;
ALTER TABLE token_usage_totals DROP PRIMARY KEY;
ALTER TABLE token_usage_totals ADD PRIMARY KEY (scope, scope_id, shard);
