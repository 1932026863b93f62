# casegraph for docker compose: the Go binary alone. Neo4j runs in its own
# container (see docker-compose.yml), so this image needs no Java.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/casegraph ./cmd/casegraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/casegraph /usr/local/bin/casegraph
ENV CASEGRAPH_HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/casegraph", "serve"]
