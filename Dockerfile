# syntax=docker/dockerfile:1
# One build for every module, then one small image per service:
#   docker build --target gateway -t switchyard/gateway .   (docker compose does this for you)

FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
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
         java -Djarmode=tools -jar "$module"/target/"$module"-*-exec.jar extract --layers --destination /layers/"$module"; \
       done

FROM eclipse-temurin:21.0.8_9-jre-alpine AS runtime
RUN addgroup -S -g 10001 switchyard && adduser -S -u 10001 -G switchyard switchyard
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC"
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
