package io.inventiv.pipeline.build;

/**
 * The buildx builder a build ran on and its driver as buildx reported it
 * ({@code docker-container}, {@code docker}, …).
 */
public record BuildxBuilder(String name, String driver) {
    public static final String DOCKER_CONTAINER = "docker-container";
    public static final String DOCKER = "docker";

    /**
     * The docker driver (without the containerd image store) refuses {@code --cache-to} and
     * several platforms in one build; the other drivers take both.
     */
    public boolean limited() {
        return DOCKER.equals(driver);
    }
}
