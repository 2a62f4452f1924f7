import { defineConfig } from 'vite';

// The UI is served by `hawser server` from dist/ (see src/Hawser.Server/Ui/StaticUi.cs): hashed files under /assets,
// no inline script (the server's Content-Security-Policy allows this origin only), no file from any other host.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/auth': 'http://127.0.0.1:8080' },
  },
});
