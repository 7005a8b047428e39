// Vite builds web/ into web/dist (served by the Fastify server) and runs the dev server
// (`npm run dev:web`), which proxies the API, its websocket and the server-rendered pages.
// The build also writes a service worker (vite-plugin-pwa, Workbox's generateSW) that keeps
// the app's shell and the carer's pages on the phone, and brotli and gzip copies of every
// text file (build-plugins.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { chunkModules, offlineShell, precompress } from './build-plugins.js';

const api = process.env.NUANXIN_API ?? 'http://127.0.0.1:4000';

/** Areas whose pages open without signal: their chunks are precached with the shell. */
const OFFLINE_AREAS = ['carer'];
/** The server's own pages: a navigation there is never answered with the app. */
const SERVER_PAGES = /^\/(?:graphql|graphiql|admin|disclosure|settlements|healthz|readyz)(?:\/|$)/;

const shell = offlineShell(OFFLINE_AREAS);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    react(),
    shell.plugin,
    VitePWA({
      // the carer's pages register it (roles/carer/offline-shell.ts): others never pay its downloads
      injectRegister: false,
      manifest: {
        name: '暖心 Nuanxin',
        short_name: '暖心',
        lang: 'zh-CN',
        start_url: '/',
        display: 'standalone',
        theme_color: '#d4380d',
        background_color: '#ffffff',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        // the icon and the web manifest are added by the plugin itself
        globPatterns: ['**/*.{js,css,html}'],
        manifestTransforms: [shell.transform],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [SERVER_PAGES],
        cleanupOutdatedCaches: true,
        // a new build's worker takes over at once; pages already open keep the chunks they loaded
        skipWaiting: true,
        clientsClaim: true,
        inlineWorkboxRuntime: true,
      },
    }),
    chunkModules(),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // .vite/manifest.json: which chunks each page loads (web/bundle.test.ts, the service worker's list)
    manifest: true,
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
