# One image for the three services; SERVICE (inventory | repairs | shipments) picks which one runs.
#   docker build -t fleet-uptime . && docker run -e SERVICE=repairs -e DATABASE_URL=... -e NATS_URL=... fleet-uptime
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
COPY scripts scripts
COPY bench bench
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production SERVICE=inventory
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/scripts/register-aliases.js scripts/register-aliases.js
USER node
EXPOSE 3001 3002 3003
# `exec` so that the service itself gets SIGTERM from `docker stop` and shuts down cleanly.
CMD ["sh", "-c", "exec node -r ./scripts/register-aliases.js dist/apps/${SERVICE}/src/main.js"]
