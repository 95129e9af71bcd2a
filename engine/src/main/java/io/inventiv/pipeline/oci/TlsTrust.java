package io.inventiv.pipeline.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.inventiv.pipeline.UsageException;

/**
 * The TLS trust for https registries: the JDK's CAs plus those of --ca-file. Built on first
 * use only: initialising an SSLContext costs about 0.15 s, which plain-http runs never pay.
 */
final class TlsTrust {
    private final Path caFile;
    private SSLSocketFactory factory;

    TlsTrust(Path caFile) {
        this.caFile = caFile;
        if (caFile != null && !Files.isReadable(caFile)) {
            throw UsageException.field("--ca-file", caFile + " does not exist or is not readable",
                    "give the PEM file of the registry's CA");
        }
    }

    synchronized SSLSocketFactory socketFactory() {
        if (factory == null) {
            factory = build();
        }
        return factory;
    }

    private SSLSocketFactory build() {
        try {
            if (caFile == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            X509TrustManager system = trustManager(null);
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int i = 0;
            for (Certificate c : readCertificates(caFile)) {
                extra.setCertificateEntry("ca-file-" + i++, c);
            }
            X509TrustManager custom = trustManager(extra);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new EitherTrustManager(custom, system)}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw UsageException.field("--ca-file", "cannot use " + caFile + ": " + e.getMessage(),
                    "give a PEM file with the CA certificate(s)");
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("no certificate in it");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** Trusts a chain that either the --ca-file CAs or the JDK's CAs accept. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            second.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
