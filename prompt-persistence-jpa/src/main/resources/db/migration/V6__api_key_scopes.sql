-- API keys get a scope: 'chat' (prompts and the sessions the key started) or 'admin' (everything its account can
-- do). Every key made before scopes could do everything, so existing keys become 'admin' and nothing breaks on
-- upgrade; the application always writes the scope of a new key.
ALTER TABLE api_keys ADD COLUMN scope VARCHAR(16) NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_scope CHECK (scope IN ('chat', 'admin'));
