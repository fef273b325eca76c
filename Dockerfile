# syntax=docker/dockerfile:1
# Build stage: install everything, compile, then drop dev dependencies.
FROM node:26-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY bench ./bench
COPY test ./test
COPY vitest.config.ts ./
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

# Final stage: Node.js (current LTS) slim, non-root uid 1337, nothing written to the root fs. It
# carries iptables (nft and legacy) for `gangway init --mode iptables` and the node agent, and
# util-linux's nsenter (part of Debian's base) for entering pod network namespaces.
FROM node:26-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends iptables \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/package.json ./package.json
COPY config ./config
COPY manifests ./manifests
COPY policies ./policies
COPY proto ./proto
RUN ln -s /app/dist/src/main.js /usr/local/bin/gangway && chmod +x /app/dist/src/main.js
USER 1337:1337
ENV NODE_ENV=production
EXPOSE 8443 15010 15012 15014
ENTRYPOINT ["node", "/app/dist/src/main.js"]
CMD ["serve", "--config-dir=/app/config", "--state-dir=/tmp/gangway"]
