/**
 * Managing stored sessions: listing, reading, exporting, deleting and pruning them, and the log of each turn
 * ({@code ManageSessionsUseCase}).
 */
package sh.smarter.prompt.core.sessionadmin;
