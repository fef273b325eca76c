# syntax=docker/dockerfile:1
# Build stage: install everything, compile, then drop dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY bench ./bench
COPY test ./test
COPY vitest.config.ts ./
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

# Final stage: distroless Node (current LTS), non-root uid 1337, nothing written to the root fs.
FROM gcr.io/distroless/nodejs24-debian12:nonroot
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/package.json ./package.json
COPY config ./config
COPY manifests ./manifests
COPY policies ./policies
USER 1337:1337
ENV NODE_ENV=production
EXPOSE 8443 15012 15014
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/src/main.js"]
CMD ["serve", "--config-dir=/app/config", "--state-dir=/tmp/gangway"]
