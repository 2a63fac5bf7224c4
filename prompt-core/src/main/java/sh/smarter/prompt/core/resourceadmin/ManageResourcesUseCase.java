package sh.smarter.prompt.core.resourceadmin;

import java.util.List;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.ResourceKind;

/**
 * Inbound port: resources as manifests (SPEC section 8) — apply, get, describe, delete, and example manifests.
 * Manifests arrive as JSON trees; adapters turn YAML into the same tree first.
 */
public interface ManageResourcesUseCase {

    /**
     * Creates or updates the resource a manifest describes. Applying the same manifest twice changes nothing the
     * second time. Invalid manifests are rejected with the field path in the message ("spec.config.defaultTemperature
     * must be between 0.0 and 2.0") and nothing is stored.
     */
    ApplyResult apply(JsonObject manifest, Principal principal);

    /** Every resource of the kind that the principal may see, as manifests, sorted by name. */
    List<JsonObject> get(ResourceKind kind, Principal principal);

    /** One resource as a manifest (secrets masked), with a {@code status} block. */
    JsonObject describe(ResourceKind kind, String name, Principal principal);

    void delete(ResourceKind kind, String name, Principal principal);

    /**
     * Deploys or undeploys a chatbot (its {@code spec.config.deployed}). Doing it twice changes nothing the second
     * time: the result says {@code UNCHANGED}.
     */
    ApplyResult setDeployed(String chatbotName, boolean deployed, Principal principal);

    /** A complete, valid example manifest of the kind, ready to edit and apply. */
    JsonObject exampleManifest(ResourceKind kind);

    /** What {@link #apply} did. */
    record ApplyResult(ResourceKind kind, String name, Outcome outcome) {
    }

    enum Outcome { CREATED, UPDATED, UNCHANGED }
}
