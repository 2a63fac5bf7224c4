-- Every turn added its tokens twice: to the all-time totals (token_usage_totals, V2/V3) and to the day's totals
-- (token_usage_daily, V7), two UPDATE round trips on the hot path. The all-time total is the sum of a scope's days,
-- so the day's rows alone hold both: a turn now updates its chatbot's and account's row of its day in one statement,
-- and an all-time total is a sum over one primary-key range.
--
-- Tokens that the all-time totals counted but no day does (sessions deleted before V7 carried the days over) are
-- kept on 1970-01-01, a day no budget reads, so that every all-time total stays what it was.
INSERT INTO token_usage_daily (scope, scope_id, usage_day, shard, prompt_tokens, completion_tokens, total_tokens,
                               turns)
SELECT t.scope, t.scope_id, DATE '1970-01-01', 0,
       t.prompt_tokens - COALESCE(d.prompt_tokens, 0), t.completion_tokens - COALESCE(d.completion_tokens, 0),
       t.total_tokens - COALESCE(d.total_tokens, 0), t.turns - COALESCE(d.turns, 0)
FROM (SELECT scope, scope_id, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
             SUM(total_tokens) AS total_tokens, SUM(turns) AS turns
      FROM token_usage_totals GROUP BY scope, scope_id) t
LEFT JOIN (SELECT scope, scope_id, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
                  SUM(total_tokens) AS total_tokens, SUM(turns) AS turns
           FROM token_usage_daily GROUP BY scope, scope_id) d
       ON d.scope = t.scope AND d.scope_id = t.scope_id
WHERE t.prompt_tokens <> COALESCE(d.prompt_tokens, 0) OR t.completion_tokens <> COALESCE(d.completion_tokens, 0)
   OR t.total_tokens <> COALESCE(d.total_tokens, 0) OR t.turns <> COALESCE(d.turns, 0);

DROP TABLE token_usage_totals;
