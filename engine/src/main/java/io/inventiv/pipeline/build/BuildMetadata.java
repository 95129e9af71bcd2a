package io.inventiv.pipeline.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.oci.Digest;

/** Reads the digest buildx writes to --metadata-file ({@code containerimage.digest}). */
final class BuildMetadata {
    private BuildMetadata() {
    }

    static Digest digest(Path metadataFile, String image) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(metadataFile));
        } catch (IOException e) {
            throw new EngineException("build " + image + ": buildx wrote no readable metadata file (" + e.getMessage()
                    + "); use buildx 0.10 or later");
        }
        JsonNode d = root == null ? null : root.get("containerimage.digest");
        if (d == null || d.asText().isBlank()) {
            throw new EngineException("build " + image + ": buildx metadata has no containerimage.digest");
        }
        return Digests.parse(d.asText(), "buildx metadata for " + image);
    }
}
