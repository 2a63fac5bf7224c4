/**
 * Events of a prompt turn and the outbound port {@code PromptEventListener} for whoever observes them (logs,
 * audits); an observer can never break a turn.
 */
package sh.smarter.prompt.core.event;
