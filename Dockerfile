# syntax=docker/dockerfile:1
# The Sluice hub in a container: built from this repository, run as a non-root user.
#   docker build -t sluice .
#   docker run -p 8080:8080 -e SLUICE_JWT_KEY="$(openssl rand -base64 32)" -v sluice-data:/var/lib/sluice sluice
# docs/operations.md ("Container") lists what was and was not verified.

# --- Build: the runnable jar, with the JDK and Maven only in this stage. ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl sluice-cli -am

# --- Run: a JRE and the jar. ---
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 sluice \
 && useradd --system --uid 10001 --gid sluice --home-dir /var/lib/sluice --shell /usr/sbin/nologin sluice \
 && mkdir -p /opt/sluice /var/lib/sluice \
 && chown sluice:sluice /var/lib/sluice
COPY --from=build /src/sluice-cli/target/sluice.jar /opt/sluice/sluice.jar
COPY deploy/healthcheck.sh /opt/sluice/healthcheck.sh

# Every option is also an environment variable (./sluice serve --help); these are the image's.
ENV SLUICE_PORT=8080 \
    SLUICE_DATA_DIR=/var/lib/sluice
VOLUME /var/lib/sluice
EXPOSE 8080
USER 10001:10001

# Healthy while /healthz answers 200 (the store takes writes); bash's /dev/tcp needs no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/bin/bash", "/opt/sluice/healthcheck.sh"]

# The hub's own default is loopback only, which nothing outside the container could reach:
# listen on every interface here, explicitly. SIGTERM (docker stop) shuts down gracefully.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/sluice/sluice.jar"]
CMD ["serve", "--bind", "0.0.0.0"]
