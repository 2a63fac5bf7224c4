package sh.smarter.prompt.persistence.session;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of seqs as a short string: the first seq, then the steps between them, a repeating group of steps written
 * once with its count. A context window's user and assistant messages sit between a turn's status lines, so their
 * seqs step 3, 2, 3, 2, ...: fifty of them are {@code "372:3,2*24;3"}.
 *
 * <p>Grammar: {@code first [":" group (";" group)*]}, a group being steps separated by {@code ","} and optionally
 * {@code "*" count} (the steps repeated that many times). Steps may be zero or negative.
 */
final class SeqSequence {
    /** Longest repeating group looked for. */
    private static final int MAX_GROUP = 4;

    private SeqSequence() {
    }

    static String encode(List<Long> seqs) {
        if (seqs.isEmpty()) {
            throw new IllegalArgumentException("no seqs");
        }
        long[] steps = new long[seqs.size() - 1];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = seqs.get(i + 1) - seqs.get(i);
        }
        StringBuilder text = new StringBuilder().append(seqs.get(0));
        List<Long> single = new ArrayList<>();
        int i = 0;
        while (i < steps.length) {
            int bestLength = 1;
            int bestCount = 1;
            for (int length = 1; length <= MAX_GROUP && i + 2 * length <= steps.length; length++) {
                int count = repeats(steps, i, length);
                if (count >= 2 && length * count > bestLength * bestCount) {
                    bestLength = length;
                    bestCount = count;
                }
            }
            if (bestCount == 1) {
                single.add(steps[i]);
                i++;
                continue;
            }
            appendGroup(text, single, 1);
            single.clear();
            List<Long> group = new ArrayList<>(bestLength);
            for (int k = 0; k < bestLength; k++) {
                group.add(steps[i + k]);
            }
            appendGroup(text, group, bestCount);
            i += bestLength * bestCount;
        }
        appendGroup(text, single, 1);
        return text.toString();
    }

    /** How many times the steps at [start, start + length) repeat back to back from start. */
    private static int repeats(long[] steps, int start, int length) {
        int count = 1;
        for (int next = start + length; next + length <= steps.length; next += length) {
            for (int k = 0; k < length; k++) {
                if (steps[next + k] != steps[start + k]) {
                    return count;
                }
            }
            count++;
        }
        return count;
    }

    private static void appendGroup(StringBuilder text, List<Long> steps, int count) {
        if (steps.isEmpty()) {
            return;
        }
        text.append(text.indexOf(":") < 0 ? ':' : ';');
        for (int k = 0; k < steps.size(); k++) {
            text.append(k == 0 ? "" : ",").append(steps.get(k));
        }
        if (count > 1) {
            text.append('*').append(count);
        }
    }

    static List<Long> decode(String text) {
        try {
            int colon = text.indexOf(':');
            long seq = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
            List<Long> seqs = new ArrayList<>();
            seqs.add(seq);
            if (colon < 0) {
                return seqs;
            }
            for (String group : text.substring(colon + 1).split(";")) {
                int star = group.indexOf('*');
                int count = star < 0 ? 1 : Integer.parseInt(group.substring(star + 1));
                String[] steps = (star < 0 ? group : group.substring(0, star)).split(",");
                for (int c = 0; c < count; c++) {
                    for (String step : steps) {
                        seq += Long.parseLong(step);
                        seqs.add(seq);
                    }
                }
            }
            return seqs;
        } catch (RuntimeException e) {
            throw new IllegalStateException("not a stored seq sequence: " + text, e);
        }
    }
}
