# One image for every coldtrace role: `coldtrace start [gateway|rules|api]`.
FROM node:20-bookworm-slim
WORKDIR /opt/coldtrace
ENV NODE_ENV=production
# a CJK font for the Chinese PDF report
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY cli ./cli
COPY services ./services
COPY gateway ./gateway
COPY dashboards ./dashboards
COPY firmware-sim ./firmware-sim
COPY tsconfig.json ./
USER node
ENTRYPOINT ["node", "bin/coldtrace.js"]
CMD ["start"]
