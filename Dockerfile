# For Docker users; the daemon-free build is Jib (`./mvnw -DskipTests package jib:buildTar`), which
# makes the same image: Temurin 17 JRE, uid 10001, external Kafka and Redis, container-sized heap.
#   ./mvnw -DskipTests package && docker build -t kairos:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 kairos \
 && useradd --system --uid 10001 --gid 10001 --no-create-home kairos
WORKDIR /app
COPY target/kairos-*.jar /app/kairos.jar
USER 10001:10001
EXPOSE 8080 8081
ENV KAIROS_INFRASTRUCTURE=external \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/app/kairos.jar"]
