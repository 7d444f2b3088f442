package dev.fleetgateway.simulator;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles REQUEST_RESPONSE patterns with RE2/J, which matches in time linear in the line: rules run on the shared
 * event loops, where a backtracking engine let {@code ^(a|a)*\1b} block a loop for seconds. RE2 refuses what it
 * cannot match in linear time (backreferences, lookaround); the size of the compiled program is bounded too,
 * estimated before compiling, because nested counted repeats such as {@code ((a{1000}){1000}){1000}} compile to
 * a program too large for the heap.
 */
final class ReplyPatterns {

    /** Most characters of one pattern. */
    static final int MAX_LENGTH = 256;
    /** Most rules of one fleet: every downlink line may be tried against each. */
    static final int MAX_RULES = 16;
    /** Largest estimated program (instructions); matching costs up to this much per character of a line. */
    static final int MAX_PROGRAM = 1000;
    /** Characters of a downlink line the rules look at: commands are short, a long line is not matched past it. */
    static final int MATCHED_CHARS = 1024;

    private ReplyPatterns() {
    }

    /** The compiled pattern; IllegalArgumentException with a message for the caller when it is refused. */
    static Pattern compile(String regex) {
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        if (estimatedSize(regex) > MAX_PROGRAM) {
            throw new IllegalArgumentException("repeats too much: it would compile to more than " + MAX_PROGRAM
                    + " instructions (nest fewer or smaller {n,m} counts)");
        }
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("is not a regular expression RE2 can match in linear time "
                    + "(no backreferences or lookaround): " + e.getDescription());
        }
        // the estimate counts one instruction per atom; the real program adds a few for each operator
        if (p.programSize() > 4 * MAX_PROGRAM) {
            throw new IllegalArgumentException("compiles to " + p.programSize() + " instructions, more than "
                    + 4 * MAX_PROGRAM);
        }
        return p;
    }

    /** Whether {@code pattern} is found in {@code line}, looking at its first {@link #MATCHED_CHARS} characters. */
    static boolean find(Pattern pattern, String line) {
        CharSequence in = line.length() > MATCHED_CHARS ? line.subSequence(0, MATCHED_CHARS) : line;
        return pattern.matcher(in).find();
    }

    /**
     * An upper estimate of the program size: one per atom, a counted repeat multiplies the atom or group before
     * it. Malformed syntax is left to the compiler; the estimate only has to be large where the program is.
     */
    static long estimatedSize(String re) {
        long[] total = new long[re.length() + 2];
        long[] lastAtom = new long[re.length() + 2];
        int depth = 0;
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '(') {
                depth++;
                total[depth] = 0;
                lastAtom[depth] = 0;
                i++;
            } else if (c == ')' && depth > 0) {
                long group = total[depth--] + 1;
                total[depth] = sat(total[depth] + group);
                lastAtom[depth] = group;
                i++;
            } else if (c == '{' && repeatEnd(re, i) > 0) {
                int end = repeatEnd(re, i);
                long times = repeatMax(re.substring(i + 1, end));
                long atom = lastAtom[depth];
                total[depth] = sat(total[depth] + sat(atom * Math.max(times - 1, 0)) + 1);
                lastAtom[depth] = sat(atom * Math.max(times, 1));
                i = end + 1;
            } else {
                int next = c == '\\' ? escapeEnd(re, i) : c == '[' ? classEnd(re, i) : i + 1;
                total[depth] = sat(total[depth] + 1);
                lastAtom[depth] = 1;
                i = next;
            }
        }
        long sum = 0;
        for (int d = depth; d >= 0; d--) {
            sum = sat(sum + total[d]);
        }
        return sum;
    }

    /** Index of the {@code }} closing a repeat {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}, else -1. */
    private static int repeatEnd(String re, int i) {
        int end = re.indexOf('}', i);
        return end > i + 1 && re.substring(i + 1, end).matches("\\d{1,9}(,\\d{0,9})?") ? end : -1;
    }

    /** Copies a repeat makes at most; {@code {n,}} counts as n + 1 (n copies and a loop). */
    private static long repeatMax(String counts) {
        String[] parts = counts.split(",", -1);
        long n = Long.parseLong(parts[0]);
        if (parts.length == 1) {
            return n;
        }
        return parts[1].isEmpty() ? n + 1 : Math.max(n, Long.parseLong(parts[1]));
    }

    private static int escapeEnd(String re, int i) {
        int next = i + 2;
        // \p{Greek}, \x{263a}: the braces belong to the escape
        if (i + 2 < re.length() && re.charAt(i + 2) == '{' && "pPx".indexOf(re.charAt(i + 1)) >= 0) {
            int end = re.indexOf('}', i + 2);
            next = end < 0 ? re.length() : end + 1;
        }
        return Math.min(next, re.length());
    }

    private static int classEnd(String re, int i) {
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++; // a leading ] is a literal
        }
        while (j < re.length() && re.charAt(j) != ']') {
            if (re.charAt(j) == '\\') {
                j++;
            } else if (re.startsWith("[:", j)) {
                int end = re.indexOf(":]", j + 2);
                j = end < 0 ? j : end + 1;
            }
            j++;
        }
        return Math.min(j + 1, re.length());
    }

    private static long sat(long v) {
        return v < 0 || v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v;
    }
}
