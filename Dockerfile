# The image `docker compose up` builds from a fresh clone: Maven builds the jar inside the first
# stage (no JDK or Maven needed on the host), the second stage runs it on a Temurin 17 JRE as
# uid 10001, against external Kafka and Redis, with a container-sized heap.
#   docker build -t kairos:0.1.0-SNAPSHOT .
# The daemon-free twin is Jib (`./mvnw -DskipTests package jib:buildTar`), the same runtime
# settings without curl (Kubernetes probes are HTTP gets and need no tool in the image).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
# dependencies first, so that a change to src/ reuses this layer
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline -DskipTests || true
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -DskipTests package \
 && cp "$(ls target/kairos-*.jar | grep -v -- '-embedded\.jar$')" /build/kairos.jar

FROM eclipse-temurin:17-jre
# curl is what compose's health check runs (under /bin/sh, which is dash on Debian/Ubuntu)
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 kairos \
 && useradd --system --uid 10001 --gid 10001 --no-create-home kairos
WORKDIR /app
COPY --from=build /build/kairos.jar /app/kairos.jar
USER 10001:10001
EXPOSE 8080 8081
ENV KAIROS_INFRASTRUCTURE=external \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=20 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/app/kairos.jar"]
