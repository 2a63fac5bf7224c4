-- Rows as release 1 (schema version 1) wrote them: an account with one of each resource, and two sessions with
-- messages, turns and turn records. The upgrade test loads this into a database migrated to version 1, opens it with
-- the current build and reads everything back through the ports.
-- Written for both MySQL/MariaDB and H2 in MySQL mode: no backslashes (MySQL reads them as escapes, H2 does not).

INSERT INTO accounts (id, account_number, display_name, created_at)
VALUES (1, '1234-5678-9012', 'Acme 😀', '2030-01-02 03:04:05.123456');

INSERT INTO chatbots (id, account_id, name, description, version, provider, default_model, default_system_role,
                      default_temperature, default_max_tokens, app_name, app_assistant, app_welcome_message,
                      app_example_prompts, app_placeholder, app_info_url, app_background_image_url, app_logo_url,
                      app_file_attachment, deployed, requires_api_key, allowed_origins, created_at, updated_at)
VALUES (10, 1, 'support', 'Answers support questions', '1.2.0', 'openai', 'gpt-4o-mini', 'You are Smarter.',
        0.0, 512, 'Acme Support', 'Ada', 'Welcome! 👋', '["Opening hours?","Weather in Zürich?"]',
        'Ask Ada…', 'https://acme.example/info', NULL, NULL, FALSE, TRUE, TRUE, '["https://acme.example"]',
        '2030-01-02 03:04:06.000001', '2030-01-03 00:00:00.5');

INSERT INTO chatbot_functions (chatbot_id, ordinal, function_name)
VALUES (10, 0, 'get_current_weather'), (10, 1, 'calculator');

INSERT INTO chatbot_plugins (chatbot_id, ordinal, plugin_name)
VALUES (10, 0, 'faq'), (10, 1, 'prices');

INSERT INTO plugins (id, account_id, name, description, version, plugin_class, selector_kind, search_terms,
                     prompt_system_role, prompt_model, prompt_temperature, prompt_max_tokens, parameters_json,
                     data_json, created_at, updated_at)
VALUES (20, 1, 'faq', 'The FAQ', '1.0.0', 'static', 'search_terms', '["hours","faq"]', 'Answer from the FAQ.',
        NULL, 0.0, NULL, '[]', '{"hours":"9-17","days":[1,2,3]}', '2030-01-02 03:04:07', '2030-01-02 03:04:07');

INSERT INTO sql_connections (id, account_id, name, jdbc_url, username, password_kind, password_value,
                             timeout_seconds, created_at, updated_at)
VALUES (30, 1, 'shop_db', 'jdbc:mysql://db.example:3306/shop', 'reader', 'env', 'SHOP_DB_PASSWORD', 10,
        '2030-01-02 03:04:08', '2030-01-02 03:04:08');

INSERT INTO api_connections (id, account_id, name, base_url, auth_scheme, auth_header, credential_kind,
                             credential_value, timeout_seconds, created_at, updated_at)
VALUES (40, 1, 'weather_api', 'https://weather.example/api', 'bearer', NULL, 'value', 'token-123😀', 5,
        '2030-01-02 03:04:09', '2030-01-02 03:04:09');

INSERT INTO providers (id, account_id, name, base_url, api_key_kind, api_key_value, default_model, api_key_required,
                       created_at, updated_at)
VALUES (50, 1, 'local_ollama', 'http://localhost:11434/v1/', 'none', NULL, 'llama3.1:8b', FALSE,
        '2030-01-02 03:04:10', '2030-01-02 03:04:10');

INSERT INTO api_keys (id, account_id, name, key_hash, hint, created_at, revoked_at)
VALUES (60, 1, 'ci', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '****abcd',
        '2030-01-02 03:04:11', NULL);

INSERT INTO sessions (id, session_key, chatbot_id, client_ip, client_user_agent, client_url, client_id, title,
                      created_at, updated_at, last_seq)
VALUES (100, 'abababababababababababababababababababababababababababababababab', 10, '203.0.113.7',
        'Mozilla/5.0', 'https://acme.example/chat', NULL, 'Weather in Zürich 😀', '2030-02-01 10:00:00.000001',
        '2030-02-01 10:00:02.654321', 4),
       (101, 'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd', 10, NULL, 'smarter-cli/1.0', NULL,
        'cli:key-1:alice', NULL, '2030-02-02 10:00:00', '2030-02-02 10:00:01', 2);

INSERT INTO messages (session_id, seq, role, content, tool_calls, tool_call_id, name, turn_id, created_at)
VALUES (100, 1, 'system', 'You are Smarter.', NULL, NULL, NULL, 'turn-a', '2030-02-01 10:00:02.654321'),
       (100, 2, 'user', 'Wie ist das Wetter in Zürich? 🧠🚀 𝄞 👩🏽‍💻', NULL, NULL, 'alice', 'turn-a',
        '2030-02-01 10:00:02.654321'),
       (100, 3, 'assistant', NULL,
        '[{"id":"call_1","name":"get_current_weather","arguments":"{}"}]', NULL, NULL, 'turn-a',
        '2030-02-01 10:00:02.654321'),
       (100, 4, 'tool', '{"temperature":21.5}', NULL, 'call_1', 'get_current_weather', 'turn-a',
        '2030-02-01 10:00:02.654321'),
       (101, 1, 'user', 'hello', NULL, NULL, NULL, 'turn-b', '2030-02-02 10:00:01'),
       (101, 2, 'smarter_error', 'The provider failed', NULL, NULL, NULL, 'turn-b', '2030-02-02 10:00:01');

INSERT INTO turns (session_id, first_seq, turn_id, chatbot_id, account_id, message_count, prompt_tokens,
                   completion_tokens, total_tokens, started_at, stored_at)
VALUES (100, 1, 'turn-a', 10, 1, 4, 120, 30, 150, '2030-02-01 10:00:01', '2030-02-01 10:00:02.654321'),
       (101, 1, 'turn-b', 10, 1, 2, 5, 0, 5, '2030-02-02 10:00:00.5', '2030-02-02 10:00:01');

INSERT INTO provider_exchanges (session_id, turn_seq, ordinal, turn_id, round_number, provider, model, request_json,
                                response_json, prompt_tokens, completion_tokens, total_tokens, latency_ms, error,
                                created_at)
VALUES (100, 1, 0, 'turn-a', 1, 'openai', 'gpt-4o-mini', '{"model":"gpt-4o-mini","temperature":0.0}',
        '{"id":"chatcmpl-1","usage":{"total_tokens":150}}', 120, 30, 150, 850, NULL, '2030-02-01 10:00:02'),
       (101, 1, 0, 'turn-b', 1, 'openai', 'gpt-4o-mini', '{"model":"gpt-4o-mini"}', NULL, 5, 0, 5, 30000,
        'provider answered 429: rate limited', '2030-02-02 10:00:01');

INSERT INTO tool_executions (session_id, turn_seq, ordinal, turn_id, tool_call_id, function_name, arguments, result,
                             plugin_id, plugin_name, duration_ms, created_at)
VALUES (100, 1, 0, 'turn-a', 'call_1', 'get_current_weather', '{}', '{"temperature":21.5}', NULL, NULL, 312,
        '2030-02-01 10:00:02.1');

INSERT INTO plugin_selections (session_id, turn_seq, ordinal, turn_id, plugin_id, plugin_name, input_text, reason,
                               created_at)
VALUES (100, 1, 0, 'turn-a', 20, 'faq', 'Wie ist das Wetter in Zürich?', 'search term hours',
        '2030-02-01 10:00:01.5');
