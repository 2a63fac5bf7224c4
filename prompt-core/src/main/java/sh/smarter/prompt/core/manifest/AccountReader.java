package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.EnumSet;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;

/** Reads Account manifests. */
final class AccountReader {
    private AccountReader() {
    }

    static Account account(JsonObject manifest, Instant now) {
        return ManifestEnvelope.read(manifest, EnumSet.of(ResourceKind.ACCOUNT), (kind, metadata, spec) -> {
            AccountNumber number = spec.accountNumber(spec.requiredString("accountNumber"), "accountNumber");
            // The Smarter account's contact details have no use here, but its company name is the better label.
            String companyName = spec.object("config", config -> {
                config.ignore("phoneNumber", "address1", "address2", "city", "state", "postalCode", "country",
                        "language", "timezone", "currency");
                return config.string("companyName");
            });
            Long dailyTokenBudget = spec.positiveLong("dailyTokenBudget");
            return new Account(0, number, companyName == null ? metadata.name() : companyName, now,
                    dailyTokenBudget);
        });
    }
}
