package io.inventiv.pipeline.gate.scan;

/** What a finding is; {@link #id()} is the stable name printed in reports and JSON. */
public enum SecretKind {
    RSA_PRIVATE_KEY("rsa-private-key"),
    EC_PRIVATE_KEY("ec-private-key"),
    DSA_PRIVATE_KEY("dsa-private-key"),
    PKCS8_PRIVATE_KEY("pkcs8-private-key"),
    ENCRYPTED_PKCS8_PRIVATE_KEY("encrypted-pkcs8-private-key"),
    OPENSSH_PRIVATE_KEY("openssh-private-key"),
    PGP_PRIVATE_KEY_BLOCK("pgp-private-key-block"),
    PUTTY_PRIVATE_KEY("putty-private-key"),
    GITHUB_PERSONAL_ACCESS_TOKEN("github-personal-access-token"),
    GITHUB_OAUTH_TOKEN("github-oauth-token"),
    GITHUB_FINE_GRAINED_TOKEN("github-fine-grained-token"),
    AWS_ACCESS_KEY("aws-access-key");

    private final String id;

    SecretKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
