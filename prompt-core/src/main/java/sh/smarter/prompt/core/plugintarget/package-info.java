/**
 * The rules a plugin's target must pass before it is stored and again before it is called: SQL drivers and URL
 * properties, the product's own database, API addresses, and provider credentials that stay on the operator's hosts.
 */
package sh.smarter.prompt.core.plugintarget;
