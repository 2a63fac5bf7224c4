/**
 * Manifests as the {@code smarter} CLI writes them (YAML/JSON with apiVersion, kind, metadata, spec): reading each
 * kind into a resource, writing a resource back, and the example manifest of every kind.
 */
package sh.smarter.prompt.core.manifest;
