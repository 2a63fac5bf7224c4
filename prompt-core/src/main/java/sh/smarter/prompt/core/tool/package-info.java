/**
 * The tools a model may call in a turn: the built-in functions (calculator, date calculator, weather), plugins
 * (static, SQL, HTTP API) with their tool names, and the outbound ports that run SQL and API plugins.
 */
package sh.smarter.prompt.core.tool;
