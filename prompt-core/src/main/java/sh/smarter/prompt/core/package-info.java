/**
 * The core of Smarter Prompt: the domain, the use cases (inbound ports) and the ports to the outside (outbound
 * ports), depending on the JDK alone. {@link sh.smarter.prompt.core.PromptEngine} wires the use cases from the
 * adapters a program gives it; the subpackages hold one capability each.
 */
package sh.smarter.prompt.core;
