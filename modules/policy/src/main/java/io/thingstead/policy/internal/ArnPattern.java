package io.thingstead.policy.internal;

/**
 * A resource ARN pattern with every variable resolved. As in IAM, the six colon-separated parts of an ARN are matched
 * separately ({@code arn:partition:service:region:account:resource}, the resource being everything after the fifth
 * colon), so a wildcard never spans a colon in the first five parts. {@code *} on its own matches any resource.
 */
final class ArnPattern {
    static final ArnPattern ANY = new ArnPattern(null, null, null);

    /** {@code arn:partition:service:region:account:} when those five parts have no wildcard, else {@code null}. */
    private final String literalHead;
    /** The first five parts, when {@link #literalHead} is {@code null}. */
    private final GlobPattern[] head;

    private final GlobPattern resource;

    private ArnPattern(String literalHead, GlobPattern[] head, GlobPattern resource) {
        this.literalHead = literalHead;
        this.head = head;
        this.resource = resource;
    }

    static ArnPattern of(GlobPattern[] head, String literalHead, GlobPattern resource) {
        return literalHead != null ? new ArnPattern(literalHead, null, resource) : new ArnPattern(null, head, resource);
    }

    boolean matches(String arn) {
        if (resource == null) {
            return true;
        }
        if (literalHead != null) {
            return arn.startsWith(literalHead) && resource.matches(arn, literalHead.length(), arn.length());
        }
        int start = 0;
        for (GlobPattern part : head) {
            int colon = arn.indexOf(':', start);
            if (colon < 0 || !part.matches(arn, start, colon)) {
                return false;
            }
            start = colon + 1;
        }
        return resource.matches(arn, start, arn.length());
    }

    /** True when every ARN that starts with {@code prefix} matches (false when that cannot be shown simply). */
    boolean matchesEveryExtensionOf(String prefix) {
        if (resource == null) {
            return true;
        }
        int start = resourceStart(prefix);
        return start >= 0 && resource.matchesEveryExtensionOf(prefix, start, prefix.length());
    }

    /** False only when no ARN that starts with {@code prefix} can match. */
    boolean mayMatchAnExtensionOf(String prefix) {
        if (resource == null) {
            return true;
        }
        int start = resourceStart(prefix);
        if (start == HEAD_INCOMPLETE) {
            return true;
        }
        return start >= 0 && resource.mayMatchAnExtensionOf(prefix, start, prefix.length());
    }

    private static final int HEAD_MISMATCH = -1;
    private static final int HEAD_INCOMPLETE = -2;

    /**
     * Where the resource part of {@code arn} starts when its first five parts match this pattern's; {@link
     * #HEAD_MISMATCH} when they do not, {@link #HEAD_INCOMPLETE} when {@code arn} ends before its resource part.
     */
    private int resourceStart(String arn) {
        if (literalHead != null) {
            if (arn.startsWith(literalHead)) {
                return literalHead.length();
            }
            return literalHead.startsWith(arn) ? HEAD_INCOMPLETE : HEAD_MISMATCH;
        }
        int start = 0;
        for (GlobPattern part : head) {
            int colon = arn.indexOf(':', start);
            if (colon < 0) {
                return HEAD_INCOMPLETE;
            }
            if (!part.matches(arn, start, colon)) {
                return HEAD_MISMATCH;
            }
            start = colon + 1;
        }
        return start;
    }

    @Override
    public String toString() {
        if (resource == null) {
            return "*";
        }
        if (literalHead != null) {
            return literalHead + resource;
        }
        StringBuilder text = new StringBuilder();
        for (GlobPattern part : head) {
            text.append(part).append(':');
        }
        return text.append(resource).toString();
    }
}
