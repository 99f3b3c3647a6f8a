# For Docker users: build the jar first (./mvnw -DskipTests package), then `docker build -t kairos .`
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 kairos
WORKDIR /app
COPY target/kairos-*.jar /app/kairos.jar
USER 10001
EXPOSE 8080 8081
ENV KAIROS_INFRASTRUCTURE=external
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/kairos.jar"]
