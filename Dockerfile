# casegraph for docker compose: the Go binary and the built explorer. Neo4j
# runs in its own container (see docker-compose.yml), so this image needs no
# Java.
FROM node:20-bookworm AS web
WORKDIR /web
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/casegraph ./cmd/casegraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/casegraph /usr/local/bin/casegraph
COPY --from=web /web/dist /usr/share/casegraph/frontend
ENV CASEGRAPH_HTTP_ADDR=0.0.0.0:8080 \
    CASEGRAPH_FRONTEND_DIR=/usr/share/casegraph/frontend \
    CASEGRAPH_DATA_DIR=/tmp/casegraph
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/casegraph", "serve"]
