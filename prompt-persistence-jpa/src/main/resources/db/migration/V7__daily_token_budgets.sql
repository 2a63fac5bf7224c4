-- Daily token budgets (issue 12). A chatbot and an account may cap the tokens charged per UTC day; every instance
-- on this database must see the same day's spending, so each turn adds its tokens to per-day totals in the same
-- transaction that stores it, next to the all-time totals of V2/V3. Like those, a day's total is spread over up to
-- 16 shards (picked by session) so that concurrent turns of one chatbot rarely wait for each other's row locks;
-- reading a day is a sum over at most 32 rows of one primary-key range per scope.

CREATE TABLE token_usage_daily (
    scope             VARCHAR(16) NOT NULL,
    scope_id          BIGINT      NOT NULL,
    usage_day         DATE        NOT NULL,
    shard             INT         NOT NULL,
    prompt_tokens     BIGINT      NOT NULL,
    completion_tokens BIGINT      NOT NULL,
    total_tokens      BIGINT      NOT NULL,
    turns             BIGINT      NOT NULL,
    PRIMARY KEY (scope, scope_id, usage_day, shard)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Carry over what the stored turns were charged, by the UTC day each started (started_at holds UTC), so an upgrade
-- in the middle of a day keeps counting that day's spending. Turns of sessions deleted before now are gone.
INSERT INTO token_usage_daily (scope, scope_id, usage_day, shard, prompt_tokens, completion_tokens, total_tokens,
                               turns)
SELECT 'chatbot', chatbot_id, CAST(started_at AS DATE), 0, SUM(prompt_tokens), SUM(completion_tokens),
       SUM(total_tokens), COUNT(*)
FROM turns
GROUP BY chatbot_id, CAST(started_at AS DATE);

INSERT INTO token_usage_daily (scope, scope_id, usage_day, shard, prompt_tokens, completion_tokens, total_tokens,
                               turns)
SELECT 'account', account_id, CAST(started_at AS DATE), 0, SUM(prompt_tokens), SUM(completion_tokens),
       SUM(total_tokens), COUNT(*)
FROM turns
GROUP BY account_id, CAST(started_at AS DATE);

-- The budgets themselves: NULL is no budget.
ALTER TABLE chatbots ADD COLUMN daily_token_budget BIGINT NULL;
ALTER TABLE accounts ADD COLUMN daily_token_budget BIGINT NULL;
