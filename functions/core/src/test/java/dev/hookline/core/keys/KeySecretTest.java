package dev.hookline.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySecretTest {
    @Test
    void generatesUrlSafe256BitKeysThatDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = KeySecret.generate();
            assertTrue(key.matches("hk_[A-Za-z0-9_-]{43}"), key);
            assertTrue(KeySecret.wellFormed(key));
            assertTrue(seen.add(key));
        }
    }

    @Test
    void idComesFromTheHashAndRevealsNoPartOfTheKey() {
        String key = KeySecret.generate();
        String id = KeySecret.idOf(KeySecret.hash(key));
        assertTrue(KeySecret.isId(id), id);
        assertEquals(id, KeySecret.idOf(KeySecret.hash(key)));
        assertNotEquals(id, KeySecret.idOf(KeySecret.hash(KeySecret.generate())));
        assertFalse(key.contains(id.substring(4)));
    }

    @Test
    void refusesWhatIsNotAKeyBeforeAnyLookup() {
        for (String bad : new String[] {null, "", "hk_", "sk_abc", "hk_a b", "hk_a/b", "hk_é", "hk_" + "a".repeat(300)}) {
            assertFalse(KeySecret.wellFormed(bad), String.valueOf(bad));
        }
    }
}
