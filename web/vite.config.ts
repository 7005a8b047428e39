// Vite builds web/ into web/dist (served by the Fastify server) and runs the dev server
// (`npm run dev:web`), which proxies the API, its websocket and the server-rendered pages.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.NUANXIN_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the shell's chunk holds React, antd and urql (about 330 kB gzipped); role pages load lazily
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/graphiql': { target: api, changeOrigin: true },
      '/settlements': { target: api, changeOrigin: true },
      '/disclosure': { target: api, changeOrigin: true },
      '/admin': { target: api, changeOrigin: true },
    },
  },
});
