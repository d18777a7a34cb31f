import type { ThemeConfig } from 'antd';

/** 控制台主题：沉稳的蓝色，中文字体优先。 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d5fd1',
    colorInfo: '#1d5fd1',
    colorLink: '#1d5fd1',
    colorBgLayout: '#f3f5f9',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { bodyBg: '#f3f5f9' },
  },
};
