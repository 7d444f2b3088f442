package dev.fleetgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority for TLS tests, made at test time with the JDK's own {@code keytool}: it
 * issues server and client certificates and writes them as PEM (what cert-manager puts in a Secret:
 * {@code tls.crt}, {@code tls.key}, {@code ca.crt}) and as PKCS#12.
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in {@code dir}; its certificate is {@code ca.crt}. */
    public static TestCertificates authority(Path dir) {
        TestCertificates ca = new TestCertificates(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Fleet Test CA", "-ext", "bc:c", "-validity", "3", "-keystore", ca.p12("ca").toString());
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.p12("ca").toString(), "-file",
                dir.resolve("ca.crt").toString());
        return ca;
    }

    /**
     * Issues a certificate: {@code name.p12} (key and chain), {@code name.crt} (chain, PEM) and {@code name.key}
     * (PKCS#8 PEM). {@code san} is keytool's form, e.g. {@code dns:localhost,ip:127.0.0.1}, or null.
     */
    public Issued issue(String name, String subject, String san) {
        Path p12 = p12(name);
        try {
            Files.deleteIfExists(p12);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-validity", "3", "-keystore", p12.toString());
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".signed");
        keytool("-certreq", "-alias", name, "-keystore", p12.toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                p12("ca").toString(), "-infile", csr.toString(), "-outfile", crt.toString(), "-validity", "3"));
        if (san != null) {
            gencert.addAll(List.of("-ext", "SAN=" + san));
        }
        keytool(gencert.toArray(String[]::new));
        try {
            // keytool wants the chain back into the key's entry: CA first, then the signed certificate.
            keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", p12.toString(), "-file",
                    dir.resolve("ca.crt").toString());
            keytool("-importcert", "-alias", name, "-keystore", p12.toString(), "-file", crt.toString());
            KeyStore ks = load(p12);
            Key key = ks.getKey(name, PASSWORD);
            StringBuilder chain = new StringBuilder();
            for (Certificate c : ks.getCertificateChain(name)) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            return new Issued(p12, chain.toString(), pem("PRIVATE KEY", key.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An issued certificate: its PKCS#12 store and its PEM chain and key. */
    public record Issued(Path p12, String chainPem, String keyPem) {

        /** Writes {@code chainPem} and {@code keyPem} to the two files (atomically each, as a Secret update does). */
        public void writePem(Path crt, Path key) {
            write(crt, chainPem);
            write(key, keyPem);
        }
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A client context trusting this CA, presenting {@code client} when not null. */
    public SSLContext clientContext(Issued client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(caCertificate())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(client.p12()), PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path p12(String name) {
        return dir.resolve(name + ".p12");
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", "changeit"));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
