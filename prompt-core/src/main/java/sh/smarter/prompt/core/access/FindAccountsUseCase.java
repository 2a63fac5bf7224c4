package sh.smarter.prompt.core.access;

import java.util.List;
import java.util.Optional;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;

/**
 * Inbound port: the accounts of this installation, for adapters that name an account (the CLI's {@code --account})
 * or scope a request to the account of its API key.
 */
public interface FindAccountsUseCase {

    Optional<Account> find(AccountNumber number);

    /** Every account, for the operator's local commands. */
    List<Account> all();

    /** The account of an API key; a key whose account no longer exists authenticates nothing. */
    Account ofKey(Principal.AccountKey key);
}
