# syntax=docker/dockerfile:1
# Multi-stage build: Node builds the SPA, Rust builds the one binary (with the SPA
# embedded), and a slim non-root runtime runs it. Untested here: no Docker engine runs on
# the development machines (see README).

FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY openapi/ /src/openapi/
COPY frontend/ ./
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY backend/ backend/
COPY openapi/ openapi/
COPY deploy/ deploy/
COPY --from=spa /src/frontend/dist frontend/dist
RUN cargo build --release --locked -p jobconsole

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=server /src/target/release/jobconsole /usr/local/bin/jobconsole
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/jobconsole"]
CMD ["serve", "--listen", "0.0.0.0:8080"]
