import 'antd/dist/reset.css';
import 'dayjs/locale/zh-cn';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { router } from './app/router';
import { theme } from './app/theme';

dayjs.locale('zh-cn');

const container = document.getElementById('root');
if (!container) {
  throw new Error('页面缺少 #root 节点');
}

createRoot(container).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <App>
        <RouterProvider router={router} future={{ v7_startTransition: true }} />
      </App>
    </ConfigProvider>
  </StrictMode>,
);
