# Stand-ins for the base images of docker-compose.yml and the Dockerfile, for machines that reach no
# image registry (bin/compose-e2e builds them; a user with Docker runs the pinned official images).
# Every stage starts from one Debian bookworm root made by debootstrap (minbase plus busybox, wget,
# redis-server, haproxy and prometheus from Debian's packages), imported as BASE; nothing here runs a
# command, so building them needs no network. The build context is bin/compose-e2e's cache folder:
# jdk/ and jre/ (the machine's JDK, linked with jlink), ca-certificates.crt (the machine's CA
# certificates, so that the build stage reaches Maven Central), redis-server (a wrapper, see below).
ARG BASE=localhost/switchyard-e2e/debian:bookworm

FROM ${BASE} AS debian
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# eclipse-temurin:*-jdk: the Dockerfile's build stage runs ./mvnw (wget, tar) and java there
FROM debian AS jdk
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY jdk/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# eclipse-temurin:*-jre-alpine: java, and wget for the healthchecks (busybox's in the official image)
FROM debian AS jre
COPY jre/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# redis:*-alpine: the official image builds redis-server with protected mode off (without it a
# redis-server with no password and no config file refuses every client but loopback ones)
FROM debian AS redis
COPY redis-server /usr/local/bin/redis-server
WORKDIR /data
CMD ["redis-server"]

# haproxy:*-alpine: the configuration at the same path, in the foreground, master-worker
FROM debian AS haproxy
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]

# prom/prometheus: the same entry point and working directory
FROM debian AS prometheus
WORKDIR /prometheus
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]

# busybox: sh and the core utilities the tokens service runs
FROM debian AS busybox
CMD ["sh"]
