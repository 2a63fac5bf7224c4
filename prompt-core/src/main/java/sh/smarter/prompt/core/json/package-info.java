/**
 * A small immutable JSON value model with its parser and writer, so that the core reads and writes manifests,
 * tool arguments and provider messages without a JSON library.
 */
package sh.smarter.prompt.core.json;
