package dev.hookline.local.internal;

import dev.hookline.core.keys.ApiKey;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.keys.KeySecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local runtime's first admin key: created on the first start, kept in {@code <data-dir>/admin-key}
 * (owner-only where the file system has POSIX permissions), printed in full once. Later starts
 * read it back and show only its beginning.
 *
 * @param secret  the key
 * @param created whether this start created it (the banner prints it in full only then)
 * @param revoked whether it has been revoked since
 */
public record LocalAdminKey(String secret, Path file, boolean created, boolean revoked) {
    public static final String FILE = "admin-key";

    public static LocalAdminKey ensure(Path dataDir, ApiKeys keys) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (KeySecret.wellFormed(secret)) {
                // The tables may have been reset without the file: store it again (unless revoked).
                ApiKey key = keys.ensure(secret, null);
                return new LocalAdminKey(secret, file, false, key.revoked());
            }
        }
        ApiKeys.Created created = keys.create(null);
        write(file, created.secret());
        return new LocalAdminKey(created.secret(), file, true, false);
    }

    /** {@code hk_abcd…}: enough to recognise the key, not to use it. */
    public String masked() {
        return secret.substring(0, KeySecret.PREFIX.length() + 4) + "…";
    }

    private static void write(Path file, String secret) throws IOException {
        Path temp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(temp);
        } catch (FileAlreadyExistsException raced) {
            // deleted above; another runtime cannot hold this data dir (DataDirLock)
        }
        Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "LocalAdminKey[" + masked() + ", file=" + file + ", created=" + created + ", revoked=" + revoked + "]";
    }

}
