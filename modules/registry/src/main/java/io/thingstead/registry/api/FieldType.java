package io.thingstead.registry.api;

/**
 * What kind of values a searchable field holds, which decides the query forms the compiler lets through to it.
 *
 * <table>
 *   <caption>Query forms per field type</caption>
 *   <tr><th>type</th><th>{@code f:v}</th><th>{@code f:a*b}</th><th>{@code f:*}</th><th>ranges, {@code f>v}</th></tr>
 *   <tr><td>{@link #STRING}</td><td>text</td><td>yes</td><td>yes</td><td>refused</td></tr>
 *   <tr><td>{@link #DYNAMIC}</td><td>text</td><td>yes</td><td>yes</td><td>numeric or text</td></tr>
 *   <tr><td>{@link #NUMBER}</td><td>number</td><td>refused</td><td>yes</td><td>numeric</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>{@code true}/{@code false}</td><td>refused</td><td>yes</td><td>refused</td></tr>
 * </table>
 */
public enum FieldType {
    /** An identifier-like string managed by AWS IoT: thing name, thing type, group names, disconnect reason. */
    STRING,
    /**
     * A user-defined value: a registry attribute (always a string) or a shadow value (string, number or boolean).
     * Compared as text, except that ranges and comparisons whose bounds are unquoted numbers compare numerically
     * against the values that are numbers (or strings holding a number).
     */
    DYNAMIC,
    /** A number managed by AWS IoT: connectivity timestamp, registry and shadow versions. */
    NUMBER,
    /** A boolean managed by AWS IoT: connectivity status, whether a shadow has a delta. */
    BOOLEAN
}
