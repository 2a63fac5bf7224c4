package sh.smarter.prompt.core.resource;

import java.util.Objects;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.error.PromptException;

/** An account number formatted {@code dddd-dddd-dddd}. */
public record AccountNumber(String value) {
    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d{4}-\\d{4}");

    public AccountNumber {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw PromptException.invalid("account number must look like 1234-5678-9012");
        }
    }

    public static AccountNumber parse(String text) {
        return new AccountNumber(text == null ? "" : text.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
