/**
 * Prompt sessions and their complete message history: sessions, messages, turns, tool calls, token usage, and the
 * outbound ports the turn, session administration, maintenance and token totals store them through.
 */
package sh.smarter.prompt.core.session;
