# syntax=docker/dockerfile:1
# One build for every module, then one small image per service:
#   docker build --target gateway -t switchyard/gateway .   (docker compose does this for you)
# The base images are pinned here; JDK_IMAGE and JRE_IMAGE replace them only where no registry serves
# them (bin/compose-e2e builds local stand-ins from Debian's packages and passes them as build args).
ARG JDK_IMAGE=eclipse-temurin:21.0.8_9-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:21.0.8_9-jre-alpine

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY test-support/pom.xml test-support/
COPY web-support/pom.xml web-support/
COPY registry-daemon/pom.xml registry-daemon/
COPY registry-client/pom.xml registry-client/
COPY node-service/pom.xml node-service/
COPY gateway/pom.xml gateway/
COPY e2e/pom.xml e2e/
# dependencies first, so that a source change does not download them again
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl registry-daemon,node-service,gateway -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl registry-daemon,node-service,gateway -am -DskipTests -Dspring-javaformat.skip=true package \
    && mkdir /layers \
    && for module in registry-daemon node-service gateway; do \
         java -Djarmode=tools -jar "$module"/target/"$module"-*-exec.jar extract --layers --application-filename application.jar --destination /layers/"$module"; \
       done

# What the runtime stage needs of its base: java on the PATH, and wget for the healthchecks (busybox's in
# the Alpine image). No account is made: a numeric user needs none, whatever the base's distribution;
# the tokens service gives its files to 10001. HOME is where the JVM puts user.home without an account.
FROM ${JRE_IMAGE} AS runtime
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC" \
    HOME=/tmp
USER 10001:10001
ENTRYPOINT ["java", "-jar", "application.jar"]

FROM runtime AS registry-daemon
COPY --from=build /layers/registry-daemon/dependencies/ ./
COPY --from=build /layers/registry-daemon/spring-boot-loader/ ./
COPY --from=build /layers/registry-daemon/snapshot-dependencies/ ./
COPY --from=build /layers/registry-daemon/application/ ./
ENV REGISTRY_PORT=7111
EXPOSE 7111
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD wget -qO- "http://127.0.0.1:${REGISTRY_PORT}/actuator/health/readiness" >/dev/null || exit 1

FROM runtime AS node-service
COPY --from=build /layers/node-service/dependencies/ ./
COPY --from=build /layers/node-service/spring-boot-loader/ ./
COPY --from=build /layers/node-service/snapshot-dependencies/ ./
COPY --from=build /layers/node-service/application/ ./
# each container has its own network namespace, so a fixed port is as good as an OS-assigned one here
ENV NODE_PORT=8081
EXPOSE 8081
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD wget -qO- "http://127.0.0.1:${NODE_PORT}/actuator/health/readiness" >/dev/null || exit 1

FROM runtime AS gateway
COPY --from=build /layers/gateway/dependencies/ ./
COPY --from=build /layers/gateway/spring-boot-loader/ ./
COPY --from=build /layers/gateway/snapshot-dependencies/ ./
COPY --from=build /layers/gateway/application/ ./
ENV GATEWAY_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD wget -qO- "http://127.0.0.1:${GATEWAY_PORT}/actuator/health/readiness" >/dev/null || exit 1
