# netune as a container image: the release archive (mvn package) on a Java 17+ runtime, run as an
# unprivileged user; the entrypoint is netune.
#
#   mvn package
#   docker build --build-arg VERSION=0.1.0 -t netune:0.1.0 .
#   docker run --rm -v ~/.ssh:/home/netune/.ssh:ro -v "$PWD:/work:ro" netune:0.1.0 drift -i /work/inventory.yaml
#
# BASE is any image with a Java 17 or newer runtime (java on PATH or JAVA_HOME set) and useradd:
# Eclipse Temurin's JRE by default; netune's CI builds it on a locally built Debian image with
# Debian's openjdk-17-jre-headless, since it cannot pull from public registries.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
ARG VERSION
COPY target/netune-${VERSION}.tar.gz /tmp/netune.tar.gz
RUN test -n "${VERSION}" \
 && tar xzf /tmp/netune.tar.gz -C /opt \
 && mv "/opt/netune-${VERSION}" /opt/netune \
 && rm /tmp/netune.tar.gz \
 && ln -s /opt/netune/bin/netune /usr/local/bin/netune \
 && useradd --create-home --uid 10001 --shell /bin/sh netune
# The SSH key and known_hosts are mounted at /home/netune/.ssh (or named in the inventory).
USER netune
WORKDIR /home/netune
# the class-data-sharing archive the launcher would otherwise make on every container's first run;
# a container started with --rm keeps nothing, so its host commands do not train it again (NETUNE_CDS=offline)
RUN netune --version >/dev/null
ENV NETUNE_HOME=/opt/netune NETUNE_CDS=offline
LABEL org.opencontainers.image.title="netune" \
      org.opencontainers.image.description="Configuration-as-code tuner for the Linux network stack" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
ENTRYPOINT ["netune"]
CMD ["--help"]
