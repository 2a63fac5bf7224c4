/**
 * Daily token budgets per chatbot and per account, counted from the stored per-day totals so that every server
 * instance on one database shares them.
 */
package sh.smarter.prompt.core.budget;
