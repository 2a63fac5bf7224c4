/**
 * What an account owns: accounts, chatbots, plugins, SQL and API connections, provider settings, API keys, and the
 * outbound ports that store and look them up.
 */
package sh.smarter.prompt.core.resource;
