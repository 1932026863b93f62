/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a casegraph serve on :8080.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 4000 },
  server: {
    proxy: {
      "/graphql": "http://127.0.0.1:8080",
      "/api": "http://127.0.0.1:8080",
    },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
