// vite.config.js — builds the UI into web/dist, which the server embeds
// (Makefile: build/gen/assets.c) and serves at / with SPA fallback.
//
// The server sends CSP `default-src 'self'; style-src 'self'
// 'unsafe-inline'; img-src 'self' data:`, so the build must not need
// inline scripts, eval or other origins: Vue templates are compiled here,
// vue-i18n compiles messages without eval, and everything is bundled.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// During `npm run dev`, API calls go to a server started separately.
const apiTarget = process.env.SHEGONG_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components and their styles are imported where a
    // template uses them, so only those are bundled. Local components are
    // imported explicitly.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dirs: [],
      dts: false,
    }),
  ],
  define: {
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The largest chunk is ECharts (~500 kB, 170 kB gzipped), loaded by the
    // coverage dashboard alone.
    chunkSizeWarningLimit: 550,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay
        // cached across releases.
        codeSplitting: {
          groups: [
            // ECharts is used by the coverage dashboard only: its own
            // chunk, loaded with that page and not with every page.
            {
              name: 'vendor-echarts',
              test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/,
              priority: 3,
            },
            {
              name: 'vendor-vue',
              test: /[\\/]node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify)[\\/]/,
              priority: 2,
            },
            { name: 'vendor-ui', test: /[\\/]node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
