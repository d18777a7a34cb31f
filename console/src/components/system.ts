import type { paths } from '../api/schema';

export type SystemInfo = paths['/api/system/info']['get']['responses'][200]['content']['application/json'];

/** 数据库类型的中文说明。 */
export const databaseLabel = (database: string): string => {
  switch (database) {
    case 'sqlite':
      return '嵌入式 SQLite';
    case 'postgres':
      return 'PostgreSQL';
    default:
      return database;
  }
};

/** 业务时区的中文说明，例如 `Asia/Shanghai（北京时间）`。 */
export const timezoneLabel = (timezone: string): string =>
  timezone === 'Asia/Shanghai' ? 'Asia/Shanghai（北京时间）' : timezone;

/** 从启动时刻到现在的时长，例如 `3 天 4 小时`、`12 分钟`。 */
export const formatUptime = (startedAt: string, now: string): string => {
  const seconds = Math.max(0, Math.floor((Date.parse(now) - Date.parse(startedAt)) / 1000));
  if (Number.isNaN(seconds)) {
    return '—';
  }
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) {
    return `${days} 天 ${hours} 小时`;
  }
  if (hours > 0) {
    return `${hours} 小时 ${minutes} 分钟`;
  }
  if (minutes > 0) {
    return `${minutes} 分钟`;
  }
  return '不到 1 分钟';
};
