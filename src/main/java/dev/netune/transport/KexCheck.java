package dev.netune.transport;

import com.jcraft.jsch.Session;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSch's check of which key exchanges this JVM can run ({@code CheckKexes}), done once per run
 * instead of once per connection. JSch runs the check in every handshake by starting each listed
 * exchange, which generates a throwaway key pair per algorithm (X25519, X448, ...): about a tenth
 * of the controller's CPU per host in a large fleet. The answer depends only on the JVM, so it is
 * kept per implementation class; the session then proposes exactly the list JSch would have.
 * The check itself is JSch's ({@code Session.checkKex}, reached by reflection): should a JSch
 * version lack it, sessions are left to check in every handshake as before.
 */
final class KexCheck {
    /** Implementation class name -> whether it starts in this JVM. */
    private static final Map<String, Boolean> AVAILABLE = new ConcurrentHashMap<>();

    /** JSch's own check of one exchange ({@code Session.checkKex}, package-private), or null when this JSch has none. */
    private static final Method CHECK = jschCheck();

    private KexCheck() {
    }

    /**
     * Before {@code session.connect}: removes from its "kex" list the checked exchanges this JVM
     * cannot run and turns the per-connection check off. When nothing would be left, the session
     * is left as it is, so that JSch reports the failure in its own words.
     */
    static void apply(Session session) {
        String check = session.getConfig("CheckKexes");
        String kex = session.getConfig("kex");
        if (check == null || check.isEmpty() || kex == null || CHECK == null) {
            return;
        }
        List<String> notAvailable = new ArrayList<>();
        for (String name : check.split(",")) {
            // as JSch: only names that occur in the proposal are checked
            if (!name.isEmpty() && kex.contains(name) && !available(session, name)) {
                notAvailable.add(name);
            }
        }
        List<String> kept = new ArrayList<>();
        for (String name : kex.split(",")) {
            if (!notAvailable.contains(name)) {
                kept.add(name);
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        session.setConfig("kex", String.join(",", kept));
        session.setConfig("CheckKexes", "");
    }

    private static boolean available(Session session, String name) {
        String implementation = session.getConfig(name);
        if (implementation == null) {
            return false;
        }
        return AVAILABLE.computeIfAbsent(implementation, c -> starts(session, c));
    }

    private static Method jschCheck() {
        try {
            Method m = Session.class.getDeclaredMethod("checkKex", Session.class, String.class);
            m.setAccessible(true);
            return m.getReturnType() == boolean.class ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean starts(Session session, String implementation) {
        try {
            return (Boolean) CHECK.invoke(null, session, implementation);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
