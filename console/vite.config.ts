import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// 开发时由 Vite 提供页面，接口、文档和监控请求转发给本机的一卡通服务。
const SERVER = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': SERVER,
      '/docs': SERVER,
      '/healthz': SERVER,
      '/metrics': SERVER,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // 页面各自按需加载。最大的一块是后台任务、账务页面共用的 ProTable（连同 pro-form、
    // 日期选择器等，约 680 kB，gzip 后约 210 kB），只有进入这些页面才下载；超过 1 MB 再提醒。
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React 与路由很少升级，单独成块，发布新版本时浏览器缓存仍然有效。
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
