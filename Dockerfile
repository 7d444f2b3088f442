# Fleet Gateway container image.
# Build:  docker build -t fleet-gateway:0.1.0 .
# Run:    docker run --rm -p 8080:8080 -p 8081:8081 -p 7700:7700 fleet-gateway:0.1.0

# ---- build: compile and package with the Maven Wrapper (the project's own Maven version) ----
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /workspace
# Wrapper and POM first: the dependency download is cached until pom.xml changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -DskipTests package \
 && cp target/fleet-gateway-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --destination extracted

# ---- run: JRE only. Pinned by tag; pin by digest too once it is read from the registry you pull from. ----
# JDK 25 for its AOT cache (below); the bytecode stays release 17 (built above by JDK 17), so any JDK 17+ runs it.
FROM eclipse-temurin:25.0.3_9-jre-noble
# A fixed numeric uid/gid lets Kubernetes' runAsNonRoot verify the user without reading /etc/passwd.
RUN groupadd --system --gid 10001 fleet \
 && useradd --system --uid 10001 --gid fleet --home-dir /app --shell /usr/sbin/nologin fleet \
 && mkdir -p /app/data \
 && chown -R 10001:10001 /app/data
WORKDIR /app
# Layers from least to most often changed, so a code change rebuilds only the last one.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# AOT cache (issue 18; JEP 483/514/515): a training run starts the application up to ready (web servers, the
# management context and the module port started, on port 0) against a throw-away in-memory database, is stopped
# with SIGTERM, and as it exits the JVM writes the classes it loaded and linked, with method profiles, to app.aot.
# Starts with the cache find those classes loaded and linked instead of reading, parsing and verifying them again.
# Training to ready rather than to a refreshed context (spring.context.exit=onRefresh) also caches what starting
# Tomcat, the management context and Netty load. It needs the extracted jar (app.jar with lib/ on its manifest
# Class-Path: classes of Spring Boot's nested-jar loader cannot be cached), the same JVM, and the same heap and GC
# flags as the entry point.
RUN java -XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:AOTCacheOutput=app.aot -jar app.jar \
      --spring.datasource.url=jdbc:h2:mem:training --gateway.security.bootstrap-key=training-only \
      --server.port=0 --management.server.port=0 --gateway.modules.port=0 \
      --logging.level.root=WARN --logging.level.dev.fleetgateway.session.web.ReadyLine=INFO \
      > /tmp/training.log 2>&1 & \
    pid=$!; waited=0; \
    until grep -q 'Fleet Gateway ready' /tmp/training.log; do \
      if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 900 ]; then cat /tmp/training.log; exit 1; fi; \
      sleep 1; waited=$((waited + 1)); \
    done; \
    kill -TERM "$pid"; wait "$pid" || true; \
    if [ ! -s app.aot ]; then cat /tmp/training.log; exit 1; fi; \
    chmod 0444 app.aot && rm -f /tmp/training.log
USER 10001:10001
# 8080: HTTP (REST). 8081: management (probes, Prometheus). 7700: the TCP port modules dial.
EXPOSE 8080 8081 7700
# The H2 file store (jdbc:h2:file:./data/...) lives here unless SPRING_DATASOURCE_URL points elsewhere.
VOLUME ["/app/data"]
# Exec form: java is PID 1, so SIGTERM from `docker stop` or Kubernetes reaches the JVM directly and
# starts Spring's graceful shutdown (HTTP drain, then the module-port drain of gateway.modules.shutdown-grace).
# JDK_JAVA_OPTIONS adds JVM flags at run time without a shell.
# -XX:AOTCache maps the classes of the training run; a JVM that cannot use it says so and starts without.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
