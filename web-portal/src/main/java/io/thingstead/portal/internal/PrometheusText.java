package io.thingstead.portal.internal;

/** Reads values out of Prometheus's text exposition format. */
final class PrometheusText {
    private PrometheusText() {}

    /** The sum of every sample of {@code metric} (over all its label sets); 0 when it has none. */
    static double sum(String text, String metric) {
        double total = 0;
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(at, end).strip();
            at = end + 1;
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int nameEnd = metric.length();
            if (line.length() <= nameEnd || (line.charAt(nameEnd) != ' ' && line.charAt(nameEnd) != '{')) {
                continue;
            }
            int valueStart = line.charAt(nameEnd) == '{' ? line.lastIndexOf('}') + 1 : nameEnd;
            String[] rest = line.substring(valueStart).strip().split("\\s+");
            if (rest.length == 0 || rest[0].isEmpty()) {
                continue;
            }
            try {
                double value = Double.parseDouble(rest[0]);
                if (!Double.isNaN(value)) {
                    total += value;
                }
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return total;
    }
}
