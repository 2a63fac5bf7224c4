-- Token usage per chatbot and per account was summed from `turns` on every request, which reads every turn a
-- chatbot ever had, and forgot the tokens of deleted sessions although they were charged. From now on each turn adds
-- its tokens to running totals in the same transaction that stores it; reading a total is one primary-key lookup.

CREATE TABLE token_usage_totals (
    scope             VARCHAR(16) NOT NULL,
    scope_id          BIGINT      NOT NULL,
    prompt_tokens     BIGINT      NOT NULL,
    completion_tokens BIGINT      NOT NULL,
    total_tokens      BIGINT      NOT NULL,
    turns             BIGINT      NOT NULL,
    PRIMARY KEY (scope, scope_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Carry over what the turns stored so far were charged.
INSERT INTO token_usage_totals (scope, scope_id, prompt_tokens, completion_tokens, total_tokens, turns)
SELECT 'chatbot', chatbot_id, SUM(prompt_tokens), SUM(completion_tokens), SUM(total_tokens), COUNT(*)
FROM turns
GROUP BY chatbot_id;

INSERT INTO token_usage_totals (scope, scope_id, prompt_tokens, completion_tokens, total_tokens, turns)
SELECT 'account', account_id, SUM(prompt_tokens), SUM(completion_tokens), SUM(total_tokens), COUNT(*)
FROM turns
GROUP BY account_id;

-- Nothing reads turns by chatbot or account any more; the indexes only slowed every insert down.
DROP INDEX ix_turns_chatbot ON turns;
DROP INDEX ix_turns_account ON turns;
