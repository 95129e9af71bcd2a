#!/usr/bin/env python3
"""Writes an OCI image layout holding one index of PLATFORMS x LAYERS random gzip layers.

Usage: make-index.py DIR [LAYERS] [LAYER_BYTES]; prints the index digest.
"""
import gzip, hashlib, json, os, sys

PLATFORMS = [("linux", "amd64", None), ("linux", "arm64", None), ("linux", "arm", "v7"), ("linux", "ppc64le", None)]


def blob(d, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(os.path.join(d, "blobs", "sha256", digest[7:]), "wb") as f:
        f.write(data)
    return digest


def desc(media_type, data, digest, **extra):
    return dict(mediaType=media_type, digest=digest, size=len(data), **extra)


def main():
    d = sys.argv[1]
    layers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 64 * 1024
    os.makedirs(os.path.join(d, "blobs", "sha256"), exist_ok=True)
    manifests = []
    for os_, arch, variant in PLATFORMS:
        layer_descs, diff_ids = [], []
        for _ in range(layers):
            raw = os.urandom(size)
            gz = gzip.compress(raw)
            layer_descs.append(desc("application/vnd.oci.image.layer.v1.tar+gzip", gz, blob(d, gz)))
            diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
        cfg = {"architecture": arch, "os": os_, "rootfs": {"type": "layers", "diff_ids": diff_ids}, "config": {}}
        if variant:
            cfg["variant"] = variant
        cfg_bytes = json.dumps(cfg).encode()
        m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
             "config": desc("application/vnd.oci.image.config.v1+json", cfg_bytes, blob(d, cfg_bytes)),
             "layers": layer_descs}
        m_bytes = json.dumps(m).encode()
        platform = {"architecture": arch, "os": os_}
        if variant:
            platform["variant"] = variant
        manifests.append(desc(m["mediaType"], m_bytes, blob(d, m_bytes), platform=platform))
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                        "manifests": manifests}).encode()
    index_digest = blob(d, index)
    with open(os.path.join(d, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(d, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [desc("application/vnd.oci.image.index.v1+json", index, index_digest,
                  annotations={"org.opencontainers.image.ref.name": "latest"})]}, f)
    print(index_digest)


if __name__ == "__main__":
    main()
