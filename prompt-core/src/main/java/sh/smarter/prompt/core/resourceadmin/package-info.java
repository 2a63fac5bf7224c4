/**
 * Managing resources through manifests: {@code ManageResourcesUseCase} (apply, get, describe, delete, deploy,
 * example manifests) and the service behind it, with the scope checks of an admin key.
 */
package sh.smarter.prompt.core.resourceadmin;
