package sh.smarter.prompt.core.json;

import java.math.BigDecimal;
import java.util.Objects;

/** A JSON number, kept exact as a BigDecimal so that what was received is what is written back. */
public record JsonNumber(BigDecimal value) implements Json {
    public JsonNumber {
        Objects.requireNonNull(value, "value");
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(BigDecimal.valueOf(value));
    }

    /** JSON has no NaN or infinity; callers must check {@link Double#isFinite} first. */
    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON numbers must be finite, got " + value);
        }
        return new JsonNumber(BigDecimal.valueOf(value));
    }

    public double doubleValue() {
        return value.doubleValue();
    }

    public long longValue() {
        return value.longValue();
    }

    /** True for values such as 3 or 3.0 that have no fractional part. */
    public boolean isIntegral() {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    @Override
    public Object toPlain() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        // 2 and 2.0 are the same JSON number.
        return other instanceof JsonNumber n && value.compareTo(n.value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value.doubleValue());
    }

    @Override
    public String toString() {
        return toJson();
    }
}
