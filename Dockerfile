# syntax=docker/dockerfile:1

# Build a static binary: modernc's SQLite is pure Go, so no cgo is needed,
# and time-zone data is compiled in (time/tzdata).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/glutebot ./cmd/glutebot \
 && mkdir -p /out/data

# Run as a non-root user with CA certificates and nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/glutebot /usr/local/bin/glutebot
COPY --from=build --chown=65532:65532 /out/data /data
ENV GLUTEBOT_DB=/data/glutebot.db \
    GLUTEBOT_METRICS_ADDR=:9090
VOLUME ["/data"]
EXPOSE 9090
USER 65532:65532
# /healthz: connected to Discord's gateway and the database takes writes.
HEALTHCHECK --interval=30s --timeout=6s --start-period=60s CMD ["/usr/local/bin/glutebot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/glutebot"]
