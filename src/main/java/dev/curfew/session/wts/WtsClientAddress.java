package dev.curfew.session.wts;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code WTS_CLIENT_ADDRESS}: an address family and 20 bytes. IPv4 is in {@code Address[2..5]};
 * IPv6 is in {@code Address[2..17]} as Windows fills it (KB 951422 shows {@code fe80} at bytes 2-3),
 * not at 0 as the SDK page's example suggests.
 * Public only because JNA reads and writes the fields reflectively; made only in this package.
 */
@FieldOrder({"AddressFamily", "Address"})
public final class WtsClientAddress extends Structure {
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 23;

    public int AddressFamily;
    public byte[] Address = new byte[20];

    WtsClientAddress() {
        super(ALIGN_MSVC);
    }

    WtsClientAddress(Pointer memory) {
        super(memory, ALIGN_MSVC);
        read();
    }

    /** The address at {@code memory} as text; "" when the buffer is too small or the family unknown. */
    static String read(Pointer memory, int bytes) {
        return bytes < new WtsClientAddress().size() ? "" : new WtsClientAddress(memory).text();
    }

    /** {@code 192.168.0.7}, {@code fe80::385f:e84b:ac02:f69c}, or "" (none, or another family). */
    String text() {
        return switch (AddressFamily) {
            case AF_INET -> (Address[2] & 0xff) + "." + (Address[3] & 0xff) + "." + (Address[4] & 0xff) + "."
                    + (Address[5] & 0xff);
            case AF_INET6 -> ipv6();
            default -> "";
        };
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
    private String ipv6() {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (Address[2 + 2 * i] & 0xff) << 8 | (Address[3 + 2 * i] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
