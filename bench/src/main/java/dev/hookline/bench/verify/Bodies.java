package dev.hookline.bench.verify;

/** Webhook-shaped JSON bodies of an exact size in bytes (ASCII, so chars = bytes). */
final class Bodies {
    private Bodies() {
    }

    static String json(int size) {
        String head = "{\"type\":\"invoice.paid\",\"id\":\"evt_bench\",\"data\":{\"lines\":[";
        String tail = "]}}";
        StringBuilder sb = new StringBuilder(size).append(head);
        int line = 0;
        while (true) {
            String item = (line == 0 ? "" : ",") + "{\"sku\":\"item-" + line + "\",\"qty\":" + (line % 7 + 1)
                    + ",\"note\":\"lorem ipsum dolor sit amet\"}";
            if (sb.length() + item.length() + tail.length() > size) {
                break;
            }
            sb.append(item);
            line++;
        }
        // Pad inside the last string so the document stays valid JSON and is exactly `size` bytes.
        int missing = size - sb.length() - tail.length();
        if (missing > 0) {
            sb.append(line == 0 ? "" : ",").append("\"");
            int pad = missing - (line == 0 ? 0 : 1) - 2;
            sb.append("x".repeat(Math.max(0, pad))).append("\"");
        }
        sb.append(tail);
        if (sb.length() != size) {
            throw new IllegalStateException("body of " + sb.length() + " bytes, wanted " + size);
        }
        return sb.toString();
    }
}
