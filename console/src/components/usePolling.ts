import { useEffect, useRef } from 'react';

/**
 * 页面打开期间每隔 `intervalMs` 调用一次 `tick`（通常是 useApi 的 reload），用于自动刷新。
 * `enabled` 为 false 时停止；浏览器标签页在后台时跳过，不白白请求。
 */
export const usePolling = (tick: () => void, intervalMs: number, enabled = true): void => {
  const tickRef = useRef(tick);
  tickRef.current = tick;

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') {
        tickRef.current();
      }
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, enabled]);
};
